"""The calendar interoperability suite (issue #17): every feed the site serves,
read by independent parsers, each series expanded for 24 months, every
occurrence's UTC start compared

(a) between the parsers,
(b) with the site's own month grid and stored occurrences, and
(c) with the tz database (``world.Spec.expected``: the event's wall-clock
    time placed by zoneinfo).

Documents read: the public feed (``/events/calendar.ics``), filtered feeds (by
type, format and organiser), each event's ``event.ics``, a personal feed (by
its secret token), the invitation emails' METHOD:REQUEST attachments (the
confirmation, and the update after a change), the METHOD:CANCEL of a single
occurrence (RECURRENCE-ID) cancelled on the site, and the METHOD:CANCEL sent to
a registrant who withdrew.

``run()`` builds the world (``world.specs``) in the current database, reads
everything and returns ``Figures``; the test (``test_interop.py``) asserts
there is no mismatch, ``make interop`` prints the figures and the benchmark
module ``tests/perf/bench_interop.py`` records them in ``reports/bench.md``.
Bounded: about 15 events, some 700 occurrences per reading; seconds, not
minutes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.test import Client
from django.utils import timezone

from events.tests.interop import readers as reading
from events.tests.interop.world import Spec, specs

WINDOW = timedelta(days=730)  # 24 months, within the stored occurrences' horizon
FAR_FUTURE_YEARS = 20


@dataclass
class Figures:
    parsers: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    feeds: int = 0  # documents read (feeds and email attachments)
    readings: int = 0  # documents × parsers
    events: int = 0
    occurrences: int = 0  # occurrence comparisons made
    compared: dict = field(default_factory=dict)  # what with what -> occurrences
    mismatches: list[str] = field(default_factory=list)
    by_kind: dict = field(default_factory=dict)  # kind of document -> count
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.feeds} feeds and invitations read by {len(self.parsers)} parsers "
            f"({', '.join(self.parsers)}; {self.readings} readings), {self.events} events, "
            f"{self.occurrences} occurrence comparisons, {len(self.mismatches)} mismatches "
            f"in {self.seconds:.1f} s"
        )

    def rows(self) -> list[list]:
        return [
            ["parsers", ", ".join(self.parsers)],
            *[["documents: " + kind, n] for kind, n in sorted(self.by_kind.items())],
            ["documents read", self.feeds],
            ["readings (documents × parsers)", self.readings],
            ["events", self.events],
            *[["occurrences compared: " + what, n] for what, n in self.compared.items()],
            ["occurrences compared", self.occurrences],
            ["mismatches", len(self.mismatches)],
            ["seconds", f"{self.seconds:.1f}"],
        ]


# -- building the world ------------------------------------------------------------------


@dataclass
class World:
    specs: list[Spec]
    events: dict  # spec key -> EventPage
    organisers: dict  # spec key -> organisation
    reader: object  # the registered user
    withdrawn: object  # a user who registered, then cancelled
    token: str
    messages: list  # (kind, EmailMessage, sent before the later cancellation)
    window: tuple[datetime, datetime]


def build(now: datetime | None = None) -> World:
    from django.contrib.auth import get_user_model

    from events.models import (
        CalendarToken,
        EventAddedDate,
        EventException,
        EventIndexPage,
        EventPage,
        Registration,
    )
    from events.registration import cancel, register
    from events.tasks import (
        CANCEL_OCCURRENCES,
        UPDATE,
        change_message,
        confirmation_message,
        withdrawal_message,
    )
    from forum_site.organisations.models import Membership, Organisation
    from forum_site.site_structure import ensure_site_structure

    now = now or timezone.now()
    ensure_site_structure()
    index = EventIndexPage.objects.get()
    paris = Organisation.objects.create(name="Interop City of Paris", kind="city", country="FR")
    network = Organisation.objects.create(
        name="Interop Pacific Network", kind="civil_society", country="AU"
    )
    users = get_user_model().objects
    reader = users.create_user("interop-reader", email="interop-reader@example.org")
    withdrawn = users.create_user("interop-withdrawn", email="interop-withdrawn@example.org")
    for user in (reader, withdrawn):
        Membership.objects.create(user=user, organisation=paris, role="member")
    world = specs(now)
    events, organisers = {}, {}
    for spec in world:
        organiser = network if spec.zone in ("Australia/Sydney", "Asia/Kolkata") else paris
        start = spec.start.replace(tzinfo=spec.tz)
        page = EventPage(
            title=spec.title,
            slug=f"interop-{spec.key}",
            start=start,
            end=start + spec.duration,
            timezone=spec.zone,
            all_day=spec.all_day,
            recurrence=spec.rule,
            event_type=spec.event_type,
            event_format=spec.event_format,
            city="Interop",
            online_url="https://meet.example.org/interop"
            if spec.event_format != "in_person"
            else "",
        )
        page.organisers = [organiser]
        page.exceptions = [EventException(date=d) for d in spec.exdates]
        page.added_dates = [EventAddedDate(date=d, start_time=t) for d, t in spec.rdates]
        index.add_child(instance=page)
        page.save_revision().publish()
        events[spec.key] = EventPage.objects.get(pk=page.pk)
        organisers[spec.key] = organiser
    messages = []
    registrations = {}
    for spec in world:
        if spec.registered:
            registration = register(reader, events[spec.key], paris)
            registrations[spec.key] = registration
            messages.append(("invitation", confirmation_message(registration), True))
    # Someone registers for the New York series, then withdraws: their copy goes.
    gone = register(withdrawn, events["new-york-monthly"], paris)
    cancel(gone)
    withdrawal = withdrawal_message(Registration.objects.get(pk=gone.pk))
    messages.append(("withdrawal", withdrawal, True))
    # An occurrence cancelled on the site after people registered.
    for spec in world:
        if spec.cancel_later:
            page = EventPage.objects.get(pk=events[spec.key].pk)
            page.exceptions = [
                *[EventException(date=e.date) for e in page.exceptions.all()],
                EventException(date=spec.cancel_later, note="Interop: cancelled"),
            ]
            page.save_revision().publish()
            events[spec.key] = EventPage.objects.get(pk=page.pk)
            registration = registrations[spec.key]
            messages.append(
                (
                    "cancellation",
                    change_message(
                        registration, CANCEL_OCCURRENCES, [spec.cancel_later.isoformat()]
                    ),
                    False,
                )
            )
            messages.append(("update", change_message(registration, UPDATE, []), False))
    token = CalendarToken.new_token()
    CalendarToken.objects.create(user=reader, token=token)
    return World(world, events, organisers, reader, withdrawn, token, messages, (now, now + WINDOW))


# -- what the site says ---------------------------------------------------------------


def _site_key(spec: Spec, occurrence_start: datetime):
    if spec.all_day:
        return timezone.localtime(occurrence_start, spec.tz).date()
    return occurrence_start.astimezone(UTC)


def month_grid_keys(world: World) -> dict[str, list]:
    """Each event's occurrences in the window as the site's month grid shows them
    (not cancelled ones), month by month."""
    from events.listing import for_listing, month_grid
    from events.models import EventPage

    start, end = world.window
    by_pk = {page.pk: key for key, page in world.events.items()}
    spec_of = {spec.key: spec for spec in world.specs}
    found: dict[str, set] = {key: set() for key in world.events}
    year, month = start.year, start.month
    queryset = for_listing(EventPage.objects.live().filter(pk__in=list(by_pk)))
    while date(year, month, 1) <= end.date():
        for week in month_grid(queryset, year, month):
            for day in week:
                for occurrence in day["occurrences"]:
                    key = by_pk[occurrence.event.pk]
                    if occurrence.cancelled or not start <= occurrence.start < end:
                        continue
                    found[key].add(_site_key(spec_of[key], occurrence.start))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {key: sorted(values) for key, values in found.items()}


def stored_keys(world: World) -> dict[str, list]:
    """Each event's stored occurrences in the window (a one-off: its own start)."""
    from events.models import EventOccurrence

    start, end = world.window
    found = {}
    for spec in world.specs:
        page = world.events[spec.key]
        if page.recurrence:
            starts = EventOccurrence.objects.filter(
                event=page, cancelled=False, start__gte=start, start__lt=end
            ).values_list("start", flat=True)
        else:
            starts = [page.start] if start <= page.start < end else []
        found[spec.key] = sorted(_site_key(spec, s) for s in starts)
    return found


# -- documents ------------------------------------------------------------------------


def documents(world: World) -> list[tuple[str, str, bytes, set[str], bool]]:
    """(kind, name, body, keys of the events it must hold, written before the
    later cancellation) for every feed the site serves and every calendar
    attachment it sent."""
    client = Client(HTTP_HOST="localhost")
    everything = {spec.key for spec in world.specs}
    uid_key = {page.uid: key for key, page in world.events.items()}
    found = []

    def get(url):
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url}: {response.status_code}")
        return response.content

    found.append(
        ("public feed", "/events/calendar.ics", get("/events/calendar.ics"), everything, False)
    )
    # (the feeds are read now: after the later cancellation)
    for query, wanted in (
        ("type=webinar", {s.key for s in world.specs if s.event_type == "webinar"}),
        ("mode=online", {s.key for s in world.specs if s.event_format in ("online", "hybrid")}),
        (
            "organiser=" + world.organisers["sydney-weekly"].slug,
            {k for k, o in world.organisers.items() if o == world.organisers["sydney-weekly"]},
        ),
    ):
        url = f"/events/calendar.ics?{query}"
        found.append(("filtered feed", url, get(url), wanted, False))
    for spec in world.specs:
        url = f"{world.events[spec.key].url}event.ics"
        found.append(("event .ics", url, get(url), {spec.key}, False))
    url = f"/events/feed/{world.token}.ics"
    found.append(
        ("personal feed", url, get(url), {s.key for s in world.specs if s.registered}, False)
    )
    for kind, message, before in world.messages:
        parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
        if len(parts) != 1:
            raise AssertionError(f"{kind} email to {message.to}: {len(parts)} calendar parts")
        body = parts[0].get_payload(decode=True)
        uids = {uid_key[line.split(":", 1)[1].strip()] for line in _lines(body, "UID")}
        found.append((f"{kind} email", message.subject, body, uids, before))
    return found


def _lines(body: bytes, name: str) -> list[str]:
    return [
        line
        for line in body.decode().replace("\r\n ", "").splitlines()
        if line.startswith(name + ":")
    ]


# -- comparing ------------------------------------------------------------------------


def _compare(figures: Figures, what: str, where: str, got: list, wanted: list) -> None:
    figures.occurrences += len(wanted)
    figures.compared[what] = figures.compared.get(what, 0) + len(wanted)
    if got != wanted:
        missing = sorted(set(wanted) - set(got), key=str)[:3]
        extra = sorted(set(got) - set(wanted), key=str)[:3]
        figures.mismatches.append(
            f"{where}: {len(wanted)} wanted, {len(got)} read; "
            f"missing {[str(m) for m in missing]}, unexpected {[str(e) for e in extra]}"
            + ("" if missing or extra else " (order or duplicates)")
        )


def run(now: datetime | None = None, *, far_future_years: int = FAR_FUTURE_YEARS) -> Figures:
    started = time.perf_counter()
    figures = Figures()
    parsers = reading.readers()
    figures.parsers = list(parsers)
    reason = reading.js_unavailable()
    if reason:
        figures.skipped.append(f"ical.js: {reason}")
    world = build(now)
    figures.events = len(world.specs)
    spec_of = {spec.key: spec for spec in world.specs}
    uid_key = {page.uid: key for key, page in world.events.items()}
    start, end = world.window
    expected = {spec.key: spec.expected(start, end) for spec in world.specs}
    expected_before = {spec.key: spec.expected(start, end, later=False) for spec in world.specs}
    # (b) the site's own month grid and stored occurrences, against tzdb.
    for name, keys in (("month grid", month_grid_keys(world)), ("stored", stored_keys(world))):
        for key, wanted in expected.items():
            _compare(figures, f"site {name} / tzdb", f"site {name}: {key}", keys[key], wanted)
    # (a) and (c): every document, every parser.
    found = documents(world)
    node: list = []
    if "ical.js" in parsers:
        # One node process for every document.
        try:
            node = reading.ical_js_many([body for _k, _n, body, _w, _b in found], end)
        except Exception as exc:
            figures.mismatches.append(f"ical.js: unreadable ({exc!r:.200})")
    for index, (kind, name, body, wanted_keys, before) in enumerate(found):
        figures.feeds += 1
        figures.by_kind[kind] = figures.by_kind.get(kind, 0) + 1
        readings = {}
        for parser, read in parsers.items():
            figures.readings += 1
            if parser == "ical.js":
                if node:
                    readings[parser] = node[index]
                continue
            try:
                readings[parser] = read(body, end)
            except Exception as exc:  # a parser that cannot read a document is a mismatch
                figures.mismatches.append(f"{name} [{parser}]: unreadable ({exc!r:.200})")
        for parser, components in readings.items():
            where = f"{name} [{parser}]"
            masters = [c for c in components if c.recurrence_id is None]
            overrides = [c for c in components if c.recurrence_id is not None]
            held = {uid_key.get(c.uid, c.uid) for c in components}
            if held != wanted_keys:
                figures.mismatches.append(
                    f"{where}: holds {sorted(held - wanted_keys)} it should not, "
                    f"lacks {sorted(wanted_keys - held)}"
                )
            for component in masters:
                key = uid_key.get(component.uid)
                if key is None:
                    continue
                got = [k for k in component.starts if _in_window(k, spec_of[key], start, end)]
                # (c) with tzdb.
                _compare(
                    figures,
                    "parsers / tzdb (24 months)",
                    f"{where} {key}",
                    got,
                    (expected_before if before else expected)[key],
                )
            for component in overrides:
                # A cancelled occurrence: its RECURRENCE-ID is that occurrence's start.
                key = uid_key[component.uid]
                spec = spec_of[key]
                wanted = [spec.key_of(_local_on(spec, spec.cancel_later))]
                _compare(
                    figures,
                    "RECURRENCE-ID / tzdb",
                    f"{where} {key} RECURRENCE-ID",
                    [component.recurrence_id],
                    wanted,
                )
                if component.status.upper() != "CANCELLED":
                    figures.mismatches.append(f"{where} {key}: override not CANCELLED")
        # (a) the parsers with each other, component by component.
        names = list(readings)
        for other in names[1:]:
            first, second = readings[names[0]], readings[other]
            a = sorted((c.uid, str(c.recurrence_id), tuple(c.starts)) for c in first)
            b = sorted((c.uid, str(c.recurrence_id), tuple(c.starts)) for c in second)
            pairs = sum(len(c.starts) for c in first)
            figures.occurrences += pairs
            what = "parser / parser"
            figures.compared[what] = figures.compared.get(what, 0) + pairs
            if a != b:
                figures.mismatches.append(f"{name}: {names[0]} and {other} disagree")
    # Far future: the open-ended series in the public feed, read for twenty
    # years, against tzdb (the VTIMEZONE must cover every occurrence).
    public = Client(HTTP_HOST="localhost").get("/events/calendar.ics").content
    far = start + timedelta(days=365 * far_future_years)
    for parser, read in parsers.items():
        figures.readings += 1
        for component in read(public, far):
            key = uid_key.get(component.uid)
            if key is None or component.recurrence_id is not None:
                continue
            spec = spec_of[key]
            if spec.rule and "COUNT" not in spec.rule and "UNTIL" not in spec.rule:
                got = [k for k in component.starts if _in_window(k, spec, start, far)]
                _compare(
                    figures,
                    f"parsers / tzdb ({far_future_years} years, open-ended series)",
                    f"far future [{parser}] {key}",
                    got,
                    spec.expected(start, far),
                )
    figures.seconds = time.perf_counter() - started
    return figures


def _in_window(key, spec: Spec, start: datetime, end: datetime) -> bool:
    if isinstance(key, datetime):
        return start <= key < end
    moment = datetime.combine(key, datetime.min.time(), spec.tz).astimezone(UTC)
    return start <= moment < end


def _local_on(spec: Spec, day: date) -> datetime:
    return datetime.combine(day, spec.start.time())
