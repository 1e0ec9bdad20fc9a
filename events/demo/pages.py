"""Demo event pages: the Mayoral Forum series, a GFMD summit, two regional
consultative processes, a monthly webinar, a city-network meeting and a
cancelled hearing, with their agendas."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

from events.models import EventException, EventIndexPage, EventPage, EventSeries, EventSession


@dataclass
class DemoEvent:
    slug: str
    title: str
    event_type: str
    year_offset: int
    month: int
    day: int
    days: int
    tz: str
    city: str
    country: str
    venue: str = ""
    start_time: time = time(9, 0)
    end_time: time = time(17, 30)
    all_day: bool = False
    event_format: str = "in_person"
    online_url: str = ""
    organisers: tuple[str, ...] = ()
    series: bool = False
    description: str = ""
    capacity: int | None = None
    visibility: str = "hidden"
    recurrence: str = ""
    exceptions: tuple[int, ...] = ()  # months (of the start year) whose occurrence is cancelled
    first_tuesday: bool = False  # start on the first Tuesday of the month (BYDAY=1TU)
    cancelled: bool = False
    cancellation_note: str = ""
    sessions: list = field(default_factory=list)


def _mayoral_sessions(city):
    return [
        (
            "Opening: cities at the table of global migration governance",
            0,
            9,
            10,
            "Plenary hall",
            [("Mayor of the host city", "Host", city)],
        ),
        (
            "Labour mobility and skills partnerships led by cities",
            0,
            11,
            12,
            "Room B",
            [
                ("Giulia Rossi", "Inclusion Policies Unit", "milan"),
                ("Abena Owusu", "Migration Policy Officer", "accra"),
            ],
        ),
        (
            "Climate mobility and urban resilience",
            1,
            9,
            10,
            "Plenary hall",
            [("Wanjiru Kamau", "Urban Planning", "nairobi")],
        ),
        (
            "Closing: messages to the Global Forum",
            1,
            15,
            16,
            "Plenary hall",
            [("Sofia Lindqvist", "Analyst", "global-migration-office")],
        ),
    ]


MAYORAL = "Mayoral Forum on Mobility, Migration and Development"

EVENTS = [
    DemoEvent(
        "mayoral-forum-quito",
        f"{MAYORAL} (Quito)",
        "global_forum",
        -2,
        11,
        4,
        2,
        "America/Guayaquil",
        "Quito",
        "EC",
        venue="Centro de Convenciones Metropolitano",
        organisers=("quito", "cities-mobility-network", "global-migration-office"),
        series=True,
        description="Mayors and local leaders met to prepare their contribution to the Global "
        "Forum on Migration and Development.",
        visibility="public",
        sessions=_mayoral_sessions("quito"),
    ),
    DemoEvent(
        "mayoral-forum-accra",
        f"{MAYORAL} (Accra)",
        "global_forum",
        -1,
        10,
        13,
        2,
        "Africa/Accra",
        "Accra",
        "GH",
        venue="Accra International Conference Centre",
        organisers=("accra", "cities-mobility-network", "global-migration-office"),
        series=True,
        description="The Accra edition focused on labour mobility and the inclusion of migrants "
        "in city services.",
        visibility="participants",
        sessions=_mayoral_sessions("accra"),
    ),
    DemoEvent(
        "mayoral-forum-milan",
        f"{MAYORAL} (Milan)",
        "global_forum",
        1,
        3,
        27,
        3,
        "Europe/Rome",
        "Milan",
        "IT",
        venue="Palazzo Marino",
        event_format="hybrid",
        online_url="https://meet.example.org/mayoral-forum-milan",
        organisers=("milan", "cities-mobility-network", "global-migration-office"),
        series=True,
        description="The next edition: cities' messages to the Global Forum on Migration and "
        "Development, labour pathways, climate mobility. The forum spans the change to summer "
        "time in Europe.",
        capacity=150,
        visibility="participants",
        sessions=_mayoral_sessions("milan"),
    ),
    DemoEvent(
        "gfmd-summit",
        "Global Forum on Migration and Development Summit",
        "global_forum",
        1,
        1,
        20,
        3,
        "Europe/Zurich",
        "Geneva",
        "CH",
        venue="International Conference Centre Geneva",
        all_day=True,
        organisers=("global-migration-office",),
        description="The annual summit of states, with the Mayors Mechanism and civil society.",
        capacity=400,
    ),
    DemoEvent(
        "rabat-process-dakar",
        "Rabat Process: senior officials' meeting",
        "regional_process",
        1,
        5,
        12,
        2,
        "Africa/Dakar",
        "Dakar",
        "SN",
        venue="King Fahd Palace",
        organisers=("global-migration-office",),
        description="Euro-African dialogue on migration and development: thematic meeting on "
        "legal pathways, with local authorities invited.",
    ),
    DemoEvent(
        "puebla-process-quito",
        "Regional Conference on Migration: vice-ministerial meeting",
        "regional_process",
        1,
        6,
        16,
        2,
        "America/Guayaquil",
        "Quito",
        "EC",
        organisers=("ec-human-mobility",),
        description="The Puebla Process meets on regular pathways and the protection of "
        "migrants in transit.",
    ),
    DemoEvent(
        "cities-migration-webinar",
        "Cities and migration: monthly webinar",
        "webinar",
        -1,
        1,
        5,
        1,
        "Europe/Brussels",
        "",
        "",
        start_time=time(15, 0),
        end_time=time(16, 0),
        event_format="online",
        online_url="https://meet.example.org/cities-webinar",
        organisers=("cities-mobility-network",),
        description="Every first Tuesday: one city presents a practice, peers ask questions.",
        recurrence="FREQ=MONTHLY;BYDAY=1TU;COUNT=36",
        exceptions=(8,),
        first_tuesday=True,
    ),
    DemoEvent(
        "network-meeting-lisbon",
        "Cities for Mobility Network: members' meeting",
        "city_network",
        1,
        9,
        22,
        2,
        "Europe/Lisbon",
        "Lisbon",
        "PT",
        venue="Paços do Concelho",
        organisers=("cities-mobility-network", "lisbon"),
        description="Annual meeting of member cities.",
    ),
    DemoEvent(
        "consultation-hearing-palermo",
        "Public hearing on reception in small towns",
        "hearing",
        1,
        2,
        10,
        1,
        "Europe/Rome",
        "Palermo",
        "IT",
        start_time=time(10, 0),
        end_time=time(13, 0),
        organisers=("palermo",),
        cancelled=True,
        cancellation_note="Postponed: a new date will be announced.",
        description="A hearing of the national consultation on reception.",
    ),
]


def _first_tuesday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return date.fromordinal(day.toordinal() + (1 - day.weekday()) % 7)


def _aware(day: date, at: time, tz: str) -> datetime:
    return datetime.combine(day, at, ZoneInfo(tz))


def _set(obj, **values) -> bool:
    changed = False
    for name, value in values.items():
        current = getattr(obj, name)
        if hasattr(current, "all") and not isinstance(value, (str, int)):
            continue
        if current != value:
            setattr(obj, name, value)
            changed = True
    return changed


def seed_events(orgs) -> dict[str, EventPage] | None:
    """The demo events by slug (None when there is no /events/ index to hold them)."""
    index = EventIndexPage.objects.first()
    if index is None:
        return None
    series, _ = EventSeries.objects.get_or_create(
        slug="mayoral-forum",
        defaults={
            "name": MAYORAL,
            "description": "Every edition of the Mayoral Forum, held before the Global Forum.",
        },
    )
    year = timezone.localdate().year
    return {spec.slug: _seed_event(index, spec, year, series, orgs) for spec in EVENTS}


def _seed_event(index, spec: DemoEvent, year, series, orgs) -> EventPage:
    first = date(year + spec.year_offset, spec.month, spec.day)
    if spec.first_tuesday:
        first = _first_tuesday(first.year, first.month)
    last = date.fromordinal(first.toordinal() + spec.days - 1)
    if spec.all_day:
        start = _aware(first, time(0), spec.tz)
        end = _aware(date.fromordinal(last.toordinal() + 1), time(0), spec.tz)
    else:
        start = _aware(first, spec.start_time, spec.tz)
        end = _aware(last, spec.end_time, spec.tz)
    values = {
        "title": spec.title,
        "event_type": spec.event_type,
        "series": series if spec.series else None,
        "start": start,
        "end": end,
        "timezone": spec.tz,
        "all_day": spec.all_day,
        "event_format": spec.event_format,
        "venue": spec.venue,
        "city": spec.city,
        "country": spec.country,
        "online_url": spec.online_url,
        "description": f"<p>{spec.description}</p>" if spec.description else "",
        "capacity": spec.capacity,
        "participant_visibility": spec.visibility,
        "recurrence": spec.recurrence,
        "cancelled": spec.cancelled,
        "cancellation_note": spec.cancellation_note,
        "registration_deadline": None,
    }
    page = EventPage.objects.child_of(index).filter(slug=spec.slug).first()
    organisers = [orgs[s] for s in spec.organisers]
    sessions = [
        EventSession(
            sort_order=position,
            title=title,
            start=_aware(date.fromordinal(first.toordinal() + offset), time(h1), spec.tz),
            end=_aware(date.fromordinal(first.toordinal() + offset), time(h2), spec.tz),
            room=room,
            speakers=[
                ("speaker", {"name": name, "role": role, "organisation": orgs.get(org)})
                for name, role, org in speakers
            ],
        )
        for position, (title, offset, h1, h2, room, speakers) in enumerate(spec.sessions)
    ]
    exceptions = [EventException(date=_first_tuesday(first.year, m)) for m in spec.exceptions]
    if page is None:
        page = EventPage(slug=spec.slug, **values)
        page.organisers = organisers
        page.sessions = sessions
        page.exceptions = exceptions
        index.add_child(instance=page)
        page.save_revision().publish()
        return page
    changed = _set(page, **{k: v for k, v in values.items() if k != "series"})
    if page.series_id != (series.pk if spec.series else None):
        page.series = series if spec.series else None
        changed = True
    if {o.pk for o in page.organisers.all()} != {o.pk for o in organisers}:
        page.organisers = organisers
        changed = True
    if sorted((s.start, s.title) for s in page.sessions.all()) != sorted(
        (s.start, s.title) for s in sessions
    ):
        page.sessions = sessions
        changed = True
    if sorted(e.date for e in page.exceptions.all()) != sorted(e.date for e in exceptions):
        page.exceptions = exceptions
        changed = True
    if changed:
        page.save_revision().publish()
    return page
