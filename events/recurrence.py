"""Recurrence rules (RFC 5545 RRULE via dateutil), checked on input and always
expanded under a hard budget.

dateutil's iterator can spin without ever yielding: a rule whose filters never
match (``FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30``) walks period after period up to
the year 9999, and ``INTERVAL=0`` never advances at all, so ``rule.after()``
loops forever. A counter around the iterator cannot stop that, since control
never comes back to it. So every rule made here is a ``_BoundedRule``: dateutil's
own expansion code, given an ``_iterinfo`` that charges each period's days (and
our loop each occurrence) to a ``Budget`` and raises ``BudgetExceeded`` when it
runs out. Rules are also checked structurally first (``_check_parts``) so the
common mistakes get a clear message rather than a budget refusal.
"""

from __future__ import annotations

import logging
import re
import types
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import dateutil.rrule as _du
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_OCCURRENCES = 500  # per event within one window
ALLOWED_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
# A rule must have an occurrence within this time of its start.
VALIDATION_HORIZON = timedelta(days=3660)
# Units of work one expansion may cost: each day dateutil examines and each
# occurrence it yields is one unit. Ten years of a daily rule cost about 7,400.
EXPANSION_BUDGET = 40_000
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_EVENT_LENGTH = timedelta(days=366)
MAX_INTERVAL = 1000
MAX_COUNT = 1_000_000_000
MAX_LIST = 31  # values in one BY… part
MAX_TIMES_PER_DAY = 24  # BYHOUR × BYMINUTE × BYSECOND

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BYDAY = re.compile(r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_INTEGER = re.compile(r"^[+-]?\d{1,4}$")
# name: (smallest absolute value, largest absolute value, negatives allowed)
_NUMBER_LISTS = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
    "BYHOUR": (0, 23, False),
    "BYMINUTE": (0, 59, False),
    "BYSECOND": (0, 59, False),
}
_KNOWN = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "WKST", *_NUMBER_LISTS}


class RecurrenceError(ValueError):
    """A rule (or an event's times) that cannot be accepted; the message says why."""


class BudgetExceeded(RecurrenceError):
    pass


class _WindowPassed(Exception):
    """dateutil reached a period after the wanted window: a normal end."""


class Budget:
    """Units of work left for one expansion; ``spent`` never exceeds ``limit``."""

    __slots__ = ("limit", "spent", "stop")

    def __init__(self, limit: int = EXPANSION_BUDGET):
        self.limit = limit
        self.spent = 0
        self.stop: date | None = None  # no occurrence wanted after this day

    def charge(self, units: int) -> None:
        if self.spent + units > self.limit:
            raise BudgetExceeded(
                _("The recurrence rule needs too much computation to expand; simplify it.")
            )
        self.spent += units


class _CountingIterinfo(_du._iterinfo):
    """dateutil's per-period day sets, charged to the rule's budget before use.

    (No ``__slots__`` of its own: dateutil's ``__init__`` walks ``self.__slots__``.)
    """

    def _charged(self, result, first_day: date):
        budget = self.rrule._budget
        if budget.stop is not None and first_day > budget.stop:
            # Periods come in order: nothing later can fall in the window.
            raise _WindowPassed
        _dayset, start, end = result
        budget.charge(max(end - start, 1))
        return result

    def ydayset(self, year, month, day):
        return self._charged(super().ydayset(year, month, day), date(year, 1, 1))

    def mdayset(self, year, month, day):
        return self._charged(super().mdayset(year, month, day), date(year, month, 1))

    def wdayset(self, year, month, day):
        return self._charged(super().wdayset(year, month, day), date(year, month, day))

    def ddayset(self, year, month, day):
        return self._charged(super().ddayset(year, month, day), date(year, month, day))


if "_iterinfo" not in _du.rrule._iter.__code__.co_names:  # pragma: no cover
    raise ImportError("dateutil.rrule changed: the recurrence budget cannot be enforced.")


class _BoundedRule(_du.rrule):
    """An rrule whose expansion (dateutil's own code) uses ``_CountingIterinfo``."""

    _iter = types.FunctionType(
        _du.rrule._iter.__code__,
        {**vars(_du), "_iterinfo": _CountingIterinfo},
        "_iter",
        _du.rrule._iter.__defaults__,
        _du.rrule._iter.__closure__,
    )

    def replace(self, **kwargs):  # pragma: no cover - guard: would drop the budget
        raise TypeError("A bounded rule cannot be replaced; parse it again.")


def _check_parts(text: str) -> dict[str, str]:
    """The rule's parts, or RecurrenceError naming the first one we refuse."""
    if not text or len(text) > 255 or not re.fullmatch(r"[A-Z0-9=;,+\-]+", text):
        raise RecurrenceError(
            _("The recurrence rule must look like FREQ=MONTHLY;BYDAY=1TU;COUNT=12.")
        )
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, sep, value = part.partition("=")
        if not sep or not value:
            raise RecurrenceError(
                _("The recurrence rule has a part without a value: “%(part)s”.") % {"part": part}
            )
        if name not in _KNOWN:
            raise RecurrenceError(
                _("The recurrence rule part “%(name)s” is not supported.") % {"name": name}
            )
        if name in parts:
            raise RecurrenceError(_("The recurrence rule gives %(name)s twice.") % {"name": name})
        parts[name] = value
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQS:
        raise RecurrenceError(
            _("The recurrence frequency must be daily, weekly, monthly or yearly (got “%(f)s”).")
            % {"f": freq or ""}
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError(_("A recurrence rule can have COUNT or UNTIL, not both."))
    for name, smallest, largest in (("INTERVAL", 1, MAX_INTERVAL), ("COUNT", 1, MAX_COUNT)):
        if name in parts:
            value = parts[name]
            if not value.isdigit() or not smallest <= int(value) <= largest:
                raise RecurrenceError(
                    _("The recurrence %(name)s must be a whole number from %(min)s to %(max)s.")
                    % {"name": name, "min": smallest, "max": largest}
                )
    times = 1
    for name, (smallest, largest, negatives) in _NUMBER_LISTS.items():
        if name not in parts:
            continue
        values = parts[name].split(",")
        if len(values) > MAX_LIST:
            raise RecurrenceError(
                _("The recurrence part %(name)s lists more than %(max)s values.")
                % {"name": name, "max": MAX_LIST}
            )
        for value in values:
            number = int(value) if _INTEGER.match(value) else None
            if (
                number is None
                or not smallest <= abs(number) <= largest
                or (number < 0 and not negatives)
                or (value.startswith("-") and not negatives)
            ):
                raise RecurrenceError(
                    _("The recurrence part %(name)s has the value “%(value)s”, out of range.")
                    % {"name": name, "value": value}
                )
        if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            times *= len(set(values))
    if times > MAX_TIMES_PER_DAY:
        raise RecurrenceError(
            _("The recurrence rule gives more than %(max)s times a day.")
            % {"max": MAX_TIMES_PER_DAY}
        )
    if "BYDAY" in parts:
        values = parts["BYDAY"].split(",")
        if len(values) > MAX_LIST:
            raise RecurrenceError(
                _("The recurrence part %(name)s lists more than %(max)s values.")
                % {"name": "BYDAY", "max": MAX_LIST}
            )
        for value in values:
            match = _BYDAY.match(value)
            ordinal = match and match.group(2)
            if (
                not match
                or (ordinal and not 1 <= int(ordinal) <= 53)
                or (match.group(1) and not ordinal)
            ):
                raise RecurrenceError(
                    _("The recurrence part BYDAY has the value “%(value)s”, out of range.")
                    % {"value": value}
                )
    if "WKST" in parts and parts["WKST"] not in _WEEKDAYS:
        raise RecurrenceError(_("The recurrence week start (WKST) must be a weekday."))
    return parts


def is_well_formed(rule: str) -> bool:
    """Whether ``rule``'s parts pass the structural checks (no expansion)."""
    text = rule.strip().upper().removeprefix("RRULE:")
    try:
        _check_parts(text)
    except RecurrenceError:
        return False
    return True


def check_times(start: datetime, end: datetime | None = None) -> None:
    """An event's start and end: years in the supported range, the end not before
    the start and at most ``MAX_EVENT_LENGTH`` after it."""
    for moment in (start, end):
        if moment is not None and not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise RecurrenceError(
                _("The year %(year)s is out of range (%(min)s to %(max)s).")
                % {"year": moment.year, "min": MIN_YEAR, "max": MAX_YEAR}
            )
    if end is not None:
        if end < start:
            raise RecurrenceError(_("The end cannot be before the start."))
        if end - start > MAX_EVENT_LENGTH:
            raise RecurrenceError(
                _("An event cannot last more than %(days)s days.") % {"days": MAX_EVENT_LENGTH.days}
            )


def parse_rule(rule: str, start: datetime, tz, budget: Budget | None = None):
    """Parse an RRULE (with or without the "RRULE:" prefix) anchored at ``start``,
    expanded in the event's local wall-clock time.

    Sub-daily frequencies are refused: fora and webinars do not recur hourly,
    and such rules are how hostile files try to explode. The rule's expansion
    is charged to ``budget`` (a fresh ``Budget()`` if none is given).
    """
    text = rule.strip().upper()
    if text.startswith("RRULE:"):
        text = text[6:]
    parts = _check_parts(text)
    check_times(start)
    local_start = timezone.localtime(start, tz).replace(tzinfo=None)
    if "UNTIL" in parts:
        # dateutil needs UNTIL to match DTSTART's awareness; we expand naive local time.
        until = parts["UNTIL"]
        try:
            if until.endswith("Z"):
                moment = datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
                moment = moment.astimezone(tz).replace(tzinfo=None)
            elif "T" in until:
                moment = datetime.strptime(until, "%Y%m%dT%H%M%S")
            else:
                moment = datetime.strptime(until, "%Y%m%d").replace(hour=23, minute=59, second=59)
        except (ValueError, OverflowError):
            raise RecurrenceError(_("The recurrence end (UNTIL) is not a valid date.")) from None
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise RecurrenceError(_("The recurrence end (UNTIL) is out of range."))
        parts["UNTIL"] = moment.strftime("%Y%m%dT%H%M%S")
    text = ";".join(f"{name}={value}" for name, value in parts.items())
    try:
        parsed = _du.rrulestr(text, dtstart=local_start, cache=False)
    except (ValueError, TypeError, OverflowError, IndexError, KeyError) as exc:
        raise RecurrenceError(_("The recurrence rule is not valid: %(e)s") % {"e": exc}) from None
    if type(parsed) is not _du.rrule:  # pragma: no cover - rrulestr gave a set
        raise RecurrenceError(_("The recurrence rule is not valid."))
    return _bounded(parsed, budget or Budget())


def _bounded(rule, budget: Budget):
    """``rule`` (a plain dateutil rrule) made to charge its expansion to ``budget``."""
    rule.__class__ = _BoundedRule
    rule._budget = budget
    return rule


def expand(rule, after: datetime | None, before: datetime, limit: int) -> list[datetime]:
    """At most ``limit`` occurrences of a parsed ``rule`` (naive local times)
    from ``after`` (inclusive; None: from the start) up to ``before``
    (exclusive). Raises RecurrenceError when the rule misbehaves or its
    budget runs out: nothing here runs unbounded."""
    found = []
    rule._budget.stop = before.date()
    try:
        for candidate in rule:
            rule._budget.charge(1)
            if candidate >= before:
                break
            if after is None or candidate >= after:
                found.append(candidate)
                if len(found) >= limit:
                    break
    except _WindowPassed:
        pass
    except RecurrenceError:
        raise
    except Exception as exc:  # dateutil raises several types on odd rules
        raise RecurrenceError(
            _("The recurrence rule cannot be expanded: %(e)s") % {"e": exc}
        ) from None
    return found


def validate_rule(
    rule: str,
    start: datetime,
    tz,
    *,
    horizon: timedelta = VALIDATION_HORIZON,
    cap: int = MAX_OCCURRENCES * 20,
    budget: Budget | None = None,
) -> int:
    """Check ``rule`` by a bounded expansion: it must have an occurrence within
    ``horizon`` of ``start`` and expand within the budget. Returns how many
    occurrences it has within the horizon, counting at most ``cap`` + 1."""
    parsed = parse_rule(rule, start, tz, budget)
    local_start = parsed._dtstart
    try:
        until = local_start + horizon
    except OverflowError:  # pragma: no cover - years are checked in parse_rule
        raise RecurrenceError(_("The recurrence rule is out of range.")) from None
    found = expand(parsed, None, until, cap + 1)
    if not found:
        raise RecurrenceError(
            _(
                "The recurrence rule has no occurrence within %(years)s years of the start "
                "(check its days and months: 30 February, for one, never comes)."
            )
            % {"years": round(horizon.days / 365.25)}
        )
    return len(found)


@dataclass(frozen=True)
class Occurrence:
    event: object
    start: datetime
    end: datetime
    is_recurring: bool = False
    cancelled: bool = False  # a cancelled occurrence of a series (an exception date)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.event.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.event.tz)

    @property
    def last_day(self):
        return (self.local_end - timedelta(microseconds=1)).date()


def occurrences(
    event,
    window_start: datetime,
    window_end: datetime,
    limit=MAX_OCCURRENCES,
    budget=None,
    *,
    include_cancelled=False,
):
    """The event's occurrences overlapping [window_start, window_end), at most ``limit``.

    Occurrences are computed in the event's local wall-clock time, so a
    10:00 webinar stays at 10:00 across a daylight-saving change. Exceptions
    (cancelled occurrences) are left out, or with ``include_cancelled`` kept and
    marked ``cancelled`` (lists show them struck out). The expansion stops at the window's
    end and within ``budget``: a stored rule saved before rules were checked
    costs no more than a good one. One that cannot be parsed or runs out of
    budget shows the event once, at its own start; one that never yields shows
    nothing (``manage.py check_recurrence`` lists both kinds).
    """
    duration = event.end - event.start
    single = (
        [Occurrence(event, event.start, event.end)]
        if event.end > window_start and event.start < window_end
        else []
    )
    if not event.recurrence:
        return single
    tz = event.tz
    excluded = _exception_dates(event)
    try:
        rule = parse_rule(event.recurrence, event.start, tz, budget)
        local_from = timezone.localtime(window_start - duration, tz).replace(tzinfo=None)
        local_to = timezone.localtime(window_end, tz).replace(tzinfo=None)
        # Exceptions are skipped after the cut, so ask for enough to fill ``limit``.
        wanted = limit + len(excluded)
        candidates = expand(rule, local_from, local_to, wanted)
    except (RecurrenceError, OverflowError) as exc:
        logger.warning("Event %s: recurrence not expanded (%s)", event.pk, exc)
        return single
    added = _added_starts(event, local_from, local_to)
    if added:
        # Added dates (RDATEs) join the rule's; past a cut expansion, only those
        # before its last occurrence (the rule's later ones were not asked for).
        if len(candidates) >= wanted:
            added = [a for a in added if a <= candidates[-1]]
        candidates = sorted(set(candidates) | set(added))
    moved = _moved_starts(event) if added else set()
    result = []
    for candidate in candidates:
        cancelled = candidate.date() in excluded and candidate not in moved
        if cancelled and not include_cancelled:
            continue
        start = timezone.make_aware(candidate, tz)
        end = start + duration
        if end > window_start:
            result.append(Occurrence(event, start, end, True, cancelled))
            if len(result) >= limit:
                break
    return result


def _exception_dates(event) -> set[date]:
    cached = getattr(event, "_exception_dates", None)
    if cached is None:
        cached = {e.date for e in event.exceptions.all()}
        event._exception_dates = cached
    return cached


def added_times(event) -> dict[date, time | None]:
    """The added dates (RDATEs), each with its own local start time or None
    (the event's own)."""
    cached = getattr(event, "_added_times", None)
    if cached is None:
        preset = event.__dict__.get("_added_dates")
        if preset is not None:
            cached = dict.fromkeys(preset)
        else:
            # (Objects that are not pages, such as a migration's, have none.)
            related = getattr(event, "added_dates", None) if event.pk else None
            cached = (
                {a.date: getattr(a, "start_time", None) for a in related.all()}
                if related is not None
                else {}
            )
        event._added_times = cached
    return cached


def _added_dates(event) -> set[date]:
    cached = getattr(event, "_added_dates", None)
    if cached is None:
        cached = set(added_times(event))
        event._added_dates = cached
    return cached


def added_start(event, day: date) -> datetime:
    """The naive local start of the added occurrence on ``day``."""
    own = timezone.localtime(event.start, event.tz).time().replace(tzinfo=None)
    at = None if event.all_day else added_times(event).get(day)
    return datetime.combine(day, at or own)


def _moved_starts(event) -> set[datetime]:
    """Added occurrences at a time of their own (moved ones): an exception of
    their date cancels the rule's occurrence that day, not them (as an EXDATE
    at the series' time does in the feeds)."""
    if event.all_day:
        return set()
    own = timezone.localtime(event.start, event.tz).time().replace(tzinfo=None)
    return {
        datetime.combine(day, at)
        for day, at in added_times(event).items()
        if at is not None and at != own
    }


def _added_starts(event, local_from: datetime, local_to: datetime) -> list[datetime]:
    """The added dates' starts (naive local) in the window."""
    days = added_times(event)
    if not days:
        return []
    starts = (added_start(event, day) for day in sorted(days))
    return [s for s in starts if local_from <= s < local_to]


def occurrence_on(event, day: date) -> datetime | None:
    """The start (in the event's zone) of the recurring ``event``'s occurrence
    on the local date ``day``, whether or not it is cancelled; None when the
    rule has none that day (or cannot be expanded). Bounded like every
    expansion here."""
    if not event.recurrence:
        return None
    tz = event.tz
    if day in _added_dates(event):
        return timezone.make_aware(added_start(event, day), tz)
    try:
        rule = parse_rule(event.recurrence, event.start, tz)
        found = expand(
            rule,
            datetime.combine(day, datetime.min.time()),
            datetime.combine(day + timedelta(days=1), datetime.min.time()),
            1,
        )
    except (RecurrenceError, OverflowError):
        return None
    return timezone.make_aware(found[0], tz) if found else None
