"""Import events from an uploaded .ics file: parse and check everything first
(the preview), then apply all of it in one transaction or nothing.

A file with more than ``BACKGROUND_ABOVE`` events is imported by the task
queue's worker instead (the ``run_import`` task), in batches of ``BATCH_SIZE`` events, one
transaction each; the ``CalendarImport`` record is its progress. Every batch
commits together with the count of events done, so a job that stops (an
error, a worker killed) says exactly how far it got, and running it again
continues from there; events are matched by UID, so nothing is imported
twice either way.

Hostile or broken input never reaches the database: the size, the number of
events and every recurrence's expansion are capped, components the parser
flagged (``component.errors``) are refused, a bare VEVENT without its
VCALENDAR is refused, and no URL given in the file is ever fetched.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from icalendar import Calendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from events import rules
from events.models import (
    RESERVED_SLUGS,
    CalendarImport,
    EventAddedDate,
    EventException,
    EventFormat,
    EventIndexPage,
    EventPage,
    EventType,
)
from events.recurrence import (
    ALLOWED_FREQS,
    MAX_EVENT_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    RecurrenceError,
    check_times,
    occurrences,
    validate_rule,
)
from forum_site.sanitise import paragraphs_html
from forum_site.slugs import unique_child_slug

MAX_BYTES = 1_000_000
MAX_EVENTS = 500
MAX_EXPANSION = 1000  # occurrences of one rule within EXPANSION_HORIZON
EXPANSION_HORIZON = timedelta(days=3660)
# Files with more events than this are imported by the worker, not the request.
BACKGROUND_ABOVE = 20
BATCH_SIZE = 20
# How many of each series' next occurrences the preview shows.
PREVIEW_OCCURRENCES = 5

logger = logging.getLogger(__name__)


class ImportError_(ValueError):
    """A problem that refuses the whole file; the message names it."""


@dataclass
class ParsedEvent:
    uid: str
    title: str
    start: datetime
    end: datetime
    tz_name: str
    all_day: bool
    sequence: int
    location: str = ""
    description: str = ""
    cancelled: bool = False
    recurrence: str = ""
    exdates: list[date] = field(default_factory=list)
    # Added occurrences (RDATEs and moved occurrences): date -> local start
    # time in the event's zone, or None for the event's own start time.
    rdates: dict[date, time | None] = field(default_factory=dict)
    # Filled in by plan(): "create", "update" or "skip", and the existing page.
    action: str = ""
    existing_id: int | None = None

    def next_occurrences(self, count: int = PREVIEW_OCCURRENCES, now=None) -> list:
        """The series' next ``count`` occurrences (after moves, exceptions and
        added dates), as the site will store them, with their starts in the
        event's own zone: the organiser's, which the preview shows them in."""
        if not self.recurrence:
            return []
        page = EventPage(
            start=self.start,
            end=self.end,
            timezone=self.tz_name,
            recurrence=self.recurrence,
            all_day=self.all_day,
        )
        page._exception_dates = set(self.exdates)
        page._added_times = dict(self.rdates)
        page._added_dates = set(self.rdates)
        now = now or timezone.now()
        begin = max(now, self.start - timedelta(seconds=1))
        return occurrences(page, begin, begin + EXPANSION_HORIZON, limit=count)


@dataclass
class ParseResult:
    events: list[ParsedEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(component, name, default=""):
    value = component.get(name)
    if value is None:
        return default
    if isinstance(value, list):
        value = value[0]
    return str(value).strip()


def _label(component, index) -> str:
    summary = _text(component, "SUMMARY")
    return f"“{summary}”" if summary else _("event %(n)s") % {"n": index}


def _zone_name(value, tzid: str = "") -> tuple[str, bool]:
    """IANA name for a parsed date-time's zone, and whether it was known.

    ``tzid`` is the property's TZID: a Windows zone name (Outlook's "GMT
    Standard Time") is mapped to its IANA name with CLDR's table, which
    icalendar ships."""
    tzinfo = getattr(value, "tzinfo", None)
    if tzinfo is None:
        return "UTC", False
    if isinstance(tzinfo, ZoneInfo):
        return tzinfo.key, True
    names = [tzid, str(getattr(tzinfo, "_tzid", "") or ""), str(tzinfo.tzname(value) or "")]
    for name in names:
        windows = WINDOWS_TO_OLSON.get(name.removeprefix("custom_").strip())
        if windows:
            return windows, True
    for name in names:
        for candidate in (name, name.removeprefix("custom_")):
            if candidate and "/" in candidate:
                try:
                    ZoneInfo(candidate)
                    return candidate, True
                except (ZoneInfoNotFoundError, ValueError):
                    continue
    return "UTC", False


def _decode_time(component, name, label):
    prop = component.get(name)
    if prop is None:
        return None, False
    duplicated = isinstance(prop, list)
    if duplicated:
        prop = prop[0]
    value = getattr(prop, "dt", None)
    if not isinstance(value, date):
        raise ImportError_(
            _("%(event)s: %(prop)s is not a valid date or time.") % {"event": label, "prop": name}
        )
    year = value.year
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ImportError_(
            _("%(event)s: the year %(year)s in %(prop)s is out of range.")
            % {"event": label, "year": year, "prop": name}
        )
    return value, duplicated


def _aware(value, default_tz) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=default_tz)
        return value.astimezone(UTC)
    return datetime.combine(value, datetime.min.time(), default_tz)


def _recurrence(component, start: datetime, tz, label: str) -> str:
    rrule = component.get("RRULE")
    if rrule is None:
        return ""
    if isinstance(rrule, list):
        if len(rrule) > 1:
            raise ImportError_(_("%(event)s has more than one recurrence rule.") % {"event": label})
        rrule = rrule[0]
    freq = rrule.get("FREQ", [""])[0]
    if str(freq).upper() not in ALLOWED_FREQS:
        raise ImportError_(
            _(
                "%(event)s repeats %(freq)s; only daily, weekly, monthly or yearly rules "
                "are accepted."
            )
            % {"event": label, "freq": str(freq).lower() or "?"}
        )
    try:
        text = rrule.to_ical().decode()
        # A bounded expansion: at most MAX_EXPANSION + 1 occurrences are counted.
        found = validate_rule(text, start, tz, horizon=EXPANSION_HORIZON, cap=MAX_EXPANSION)
    except RecurrenceError as exc:
        raise ImportError_(
            _("%(event)s has an invalid recurrence rule: %(e)s") % {"event": label, "e": exc}
        ) from None
    except (ValueError, TypeError, UnicodeError) as exc:  # vRecur could not write it back
        raise ImportError_(
            _("%(event)s has an invalid recurrence rule: %(e)s")
            % {"event": label, "e": str(exc)[:200]}
        ) from None
    if found > MAX_EXPANSION:
        raise ImportError_(
            _(
                "%(event)s repeats more than %(max)s times within ten years; "
                "such a rule cannot be imported."
            )
            % {"event": label, "max": MAX_EXPANSION}
        )
    return text


def _exdates(component) -> list[date]:
    values = component.get("EXDATE")
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    days = []
    for entry in values:
        for item in getattr(entry, "dts", []):
            dt = item.dt
            days.append(dt.date() if isinstance(dt, datetime) else dt)
    return days


def _local(value, tz) -> datetime | date:
    """A parsed DATE or DATE-TIME in ``tz``'s wall-clock time (naive); a
    floating time is already that."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value
        return value.astimezone(tz).replace(tzinfo=None)
    return value


def _rdates(component, start: datetime, tz, all_day: bool, label, warnings) -> dict:
    """The RDATEs (added occurrences): {local date: local time or None (the
    series' own start time)}."""
    values = component.get("RDATE")
    if values is None:
        return {}
    if not isinstance(values, list):
        values = [values]
    own = start.astimezone(tz).time().replace(tzinfo=None)
    found: dict[date, time | None] = {}
    for entry in values:
        for item in getattr(entry, "dts", []):
            value = item.dt
            if isinstance(value, tuple):  # VALUE=PERIOD: the start counts
                value = value[0]
            if not isinstance(value, date):
                continue
            if not MIN_YEAR <= value.year <= MAX_YEAR:
                raise ImportError_(
                    _("%(event)s: the year %(year)s in RDATE is out of range.")
                    % {"event": label, "year": value.year}
                )
            local = _local(value, tz)
            if isinstance(local, datetime):
                at = None if all_day or local.time() == own else local.time()
                found[local.date()] = at
            else:
                found[local] = None
    if len(found) > MAX_EXPANSION:
        raise ImportError_(
            _("%(event)s adds more than %(max)s dates (RDATE).")
            % {"event": label, "max": MAX_EXPANSION}
        )
    return found


def _apply_override(master: ParsedEvent, component, label, default_tz, warnings) -> None:
    """A changed occurrence (a VEVENT with the master's UID and a RECURRENCE-ID):
    cancelled, it is an exception; moved, its original date is an exception and
    its new start an added date with its own time (``EventAddedDate``), with
    the series' duration."""
    tz = ZoneInfo(master.tz_name)
    recurrence_id, _dup = _decode_time(component, "RECURRENCE-ID", label)
    original = _local(recurrence_id, tz)
    day = original.date() if isinstance(original, datetime) else original
    if _text(component, "STATUS").upper() == "CANCELLED":
        master.exdates.append(day)
        return
    prop = component.get("RECURRENCE-ID")
    prop = prop[0] if isinstance(prop, list) else prop
    if str(getattr(prop, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE":
        warnings.append(
            _(
                "%(event)s: the change from %(day)s on applies to that occurrence only; "
                "edit the series on the site for the later ones."
            )
            % {"event": label, "day": day.isoformat()}
        )
    start, _dup = _decode_time(component, "DTSTART", label)
    if start is None:
        return
    if isinstance(start, datetime) != (not master.all_day):
        warnings.append(
            _("%(event)s: the changed occurrence on %(day)s mixes all-day and timed; left out.")
            % {"event": label, "day": day.isoformat()}
        )
        return
    local_master = master.start.astimezone(tz).replace(tzinfo=None)
    new = _local(start, tz)
    if isinstance(new, datetime):
        if new.tzinfo is None and start.tzinfo is not None:  # pragma: no cover
            new = new.replace(tzinfo=None)
        new_day, new_time = new.date(), new.time()
        same = new_day == day and new_time == local_master.time()
    else:
        new_day, new_time = new, None
        same = new_day == day
    if same:
        return  # only its details changed; the series' own are kept
    master.exdates.append(day)
    master.rdates[new_day] = (
        None if new_time is None or new_time == local_master.time() else new_time
    )
    end, _dup = _decode_time(component, "DTEND", label)
    if end is not None and isinstance(end, type(start)):
        length = _aware(end, tz) - _aware(start, tz)
        if length != master.end - master.start:
            warnings.append(
                _(
                    "%(event)s: the occurrence moved from %(day)s to %(new)s keeps the "
                    "series' duration."
                )
                % {"event": label, "day": day.isoformat(), "new": new_day.isoformat()}
            )


def parse(data: bytes) -> ParseResult:
    """Check a whole file; raise ImportError_ naming the first problem found."""
    if len(data) > MAX_BYTES:
        raise ImportError_(
            _("The file is %(size)s bytes; the limit is %(max)s.")
            % {"size": len(data), "max": MAX_BYTES}
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportError_(
            _("The file is not UTF-8 text, so it is not an iCalendar file.")
        ) from None
    if "\x00" in text:
        raise ImportError_(_("The file contains binary data (a NUL byte); it is not a calendar."))
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # the parser raises many types on hostile input
        raise ImportError_(
            _("The file could not be read as iCalendar: %(e)s") % {"e": str(exc)[:200]}
        ) from None
    if not calendars:
        raise ImportError_(_("The file contains no calendar (no complete BEGIN:VCALENDAR block)."))
    for cal in calendars:
        if cal.name != "VCALENDAR":
            raise ImportError_(
                _(
                    "The file holds a bare %(name)s without the VCALENDAR around it. "
                    "Export the whole calendar from your calendar application."
                )
                % {"name": cal.name}
            )
    components = [c for cal in calendars for c in cal.walk()]
    for index, component in enumerate(components, 1):
        if component.errors:
            prop, message = component.errors[0]
            raise ImportError_(
                _("%(where)s could not be read (%(prop)s): %(msg)s")
                % {
                    "where": _label(component, index)
                    if component.name == "VEVENT"
                    else component.name,
                    "prop": prop or _("a malformed line"),
                    "msg": str(message)[:200],
                }
            )
    vevents = [c for cal in calendars for c in cal.walk("VEVENT")]
    if len(vevents) > MAX_EVENTS:
        raise ImportError_(
            _("The file holds %(n)s events; at most %(max)s can be imported at once.")
            % {"n": len(vevents), "max": MAX_EVENTS}
        )
    default_tz = ZoneInfo("UTC")
    wr_tz = _text(calendars[0], "X-WR-TIMEZONE")
    if wr_tz:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            default_tz = ZoneInfo(wr_tz)
    result = ParseResult()
    masters: dict[str, ParsedEvent] = {}
    overrides = []
    for index, component in enumerate(vevents, 1):
        label = _label(component, index)
        if component.get("RECURRENCE-ID") is not None and component.get("UID") is not None:
            overrides.append((index, component))
            continue
        parsed = _parse_event(component, index, label, default_tz, result.warnings)
        if parsed is None:
            continue
        if parsed.uid in masters:
            raise ImportError_(
                _("Two events in the file share the UID “%(uid)s”.") % {"uid": parsed.uid}
            )
        masters[parsed.uid] = parsed
    for index, component in overrides:
        uid = _text(component, "UID")
        master = masters.get(uid)
        label = _label(component, index)
        if master is None:
            # A changed occurrence whose series is not in the file: import it on its own.
            parsed = _parse_event(component, index, label, default_tz, result.warnings)
            if parsed is not None and parsed.uid not in masters:
                masters[parsed.uid] = parsed
            continue
        _apply_override(master, component, label, default_tz, result.warnings)
    result.events = list(masters.values())
    if not result.events:
        raise ImportError_(_("There is nothing to import: the calendar contains no events."))
    return result


def _parse_event(component, index, label, default_tz, warnings) -> ParsedEvent | None:
    start, duplicated = _decode_time(component, "DTSTART", label)
    if start is None:
        warnings.append(_("%(event)s has no start (DTSTART) and was left out.") % {"event": label})
        return None
    if duplicated:
        warnings.append(
            _("%(event)s has several starts; the first one is used.") % {"event": label}
        )
    end, _dup = _decode_time(component, "DTEND", label)
    all_day = not isinstance(start, datetime)
    start_prop = component.get("DTSTART")
    start_prop = start_prop[0] if isinstance(start_prop, list) else start_prop
    tzid = str(getattr(start_prop, "params", {}).get("TZID", ""))
    tz_name, known = _zone_name(start, tzid) if not all_day else (str(default_tz.key), True)
    if not all_day and start.tzinfo is None:
        tz_name, known = str(default_tz.key), True
        warnings.append(
            _("%(event)s has a floating time; it is read as %(tz)s.")
            % {"event": label, "tz": tz_name}
        )
    elif not known:
        warnings.append(
            _("%(event)s uses a time zone without an IANA name; its times are kept, shown in UTC.")
            % {"event": label}
        )
    tz = ZoneInfo(tz_name)
    start_dt = _aware(start, tz)
    if end is None:
        duration = component.get("DURATION")
        if duration is not None and isinstance(getattr(duration, "dt", None), timedelta):
            if abs(duration.dt) > MAX_EVENT_LENGTH:
                raise ImportError_(
                    _("%(event)s lasts more than %(days)s days (DURATION).")
                    % {"event": label, "days": MAX_EVENT_LENGTH.days}
                )
            end_dt = start_dt + duration.dt
        else:
            end_dt = start_dt + (timedelta(days=1) if all_day else timedelta(0))
    else:
        if isinstance(end, datetime) != isinstance(start, datetime):
            raise ImportError_(
                _("%(event)s mixes a date and a date-time for its start and end.")
                % {"event": label}
            )
        end_dt = _aware(end, tz)
    if end_dt < start_dt:
        raise ImportError_(_("%(event)s ends before it starts.") % {"event": label})
    try:
        check_times(start_dt, end_dt)
    except RecurrenceError as exc:
        raise ImportError_(_("%(event)s: %(e)s") % {"event": label, "e": exc}) from None
    uid = _text(component, "UID")
    if not uid:
        digest = hashlib.sha256(component.to_ical()).hexdigest()[:24]
        uid = f"import-{digest}"
        warnings.append(
            _(
                "%(event)s has no UID; a stable one was derived from its content, so "
                "importing the same file again will not duplicate it."
            )
            % {"event": label}
        )
    if len(uid) > 255:
        raise ImportError_(_("%(event)s has a UID longer than 255 characters.") % {"event": label})
    try:
        sequence = int(_text(component, "SEQUENCE", "0") or 0)
    except ValueError:
        raise ImportError_(
            _("%(event)s has a SEQUENCE that is not a number.") % {"event": label}
        ) from None
    if sequence < 0 or sequence > 1_000_000:
        raise ImportError_(_("%(event)s has an out-of-range SEQUENCE.") % {"event": label})
    title = _text(component, "SUMMARY")[:255] or _("Untitled event")
    return ParsedEvent(
        uid=uid,
        title=title,
        start=start_dt,
        end=end_dt,
        tz_name=tz_name,
        all_day=all_day,
        sequence=sequence,
        location=_text(component, "LOCATION")[:255],
        description=paragraphs_html(_text(component, "DESCRIPTION"))[:20000],
        cancelled=_text(component, "STATUS").upper() == "CANCELLED",
        recurrence=(recurrence := _recurrence(component, start_dt, tz, label)),
        exdates=_exdates(component),
        rdates=_rdates(component, start_dt, tz, all_day, label, warnings) if recurrence else {},
    )


def plan(result: ParseResult, user, organisation) -> ParseResult:
    """Decide per event: create, update (higher SEQUENCE) or skip (equal or lower).

    Refuses the file if it would update an event this user does not organise.
    """
    existing = {
        page.ical_uid: page
        for page in EventPage.objects.filter(
            ical_uid__in=[e.uid for e in result.events]
        ).prefetch_related("organisers")
    }
    for parsed in result.events:
        page = existing.get(parsed.uid)
        if page is None:
            parsed.action = "create"
            continue
        if not rules.can_manage_event(user, page):
            raise ImportError_(
                _("The event “%(title)s” (UID %(uid)s) exists and you do not organise it.")
                % {"title": page.title, "uid": parsed.uid}
            )
        parsed.existing_id = page.pk
        parsed.action = "update" if parsed.sequence > page.sequence else "skip"
    return result


def _fill(page: EventPage, parsed: ParsedEvent):
    page.title = parsed.title
    page.start = parsed.start
    page.end = parsed.end
    page.timezone = parsed.tz_name
    page.all_day = parsed.all_day
    page.venue = parsed.location
    page.description = parsed.description
    page.cancelled = parsed.cancelled
    page.recurrence = parsed.recurrence
    page.event_format = EventFormat.IN_PERSON if parsed.location else EventFormat.ONLINE
    page.exceptions = [EventException(date=d) for d in sorted(set(parsed.exdates))]
    page.added_dates = [
        EventAddedDate(date=d, start_time=t) for d, t in sorted(parsed.rdates.items())
    ]


@transaction.atomic
def apply(result: ParseResult, user, organisation, index_page) -> dict:
    """Create and update everything, or nothing (one transaction)."""
    counts = {"create": 0, "update": 0, "skip": 0}
    plan(result, user, organisation)  # again, inside the transaction: state may have moved
    for parsed in result.events:
        counts[parsed.action] += 1
        if parsed.action == "skip":
            continue
        if parsed.action == "create":
            page = EventPage(
                slug=unique_child_slug(
                    index_page,
                    parsed.title,
                    default="event",
                    max_length=60,
                    reserved=RESERVED_SLUGS,
                ),
                event_type=EventType.OTHER,
                ical_uid=parsed.uid,
                sequence=parsed.sequence,
            )
            _fill(page, parsed)
            page.organisers = [organisation]
            index_page.add_child(instance=page)
            page.save_revision(user=user, log_action=True)
        else:
            page = EventPage.objects.select_for_update().get(pk=parsed.existing_id)
            _fill(page, parsed)
            page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
            stored = EventPage.objects.get(pk=page.pk).sequence
            EventPage.objects.filter(pk=page.pk).update(sequence=max(parsed.sequence, stored))
    return counts


def _fail(job_id: int, message: str) -> None:
    """Record why a job stopped, and how far it got, in words for its starter."""
    with transaction.atomic():
        job = CalendarImport.objects.select_for_update().get(pk=job_id)
        if job.done:
            message = _(
                "Stopped after %(done)s of %(total)s events: %(error)s The first %(done)s "
                "events were imported, the others were not. Start the import again to "
                "import the rest: events already imported are recognised by their UID "
                "and are not imported twice."
            ) % {"done": job.done, "total": job.total, "error": message}
        else:
            message = _("Nothing was imported: %(error)s") % {"error": message}
        job.status = CalendarImport.Status.FAILED
        job.errors = [*job.errors, message]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "errors", "finished_at", "updated_at"])


def run_job(job_id: int) -> str:
    """Import a queued ``CalendarImport`` batch by batch; return its final status.

    Safe to run again, or twice at once: each batch locks the job row and
    starts where the last committed batch ended, and ``apply`` skips events
    whose UID and version are already there. Memory is bounded by the file's
    own limits (``MAX_BYTES``, ``MAX_EVENTS``): one parsed file, one batch of
    pages at a time.
    """
    with transaction.atomic():
        job = (
            CalendarImport.objects.select_for_update()
            .select_related("uploaded_by", "organisation")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status not in (
            CalendarImport.Status.QUEUED,
            CalendarImport.Status.RUNNING,
        ):
            return job.status if job else "missing"
        job.status = CalendarImport.Status.RUNNING
        job.save(update_fields=["status", "updated_at"])
    user, organisation = job.uploaded_by, job.organisation
    try:
        index = EventIndexPage.objects.first()
        if index is None:
            raise ImportError_(_("The site has no events page to import into."))
        if not rules.import_organisations(user).filter(pk=organisation.pk).exists():
            raise ImportError_(
                _("%(user)s can no longer import events for %(org)s.")
                % {"user": user.get_username(), "org": organisation.name}
            )
        events = parse(bytes(job.data)).events
        del job.data
        CalendarImport.objects.filter(pk=job_id).update(
            total=len(events), updated_at=timezone.now()
        )
        while True:
            with transaction.atomic():
                current = CalendarImport.objects.select_for_update().get(pk=job_id)
                if current.status != CalendarImport.Status.RUNNING:
                    return current.status  # another run finished or failed it
                start = current.done
                if start >= len(events):
                    current.status = CalendarImport.Status.IMPORTED
                    current.finished_at = timezone.now()
                    current.save(update_fields=["status", "finished_at", "updated_at"])
                    return current.status
                batch = ParseResult(events=events[start : start + BATCH_SIZE])
                counts = apply(batch, user, organisation, index)
                current.done = start + len(batch.events)
                current.summary = {
                    key: current.summary.get(key, 0) + counts.get(key, 0)
                    for key in ("create", "update", "skip")
                }
                current.save(update_fields=["done", "summary", "updated_at"])
    except ImportError_ as exc:
        _fail(job_id, str(exc))
    except Exception:
        logger.exception("calendar import %s stopped", job_id)
        _fail(
            job_id,
            _(
                "An unexpected error stopped the import; the site's administrators "
                "can see it in the log."
            ),
        )
        raise
    return CalendarImport.Status.FAILED


@task()
def run_import(import_id: int) -> str:
    """The task queue's entry to ``run_job`` (``bin/with-worker`` and the
    supervisor run the worker)."""
    return run_job(import_id)


def now():
    return timezone.now()
