"""Event pages: the /events/ index, each event, its agenda, cancelled
occurrences and documents, and the admin form that reads times in the
event's own time zone.

An ``EventPage`` is a Wagtail page under the ``EventIndexPage`` at /events/.
Everything a calendar client sees about an event is derived from the page
and kept stable: the UID never changes, ``sequence`` increases and
``changed_at`` moves only when something a calendar shows changes (see
``EventPage.save``), so an unchanged feed is byte-identical between requests.

Who may see or do what is decided in ``events.rules``, never here.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.segments import StringSegmentValue

from events.models.occurrences import refresh_occurrences
from events.models.registrations import Registration
from events.models.series import EventSeries
from events.recurrence import (
    MAX_YEAR,
    MIN_YEAR,
    RecurrenceError,
    check_times,
    validate_rule,
)
from forum_site.child_rows import ChildRowsKeptOnCopy
from forum_site.hygiene import bound_model_choices, tidy_cleaned_data
from forum_site.organisations.regions import Region, region_for_country
from forum_site.page_routes import FileRoutesMixin, page_action
from forum_site.plugins import viewer_context
from forum_site.search_text import MultilingualSearchMixin, multilingual_search_fields
from forum_site.translatable import kept_from_source

UID_DOMAIN = "events.migration-cities-forum"
# Slugs our own URLs use under /events/; an event may not take them.
RESERVED_SLUGS = frozenset({"calendar", "feed", "import", "delegations", "month", "new", "drafts"})


# What calendars that accepted an invitation must be told (``events.itip``):
# sent by ``EventPage.save`` when the live event's time, place or cancellation
# changed, with ``event``, ``moved`` (time or place changed, or cancelled
# occurrences restored or the event un-cancelled: a new METHOD:REQUEST),
# ``cancelled`` (the whole event was just cancelled) and ``cancelled_dates``
# (local dates of occurrences just cancelled).
schedule_changed = Signal()

# The fields whose change moves the event in a calendar (time or place).
SCHEDULE_FIELDS = (
    "start",
    "end",
    "timezone",
    "all_day",
    "recurrence",
    "event_format",
    "venue",
    "city",
    "country",
    "online_url",
)


def validate_timezone(value: str) -> None:
    """An IANA time zone name that zoneinfo knows ("Europe/Berlin", "UTC")."""
    if not value or value.startswith(("/", ".")) or ".." in value:
        raise ValidationError(_("“%(tz)s” is not a time zone."), params={"tz": value})
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(tz)s” is not a known IANA time zone (for example Europe/Rome)."),
            params={"tz": value},
        ) from None


def timezone_choices():
    return [(name, name) for name in sorted(available_timezones())]


class EventType(models.TextChoices):
    GLOBAL_FORUM = "global_forum", _("Global forum")
    REGIONAL_PROCESS = "regional_process", _("Regional consultative process")
    CITY_NETWORK = "city_network", _("City-network meeting")
    WEBINAR = "webinar", _("Webinar")
    HEARING = "hearing", _("Consultation hearing")
    OTHER = "other", _("Other")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class ParticipantVisibility(models.TextChoices):
    HIDDEN = "hidden", _("Hidden (organisers only)")
    PARTICIPANTS = "participants", _("Shown to other participants")
    PUBLIC = "public", _("Public")


class EventIndexPage(Page):
    """/events/: upcoming and past lists and the month grid (see ``events.context``)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("events index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(viewer_context("events_index_page_context", self, request))
        return context


# Text that ends up in email subjects and calendar lines.
SINGLE_LINE_FIELDS = ("title", "venue", "city")


class EventPageForm(WagtailAdminPageForm):
    """Start and end are typed in the event's own time zone, not the editor's.

    Django would read them in the current (UTC) zone; we re-read the wall
    clock time in the chosen IANA zone so "10:00" in Rome means 10:00 in Rome.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_model_choices(self)
        tz = _zone(self.instance.timezone)
        if not self.is_bound:
            for name in ("start", "end", "registration_opens_at", "registration_deadline"):
                value = getattr(self.instance, name, None)
                if value and name in self.fields:
                    self.initial[name] = timezone.make_naive(value, tz)
            for form in self._session_forms():
                for name in ("start", "end"):
                    value = getattr(form.instance, name, None)
                    if value:
                        form.initial[name] = timezone.make_naive(value, tz)

    def _session_forms(self):
        formset = getattr(self, "formsets", {}).get("sessions")
        return list(formset.forms) if formset is not None else []

    def clean(self):
        super().clean()
        cleaned = tidy_cleaned_data(self, SINGLE_LINE_FIELDS)
        name = cleaned.get("timezone")
        if name:
            tz = _zone(name)
            for field in ("start", "end", "registration_opens_at", "registration_deadline"):
                value = cleaned.get(field)
                if value:
                    naive = timezone.make_naive(value, timezone.get_current_timezone())
                    cleaned[field] = timezone.make_aware(naive, tz)
        return cleaned

    def save(self, commit=True):
        # Session times are typed in the event's zone too.
        tz = _zone(self.cleaned_data.get("timezone"))
        current = timezone.get_current_timezone()
        for form in self._session_forms():
            instance = form.instance
            if not getattr(form, "cleaned_data", None):
                continue
            for name in ("start", "end"):
                value = form.cleaned_data.get(name)
                if value:
                    setattr(
                        instance, name, timezone.make_aware(timezone.make_naive(value, current), tz)
                    )
        return super().save(commit=commit)


def _utc(value) -> str:
    return value.astimezone(UTC).isoformat() if value else ""


def _zone(name: str | None):
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=200)
    role = blocks.CharBlock(label=_("role or title"), required=False, max_length=200)
    organisation = SnippetChooserBlock(
        "organisations.Organisation", label=_("organisation"), required=False
    )
    organisation_name = blocks.CharBlock(
        label=_("organisation (if not on the platform)"), required=False, max_length=200
    )

    class Meta:
        icon = "user"

    # What wagtail-localize translates of a speaker: the words that are there
    # (an empty role or a speaker stored without one has none; its default
    # extraction fails on a missing value). The organisation stays the source's.
    TRANSLATED = ("name", "role", "organisation_name")

    def get_translatable_segments(self, value):
        return [
            StringSegmentValue(name, value[name])
            for name in self.TRANSLATED
            if isinstance(value.get(name), str) and value[name].strip()
        ]

    def restore_translated_segments(self, value, segments):
        for segment in segments:
            name, segment = segment.unwrap()
            value[name] = segment.render_text()
        return value


class EventPage(
    ChildRowsKeptOnCopy, MultilingualSearchMixin, FileRoutesMixin, RoutablePageMixin, Page
):
    """An event. Its actions are routes of the page (``/events/<slug>/register/``,
    …), served through Wagtail: the page tree finds the event in the request's
    locale and view restrictions hold before a route runs. Each route hands the
    request to the view ``events/wagtail_hooks.py`` registers under the hook
    ``event_page_actions`` (``forum_site.page_routes``); the views ask
    ``events.rules`` as before."""

    event_type = models.CharField(
        _("type"), max_length=32, choices=EventType.choices, default=EventType.OTHER
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text=_("IANA name, for example Europe/Rome. Start and end are in this zone."),
    )
    all_day = models.BooleanField(
        _("all-day event"), default=False, help_text=_("Only the dates matter, not the times.")
    )
    event_format = models.CharField(
        _("format"), max_length=16, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(
        _("region"), max_length=3, choices=Region.choices, blank=True, editable=False
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        max_length=500,
        help_text=_("Shown only to registered participants."),
    )
    organisers = ParentalManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organising organisations"),
        blank=True,
        related_name="organised_events",
    )
    description = RichTextField(_("description"), blank=True)
    registration_enabled = models.BooleanField(_("registration open"), default=True)
    registration_opens_at = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Empty: registration is open as soon as the event is published."),
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. Beyond it people join a waiting list."),
    )
    participant_visibility = models.CharField(
        _("participant list"),
        max_length=16,
        choices=ParticipantVisibility.choices,
        default=ParticipantVisibility.HIDDEN,
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancellation_note = models.TextField(_("cancellation note"), blank=True)
    recurrence = models.CharField(
        _("recurrence rule"),
        max_length=255,
        blank=True,
        help_text=_(
            "An iCalendar RRULE, for example FREQ=MONTHLY;BYDAY=1TU;COUNT=12. "
            "Add cancelled occurrences as exceptions below."
        ),
    )
    # Calendar bookkeeping (see save()).
    ical_uid = models.CharField(
        _("iCalendar UID"), max_length=255, blank=True, db_index=True, editable=False
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    changed_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    ical_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    # A translation translates the text; the facts stay the source's (forum_site.translatable).
    override_translatable_fields = kept_from_source(
        "event_type",
        "series",
        "start",
        "end",
        "timezone",
        "all_day",
        "event_format",
        "country",
        "region",
        "online_url",
        "organisers",
        "registration_enabled",
        "registration_opens_at",
        "registration_deadline",
        "capacity",
        "participant_visibility",
        "cancelled",
        "recurrence",
        "exceptions",
        "added_dates",
        "documents",
    )

    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_type"), FieldPanel("series")]),
                FieldPanel("timezone"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("recurrence"),
                InlinePanel("exceptions", label=_("Cancelled occurrences")),
                InlinePanel("added_dates", label=_("Added occurrences")),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("event_format"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("organisers"),
        FieldPanel("description"),
        InlinePanel("sessions", label=_("Agenda sessions")),
        InlinePanel("documents", label=_("Documents")),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldPanel("registration_opens_at"),
                FieldPanel("registration_deadline"),
                FieldPanel("capacity"),
                FieldPanel("participant_visibility"),
                InlinePanel(
                    "registration_questions", label=_("Registration questions"), max_num=20
                ),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("cancelled"), FieldPanel("cancellation_note")], heading=_("Cancellation")
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("city"),
        index.SearchField("venue"),
        index.FilterField("event_type"),
        index.FilterField("start"),
        *multilingual_search_fields(),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # -- validation -----------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is used by the calendar; choose another.")
        try:
            validate_timezone(self.timezone)
        except ValidationError as exc:
            errors["timezone"] = exc.messages
        times_ok = False
        if self.start and self.end:
            try:
                check_times(self.start, self.end)
                times_ok = True
            except RecurrenceError as exc:
                start_ok = MIN_YEAR <= self.start.year <= MAX_YEAR
                errors["end" if start_ok else "start"] = str(exc)
            if times_ok and self.all_day:
                self.normalise_all_day()
        if self.registration_deadline and self.end and self.registration_deadline > self.end:
            errors["registration_deadline"] = _("Registration must close before the event ends.")
        opens = self.registration_opens_at
        if opens and self.registration_deadline and opens >= self.registration_deadline:
            errors["registration_opens_at"] = _("Registration must open before it closes.")
        elif opens and self.end and opens >= self.end and not self.recurrence:
            errors["registration_opens_at"] = _("Registration must open before the event ends.")
        if self.event_format in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not (
            self.city or self.venue
        ):
            errors["city"] = _("An event held in person needs a city or a venue.")
        if self.recurrence and times_ok and "timezone" not in errors:
            # A bounded expansion: the rule must have an occurrence within ten years.
            try:
                validate_rule(self.recurrence, self.start, self.tz)
            except RecurrenceError as exc:
                errors["recurrence"] = str(exc)
        elif self.recurrence and not (self.start and self.end):
            errors["recurrence"] = _("A recurring event needs a start and an end.")
        if self.pk and self.capacity:
            confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
            if confirmed > self.capacity:
                errors["capacity"] = _(
                    "%(n)s people are already confirmed; the capacity cannot be lower."
                ) % {"n": confirmed}
        if errors:
            raise ValidationError(errors)

    def normalise_all_day(self):
        """All-day events run from local midnight to local midnight (end exclusive)."""
        tz = self.tz
        first = timezone.localtime(self.start, tz).date()
        local_end = timezone.localtime(self.end, tz)
        last = local_end.date()
        if local_end.time() != datetime.min.time() or last <= first:
            last = last + timedelta(days=1)
        self.start = datetime.combine(first, datetime.min.time(), tz)
        self.end = datetime.combine(last, datetime.min.time(), tz)

    # -- calendar bookkeeping --------------------------------------------------------

    def calendar_fingerprint(self) -> str:
        """Hash of everything a calendar client shows; changes bump SEQUENCE."""
        # Sorted: the database does not promise the rows' order, and a hash
        # that followed it would bump SEQUENCE for nothing.
        sessions = sorted(
            (_utc(s.start), _utc(s.end), s.title, s.room or "") for s in self.sessions.all()
        )
        exceptions = sorted(e.date.isoformat() for e in self.exceptions.all() if e.date)
        data = [
            self.title,
            _utc(self.start),
            _utc(self.end),
            self.timezone,
            self.all_day,
            self.venue,
            self.city,
            str(self.country),
            self.online_url,
            self.description,
            self.cancelled,
            self.cancellation_note,
            self.recurrence,
            self.slug,
            self.event_type,
            sessions,
            exceptions,
        ]
        added = sorted(
            a.date.isoformat() + (f"T{a.start_time:%H:%M}" if a.start_time else "")
            for a in self.added_dates.all()
            if a.date
        )
        if added:
            # Only when there are any: fingerprints from before added dates stay valid.
            data.append(added)
        return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()

    def save(self, clean=True, *args, **kwargs):
        # Validate first (Wagtail would, inside super().save()): clean() sets the
        # slug and normalises all-day times, which the fingerprint must see.
        if clean:
            if self.live:
                self.full_clean()
            else:
                self.minimal_clean()
        update_fields = kwargs.get("update_fields")
        schedule_change = None
        self.region = region_for_country(str(self.country)) if self.country else ""
        if update_fields is None:
            fingerprint = self.calendar_fingerprint()
            stored = None
            if self.pk:
                # Compare with the database, not with this object: a page published
                # from an old revision carries that revision's bookkeeping.
                stored = (
                    type(self)
                    .objects.filter(pk=self.pk)
                    .values(
                        "sequence", "ical_fingerprint", "changed_at", "cancelled", *SCHEDULE_FIELDS
                    )
                    .first()
                )
            if stored is not None:
                self.sequence = max(self.sequence, stored["sequence"])
                self.ical_fingerprint = stored["ical_fingerprint"]
                self.changed_at = stored["changed_at"]
                schedule_change = self._schedule_change(stored)
            if fingerprint != self.ical_fingerprint or schedule_change:
                if self.ical_fingerprint:
                    self.sequence += 1
                self.ical_fingerprint = fingerprint
                # Whole seconds: what iCalendar and HTTP dates can express.
                self.changed_at = timezone.now().replace(microsecond=0)
        adding = self._state.adding
        super().save(*args, clean=False, **kwargs)
        if self.pk and (not self.ical_uid or (adding and self._uid_is_another_events())):
            self.ical_uid = f"event-{self.pk}@{UID_DOMAIN}"
            type(self).objects.filter(pk=self.pk).update(ical_uid=self.ical_uid)
        if update_fields is None:
            # The live event changed (drafts save update_fields only): store its
            # occurrences now, so that no page expands the rule.
            refresh_occurrences(self)
        if schedule_change:
            schedule_changed.send(sender=type(self), event=self, **schedule_change)

    def _schedule_change(self, stored: dict) -> dict | None:
        """How the live event differs from the stored (previously live) row in
        what calendars that accepted the invitation hold: None when not at all
        (a new title or description reaches them with the next update or feed).

        The database row is the live version: drafts are kept as revisions and
        only saved with ``update_fields``."""
        before = [str(stored[f]) if f == "country" else stored[f] for f in SCHEDULE_FIELDS]
        after = [
            str(getattr(self, f)) if f == "country" else getattr(self, f) for f in SCHEDULE_FIELDS
        ]
        old_dates = set(
            EventException.objects.filter(page_id=self.pk).values_list("date", flat=True)
        )
        new_dates = {e.date for e in self.exceptions.all() if e.date}
        old_added = set(
            EventAddedDate.objects.filter(page_id=self.pk).values_list("date", "start_time")
        )
        new_added = {(a.date, a.start_time) for a in self.added_dates.all() if a.date}
        if not self.recurrence:
            old_dates = new_dates = old_added = new_added = set()
        if self.cancelled:
            if stored["cancelled"]:
                return None  # cancelled before: their calendars dropped it then
            return {"moved": False, "cancelled": True, "cancelled_dates": []}
        moved = (
            before != after
            or stored["cancelled"]
            or bool(old_dates - new_dates)
            or old_added != new_added
        )
        added = sorted(new_dates - old_dates)
        if not moved and not added:
            return None
        # A new invitation carries the EXDATEs; otherwise each cancelled date is told apart.
        return {"moved": moved, "cancelled": False, "cancelled_dates": [] if moved else added}

    def _uid_is_another_events(self) -> bool:
        """Whether this new page holds the calendar UID of another event: a copy
        does (Wagtail copies every field), and calendars would merge the two.
        A translation or an alias is the same event and keeps it."""
        if not self.ical_uid or self.alias_of_id:
            return False
        return (
            type(self)
            .objects.filter(ical_uid=self.ical_uid, alias_of__isnull=True)
            .exclude(pk=self.pk)
            .exclude(translation_key=self.translation_key)
            .exists()
        )

    @property
    def uid(self) -> str:
        return self.ical_uid or f"event-{self.pk}@{UID_DOMAIN}"

    # -- display helpers -------------------------------------------------------------

    @cached_property
    def tz(self):
        return _zone(self.timezone)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.tz)

    @property
    def last_day(self):
        """The last day of an all-day event (its end is exclusive)."""
        return (self.local_end - timedelta(microseconds=1)).date()

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now() and not self.recurrence

    @property
    def is_online(self) -> bool:
        return self.event_format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.event_format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def location_text(self) -> str:
        parts = [self.venue, self.city, self.country.name if self.country else ""]
        place = ", ".join(p for p in parts if p)
        if self.event_format == EventFormat.ONLINE:
            return str(_("Online"))
        if self.event_format == EventFormat.HYBRID:
            return f"{place} ({_('and online')})" if place else str(_("Online"))
        return place

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(viewer_context("event_page_context", self, request))
        return context

    # -- routes (names as the old ``events:`` URL names) ----------------------------

    def _action(self, request, name):
        return page_action("event_page_actions", name, request, self)

    @route_path("event.ics/", name="event_ics")
    def event_ics_route(self, request):
        return self._action(request, "event_ics")

    @route_path("register/", name="register")
    def register_route(self, request):
        return self._action(request, "register")

    @route_path("cancel/", name="cancel_registration")
    def cancel_route(self, request):
        return self._action(request, "cancel_registration")

    @route_path("listed/", name="listed")
    def listed_route(self, request):
        return self._action(request, "listed")

    @route_path("participants/", name="participants")
    def participants_route(self, request):
        return self._action(request, "participants")

    @route_path("participants.csv/", name="participants_csv")
    def participants_csv_route(self, request):
        return self._action(request, "participants_csv")

    @route_path("delegations/new/", name="delegation_create")
    def delegation_create_route(self, request):
        return self._action(request, "delegation_create")

    @route_path("edit/", name="edit")
    def edit_route(self, request):
        return self._action(request, "edit")

    @route_path("edit/cancel/", name="cancel_event")
    def cancel_event_route(self, request):
        return self._action(request, "cancel_event")

    @route_path("edit/restore/", name="restore_event")
    def restore_event_route(self, request):
        return self._action(request, "restore_event")

    @route_path("translations/", name="translations")
    def translations_route(self, request):
        return self._action(request, "translations")

    @route_path("translations/<str:language>/", name="translation")
    def translation_route(self, request, language):
        return page_action("event_page_actions", "translation", request, self, language)


class EventException(Orderable):
    """A cancelled occurrence of a recurring event (an EXDATE)."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date of the cancelled occurrence"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldPanel("date"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("cancelled occurrence")

    def __str__(self):
        return f"{self.page_id}: {self.date}"


class EventAddedDate(Orderable):
    """An extra occurrence of a recurring event, outside its rule (an RDATE), at
    the event's own local start time, or at ``start_time`` (local, in the
    event's zone) when given.

    A moved occurrence (an imported RECURRENCE-ID override, or an organiser's
    "cancel the 10:00, add 14:00 that day") is a cancelled date
    (``EventException``) plus an added date with its own time; it keeps the
    series' duration."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="added_dates")
    date = models.DateField(_("date of the added occurrence"))
    start_time = models.TimeField(
        _("start time of the added occurrence"),
        null=True,
        blank=True,
        help_text=_("Empty: the event's own start time. In the event's time zone."),
    )

    panels = [FieldPanel("date"), FieldPanel("start_time")]

    class Meta(Orderable.Meta):
        verbose_name = _("added occurrence")

    def __str__(self):
        return f"{self.page_id}: +{self.date}"


class EventSession(TranslatableMixin, Orderable):
    """A session of an event's agenda. Its words (title, room, description,
    speakers' names and roles) are translated with the page: a translation of
    the event has its own rows, in its locale, each with the ``translation_key``
    of the source's session it translates (wagtail-localize matches them by it
    at every sync and updates them in place). Its times, order, links and
    calendar UID are the source's."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=255)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = StreamField([("speaker", SpeakerBlock())], blank=True, verbose_name=_("speakers"))
    related_pages = StreamField(
        [("page", blocks.PageChooserBlock(label=_("related practice or consultation")))],
        blank=True,
        verbose_name=_("related practices and consultations"),
    )
    # The UID calendars were given for a session from before sessions were
    # translatable ("session-<its id>", kept by migration 0010), and the
    # translation key it belongs to: a copy of the event (new keys) does not
    # take it over, a translation (the same keys) does. Empty for later sessions.
    legacy_uid = models.CharField(max_length=255, blank=True, editable=False)
    legacy_uid_key = models.UUIDField(null=True, blank=True, editable=False)

    # A translation translates the words; the facts stay the source's.
    override_translatable_fields = kept_from_source("legacy_uid", "legacy_uid_key", "related_pages")

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("room"),
        FieldPanel("description"),
        FieldPanel("speakers"),
        FieldPanel("related_pages"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("session")

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A session cannot end before it starts.")})

    @property
    def uid(self) -> str:
        """The same in every language (one calendar item per session) and
        through every sync and publication: the translation key, which a
        session keeps for life and shares with its translations."""
        if self.legacy_uid and str(self.legacy_uid_key) == str(self.translation_key):
            return self.legacy_uid
        return f"session-{self.translation_key}@{UID_DOMAIN}"

    def __str__(self):
        return self.title


class EventDocument(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def display_title(self):
        return self.title or self.document.title

    def __str__(self):
        return self.display_title
