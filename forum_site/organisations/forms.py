from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forum_site.hygiene import SingleLineCharField
from forum_site.organisations.models import Membership, Role


class AddMemberForm(forms.Form):
    """An organisation administrator adds an existing user by username or email."""

    user = SingleLineCharField(
        label=_("Username or email address"),
        max_length=254,
        help_text=_("The person must already have an account on the platform."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    title = SingleLineCharField(label=_("Job title"), max_length=200, required=False)

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_user(self):
        value = self.cleaned_data["user"].strip()
        users = get_user_model().objects.filter(
            Q(username__iexact=value) | Q(email__iexact=value), is_active=True
        )
        if not users:
            raise forms.ValidationError(_("No active account has this username or email."))
        if len(users) > 1:
            raise forms.ValidationError(
                _("Several accounts share this email address; use the username instead.")
            )
        user = users[0]
        if Membership.objects.filter(user=user, organisation=self.organisation).exists():
            raise forms.ValidationError(_("This person is already a member."))
        return user


class ChangeRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "title"]
