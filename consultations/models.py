"""Consultations: the page, its questions and invitation rules, outcome and responses."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from consultations.blocks import BackgroundBlock
from forum_site.discussions.models import Thread

# --- Consultations -------------------------------------------------------------


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public: any organisation may respond")
    INVITED = "invited", _("Invited organisations only")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    OUTCOME_PUBLISHED = "outcome_published", _("Outcome published")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale from 1 to 5")
    YES_NO = "yes_no", _("Yes or no")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
DEFAULT_TEXT_LIMIT = 3000
MAX_TEXT_LIMIT = 20_000


class ConsultationAdminForm(WagtailAdminPageForm):
    """In the admin too, only national editors open consultations, for their own ministry."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        field = self.fields.get("owner_organisation")
        if field is not None and user is not None and not user.is_superuser:
            from forum_site.organisations import rules as org_rules

            field.queryset = org_rules.organisations_for(user, "editor").national_authorities()

    def clean_owner_organisation(self):
        from forum_site.organisations import rules as org_rules

        organisation = self.cleaned_data.get("owner_organisation")
        user = getattr(self, "for_user", None)
        if (
            organisation is not None
            and user is not None
            and not (user.is_superuser or org_rules.can_open_consultation(user, organisation))
        ):
            raise ValidationError(
                _("Only editors of a national ministry or agency open consultations for it.")
            )
        return organisation


class ConsultationIndexPage(Page):
    """``/consultations/``: the consultations a visitor may see."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["forum_site.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("consultation index page")

    def get_context(self, request, *args, **kwargs):
        from consultations.views import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(request, self))
        return context


class ConsultationPage(Page):
    """A national–local consultation. Its status is derived, never edited."""

    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("consulting organisation"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    summary = models.TextField(_("summary"), max_length=1000)
    themes = ParentalManyToManyField(
        "taxonomy.Theme",
        verbose_name=_("policy themes"),
        blank=True,
        related_name="consultations",
    )
    background = StreamField(BackgroundBlock(), verbose_name=_("background"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("The time zone in which dates are shown, e.g. Africa/Accra."),
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.INVITED
    )
    invited_organisations = ParentalManyToManyField(
        "organisations.Organisation",
        verbose_name=_("invited organisations"),
        blank=True,
        related_name="consultation_invitations",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("owner_organisation"),
        FieldPanel("summary"),
        FieldPanel("themes"),
        FieldPanel("background"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("timezone")],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("invited_organisations"),
                InlinePanel("invite_rules", label=_("Invitation rules")),
            ],
            heading=_("Audience"),
        ),
        InlinePanel("questions", label=_("Questions")),
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list = []
    base_form_class = ConsultationAdminForm
    template = "consultations/consultation_page.html"

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("audience"),
        index.FilterField("owner_organisation_id"),
    ]

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="consultations_closes_after_opening",
            )
        ]

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing date must be after the opening.")})
        if self.timezone:
            try:
                zoneinfo.ZoneInfo(self.timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise ValidationError({"timezone": _("Unknown time zone.")}) from None

    # Status -------------------------------------------------------------------

    def status_at(self, now=None) -> str:
        now = now or timezone.now()
        if not self.live:
            return Status.DRAFT
        if self.outcome_published_at:
            return Status.OUTCOME_PUBLISHED
        if now < self.opens_at:
            return Status.SCHEDULED
        if now < self.closes_at:
            return Status.OPEN
        return Status.CLOSED

    @property
    def outcome_published_at(self):
        """When the outcome was published (kept outside page revisions on purpose)."""
        try:
            return self.outcome.published_at
        except ObjectDoesNotExist:
            return None

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def tz(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_opens_at(self):
        return self.opens_at.astimezone(self.tz)

    def local_closes_at(self):
        return self.closes_at.astimezone(self.tz)

    # Serving and threads ----------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        from consultations import rules

        if not rules.can_view_consultation(request.user, self):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from consultations.views import consultation_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_context(request, self))
        return context

    def get_thread(self) -> Thread:
        return Thread.for_object(self, title=self.title)


class InviteRuleKind(models.TextChoices):
    LOCAL_AUTHORITIES_OF_COUNTRY = "local_authorities", _("All local authorities of a country")
    MEMBERS_OF_ASSOCIATION = "association_members", _("All members of an association")


class InviteRule(Orderable):
    """A rule that invites organisations that match it, now and later."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="invite_rules")
    kind = models.CharField(_("rule"), max_length=32, choices=InviteRuleKind.choices)
    country = CountryField(_("country"), blank=True)
    association = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("kind"), FieldPanel("country"), FieldPanel("association")]

    def __str__(self):
        if self.kind == InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY:
            return _("All local authorities of %(country)s") % {"country": self.country.name}
        return _("All members of %(association)s") % {"association": self.association}

    def clean(self):
        super().clean()
        if self.kind == InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY and not self.country:
            raise ValidationError({"country": _("Choose the country.")})
        if self.kind == InviteRuleKind.MEMBERS_OF_ASSOCIATION and not self.association_id:
            raise ValidationError({"association": _("Choose the association.")})


class Question(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(
        _("type"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For choice questions: one choice per line.")
    )
    max_length = models.PositiveIntegerField(
        _("length limit"),
        default=DEFAULT_TEXT_LIMIT,
        validators=[MinValueValidator(10), MaxValueValidator(MAX_TEXT_LIMIT)],
        help_text=_("For free-text questions: the most characters an answer may have."),
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("required"),
        FieldPanel("help_text"),
        FieldPanel("choices"),
        FieldPanel("max_length"),
    ]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.kind in CHOICE_KINDS and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one per line.")})

    @property
    def choice_list(self) -> list[str]:
        seen, result = set(), []
        for line in (self.choices or "").splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.add(line)
                result.append(line)
        return result

    def answer_options(self) -> list[str]:
        """The values a choice-like answer may take, in display order."""
        if self.kind in CHOICE_KINDS:
            return self.choice_list
        if self.kind == QuestionKind.SCALE:
            return ["1", "2", "3", "4", "5"]
        if self.kind == QuestionKind.YES_NO:
            return ["yes", "no"]
        return []


@register_snippet
class QuestionTemplate(models.Model):
    """A saved question set a ministry can start a consultation from."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    questions = models.JSONField(
        _("questions"),
        default=list,
        help_text=_(
            'A list of {"text", "kind", "required", "help_text", "choices": [...]} objects.'
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("questions"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("question template")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not isinstance(self.questions, list) or not all(
            isinstance(q, dict) and q.get("text") and q.get("kind") in QuestionKind.values
            for q in self.questions
        ):
            raise ValidationError({"questions": _("Each question needs a text and a valid type.")})


class Outcome(models.Model):
    """What the ministry heard and will do. A model of its own, not page fields,
    so that publishing a page revision in the admin can never unpublish it."""

    consultation = models.OneToOneField(
        ConsultationPage, on_delete=models.CASCADE, related_name="outcome"
    )
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome")

    def __str__(self):
        return f"Outcome of {self.consultation}"


class OutcomeItem(models.Model):
    """One line of "what we heard" and "what we will do", linked to a question."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="items")
    sort_order = models.PositiveIntegerField(default=0)
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    heard = models.TextField(_("what we heard"), max_length=5000)
    will_do = models.TextField(_("what we will do"), max_length=5000, blank=True)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.heard[:60]


# --- Responses -----------------------------------------------------------------


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Consent(models.TextChoices):
    PRIVATE = "private", _("Do not publish our response")
    ATTRIBUTED = "attributed", _("May be published with our organisation's name")
    ANONYMISED = "anonymised", _("May be published without our organisation's name")


class ConsultationResponse(models.Model):
    """One organisation's response to one consultation: the current state.

    ``version`` is the optimistic-locking counter (every save bumps it);
    each submission is also frozen into a ``ResponseVersion``.
    """

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="responses"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="consultation_responses",
    )
    status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    consent = models.CharField(
        _("publication consent"), max_length=16, choices=Consent.choices, default=Consent.PRIVATE
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_count = models.PositiveIntegerField(default=0)
    # The latest submitted version, what the owner sees (the working copy above
    # may hold an amendment in progress).
    submitted_answers = models.JSONField(default=dict, blank=True)
    submitted_consent = models.CharField(
        max_length=16, choices=Consent.choices, default=Consent.PRIVATE
    )
    has_unsubmitted_changes = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("consultation response")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="consultations_one_response_per_org"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.consultation}"


class ResponseVersion(models.Model):
    """A submitted version, frozen: the owner sees the latest and its history."""

    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    consent = models.CharField(max_length=16, choices=Consent.choices)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "number"], name="consultations_response_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.response} v{self.number}"


class ReminderLog(models.Model):
    """One reminder sent for (consultation, organisation): never twice."""

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation", "kind"], name="consultations_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.organisation_id} for {self.consultation_id}"
