"""Recurrence rules (RFC 5545 RRULE via dateutil), always expanded within bounds.

A rule such as ``FREQ=SECONDLY`` without an end could expand to millions of
occurrences; nothing here ever iterates a rule without a window and a cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dateutil.rrule import rrulestr
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_OCCURRENCES = 500  # per event within one window
ALLOWED_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


class RecurrenceError(ValueError):
    pass


def parse_rule(rule: str, start: datetime, tz):
    """Parse an RRULE (without the "RRULE:" prefix) anchored at ``start``.

    Sub-daily frequencies are refused: fora and webinars do not recur hourly,
    and such rules are how hostile files try to explode.
    """
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = dict(p.split("=", 1) for p in text.upper().split(";") if "=" in p)
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQS:
        raise RecurrenceError(
            _("The recurrence frequency must be daily, weekly, monthly or yearly (got “%(f)s”).")
            % {"f": freq or ""}
        )
    local_start = timezone.localtime(start, tz).replace(tzinfo=None)
    if "UNTIL" in parts:
        # dateutil needs UNTIL to match DTSTART's awareness; we expand naive local time.
        until = parts["UNTIL"]
        if until.endswith("Z"):
            try:
                moment = datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            except ValueError:
                raise RecurrenceError(
                    _("The recurrence end (UNTIL) is not a valid date.")
                ) from None
            until = moment.astimezone(tz).strftime("%Y%m%dT%H%M%S")
        text = ";".join(
            f"UNTIL={until}" if p.upper().startswith("UNTIL=") else p for p in text.split(";")
        )
    try:
        return rrulestr(text, dtstart=local_start, cache=False)
    except (ValueError, TypeError, OverflowError) as exc:
        raise RecurrenceError(_("The recurrence rule is not valid: %(e)s") % {"e": exc}) from None


@dataclass(frozen=True)
class Occurrence:
    event: object
    start: datetime
    end: datetime
    is_recurring: bool = False

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.event.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.event.tz)

    @property
    def last_day(self):
        return (self.local_end - timedelta(microseconds=1)).date()


def occurrences(event, window_start: datetime, window_end: datetime, limit=MAX_OCCURRENCES):
    """The event's occurrences overlapping [window_start, window_end), at most ``limit``.

    Occurrences are computed in the event's local wall-clock time, so a
    10:00 webinar stays at 10:00 across a daylight-saving change. Exceptions
    (cancelled occurrences) are left out.
    """
    duration = event.end - event.start
    if not event.recurrence:
        if event.end > window_start and event.start < window_end:
            return [Occurrence(event, event.start, event.end)]
        return []
    tz = event.tz
    try:
        rule = parse_rule(event.recurrence, event.start, tz)
    except RecurrenceError:
        return [Occurrence(event, event.start, event.end)] if event.start < window_end else []
    excluded = _exception_dates(event)
    local_from = timezone.localtime(window_start - duration, tz).replace(tzinfo=None)
    local_to = timezone.localtime(window_end, tz).replace(tzinfo=None)
    result = []
    candidate = rule.after(local_from, inc=True)
    scanned = 0
    while candidate is not None and candidate < local_to and scanned < limit * 2:
        scanned += 1
        if candidate.date() not in excluded:
            start = timezone.make_aware(candidate, tz)
            end = start + duration
            if end > window_start:
                result.append(Occurrence(event, start, end, True))
                if len(result) >= limit:
                    break
        candidate = rule.after(candidate, inc=False)
    return result


def _exception_dates(event) -> set[date]:
    cached = getattr(event, "_exception_dates", None)
    if cached is None:
        cached = {e.date for e in event.exceptions.all()}
        event._exception_dates = cached
    return cached


def count_bounded(rule, cap: int) -> int:
    """How many occurrences ``rule`` has, stopping at ``cap`` + 1 (never more)."""
    n = 0
    for _occurrence in rule:
        n += 1
        if n > cap:
            break
    return n
