"""The library's pages: the ``PracticeIndexPage`` at /practices/ and each
``PracticePage`` under it, with the countries where it runs.

A practice is classified by the managed taxonomies of ``forum_site.taxonomy``
(which relations those are is listed once, in ``classification.py``).
Submissions from the front end become draft pages that go through the
"Practice moderation" workflow (``practices.moderation``).
Who may do what is decided in ``rules.py``, never here: what a page shows its
viewer comes from ``practices.context`` through Wagtail hooks (``viewer_context``).
"""

from datetime import date

from django import forms
from django.conf import global_settings, settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from forum_site.api_filters import ApiFilter
from forum_site.discussions.models import Thread
from forum_site.organisations.models import Organisation, OrganisationKind
from forum_site.organisations.regions import Region, region_for_country
from forum_site.plugins import viewer_context
from forum_site.search_text import MultilingualSearchMixin, multilingual_search_fields
from forum_site.taxonomy.models import (
    SDG,
    GCMObjective,
    GovernmentLevel,
    GuidingPrinciple,
    SDGTarget,
    StakeholderKind,
    TargetGroup,
    Theme,
)
from forum_site.translatable import kept_from_source
from forum_site.translations import group_source
from practices.blocks import PracticeBodyBlock
from practices.classification import TAXONOMY_FIELDS, TAXONOMY_RELATIONS
from practices.models.adoptions import Adoption

MIN_YEAR = 1950
SUMMARY_MAX_LENGTH = 300


def split_cities(cities: str) -> list[str]:
    return [city.strip() for city in (cities or "").split(",") if city.strip()]


# The public shape of a practice, in this order: the API's fields (with
# ``url`` and ``first_published_at`` in the item's ``meta``), the keys of the
# JSON export and the columns of the CSV and XLSX exports.
OPEN_DATA_FIELDS = (
    "id",
    "title",
    "url",
    "summary",
    "organisation",
    "organisation_slug",
    "organisation_kind",
    "partners",
    "cities",
    "countries",
    "country_names",
    "regions",
    "region_names",
    "start_year",
    "end_year",
    "status",
    "people_reached",
    "budget_band",
    "funding_sources",
    "original_language",
    *TAXONOMY_FIELDS,
    "adoptions",
    "first_published_at",
)
# Where an API item carries the fields that are not in its body.
OPEN_DATA_API_META = {"url": "html_url", "first_published_at": "first_published_at"}


def max_year() -> int:
    """Planned practices may start a few years ahead, not in a distant future."""
    return date.today().year + 10


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")


class BudgetBand(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    UNDER_10K = "lt10k", _("Under 10,000 USD")
    UNDER_100K = "10k-100k", _("10,000 to 100,000 USD")
    UNDER_1M = "100k-1m", _("100,000 to 1 million USD")
    OVER_1M = "gt1m", _("Over 1 million USD")


LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda item: str(item[1]))


class PracticeIndexPage(Page):
    """/practices/: the browsable library (its listing: ``practices.context.library_context``)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["forum_site.HomePage"]
    subpage_types = ["practices.PracticePage", "practices.CallForPracticesPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practice library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(viewer_context("practice_library_context", self, request))
        return context


class PracticeQuerySet(PageQuerySet):
    def with_adoption_count(self):
        """Adoptions counted by the database, in one subquery (no join fan-out)."""
        counts = (
            Adoption.objects.filter(practice=OuterRef("pk"))
            .order_by()
            .values("practice")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(adoption_count=Coalesce(Subquery(counts), Value(0)))

    def for_listing(self):
        return self.select_related("organisation").prefetch_related("themes", "countries")


PracticeManager = PageManager.from_queryset(PracticeQuerySet)


class PracticePage(MultilingualSearchMixin, Page):
    summary = models.TextField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("What the practice does and for whom, in at most 300 characters."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("local authority"),
        on_delete=models.PROTECT,
        related_name="practices",
        help_text=_("The local or regional authority (or association) that owns the practice."),
    )
    partners = ParentalManyToManyField(
        "organisations.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="partner_practices",
    )
    cities = models.CharField(
        _("cities"),
        max_length=300,
        blank=True,
        help_text=_("Where it runs, separated by commas."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), validators=[MinValueValidator(MIN_YEAR)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR)],
        help_text=_("Leave empty while the practice is ongoing."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ONGOING
    )
    people_reached = models.PositiveIntegerField(
        _("people reached"), null=True, blank=True, validators=[MaxValueValidator(2_000_000_000)]
    )
    budget_band = models.CharField(
        _("budget"), max_length=16, choices=BudgetBand.choices, blank=True, default=""
    )
    funding_sources = models.CharField(
        _("funding sources"),
        max_length=500,
        blank=True,
        help_text=_("For example: municipal budget, EU grant, foundation."),
    )
    original_language = models.CharField(
        _("language of the original"),
        max_length=12,
        choices=LANGUAGE_CHOICES,
        default="en",
    )

    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), related_name="practices")
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="practices"
    )
    gcm_objectives = ParentalManyToManyField(
        GCMObjective, verbose_name=_("GCM objectives"), blank=True, related_name="practices"
    )
    sdgs = ParentalManyToManyField(
        SDG, verbose_name=_("Sustainable Development Goals"), blank=True, related_name="practices"
    )
    sdg_targets = ParentalManyToManyField(
        SDGTarget, verbose_name=_("SDG targets"), blank=True, related_name="practices"
    )
    guiding_principles = ParentalManyToManyField(
        GuidingPrinciple,
        verbose_name=_("GCM guiding principles"),
        blank=True,
        related_name="practices",
    )
    government_levels = ParentalManyToManyField(
        GovernmentLevel,
        verbose_name=_("levels of government"),
        blank=True,
        related_name="practices",
    )
    stakeholder_kinds = ParentalManyToManyField(
        StakeholderKind,
        verbose_name=_("stakeholders involved"),
        blank=True,
        related_name="practices",
    )

    body = StreamField(PracticeBodyBlock(), verbose_name=_("body"), blank=True)

    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact's role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_practices",
    )
    call = models.ForeignKey(
        "practices.CallForPracticesPage",
        verbose_name=_("in answer to the call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )

    objects = PracticeManager()

    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types: list = []

    # A translation translates the text; the facts stay the source's (forum_site.translatable).
    override_translatable_fields = kept_from_source(
        "organisation",
        "partners",
        "start_year",
        "end_year",
        "status",
        "people_reached",
        "budget_band",
        "original_language",
        "contact_email",
        "submitted_by",
        "call",
        "countries",
        *TAXONOMY_FIELDS,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("organisation"),
        FieldPanel("partners"),
        MultiFieldPanel(
            [
                FieldPanel("cities"),
                InlinePanel("countries", label=_("Countries"), min_num=1),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldPanel("status"),
                FieldPanel("people_reached"),
                FieldRowPanel([FieldPanel("budget_band"), FieldPanel("funding_sources")]),
                FieldPanel("original_language"),
                FieldPanel("call"),
            ],
            heading=_("Facts"),
        ),
        MultiFieldPanel(
            [FieldPanel(name, widget=forms.CheckboxSelectMultiple) for name in TAXONOMY_FIELDS],
            heading=_("Classification"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")],
            heading=_("Contact (shown to signed-in users only)"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("cities"),
        index.SearchField("body"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("organisation"),
        index.FilterField("start_year"),
        *multilingual_search_fields(),
    ]

    # Public fields only: the contact person never leaves the site through the
    # API. The same fields, with the same values, as the JSON, CSV and XLSX
    # exports (OPEN_DATA_FIELDS; the body only here: tables cannot hold it).
    api_fields = [
        APIField("summary"),
        APIField("organisation", serializer=serializers.CharField(source="organisation.name")),
        APIField(
            "organisation_slug",
            serializer=serializers.CharField(source="organisation.slug", read_only=True),
        ),
        APIField(
            "organisation_kind",
            serializer=serializers.CharField(source="organisation.kind", read_only=True),
        ),
        APIField("partners", serializer=serializers.ListField(source="partner_names")),
        APIField("cities", serializer=serializers.ListField(source="city_list")),
        APIField("countries", serializer=serializers.ListField(source="country_codes")),
        APIField("country_names", serializer=serializers.ListField(read_only=True)),
        APIField("regions", serializer=serializers.ListField(source="region_codes")),
        APIField("region_names", serializer=serializers.ListField(read_only=True)),
        APIField("start_year"),
        APIField("end_year"),
        APIField("status"),
        APIField("people_reached"),
        APIField("budget_band"),
        APIField("funding_sources"),
        APIField("original_language"),
        *(
            APIField(
                relation.field,
                serializer=serializers.SlugRelatedField(
                    many=True, read_only=True, slug_field=relation.key
                ),
            )
            for relation in TAXONOMY_RELATIONS
        ),
        APIField("adoptions", serializer=serializers.IntegerField(source="adoption_total")),
        APIField("body"),
    ]

    # Filters by the values the fields above output (forum_site.api_filters;
    # the taxonomies' are derived from their slug serializers).
    api_filters = {
        "organisation": ApiFilter("organisation__name", "the owner's name, exactly"),
        "organisation_slug": ApiFilter(
            "organisation__slug",
            "the owner's slug",
            known=lambda: Organisation.objects.values_list("slug", flat=True),
        ),
        "organisation_kind": ApiFilter(
            "organisation__kind", "the owner's kind", known=lambda: OrganisationKind.values
        ),
        "partners": ApiFilter("partners__name", "a partner's name, exactly"),
        "cities": ApiFilter("cities", "a city the practice runs in", contains=True),
        "countries": ApiFilter(
            "countries__country",
            "ISO 3166-1 alpha-2 codes; several: any of them",
            known=lambda: [code for code, _name in all_countries],
            normalise=str.upper,
        ),
        "regions": ApiFilter(
            "countries__region",
            "UN M49 region codes; several: any of them",
            known=lambda: Region.values,
        ),
    }

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_year and self.start_year > max_year():
            errors["start_year"] = _("The start year cannot be after %(year)s.") % {
                "year": max_year()
            }
        if self.end_year is not None:
            if self.end_year > max_year():
                errors["end_year"] = _("The end year cannot be after %(year)s.") % {
                    "year": max_year()
                }
            elif self.start_year and self.end_year < self.start_year:
                errors["end_year"] = _("The end year cannot be before the start year.")
        if self.status == Status.ONGOING and self.end_year and self.end_year < date.today().year:
            errors["status"] = _("A practice that ended in the past is not ongoing.")
        if self.summary and len(self.summary) > SUMMARY_MAX_LENGTH:
            errors["summary"] = _("Keep the summary to %(n)s characters.") % {
                "n": SUMMARY_MAX_LENGTH
            }
        if errors:
            raise ValidationError(errors)

    # The open-data values of a page (practices.views.exports reads the same
    # from plain rows, for speed; a test compares both).
    @property
    def country_codes(self) -> list[str]:
        return [str(c.country) for c in self.countries.all()]

    @property
    def country_names(self) -> list[str]:
        return [str(all_countries.name(code)) for code in self.country_codes]

    @property
    def region_codes(self) -> list[str]:
        return list(dict.fromkeys(c.region for c in self.countries.all() if c.region))

    @property
    def region_names(self) -> list[str]:
        return [str(Region(code).label) for code in self.region_codes]

    @property
    def city_list(self) -> list[str]:
        return split_cities(self.cities)

    @property
    def partner_names(self) -> list[str]:
        return sorted(partner.name for partner in self.partners.all())

    @property
    def adoption_total(self) -> int:
        annotated = getattr(self, "adoption_count", None)
        return self.adoptions.count() if annotated is None else annotated

    @property
    def period(self) -> str:
        if self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return _("since %(year)s") % {"year": self.start_year}

    # The practice's "questions and discussion" thread (who may read, post
    # and moderate: practices.discussion_policy).
    def get_thread(self):
        """The practice's discussion, one for all its translations (that of the
        translation group's source: ``forum_site.translations``)."""
        source = group_source(self)
        return Thread.for_object(source, title=source.title)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(viewer_context("practice_page_context", self, request))
        return context


class PracticeCountry(Orderable):
    """A country where the practice runs; its UN region feeds the region filter."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=3, choices=Region.choices, blank=True)

    panels = [FieldPanel("country")]

    class Meta(Orderable.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        indexes = [models.Index(fields=["country"]), models.Index(fields=["region"])]

    def save(self, *args, **kwargs):
        self.region = region_for_country(str(self.country)) or ""
        super().save(*args, **kwargs)

    def __str__(self):
        return str(self.country.name)
