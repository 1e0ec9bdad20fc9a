"""The outcome: what the consulting organisation heard and what it will do."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OutcomeForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the outcome"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OutcomeItemForm(forms.Form):
    question = forms.TypedChoiceField(
        label=_("Question"), required=False, coerce=int, empty_value=None
    )
    heard = forms.CharField(
        label=_("What we heard"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    will_do = forms.CharField(
        label=_("What we will do"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, question_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", _("(general)")), *question_choices]

    def clean(self):
        data = super().clean()
        if data.get("will_do") and not data.get("heard"):
            self.add_error("heard", _("Say what you heard before what you will do."))
        return data


OutcomeItemFormSet = forms.formset_factory(OutcomeItemForm, extra=2, max_num=60, validate_max=True)
