"""Answering a consultation: one form whose fields are the consultation's questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Consent, QuestionKind


def field_name(question) -> str:
    return f"q_{question.pk}"


# The largest value a PositiveIntegerField holds on every database.
MAX_VERSION = 2_147_483_647


class ResponseForm(forms.Form):
    """Answers to one consultation's questions; fields are built from its questions.

    ``questions`` are the source consultation's (``localised_questions``: in a
    translation's words when the form is shown in its language): fields are
    named after the source questions and choices keep the source's values, so
    answers are the same whatever the language they were given in.

    Only fields for this consultation's questions exist, so tampered question
    ids in the POST are simply not read. "Required" is enforced on submit
    only: a draft may be incomplete.
    """

    consent = forms.ChoiceField(
        label=_("May the ministry publish this response?"),
        choices=Consent.choices,
        widget=forms.RadioSelect,
        initial=Consent.PRIVATE,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)

    def __init__(self, *args, questions, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Section headings are shown between the questions but take no answer.
        self.items = list(questions)
        self.questions = [q for q in self.items if not q.is_section]
        self.submitting = submitting
        for question in self.questions:
            self.fields[field_name(question)] = self._field_for(question)

    @staticmethod
    def _field_for(question):
        common = {"label": question.text, "help_text": question.help_text, "required": False}
        kind = question.kind
        if kind == QuestionKind.TEXT:
            return forms.CharField(
                max_length=question.max_length,
                widget=forms.Textarea(attrs={"rows": 5, "maxlength": question.max_length}),
                **common,
            )
        if kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=question.choice_pairs(),
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        if kind == QuestionKind.SCALE:
            choices = [(value, value) for value in question.answer_options()]
        elif kind == QuestionKind.YES_NO:
            choices = [("yes", _("Yes")), ("no", _("No"))]
        else:
            choices = question.choice_pairs()
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)

    def clean(self):
        data = super().clean()
        if self.submitting:
            for question in self.questions:
                name = field_name(question)
                if question.required and name not in self.errors and not data.get(name):
                    self.add_error(name, _("This question needs an answer before you submit."))
        return data

    def answers(self) -> dict:
        """Cleaned answers keyed by question id; empty answers are left out."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            if question.kind == QuestionKind.SCALE:
                value = int(value)
            elif question.kind == QuestionKind.TEXT:
                value = value.strip()
                if not value:
                    continue
            result[str(question.pk)] = value
        return result

    def bound_questions(self):
        """(question, bound field, number) triples for the template, in order; a
        section heading comes with no field and no number."""
        result, number = [], 0
        for item in self.items:
            if item.is_section:
                result.append((item, None, None))
            else:
                number += 1
                result.append((item, self[field_name(item)], number))
        return result

    @staticmethod
    def initial_for(questions, answers: dict) -> dict:
        initial = {}
        for question in questions:
            value = answers.get(str(question.pk))
            if value is None:
                continue
            initial[field_name(question)] = str(value) if isinstance(value, int) else value
        return initial
