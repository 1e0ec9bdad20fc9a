from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from events import rules
from events.models import ChecklistItem, DelegationMember, PositionPaper
from events.questions import add_answer_fields, answers_from
from forum_site import private_files
from forum_site.content_language import ContentSelect
from forum_site.hygiene import (
    BoundedDateField,
    BoundedModelChoiceField,
    SingleLineCharField,
)
from forum_site.organisations import rules as org_rules
from forum_site.organisations.models import Organisation
from forum_site.restrictions import visible_pages
from forum_site.widgets import SearchableSelect

MAX_ICS_BYTES = 1_000_000


class SearchableContentSelect(SearchableSelect, ContentSelect):
    """A searchable select of pages whose options carry their page's language."""


class RegistrationForm(forms.Form):
    organisation = BoundedModelChoiceField(
        label=_("Register on behalf of"), queryset=None, empty_label=None
    )
    listed = forms.BooleanField(
        label=_("Show my name in the participant list"),
        required=False,
        help_text=_("Only if the organiser publishes one. You can change this later."),
    )

    def __init__(self, *args, user, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = rules.registration_organisations(user).order_by(
            "name"
        )
        # The event's own questions (events.questions), one field each.
        questions = list(event.registration_questions.all()) if event is not None else []
        self.answer_names = add_answer_fields(self, questions)

    @property
    def answers(self) -> dict[str, str]:
        return answers_from(self.cleaned_data, self.answer_names)


class ListedForm(forms.Form):
    listed = forms.BooleanField(label=_("Show my name in the participant list"), required=False)


class DelegationForm(forms.Form):
    organisation = BoundedModelChoiceField(
        label=_("Delegation of"),
        queryset=None,
        empty_label=None,
        help_text=_("National delegations are formed by an editor of a national ministry."),
    )

    def __init__(self, *args, user, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = rules.head_organisations(user, event).order_by(
            "name"
        )


class InviteForm(forms.Form):
    who = SingleLineCharField(
        label=_("Username or email address"),
        max_length=254,
        help_text=_("The person must have an account on the platform."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[c for c in DelegationMember.Role.choices if c[0] != DelegationMember.Role.HEAD],
    )
    organisation = BoundedModelChoiceField(
        label=_("Representing"),
        queryset=None,
        required=False,
        widget=SearchableSelect,
        help_text=_(
            "One of the person's organisations. Local-authority representatives represent "
            "a city, a local government or an association of local governments."
        ),
    )

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegation = delegation
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def clean_who(self):
        value = self.cleaned_data["who"].strip()
        users = get_user_model().objects.filter(
            Q(username__iexact=value) | Q(email__iexact=value), is_active=True
        )
        if users.count() != 1:
            raise forms.ValidationError(_("No single account matches “%(v)s”.") % {"v": value})
        user = users.get()
        if self.delegation.members.filter(user=user).exists():
            raise forms.ValidationError(_("This person is already in the delegation."))
        return user

    def clean(self):
        cleaned = super().clean()
        user, organisation = cleaned.get("who"), cleaned.get("organisation")
        role = cleaned.get("role")
        if user is None:
            return cleaned
        if organisation is not None and not org_rules.can_act_for(user, organisation):
            self.add_error("organisation", _("This person is not a member of that organisation."))
        if role == DelegationMember.Role.LOCAL_AUTHORITY and not (
            rules.can_be_local_authority_representative(organisation)
        ):
            self.add_error(
                "organisation",
                _("A local-authority representative must represent a local authority."),
            )
        return cleaned


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["category", "title", "assignee", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}
        field_classes = {
            "title": SingleLineCharField,
            "assignee": BoundedModelChoiceField,
            "due_date": BoundedDateField,
        }

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        member_ids = delegation.members.exclude(status="declined").values_list("user_id", flat=True)
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(Q(pk__in=member_ids) | Q(pk=delegation.head_id))
            .order_by("username")
        )


class DelegationDocumentForm(forms.Form):
    title = SingleLineCharField(label=_("Title"), max_length=255)
    file = forms.FileField(label=_("File"), help_text=_("Up to 10 MB."))

    def clean_file(self):
        """Checked by content (PDF, office documents, images, plain text); stored
        under a name whose extension is the type found."""
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        extension = private_files.check_upload(upload)
        upload.name = f"{private_files.safe_stem(upload.name, 100) or 'document'}.{extension}"
        return upload


class PositionPaperForm(forms.ModelForm):
    class Meta:
        model = PositionPaper
        fields = ["body", "consultation"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "consultation": SearchableContentSelect,
        }
        field_classes = {"consultation": BoundedModelChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only pages this user may see (every app's rule, view restrictions included,
        # through forum_site.restrictions): a workspace is shared, so a link another
        # member chose may be one this user must not see. Such a link is kept as it
        # is (the user cannot see it, so cannot change it) and never shown.
        self.fields["consultation"].queryset = visible_pages(
            user, Page.objects.live().filter(depth__gt=2).order_by("title")
        )
        self.fields["consultation"].required = False
        current = self.instance.consultation_id if self.instance.pk else None
        self.hidden_consultation = bool(
            current and not self.fields["consultation"].queryset.filter(pk=current).exists()
        )
        if self.hidden_consultation:
            self.fields["consultation"].disabled = True
            self.fields["consultation"].help_text = _(
                "Another member linked a page you cannot see; it stays linked."
            )
            self.initial["consultation"] = None

    def clean_consultation(self):
        if self.hidden_consultation:
            return self.instance.consultation
        return self.cleaned_data.get("consultation")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("iCalendar file (.ics)"), help_text=_("Up to 1 MB and 500 events.")
    )
    organisation = BoundedModelChoiceField(label=_("Organised by"), queryset=None, empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = rules.import_organisations(user).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ICS_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s bytes; the limit is %(max)s bytes.")
                % {"size": upload.size, "max": MAX_ICS_BYTES}
            )
        return upload
