"""The consultation pages: the index at ``/consultations/`` and a consultation,
whose status is derived from its dates and its outcome, never edited.

The pages never import ``consultations.rules``, ``forms`` or ``views`` (those
import the models): what a page shows the viewer, and whether it may be seen
at all, come from the functions ``consultations/wagtail_hooks.py`` registers
under the ``consultation_index_page_context``, ``consultation_page_context``
and ``consultation_page_visible`` hooks (see ``consultations.context``).
"""

import zoneinfo

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from consultations.blocks import BackgroundBlock
from forum_site.child_rows import ChildRowsKeptOnCopy
from forum_site.discussions.models import Thread
from forum_site.hygiene import bound_model_choices, tidy_cleaned_data
from forum_site.organisations import rules as org_rules
from forum_site.plugins import viewer_context
from forum_site.search_text import MultilingualSearchMixin, multilingual_search_fields
from forum_site.translatable import kept_from_source
from forum_site.translations import group_source


def viewer_may_see(page, user) -> bool:
    """Whether ``user`` may open ``page``: every ``consultation_page_visible``
    hook must say yes (``consultations.rules.can_view_consultation``), and
    with no hook registered nobody may."""
    checks = hooks.get_hooks("consultation_page_visible")
    return bool(checks) and all(check(user, page) for check in checks)


DEFAULT_CONSENT_TEXT = _(
    "Once the ministry publishes its outcome, responses may be shown with it, as you choose here."
)


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public: any organisation may respond")
    INVITED = "invited", _("Invited organisations only")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    OUTCOME_PUBLISHED = "outcome_published", _("Outcome published")


class ConsultationAdminForm(WagtailAdminPageForm):
    """In the admin too, only national editors open consultations, for their own ministry."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_model_choices(self)
        user = getattr(self, "for_user", None)
        field = self.fields.get("owner_organisation")
        if field is not None and user is not None and not user.is_superuser:
            field.queryset = org_rules.organisations_for(user, "editor").national_authorities()

    def clean(self):
        super().clean()
        return tidy_cleaned_data(self, ("title",))

    def clean_owner_organisation(self):
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
        context = super().get_context(request, *args, **kwargs)
        context.update(viewer_context("consultation_index_page_context", self, request))
        return context


class ConsultationPage(ChildRowsKeptOnCopy, MultilingualSearchMixin, Page):
    """A national–local consultation. Its status is derived, never edited.

    A translation's child rows (questions, invitation rules) are updated in
    place at each sync (``forum_site.child_rows``)."""

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
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact's role"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Shown to signed-in visitors only.")
    )
    consent_text = models.TextField(
        _("consent text"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Shown above the publication consent on the response form; empty: the standard text."
        ),
    )

    # A translation translates the text; the facts stay the source's (forum_site.translatable).
    override_translatable_fields = kept_from_source(
        "owner_organisation",
        "themes",
        "opens_at",
        "closes_at",
        "timezone",
        "audience",
        "invited_organisations",
        "contact_email",
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
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")],
            heading=_("Contact"),
        ),
        FieldPanel("consent_text"),
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
        *multilingual_search_fields(),
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

    @property
    def consent_explanation(self) -> str:
        """What respondents read above the publication consent."""
        return self.consent_text.strip() or str(DEFAULT_CONSENT_TEXT)

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
        if not viewer_may_see(self, request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(viewer_context("consultation_page_context", self, request))
        return context

    def answerable_questions(self):
        """The questions, without the section headings (which take no answer)."""
        return self.questions.exclude(kind="section")

    def get_thread(self) -> Thread:
        """The consultation's discussion, one for all its translations (that of the
        translation group's source: ``forum_site.translations``)."""
        source = group_source(self)
        return Thread.for_object(source, title=source.title)
