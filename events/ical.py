"""iCalendar (RFC 5545) output for the event feeds and invitations.

Every property is derived from stored data, never from the request time or
randomness: UIDs come from the event, DTSTAMP and LAST-MODIFIED from the
event's last change, so an unchanged feed is byte-identical between requests
(Google Calendar and Outlook poll; identical bytes let them and our 304s
skip work). Times carry their IANA TZID with a matching VTIMEZONE (built by
``events.vtimezone``: yearly rules as RRULEs, one RDATE per line); all-day
events are dates (VALUE=DATE, end exclusive). Text is put on one line
(summaries, locations, names) or cleaned of control characters
(descriptions) here, whatever was stored.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration, vRecur

from events.models import EventType
from events.recurrence import _added_dates, _exception_dates, added_start, is_well_formed
from events.vtimezone import vtimezone
from forum_site.hygiene import single_line

PRODID = "-//Migration Cities Forum//Events//EN"
REFRESH_INTERVAL = timedelta(hours=6)
# Part of every feed's ETag: raise it when the bytes written for unchanged
# events change (2: VTIMEZONEs from events.vtimezone; 3: VTIMEZONEs cover
# open-ended series for OPEN_ENDED_COVER), so clients fetch again.
FORMAT_VERSION = 3
# How far past its start an open-ended series' VTIMEZONE is written out. Zones
# that follow a yearly rule are covered for ever by an open-ended RRULE anyway;
# this is for zones whose changes follow none (Morocco's around Ramadan, one
# RDATE each), where clients would otherwise be an hour off after a few years.
OPEN_ENDED_COVER = timedelta(days=20 * 366)


def absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def plain_text(html: str) -> str:
    text = strip_tags(html.replace("</p>", "</p>\n").replace("<br/>", "\n").replace("<br>", "\n"))
    lines = [line.strip() for line in normalize_newlines(text).split("\n")]
    return "\n".join(line for line in lines if line).strip()


def multi_line(text) -> str:
    """Text for a multi-line property: newlines kept (the library escapes
    them), carriage returns and other control characters removed."""
    lines = normalize_newlines(str(text or "")).split("\n")
    return "\n".join(single_line(line) for line in lines).strip()


def new_calendar(name: str, *, method: str = "PUBLISH", description: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    name = single_line(name)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    description = multi_line(description)
    if description:
        cal.add("description", description)
        cal.add("x-wr-caldesc", description)
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    return cal


def _stamp(event) -> datetime:
    changed = event.changed_at or event.last_published_at or event.first_published_at
    return (changed or datetime(2000, 1, 1, tzinfo=UTC)).astimezone(UTC)


def _times(event, start, end):
    """DTSTART/DTEND values: dates for all-day events, times in the event's zone."""
    if event.all_day:
        first = start.astimezone(event.tz).date()
        last_exclusive = end.astimezone(event.tz).date()
        if last_exclusive <= first:
            last_exclusive = first + timedelta(days=1)
        return first, last_exclusive
    return start.astimezone(event.tz), end.astimezone(event.tz)


def _type_label(value: str) -> str:
    return str(dict(EventType.choices).get(value, value))


def event_component(event, *, url: str, online_link: bool = False) -> Event:
    component = Event()
    component.add("uid", event.uid)
    component.add("dtstamp", _stamp(event))
    component.add("last-modified", _stamp(event))
    component.add("sequence", event.sequence)
    component.add("summary", single_line(event.title))
    start, end = _times(event, event.start, event.end)
    component.add("dtstart", start)
    component.add("dtend", end)
    # A stored rule from before rules were checked that is not well formed is left
    # out: the event is then shown once, as on the site (``occurrences``).
    if event.recurrence and is_well_formed(event.recurrence):
        component.add("rrule", vRecur.from_ical(event.recurrence.removeprefix("RRULE:")))
        exdates = sorted(_exception_dates(event))
        if exdates:
            if event.all_day:
                component.add("exdate", exdates)
            else:
                local = event.start.astimezone(event.tz)
                component.add(
                    "exdate",
                    [datetime.combine(d, local.time(), event.tz) for d in exdates],
                )
        # Added occurrences, one RDATE line each (some clients read only the
        # first value of a list), at the event's own local start time or at
        # their own (a moved occurrence: its original date is an EXDATE).
        for day in sorted(_added_dates(event)):
            component.add(
                "rdate",
                day if event.all_day else added_start(event, day).replace(tzinfo=event.tz),
            )
    component.add("location", single_line(event.location_text or event.title))
    component.add("url", absolute(url))
    description = plain_text(event.description)
    if event.cancelled and event.cancellation_note:
        description = f"{event.cancellation_note}\n\n{description}".strip()
    if online_link and event.online_url:
        component.add("conference", event.online_url, parameters={"VALUE": "URI"})
        online = _("Online: %(url)s") % {"url": event.online_url}
        description = f"{description}\n\n{online}".strip()
    description = f"{description}\n\n{absolute(url)}".strip()
    component.add("description", multi_line(description))
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    component.add("categories", [_type_label(event.event_type)])
    return component


def session_component(event, session, *, url: str) -> Event:
    component = Event()
    component.add("uid", session.uid)
    component.add("dtstamp", _stamp(event))
    component.add("last-modified", _stamp(event))
    component.add("sequence", event.sequence)
    component.add("summary", single_line(f"{session.title} ({event.title})"))
    component.add("dtstart", session.start.astimezone(event.tz))
    component.add("dtend", session.end.astimezone(event.tz))
    where = ", ".join(p for p in (session.room, event.location_text) if p)
    component.add("location", single_line(where or event.title))
    component.add("url", absolute(url))
    component.add("related-to", event.uid)
    speakers = [block.value["name"] for block in session.speakers]
    text = session.description
    if speakers:
        text = f"{text}\n\n" + ", ".join(speakers)
    if text.strip():
        component.add("description", multi_line(text))
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return component


def _timezone_span(events) -> tuple[date, date] | None:
    timed = [e for e in events if not e.all_day and e.timezone != "UTC"]
    if not timed:
        return None
    first = min(e.start for e in timed).date() - timedelta(days=1)
    last = max(e.end for e in timed).date() + timedelta(days=1)
    if any(e.recurrence for e in timed):
        last = max(last, max(e.start for e in timed).date() + timedelta(days=3 * 366))
        open_ended = [e.start for e in timed if e.recurrence and _open_ended(e.recurrence)]
        if open_ended:
            last = max(last, max(open_ended).date() + OPEN_ENDED_COVER)
        added = [d for e in timed if e.recurrence for d in _added_dates(e)]
        if added:
            last = max(last, max(added) + timedelta(days=2))
    return first, last


def _open_ended(rule: str) -> bool:
    parts = {p.partition("=")[0] for p in rule.upper().removeprefix("RRULE:").split(";")}
    return not parts & {"COUNT", "UNTIL"}


def add_timezones(cal: Calendar, events) -> None:
    """VTIMEZONE components for every TZID used, covering the events' span."""
    span = _timezone_span(events)
    if span is None:
        return
    tzids = sorted({e.timezone for e in events if not e.all_day and e.timezone != "UTC"})
    for tzid in tzids:
        cal.add_component(vtimezone(tzid, *span))


# Rendered VEVENTs, per process. The key holds everything the bytes depend on
# (the event's SEQUENCE and last change, its URL, the online link, the
# language), so an entry is never stale; old ones simply age out.
_RENDERED: OrderedDict = OrderedDict()
_RENDERED_MAX = 20_000


def event_bytes(event, *, url: str, online_link: bool) -> bytes:
    key = (
        event.pk,
        event.sequence,
        event.changed_at,
        event.ical_fingerprint,
        url,
        online_link,
        get_language(),
    )
    cached = _RENDERED.get(key)
    if cached is not None:
        _RENDERED.move_to_end(key)
        return cached
    rendered = event_component(event, url=url, online_link=online_link).to_ical()
    _RENDERED[key] = rendered
    if len(_RENDERED) > _RENDERED_MAX:
        _RENDERED.popitem(last=False)
    return rendered


def build_calendar(
    name: str,
    events,
    *,
    online_for: set[int] = frozenset(),
    sessions=False,
    description="",
    url_for=lambda event: event.url or "",
) -> bytes:
    """A whole calendar. ``online_for``: ids of events whose online link may be shown.

    The calendar's own properties and VTIMEZONEs come from icalendar; each
    VEVENT is rendered by icalendar too, once per version of the event.
    """
    cal = new_calendar(name, description=description)
    add_timezones(cal, events)
    parts = []
    for event in events:
        url = url_for(event)
        parts.append(event_bytes(event, url=url, online_link=event.pk in online_for))
        if sessions:
            for session in event.sessions.all():
                parts.append(session_component(event, session, url=url).to_ical())
    head = cal.to_ical()
    footer = b"END:VCALENDAR\r\n"
    if not head.endswith(footer):  # pragma: no cover - icalendar always ends so
        raise ValueError("unexpected calendar serialisation")
    return head[: -len(footer)] + b"".join(parts) + footer


def _address(component, event, user, *, partstat="ACCEPTED") -> None:
    """ATTENDEE (the registrant) and ORGANIZER (the site, on behalf of the organisers)."""
    component.add(
        "attendee",
        f"mailto:{user.email}",
        parameters={
            "CN": user.get_full_name() or user.get_username(),
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": partstat,
            "RSVP": "FALSE",
        },
    )
    organisers = ", ".join(o.name for o in event.organisers.all())
    component.add(
        "organizer",
        f"mailto:{settings.DEFAULT_FROM_EMAIL}",
        parameters={"CN": organisers or settings.WAGTAIL_SITE_NAME},
    )


def _set(component, name: str, value) -> None:
    component.pop(name, None)
    component.add(name, value)


def invitation(event, user, registration=None) -> bytes:
    """METHOD:REQUEST for the confirmation email and for every later change of
    time or place (iTIP, RFC 5546): the whole event, same UID, its SEQUENCE."""
    cal = new_calendar(event.title, method="REQUEST")
    component = event_component(event, url=event.url or "", online_link=True)
    _address(component, event, user)
    cal.add_component(component)
    add_timezones(cal, [event])
    return cal.to_ical()


def cancellation(event, user, *, withdrawn=False) -> bytes:
    """METHOD:CANCEL for the whole event (or series): the event was cancelled,
    or (``withdrawn``) the registrant cancelled their registration, so their
    copy goes. Same UID, STATUS:CANCELLED, SEQUENCE not lower than the
    invitation's."""
    cal = new_calendar(event.title, method="CANCEL")
    component = event_component(event, url=event.url or "", online_link=False)
    _set(component, "status", "CANCELLED")
    _address(component, event, user, partstat="DECLINED" if withdrawn else "ACCEPTED")
    cal.add_component(component)
    add_timezones(cal, [event])
    return cal.to_ical()


def occurrence_cancellation(event, user, starts) -> bytes:
    """METHOD:CANCEL for single occurrences of a series: one VEVENT per
    cancelled occurrence, each with the RECURRENCE-ID of its original start."""
    cal = new_calendar(event.title, method="CANCEL")
    url = absolute(event.url or "")
    duration = event.end - event.start
    for start in starts:
        component = Event()
        component.add("uid", event.uid)
        component.add("dtstamp", _stamp(event))
        component.add("sequence", event.sequence)
        first, last = _times(event, start, start + duration)
        component.add("recurrence-id", first)
        component.add("dtstart", first)
        component.add("dtend", last)
        component.add("summary", single_line(event.title))
        component.add("url", url)
        component.add("status", "CANCELLED")
        _address(component, event, user)
        cal.add_component(component)
    add_timezones(cal, [event])
    return cal.to_ical()


def as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value
