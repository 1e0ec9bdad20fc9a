"""Opening a consultation: the consultation form, its questions and question templates.

Dates arrive as wall-clock times and are read in the time zone the owner
chooses; an invited consultation must invite someone; a choice question needs
two choices.
"""

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from consultations.models import (
    CHOICE_KINDS,
    DEFAULT_CONSENT_TEXT,
    DEFAULT_TEXT_LIMIT,
    MAX_TEXT_LIMIT,
    Audience,
    QuestionKind,
    QuestionTemplate,
)
from forum_site.hygiene import (
    BoundedDateTimeField,
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    SingleLineCharField,
)
from forum_site.organisations.models import Organisation, OrganisationKind
from forum_site.taxonomy.models import Theme
from forum_site.widgets import SearchableSelect, SearchableSelectMultiple

COMMON_TIMEZONES = [
    "UTC",
    "Africa/Accra",
    "Africa/Dakar",
    "Africa/Nairobi",
    "America/Guayaquil",
    "America/Montreal",
    "America/Sao_Paulo",
    "Asia/Amman",
    "Europe/Brussels",
    "Europe/Istanbul",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Zurich",
]

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class ConsultationForm(forms.Form):
    """The front-end "Open a consultation" form (questions come in a formset)."""

    owner_organisation = BoundedModelChoiceField(
        label=_("Consulting organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    title = SingleLineCharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences shown in listings."),
    )
    themes = BoundedModelMultipleChoiceField(
        label=_("Policy themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    background = forms.CharField(
        label=_("Background"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The policy under review and what you want to learn. Plain text: a blank line "
            "starts a new paragraph. Markdown for formatting: **bold**, *italic*, lists "
            "starting with “- ” or “1. ”, [a link](https://…), “### ” before a heading."
        ),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(z, z) for z in COMMON_TIMEZONES],
        initial="UTC",
        help_text=_("Opening and closing times are in this time zone."),
    )
    opens_at = BoundedDateTimeField(
        label=_("Opens at"), widget=LocalDateTimeInput(), input_formats=[DATETIME_FORMAT]
    )
    closes_at = BoundedDateTimeField(
        label=_("Closes at"), widget=LocalDateTimeInput(), input_formats=[DATETIME_FORMAT]
    )
    audience = forms.ChoiceField(
        label=_("Who may respond"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
        initial=Audience.INVITED,
    )
    invited_organisations = BoundedModelMultipleChoiceField(
        label=_("Invited organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
    )
    invite_local_authorities_of = forms.ChoiceField(
        label=_("Also invite all local authorities of"),
        # A callable, so the names are in the request's language (not the import's).
        choices=lambda: [("", _("(no country)")), *countries],
        required=False,
        widget=SearchableSelect,
    )
    invite_members_of = BoundedModelChoiceField(
        label=_("Also invite all members of the association"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.LOCAL_GOVERNMENT_ASSOCIATION),
        required=False,
        empty_label=_("(no association)"),
    )

    contact_name = SingleLineCharField(label=_("Contact person"), max_length=200, required=False)
    contact_role = SingleLineCharField(label=_("Contact's role"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("Contact email"),
        max_length=254,
        required=False,
        help_text=_("Shown to signed-in visitors only; the name and role to all who see it."),
    )
    consent_text = forms.CharField(
        label=_("Consent text"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown to respondents above the question whether you may publish their response. "
            "Leave it empty for the standard text: “%(text)s”"
        ),
    )

    def __init__(self, *args, owner_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_text"].help_text = self.fields["consent_text"].help_text % {
            "text": DEFAULT_CONSENT_TEXT
        }
        self.fields["owner_organisation"].queryset = owner_choices
        self.fields["invited_organisations"].queryset = Organisation.objects.exclude(
            kind=OrganisationKind.NATIONAL
        ).order_by("name")

    def clean(self):
        data = super().clean()
        zone = data.get("timezone") or "UTC"
        try:
            tz = zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError(_("Unknown time zone.")) from None
        for name in ("opens_at", "closes_at"):
            value = data.get(name)
            if value is not None:
                # The browser sends a wall-clock time: read it in the chosen zone.
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                data[name] = naive.replace(tzinfo=tz)
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing date must be after the opening."))
        if data.get("audience") == Audience.INVITED and not (
            data.get("invited_organisations")
            or data.get("invite_local_authorities_of")
            or data.get("invite_members_of")
        ):
            self.add_error(
                "invited_organisations",
                _("Invite at least one organisation, or make the consultation public."),
            )
        return data


class QuestionForm(forms.Form):
    text = SingleLineCharField(label=_("Question"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    help_text = SingleLineCharField(label=_("Help text"), max_length=500, required=False)
    choices = forms.CharField(
        label=_("Choices (one per line)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    max_length = forms.IntegerField(
        label=_("Length limit (characters)"),
        min_value=10,
        max_value=MAX_TEXT_LIMIT,
        initial=DEFAULT_TEXT_LIMIT,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("text"):
            return data  # an empty row is ignored
        if data.get("kind") in CHOICE_KINDS:
            lines = [line.strip() for line in (data.get("choices") or "").splitlines()]
            if len({line for line in lines if line}) < 2:
                self.add_error("choices", _("Give at least two choices, one per line."))
        return data


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("text") for form in self.forms):
            raise ValidationError(_("Ask at least one question."))


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=2, max_num=40, validate_max=True
)


def template_initial(template: QuestionTemplate | None) -> list[dict]:
    if template is None:
        return []
    return [
        {
            "text": q.get("text", ""),
            "kind": q.get("kind", QuestionKind.TEXT),
            "required": bool(q.get("required")),
            "help_text": q.get("help_text", ""),
            "choices": "\n".join(q.get("choices") or []),
            "max_length": q.get("max_length") or DEFAULT_TEXT_LIMIT,
        }
        for q in template.questions
    ]
