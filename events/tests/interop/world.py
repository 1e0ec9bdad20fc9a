"""The interoperability suite's fixture world: a bounded set of events in five
zones (two northern DST zones, a southern one, Australia's, and India's with
no DST), timed and all-day, one-off and recurring (weekly, monthly, yearly,
open-ended), with exceptions (EXDATE), added dates (RDATE), occurrences moved
to another time or day, and an occurrence cancelled on the site after people
registered.

Each event is described by a ``Spec`` in its own wall-clock time. The
reference (``Spec.expected``) places that wall-clock time with the tz
database (zoneinfo) and knows nothing of the site's code: it is what every
calendar client must show.

The world starts in the next month from ``now`` so that its series are
upcoming (the feeds carry upcoming events) and crosses at least one change of
offset in every zone that has them within its 24 months.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

WINDOW_MONTHS = 24


@dataclass
class Spec:
    key: str
    title: str
    zone: str
    start: datetime  # naive wall-clock time in ``zone`` (midnight when all-day)
    duration: timedelta
    all_day: bool = False
    rule: str = ""
    exdates: list[date] = field(default_factory=list)
    # Added dates: (date, own start time or None for the series' time).
    rdates: list[tuple[date, time | None]] = field(default_factory=list)
    # Cancelled on the site after registrations (iTIP CANCEL with RECURRENCE-ID).
    cancel_later: date | None = None
    event_type: str = "other"
    event_format: str = "in_person"
    registered: bool = False

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def local_starts(self, until: datetime, *, later: bool = True) -> list[datetime]:
        """Every occurrence's naive local start up to ``until`` (UTC), from the
        spec alone: rule ∪ added − cancelled (``later``: with the occurrence
        cancelled on the site, as the event is after that)."""
        limit = until.astimezone(self.tz).replace(tzinfo=None) + timedelta(days=2)
        found = {self.start}
        if self.rule:
            rule = self.rule
            if "UNTIL=" in rule and rule.endswith("Z"):
                # A UTC UNTIL, as wall-clock time in the zone (the expansion's).
                text = rule.rsplit("UNTIL=", 1)[1]
                end = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
                local_end = end.astimezone(self.tz).replace(tzinfo=None)
                rule = rule.replace(text, f"{local_end:%Y%m%dT%H%M%S}")
            for moment in rrulestr(rule, dtstart=self.start, ignoretz=True):
                if moment > limit:
                    break
                found.add(moment)
        own = self.start.time()
        for day, at in self.rdates:
            found.add(datetime.combine(day, own if self.all_day else (at or own)))
        cancelled = set(self.exdates)
        if self.cancel_later and later:
            cancelled.add(self.cancel_later)
        moved = {datetime.combine(d, at) for d, at in self.rdates if at and at != own}
        return sorted(m for m in found if m.date() not in cancelled or m in moved)

    def key_of(self, local: datetime):
        """The key of an occurrence: its date when all-day, else its UTC start by tzdb."""
        if self.all_day:
            return local.date()
        return local.replace(tzinfo=self.tz).astimezone(UTC)

    def expected(self, start: datetime, end: datetime, *, later: bool = True) -> list:
        """The tzdb reference: keys of the occurrences starting in [start, end)."""
        keys = []
        for local in self.local_starts(end, later=later):
            moment = (
                datetime.combine(local.date(), time.min, self.tz).astimezone(UTC)
                if self.all_day
                else local.replace(tzinfo=self.tz).astimezone(UTC)
            )
            if start <= moment < end:
                keys.append(self.key_of(local))
        return keys


def _rule_dates(start: datetime, rule: str, n: int) -> list[datetime]:
    found = []
    for moment in rrulestr(rule, dtstart=start, ignoretz=True):
        found.append(moment)
        if len(found) >= n:
            break
    return found


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _utc_end_of_day(day: date, zone: str) -> str:
    moment = datetime.combine(day, time(23, 59, 59), ZoneInfo(zone)).astimezone(UTC)
    return f"{moment:%Y%m%dT%H%M%SZ}"


def specs(now: datetime) -> list[Spec]:
    """The world, anchored at the first day of the month after ``now``."""
    first = (now.date().replace(day=1) + timedelta(days=32)).replace(day=1)
    monday = _next_weekday(first, 0)
    world = []

    # Weekly in Paris for 70 weeks: both changes, twice. One date cancelled in
    # advance, one cancelled later on the site, one moved within its day, one
    # moved to the next day, one added.
    start = datetime.combine(monday, time(10, 0))
    rule = "FREQ=WEEKLY;COUNT=70"
    dates = _rule_dates(start, rule, 12)
    world.append(
        Spec(
            "paris-weekly",
            "Paris weekly coordination",
            "Europe/Paris",
            start,
            timedelta(minutes=90),
            rule=rule,
            exdates=[dates[2].date(), dates[6].date(), dates[8].date()],
            rdates=[
                (dates[6].date(), time(14, 30)),  # moved within its day
                (dates[8].date() + timedelta(days=1), None),  # moved to the next day
                (dates[10].date() + timedelta(days=2), None),  # added
            ],
            cancel_later=dates[4].date(),
            event_type="city_network",
            event_format="hybrid",
            registered=True,
        )
    )
    # Monthly webinar in Paris, first Tuesday, two years.
    tuesday = _next_weekday(first, 1)
    world.append(
        Spec(
            "paris-webinar",
            "Paris monthly webinar",
            "Europe/Paris",
            datetime.combine(tuesday, time(18, 0)),
            timedelta(hours=1),
            rule="FREQ=MONTHLY;BYDAY=1TU;COUNT=24",
            event_type="webinar",
            event_format="online",
        )
    )
    # New York, second Thursday monthly: the US changes on other dates than Europe.
    start = datetime.combine(first, time(18, 0))
    rule = "FREQ=MONTHLY;BYDAY=2TH;COUNT=24"
    start = _rule_dates(start, rule, 1)[0]
    dates = _rule_dates(start, rule, 8)
    world.append(
        Spec(
            "new-york-monthly",
            "New York monthly hearing",
            "America/New_York",
            start,
            timedelta(hours=2),
            rule=rule,
            exdates=[dates[3].date()],
            rdates=[(dates[5].date() + timedelta(days=1), None)],
            event_type="hearing",
            registered=True,
        )
    )
    # Sydney, Tuesdays 09:00 until a date (UNTIL in UTC, as the site writes it):
    # the southern changes (April, October).
    start = datetime.combine(tuesday, time(9, 0))
    until = tuesday + timedelta(days=540)
    rule = f"FREQ=WEEKLY;BYDAY=TU;UNTIL={_utc_end_of_day(until, 'Australia/Sydney')}"
    dates = _rule_dates(start, rule.split(";UNTIL")[0], 6)
    world.append(
        Spec(
            "sydney-weekly",
            "Sydney weekly partners' call",
            "Australia/Sydney",
            start,
            timedelta(hours=1),
            rule=rule,
            exdates=[dates[1].date(), dates[4].date()],
            rdates=[(dates[4].date(), time(16, 0))],
            event_type="city_network",
            event_format="online",
            registered=True,
        )
    )
    # Kolkata, the 15th of every month at 17:30, open-ended (no DST; the
    # feed's VTIMEZONE must still cover every occurrence).
    day15 = first.replace(day=15)
    world.append(
        Spec(
            "kolkata-monthly",
            "Kolkata monthly clinic",
            "Asia/Kolkata",
            datetime.combine(day15, time(17, 30)),
            timedelta(hours=2),
            rule="FREQ=MONTHLY;BYMONTHDAY=15",
            event_type="other",
        )
    )
    # Santiago, Thursdays 19:00: Chile's changes (April, September), at midnight.
    thursday = _next_weekday(first, 3)
    start = datetime.combine(thursday, time(19, 0))
    rule = "FREQ=WEEKLY;BYDAY=TH;COUNT=80"
    dates = _rule_dates(start, rule, 4)
    world.append(
        Spec(
            "santiago-weekly",
            "Santiago weekly reception desk",
            "America/Santiago",
            start,
            timedelta(hours=2),
            rule=rule,
            exdates=[dates[2].date()],
            event_type="other",
        )
    )
    # Paris, yearly and open-ended: the far-future check.
    july = date(first.year + 1, 7, 1)
    world.append(
        Spec(
            "paris-yearly",
            "Paris yearly assembly",
            "Europe/Paris",
            datetime.combine(july, time(9, 0)),
            timedelta(hours=8),
            rule="FREQ=YEARLY",
            event_type="global_forum",
        )
    )
    # Casablanca, Fridays 12:00, open-ended: Morocco's changes around Ramadan
    # follow no yearly rule (one RDATE each in the VTIMEZONE), far into the future.
    friday = _next_weekday(first, 4)
    world.append(
        Spec(
            "casablanca-weekly",
            "Casablanca weekly consultation",
            "Africa/Casablanca",
            datetime.combine(friday, time(12, 0)),
            timedelta(hours=1),
            rule="FREQ=WEEKLY;BYDAY=FR",
        )
    )
    # All day: a weekly market day in Paris (Fridays), with an exception and an
    # added Saturday; a three-day summit in Sydney; a one-day fair in Santiago.
    friday = _next_weekday(first, 4)
    start = datetime.combine(friday, time.min)
    rule = "FREQ=WEEKLY;BYDAY=FR;COUNT=30"
    dates = _rule_dates(start, rule, 6)
    world.append(
        Spec(
            "paris-market-day",
            "Paris information market day",
            "Europe/Paris",
            start,
            timedelta(days=1),
            all_day=True,
            rule=rule,
            exdates=[dates[3].date()],
            rdates=[(dates[5].date() + timedelta(days=1), None)],
            registered=True,
        )
    )
    summit = first + timedelta(days=200)
    world.append(
        Spec(
            "sydney-summit",
            "Sydney regional summit",
            "Australia/Sydney",
            datetime.combine(summit, time.min),
            timedelta(days=3),
            all_day=True,
            event_type="regional_process",
            registered=True,
        )
    )
    world.append(
        Spec(
            "santiago-fair",
            "Santiago welcome fair",
            "America/Santiago",
            datetime.combine(first + timedelta(days=280), time.min),
            timedelta(days=1),
            all_day=True,
        )
    )
    # One-off timed events, each just after a change of its zone's offset.
    for key, title, zone, month, day, hour in (
        ("new-york-panel", "New York panel", "America/New_York", 3, 20, 9),
        ("kolkata-webinar", "Kolkata webinar", "Asia/Kolkata", 4, 2, 11),
        ("santiago-forum", "Santiago forum", "America/Santiago", 9, 10, 8),
        ("sydney-briefing", "Sydney briefing", "Australia/Sydney", 10, 8, 8),
    ):
        year = first.year if date(first.year, month, day) >= first else first.year + 1
        world.append(
            Spec(
                key,
                title,
                zone,
                datetime(year, month, day, hour),
                timedelta(hours=2),
                event_type="webinar" if "webinar" in key else "other",
                event_format="online" if "webinar" in key else "in_person",
                registered=key == "new-york-panel",
            )
        )
    return world
