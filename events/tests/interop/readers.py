"""Three independent readings of an iCalendar document, as calendar clients
make them. Each returns a list of ``Component`` (one per VEVENT), whose
occurrences are expanded by the parser itself from what the document says
(its VTIMEZONEs, RRULE, RDATE, EXDATE), never from the tz database behind a
TZID:

- ``vobject``: the library behind Radicale and many sync tools (its own
  VTIMEZONE reading and ``getrruleset``);
- ``icalendar``: icalendar's parse and its reading of each VTIMEZONE
  (``Timezone.to_tz``), with the series expanded here by dateutil in the
  event's wall-clock time (RRULE ∪ RDATE − EXDATE, RFC 5545 3.8.5). It stands
  in for ``recurring-ical-events`` (icalendar plus its own expansion), which
  cannot be installed beside the project's pinned python-dateutil;
- ``ical.js``: Thunderbird's parser, in node (``tests/js/interop.mjs``), where
  node and the package are installed (``make js-tools``).

An occurrence is a *key*: a timed one its UTC start (``datetime``), an
all-day one its date (all-day values float: they are the same date in every
zone).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from dateutil.rrule import rrulestr
from icalendar import Calendar

from events.tests.conftest import REPOSITORY

JS = REPOSITORY / "tests" / "js"
MAX_OCCURRENCES = 5000


@dataclass
class Component:
    uid: str
    recurrence_id: object = None  # key of the occurrence it stands for, or None
    status: str = ""
    starts: list = field(default_factory=list)


def js_unavailable() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (JS / "node_modules" / "ical.js" / "package.json").is_file():
        return "ical.js is not installed (npm ci --prefix tests/js; make js-tools)"
    return None


def _cut(keys, until: datetime) -> list:
    found = []
    for key in keys:
        moment = datetime.combine(key, datetime.min.time(), UTC) if _is_date(key) else key
        if moment > until:
            break
        found.append(key)
        if len(found) >= MAX_OCCURRENCES:
            break
    return found


def _is_date(value) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


# -- vobject --------------------------------------------------------------------------


def vobject(body: bytes, until: datetime) -> list[Component]:
    import vobject as library

    # vobject keeps every TZID it has seen in a process-wide map and prefers it
    # to the document's own VTIMEZONE: forget earlier parses, so each document
    # is read with the zones it carries, as a client reading only it would.
    getattr(library.icalendar, "__tzidMap").clear()
    calendar = library.readOne(body.decode())
    found = []
    for vevent in getattr(calendar, "vevent_list", []):
        all_day = _is_date(vevent.dtstart.value)

        def key(value, all_day=all_day):
            if all_day or _is_date(value):
                return value.date() if isinstance(value, datetime) else value
            return value.astimezone(UTC)

        recurrence_id = getattr(vevent, "recurrence_id", None)
        status = getattr(vevent, "status", None)
        component = Component(
            uid=vevent.uid.value,
            recurrence_id=key(recurrence_id.value) if recurrence_id is not None else None,
            status=status.value if status is not None else "",
        )
        ruleset = None if recurrence_id is not None else vevent.getrruleset(addRDate=True)
        values = ruleset if ruleset is not None else [vevent.dtstart.value]
        component.starts = _cut((key(v) for v in values), until)
        found.append(component)
    return found


# -- icalendar + dateutil ------------------------------------------------------------------


def _values(component, name) -> list:
    """Every value of a property that may repeat and hold lists (RDATE, EXDATE)."""
    props = component.get(name)
    if props is None:
        return []
    props = props if isinstance(props, list) else [props]
    values = []
    for prop in props:
        tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
        for item in getattr(prop, "dts", []):
            values.append((item.dt, tzid))
    return values


def icalendar(body: bytes, until: datetime) -> list[Component]:
    calendar = Calendar.from_ical(body)
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.walk("VTIMEZONE")}

    def local(value, tzid, zone):
        """A DATE-TIME as naive wall-clock time in ``zone`` (the DTSTART's)."""
        if value.tzinfo is not None and tzid is None:  # UTC ("Z")
            return value.astimezone(zone).replace(tzinfo=None) if zone else value
        if tzid is not None and zone is not None and zones.get(str(tzid)) is not zone:
            placed = value.replace(tzinfo=zones[str(tzid)])
            return placed.astimezone(zone).replace(tzinfo=None)
        return value.replace(tzinfo=None)

    found = []
    for vevent in calendar.walk("VEVENT"):
        prop = vevent["DTSTART"]
        start = prop.dt
        tzid = prop.params.get("TZID")
        zone = zones.get(str(tzid)) if tzid else (UTC if getattr(start, "tzinfo", None) else None)
        all_day = _is_date(start)

        def key(naive, all_day=all_day, zone=zone):
            if all_day:
                return naive.date() if isinstance(naive, datetime) else naive
            return naive.replace(tzinfo=zone).astimezone(UTC)

        component = Component(uid=str(vevent["UID"]), status=str(vevent.get("STATUS", "")))
        if "RECURRENCE-ID" in vevent:
            rid = vevent["RECURRENCE-ID"]
            value = rid.dt
            rid_zone = zones.get(str(rid.params.get("TZID"))) if rid.params.get("TZID") else zone
            component.recurrence_id = (
                value if _is_date(value) else key(local(value, rid.params.get("TZID"), rid_zone))
            )
            component.starts = [key(local(start, tzid, zone) if not all_day else start)]
            found.append(component)
            continue
        first = start if all_day else local(start, tzid, zone)
        anchor = datetime.combine(first, datetime.min.time()) if all_day else first
        moments = {anchor}
        if "RRULE" in vevent:
            text = vevent["RRULE"].to_ical().decode()
            untils = vevent["RRULE"].get("UNTIL") or []
            if untils and getattr(untils[0], "tzinfo", None) is not None and zone is not None:
                # A UTC UNTIL, as wall-clock time in the event's zone (we expand in it).
                end = untils[0].astimezone(zone).replace(tzinfo=None)
                text = re.sub(r"UNTIL=[^;]+", f"UNTIL={end:%Y%m%dT%H%M%S}", text)
            rule = rrulestr(text, dtstart=anchor, ignoretz=True)
            limit = until.replace(tzinfo=None)
            for moment in rule:
                if moment > limit or len(moments) > MAX_OCCURRENCES:
                    break
                moments.add(moment)
        for value, value_tzid in _values(vevent, "RDATE"):
            if isinstance(value, tuple):  # PERIOD: the start counts
                value = value[0]
            if _is_date(value):
                moments.add(datetime.combine(value, datetime.min.time()))
            else:
                moments.add(local(value, value_tzid, zone))
        for value, value_tzid in _values(vevent, "EXDATE"):
            if _is_date(value):
                moments.discard(datetime.combine(value, datetime.min.time()))
            else:
                moments.discard(local(value, value_tzid, zone))
        component.starts = _cut([key(m) for m in sorted(moments)], until)
        found.append(component)
    return found


# -- ical.js (node) --------------------------------------------------------------------


def ical_js(body: bytes, until: datetime) -> list[Component]:
    return ical_js_many([body], until)[0]


def ical_js_many(bodies: list[bytes], until: datetime) -> list[list[Component]]:
    """Several documents read by one node process (node starts in about 0.4 s)."""
    reason = js_unavailable()
    if reason:
        raise RuntimeError(reason)
    done = subprocess.run(
        ["node", str(JS / "interop.mjs"), until.astimezone(UTC).isoformat()],
        input=json.dumps([body.decode() for body in bodies]).encode(),
        capture_output=True,
        timeout=300,
        check=False,
        # All-day values float; ical.js places them in the process's zone.
        env={**os.environ, "TZ": "UTC"},
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode()[-2000:])

    def key(text):
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    return [
        [
            Component(
                uid=item["uid"],
                recurrence_id=key(item["recurrenceId"]) if item["recurrenceId"] else None,
                status=(item["status"] or "").upper(),
                starts=[key(s) for s in item["starts"]],
            )
            for item in document
        ]
        for document in json.loads(done.stdout)
    ]


PYTHON_READERS = {"vobject": vobject, "icalendar+dateutil": icalendar}


def readers() -> dict:
    """The readers this machine has: the Python ones always, ical.js where node is."""
    found = dict(PYTHON_READERS)
    if js_unavailable() is None:
        found["ical.js"] = ical_js
    return found
