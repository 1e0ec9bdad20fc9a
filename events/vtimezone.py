"""VTIMEZONE components that every calendar client reads alike.

icalendar's ``Timezone.from_tzid`` (7.x) writes each observance's later
onsets as one comma-separated RDATE line, which Thunderbird's ical.js and
vobject read only the first value of, and it writes the onset of summer time
as the wall-clock time after the change (03:00) where RFC 5545 wants the local
time before it (02:00, read with TZOFFSETFROM). Both put events an hour off in
those clients. So the components are built here from the tz database
(``zoneinfo``):

- every change of offset, DST flag or abbreviation between the first and last
  date is found;
- changes that recur each year on the same weekday rule (``-1SU`` of March,
  ``2SU`` of March, …) at the same local time become one observance with a
  yearly RRULE, left open-ended when the zone still follows the rule ten years
  after the last date (the common case: clients then get every future
  occurrence right), else ending with an UTC UNTIL;
- other changes (Morocco's Ramadan suspensions, one-off changes) are RDATEs,
  one property per date;
- each DTSTART is the local time just before the change, as RFC 5545 says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# How far past the last date a rule must still hold to be written open-ended.
OPEN_ENDED_CHECK = timedelta(days=3653)
# How far before the first date the component starts.
LEAD = timedelta(days=367)


@dataclass(frozen=True)
class Change:
    at: datetime  # UTC instant of the change
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def local(self) -> datetime:
        """The onset as RFC 5545 writes it: local wall-clock time before the change."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def kind(self) -> tuple:
        return (self.daylight, self.offset_from, self.offset_to, self.name)


def _state(tz: ZoneInfo, instant: datetime) -> tuple:
    local = instant.astimezone(tz)
    return local.utcoffset(), local.dst(), local.tzname()


def changes(tzid: str, first: datetime, last: datetime) -> list[Change]:
    """Every change of the zone's offset, DST flag or name in (first, last] (UTC),
    found day by day and then to the second."""
    tz = ZoneInfo(tzid)
    found = []
    step = 86_400
    low_bound, high_bound = int(first.timestamp()), int(last.timestamp())
    before = low_bound
    state = _state(tz, _utc(before))
    while before < high_bound:
        after = min(before + step, high_bound)
        if _state(tz, _utc(after)) == state:
            before = after
            continue
        low, high = before, after  # the change is in (low, high]
        while high - low > 1:
            middle = (low + high) // 2
            if _state(tz, _utc(middle)) == state:
                low = middle
            else:
                high = middle
        new = _state(tz, _utc(high))
        found.append(Change(_utc(high), state[0], new[0], new[2] or "", bool(new[1])))
        state, before = new, high
    return found


def _utc(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


def _weekday_rules(day: date) -> set[str]:
    """BYDAY values that pick ``day`` in its month: ``2SU``, ``-1SU``, …"""
    code = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()]
    nth = (day.day - 1) // 7 + 1
    rules = {f"{nth}{code}"} if nth <= 4 else set()
    next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    from_end = ((next_month - day).days - 1) // 7 + 1
    if from_end == 1:
        rules.add(f"-1{code}")
    return rules


def _yearly_runs(group: list[Change]) -> list[tuple[list[Change], str | None]]:
    """Split one kind of change into runs that follow one yearly rule (with the
    BYDAY that describes them) and single changes (BYDAY None)."""
    runs: list[tuple[list[Change], str | None]] = []
    current: list[Change] = []
    rules: set[str] = set()

    def close():
        if len(current) >= 2 and rules:
            runs.append((list(current), _preferred(rules)))
        else:
            runs.extend(([change], None) for change in current)

    for change in group:
        local = change.local
        if current:
            previous = current[-1].local
            common = rules & _weekday_rules(local.date())
            if (
                local.year == previous.year + 1
                and local.month == previous.month
                and local.time() == previous.time()
                and common
            ):
                current.append(change)
                rules = common
                continue
            close()
        current = [change]
        rules = _weekday_rules(local.date())
    if current:
        close()
    return runs


def _preferred(rules: set[str]) -> str:
    return "-1" + next(iter(rules))[-2:] if any(r.startswith("-1") for r in rules) else min(rules)


def _observance(change: Change, start: datetime):
    component = TimezoneDaylight() if change.daylight else TimezoneStandard()
    component.add("dtstart", start)
    component.add("tzoffsetfrom", change.offset_from)
    component.add("tzoffsetto", change.offset_to)
    if change.name:
        component.add("tzname", change.name)
    return component


@lru_cache(maxsize=256)
def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for ``tzid`` right for every time from ``first`` to ``last``
    (and beyond, where the zone's current rule goes on)."""
    # A year early: dateutil's reading (vobject, icalendar) of a rule's first
    # onset is an hour off for the hour before it; that onset is then before
    # anything in the calendar.
    start = datetime(first.year, first.month, first.day, tzinfo=UTC) - LEAD
    end = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1)
    horizon = end + OPEN_ENDED_CHECK
    found = changes(tzid, start, horizon)
    tz = ZoneInfo(tzid)
    component = Timezone()
    component.add("tzid", tzid)
    offset, dst, name = _state(tz, start)
    # What holds at the start (before the first change written).
    initial = Change(start, offset, offset, name or "", bool(dst))
    observances = [(initial.local, _observance(initial, initial.local))]
    groups: dict[tuple, list[Change]] = {}
    for change in found:
        groups.setdefault(change.kind, []).append(change)
    last_year = horizon.year
    for group in groups.values():
        singles = []
        for run, byday in _yearly_runs(group):
            if byday is None:
                if run[0].at < end:
                    singles.append(run[0])
                continue
            if run[0].at >= end:
                continue
            first_change = run[0]
            observance = _observance(first_change, first_change.local)
            rule = {"FREQ": "YEARLY", "BYMONTH": first_change.local.month, "BYDAY": byday}
            if run[-1].at.year < last_year - 1:
                rule["UNTIL"] = run[-1].at.replace(tzinfo=UTC)
            observance.add("rrule", rule)
            observances.append((first_change.local, observance))
        if singles:
            observance = _observance(singles[0], singles[0].local)
            for change in singles[1:]:
                # One RDATE property per date: clients read only the first of a list.
                observance.add("rdate", change.local)
            observances.append((singles[0].local, observance))
    for _start, observance in sorted(observances, key=lambda pair: pair[0]):
        component.add_component(observance)
    return component
