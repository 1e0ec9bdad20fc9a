"""The VTIMEZONEs we write, read back by client parsers and compared with tzdb."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Timezone

from events.tests import calendar_parsers
from events.vtimezone import changes, vtimezone

ZONES = [
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Santiago",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Africa/Casablanca",
    "Asia/Tokyo",
    "America/Sao_Paulo",
]
FIRST, LAST = date(2026, 9, 1), date(2030, 12, 31)


# dateutil's VTIMEZONE reading (behind vobject and icalendar's ``to_tz``) puts
# the local hour repeated or skipped at a change of negative summer time (Morocco)
# on the wrong side; ical.js and tzdb do not. There the check keeps 2 hours away.
MARGIN = {"Africa/Casablanca": timedelta(hours=2)}


def instants(tzid, first=FIRST, last=LAST):
    """Every day at noon UTC, and one second either side of each change."""
    margin = MARGIN.get(tzid, timedelta(seconds=1))
    start = datetime(first.year, first.month, first.day, 12, tzinfo=UTC)
    end = datetime(last.year, last.month, last.day, tzinfo=UTC)
    moments = [start + timedelta(days=n) for n in range((end - start).days)]
    for change in changes(tzid, start, end):
        moments += [change.at - margin, change.at + margin]
        if margin == timedelta(seconds=1):
            moments.append(change.at)
    return moments


def document(component: Timezone) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + component.to_ical().decode()
        + "END:VCALENDAR\r\n"
    )


@pytest.mark.parametrize("tzid", ZONES)
def test_icalendar_reads_the_same_offsets_as_tzdb(tzid):
    component = vtimezone(tzid, FIRST, LAST)
    read = Calendar.from_ical(document(component)).walk("VTIMEZONE")[0]
    zone = read.to_tz(lookup_tzid=False)  # from the component, not from tzdb
    expected = ZoneInfo(tzid)
    wrong = [
        moment
        for moment in instants(tzid)
        if moment.astimezone(zone).utcoffset() != moment.astimezone(expected).utcoffset()
    ]
    assert wrong == []


@pytest.mark.parametrize("tzid", ZONES)
def test_vobject_reads_the_same_offsets_as_tzdb(tzid):
    vobject = pytest.importorskip("vobject")
    component = vtimezone(tzid, FIRST, LAST)
    zone = vobject.readOne(document(component)).vtimezone.gettzinfo()
    expected = ZoneInfo(tzid)
    wrong = [
        moment
        for moment in instants(tzid)
        if moment.astimezone(zone).utcoffset() != moment.astimezone(expected).utcoffset()
    ]
    assert wrong == []


def test_europe_follows_its_rule_with_onsets_in_local_time_before_the_change():
    text = vtimezone("Europe/Berlin", FIRST, LAST).to_ical().decode()
    component = Calendar.from_ical(document(vtimezone("Europe/Berlin", FIRST, LAST)))
    daylight = [c for c in component.walk("DAYLIGHT") if "RRULE" in c]
    standard = [c for c in component.walk("STANDARD") if "RRULE" in c]
    assert len(daylight) == len(standard) == 1
    # Summer time starts at 02:00 CET (01:00 UTC): DTSTART is 02:00, not 03:00.
    # (The component starts a year before the first date.)
    assert daylight[0]["DTSTART"].dt == datetime(2026, 3, 29, 2)
    assert daylight[0]["RRULE"]["BYDAY"] == ["-1SU"] and daylight[0]["RRULE"]["BYMONTH"] == [3]
    # Winter time starts at 03:00 CEST (01:00 UTC).
    assert standard[0]["DTSTART"].dt == datetime(2025, 10, 26, 3)
    assert standard[0]["RRULE"]["BYMONTH"] == [10]
    # The rule is still in force ten years on: no UNTIL, so every later year is right too.
    assert "UNTIL" not in daylight[0]["RRULE"] and "UNTIL" not in standard[0]["RRULE"]
    assert "RDATE" not in text


def test_a_rule_that_ended_has_an_until_in_utc():
    # Brazil stopped summer time in 2019.
    component = Calendar.from_ical(document(vtimezone("America/Sao_Paulo", date(2015, 1, 1), LAST)))
    rules = [c["RRULE"] for c in component.walk() if "RRULE" in c]
    assert rules
    for rule in rules:
        until = rule["UNTIL"][0]
        assert until.tzinfo is not None and until.utcoffset() == timedelta(0)
        assert until.year <= 2019


def test_irregular_changes_are_one_rdate_per_line():
    # Morocco's Ramadan changes follow no weekday rule.
    text = vtimezone("Africa/Casablanca", FIRST, LAST).to_ical().decode()
    lines = [line for line in text.split("\r\n") if line.startswith("RDATE")]
    assert len(lines) >= 4
    assert all("," not in line for line in lines)


def test_ical_js_would_have_read_icalendars_own_vtimezone_an_hour_off():
    """The harness can fail: icalendar's Timezone.from_tzid (the VTIMEZONEs we
    used to write) puts November occurrences an hour off in ical.js, ours does not."""
    body = (
        "BEGIN:VEVENT\r\nUID:weekly\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20260907T100000\r\n"
        "DTEND;TZID=Europe/Berlin:20260907T110000\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20261130T235959Z\r\nEND:VEVENT\r\n"
    )
    until = datetime(2027, 1, 1, tzinfo=UTC)
    old = Timezone.from_tzid("Europe/Berlin", first_date=date(2026, 8, 31), last_date=LAST)

    def read(component):
        text = document(component).replace("END:VCALENDAR", body + "END:VCALENDAR")
        return calendar_parsers.ical_js(text.encode(), until)["weekly"]

    november = datetime(2026, 11, 2, 9, tzinfo=UTC)  # 10:00 CET
    assert november in read(vtimezone("Europe/Berlin", FIRST, LAST))
    assert november not in read(old)
