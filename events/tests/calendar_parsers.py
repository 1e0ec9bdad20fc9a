"""Our calendars read back the way calendar clients read them.

Each reader returns ``{uid: [UTC start, ...]}`` for the VEVENTs of a document,
expanded up to a date, using only what the document says (its VTIMEZONEs),
never the tz database behind the TZID:

- ``ical_js``: Thunderbird's parser, ical.js, run in node (tests/js); the test
  is skipped, with the reason, where node or the package is missing;
- ``vobject``: the Python library behind Radicale and many sync tools;
- ``icalendar_vtimezone``: icalendar's own reading of the VTIMEZONE
  (``Timezone.to_tz``) with dateutil expanding the RRULE.

``tzdb`` is the reference: the same series computed from the tz database.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from events.tests.conftest import REPOSITORY

JS = REPOSITORY / "tests" / "js"


def _js_unavailable() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed: the ical.js (Thunderbird) reading is not tested"
    if not (JS / "node_modules" / "ical.js" / "package.json").is_file():
        return (
            "ical.js is not installed: run `npm ci` in tests/js "
            "(make test does where npm exists) to test Thunderbird's parser"
        )
    return None


def ical_js(body: bytes, until: datetime) -> dict[str, list[datetime]]:
    reason = _js_unavailable()
    if reason:
        pytest.skip(reason)
    done = subprocess.run(
        ["node", str(JS / "occurrences.mjs"), until.astimezone(UTC).isoformat()],
        input=body,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return {
        uid: [datetime.fromisoformat(s.replace("Z", "+00:00")) for s in value["starts"]]
        for uid, value in json.loads(done.stdout).items()
    }


def vobject(body: bytes, until: datetime) -> dict[str, list[datetime]]:
    import vobject as library

    # vobject keeps every TZID it has seen in a process-wide map and prefers
    # it to the feed's own VTIMEZONE: forget earlier parses (and pytz's
    # zones), so each feed is read with the time zones it carries, as a
    # client reading only this feed would. Without this the result depended
    # on which tests ran before in the same worker.
    getattr(library.icalendar, "__tzidMap").clear()
    calendar = library.readOne(body.decode())
    result = {}
    for vevent in calendar.vevent_list:
        starts = []
        for start in vevent.getrruleset(addRDate=True) or [vevent.dtstart.value]:
            start = start.astimezone(UTC)
            if start > until:
                break
            starts.append(start)
        result[vevent.uid.value] = starts
    return result


def icalendar_vtimezone(body: bytes, until: datetime) -> dict[str, list[datetime]]:
    calendar = Calendar.from_ical(body)
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.walk("VTIMEZONE")}
    result = {}
    for vevent in calendar.walk("VEVENT"):
        start = vevent["DTSTART"].dt
        zone = zones[vevent["DTSTART"].params["TZID"]]
        local = start.replace(tzinfo=None)
        if "RRULE" in vevent:
            rule = rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=local, ignoretz=True)
            excluded = {
                d.dt.replace(tzinfo=None) for prop in _list(vevent.get("EXDATE")) for d in prop.dts
            }
            locals_ = [t for t in rule.xafter(local, count=2000, inc=True) if t not in excluded]
        else:
            locals_ = [local]
        starts = []
        for moment in locals_:
            moment = moment.replace(tzinfo=zone).astimezone(UTC)
            if moment > until:
                break
            starts.append(moment)
        result[str(vevent["UID"])] = starts
    return result


def tzdb(vevent_start: datetime, rule: str, until: datetime, exdates=()) -> list[datetime]:
    """The reference: the series expanded in local time, placed with zoneinfo."""
    zone = vevent_start.tzinfo
    local = vevent_start.replace(tzinfo=None)
    expanded = rrulestr(rule, dtstart=local, ignoretz=True) if rule else [local]
    starts = []
    for moment in expanded:
        if moment.date() in exdates:
            continue
        moment = moment.replace(tzinfo=zone).astimezone(UTC)
        if moment > until:
            break
        starts.append(moment)
    return starts


def _list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


READERS = {"ical.js": ical_js, "vobject": vobject, "icalendar VTIMEZONE": icalendar_vtimezone}
