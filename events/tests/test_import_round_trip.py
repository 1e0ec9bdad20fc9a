"""Import round trips (issue #17): Google-, Outlook- and Apple-style exports
(``fixtures/ics/google_overrides.ics``, ``outlook_overrides.ics``,
``apple_style.ics``) are imported, then read back from the site (its stored
occurrences and its own ``event.ics``, by every parser of the interoperability
suite) and compared with the tz database: each occurrence's wall-clock time,
as the file says it (moved occurrences, RECURRENCE-ID overrides, EXDATE and
RDATE applied), placed with zoneinfo.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from events import importer
from events.models import EventOccurrence, EventPage
from events.tests.conftest import FIXTURES
from events.tests.interop import readers

pytestmark = pytest.mark.django_db

UNTIL = datetime(2029, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def fixture(name):
    return (FIXTURES / name).read_bytes()


def run(data, user, org, index_page):
    return importer.apply(importer.plan(importer.parse(data), user, org), user, org, index_page)


def tzdb(zone, local_starts):
    """The reference: wall-clock times in ``zone`` placed by zoneinfo, in UTC."""
    tz = ZoneInfo(zone)
    return sorted(moment.replace(tzinfo=tz).astimezone(UTC) for moment in local_starts)


def series(rule, start, *, without=frozenset(), moved=None, added=()):
    """Local starts of a series: the rule's, less ``without`` (dates), with
    ``moved`` ({original date: new local start}) and ``added`` (local starts)."""
    found = [m for m in rrulestr(rule, dtstart=start) if m.date() not in without]
    found = [(moved or {}).get(m.date(), m) for m in found]
    return sorted([*found, *added])


def read_back(client, event):
    """The event as the site keeps it and as each parser reads its event.ics."""
    stored = list(
        EventOccurrence.objects.filter(event=event, cancelled=False)
        .order_by("start")
        .values_list("start", flat=True)
    )
    body = client.get(f"{event.url}event.ics").content
    parsed = {}
    for name, read in readers.readers().items():
        (component,) = [c for c in read(body, UNTIL) if c.uid == event.uid]
        parsed[name] = component.starts
    return [s.astimezone(UTC) for s in stored], parsed


def assert_round_trip(client, event, wanted):
    stored, parsed = read_back(client, event)
    assert stored == wanted
    for name, starts in parsed.items():
        assert starts == wanted, name


# -- Google --------------------------------------------------------------------------


def test_google_export_overrides_are_applied(client, editor, city, index_page):
    result = importer.parse(fixture("google_overrides.ics"))
    (parsed,) = result.events
    assert parsed.tz_name == "America/New_York"
    # Moved within its day (15:00) and to the next day (Thursday 11:00);
    # the cancelled override and the EXDATE are exceptions.
    assert parsed.rdates == {date(2027, 3, 10): time(15, 0), date(2027, 4, 8): None}
    assert sorted(parsed.exdates) == [
        date(2027, 3, 10),
        date(2027, 3, 17),
        date(2027, 4, 7),
        date(2027, 4, 21),
    ]
    assert not any("keeps the series' time" in w for w in result.warnings)
    run(fixture("google_overrides.ics"), editor, city, index_page)
    event = EventPage.objects.get(ical_uid="3pd8v0weekly-ny-desk@google.com")
    wanted = tzdb(
        "America/New_York",
        series(
            "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270428T235959",
            datetime(2027, 2, 24, 11),
            without={date(2027, 3, 17), date(2027, 4, 21)},
            moved={
                date(2027, 3, 10): datetime(2027, 3, 10, 15),
                date(2027, 4, 7): datetime(2027, 4, 8, 11),
            },
        ),
    )
    assert len(wanted) == 8
    # 11:00 EST is 16:00 UTC; after 14 March, 11:00 EDT is 15:00 UTC.
    assert wanted[0] == datetime(2027, 2, 24, 16, tzinfo=UTC)
    assert datetime(2027, 3, 10, 20, tzinfo=UTC) in wanted  # moved: 15:00 EST
    assert datetime(2027, 4, 8, 15, tzinfo=UTC) in wanted
    assert_round_trip(client, event, wanted)


# -- Outlook -------------------------------------------------------------------------


def test_outlook_export_windows_zones_overrides_and_exdate(client, editor, city, index_page):
    result = importer.parse(fixture("outlook_overrides.ics"))
    assert not any("IANA" in w for w in result.warnings), result.warnings
    zones = {e.title: e.tz_name for e in result.events}
    assert zones == {
        "Berlin integration council": "Europe/Berlin",
        "Santiago migrant advice clinic": "America/Santiago",
        "Sydney settlement briefing": "Australia/Sydney",
    }
    # The moved occurrence is 90 minutes like the series: no duration warning.
    assert not any("duration" in w for w in result.warnings), result.warnings
    run(fixture("outlook_overrides.ics"), editor, city, index_page)

    council = EventPage.objects.get(title="Berlin integration council")
    wanted = tzdb(
        "Europe/Berlin",
        series(
            "FREQ=MONTHLY;COUNT=10;BYDAY=1MO",
            datetime(2027, 1, 4, 9, 30),
            without={date(2027, 5, 3)},
            moved={date(2027, 6, 7): datetime(2027, 6, 8, 14)},
        ),
    )
    assert len(wanted) == 9
    assert datetime(2027, 6, 8, 12, tzinfo=UTC) in wanted  # 14:00 CEST
    assert datetime(2027, 1, 4, 8, 30, tzinfo=UTC) in wanted  # 09:30 CET
    assert_round_trip(client, council, wanted)

    clinic = EventPage.objects.get(title="Santiago migrant advice clinic")
    wanted = tzdb(
        "America/Santiago", series("FREQ=WEEKLY;COUNT=6;BYDAY=SA", datetime(2027, 3, 20, 10))
    )
    # Chile leaves summer time on 4 April 2027: 13:00 UTC, then 14:00 UTC.
    assert wanted[2:4] == [
        datetime(2027, 4, 3, 13, tzinfo=UTC),
        datetime(2027, 4, 10, 14, tzinfo=UTC),
    ]
    assert_round_trip(client, clinic, wanted)

    briefing = EventPage.objects.get(title="Sydney settlement briefing")
    # The day after Sydney leaves summer time: 10:00 AEST is 00:00 UTC.
    assert briefing.start == datetime(2027, 4, 5, 0, tzinfo=UTC)
    stored, parsed = read_back(client, briefing)
    assert all(starts == [briefing.start] for starts in parsed.values())


# -- Apple ---------------------------------------------------------------------------


def test_apple_export_rdate_override_all_day_and_no_dst_zone(client, editor, city, index_page):
    result = importer.parse(fixture("apple_style.ics"))
    by_title = {e.title: e for e in result.events}
    cafe = by_title["Paris language café"]
    assert cafe.tz_name == "Europe/Paris"
    assert cafe.rdates == {date(2027, 5, 10): None, date(2027, 4, 23): time(9, 0)}
    assert sorted(cafe.exdates) == [date(2027, 4, 8), date(2027, 4, 22)]
    # The moved occurrence is 90 minutes like the series.
    assert not any("duration" in w for w in result.warnings), result.warnings
    run(fixture("apple_style.ics"), editor, city, index_page)

    event = EventPage.objects.get(title="Paris language café")
    wanted = tzdb(
        "Europe/Paris",
        series(
            "FREQ=WEEKLY;COUNT=8",
            datetime(2027, 3, 18, 18),
            without={date(2027, 4, 8)},
            moved={date(2027, 4, 22): datetime(2027, 4, 23, 9)},
            added=[datetime(2027, 5, 10, 18)],
        ),
    )
    assert len(wanted) == 8
    # Europe changes on 28 March 2027: 17:00 UTC, then 16:00 UTC.
    assert wanted[:3] == [
        datetime(2027, 3, 18, 17, tzinfo=UTC),
        datetime(2027, 3, 25, 17, tzinfo=UTC),
        datetime(2027, 4, 1, 16, tzinfo=UTC),
    ]
    assert_round_trip(client, event, wanted)

    twinning = EventPage.objects.get(title="Delhi–Paris twinning call")
    wanted = tzdb("Asia/Kolkata", series("FREQ=MONTHLY;COUNT=4", datetime(2027, 9, 15, 17)))
    assert wanted[0] == datetime(2027, 9, 15, 11, 30, tzinfo=UTC)
    assert_round_trip(client, twinning, wanted)

    school = EventPage.objects.get(title="Summer school on inclusion")
    assert school.all_day
    stored, parsed = read_back(client, school)
    for starts in parsed.values():
        assert starts == [date(2027, 7, 12)]
    body = client.get(f"{school.url}event.ics").content.decode()
    assert "DTSTART;VALUE=DATE:20270712" in body and "DTEND;VALUE=DATE:20270715" in body


# -- details of the override rules ----------------------------------------------------


def _override(extra_master="", override=""):
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:o@test\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Europe/Rome:20270510T090000\r\nDTEND;TZID=Europe/Rome:20270510T100000\r\n"
        f"RRULE:FREQ=WEEKLY;COUNT=5\r\nSUMMARY:Weekly\r\n{extra_master}END:VEVENT\r\n"
        f"BEGIN:VEVENT\r\nUID:o@test\r\nDTSTAMP:20260101T000000Z\r\n{override}END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    ).encode()


def test_an_override_in_utc_is_placed_in_the_series_zone():
    data = _override(
        override="RECURRENCE-ID:20270517T070000Z\r\n"  # 09:00 in Rome (CEST)
        "DTSTART:20270518T120000Z\r\nDTEND:20270518T130000Z\r\nSUMMARY:Moved\r\n"
    )
    (parsed,) = importer.parse(data).events
    assert parsed.exdates == [date(2027, 5, 17)]
    assert parsed.rdates == {date(2027, 5, 18): time(14, 0)}  # 12:00 UTC = 14:00 CEST


def test_an_override_that_changes_only_details_changes_no_date():
    data = _override(
        override="RECURRENCE-ID;TZID=Europe/Rome:20270517T090000\r\n"
        "DTSTART;TZID=Europe/Rome:20270517T090000\r\nDTEND;TZID=Europe/Rome:20270517T100000\r\n"
        "SUMMARY:Weekly (room 2)\r\n"
    )
    (parsed,) = importer.parse(data).events
    assert parsed.exdates == [] and parsed.rdates == {}


def test_a_longer_moved_occurrence_is_warned_about():
    data = _override(
        override="RECURRENCE-ID;TZID=Europe/Rome:20270517T090000\r\n"
        "DTSTART;TZID=Europe/Rome:20270519T090000\r\nDTEND;TZID=Europe/Rome:20270519T120000\r\n"
    )
    result = importer.parse(data)
    assert result.events[0].rdates == {date(2027, 5, 19): None}
    assert any("keeps the series' duration" in w for w in result.warnings)


def test_rdates_are_kept_with_their_own_time(editor, city, index_page):
    data = _override(
        extra_master="RDATE;TZID=Europe/Rome:20270601T090000,20270603T160000\r\n"
        "RDATE;VALUE=PERIOD:20270605T070000Z/PT1H\r\n",
        override="RECURRENCE-ID;TZID=Europe/Rome:20270524T090000\r\nSTATUS:CANCELLED\r\n"
        "DTSTART;TZID=Europe/Rome:20270524T090000\r\n",
    )
    run(data, editor, city, index_page)
    event = EventPage.objects.get(ical_uid="o@test")
    added = {(a.date, a.start_time) for a in event.added_dates.all()}
    assert added == {
        (date(2027, 6, 1), None),
        (date(2027, 6, 3), time(16, 0)),
        (date(2027, 6, 5), None),  # 07:00 UTC is 09:00 in Rome: the series' time
    }
    assert [e.date for e in event.exceptions.all()] == [date(2027, 5, 24)]


def test_the_preview_shows_each_series_next_occurrences_in_its_zone(
    client, editor, city, index_page
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    (parsed,) = importer.parse(fixture("google_overrides.ics")).events
    upcoming = parsed.next_occurrences(count=5, now=NOW)
    starts = [o.local_start.strftime("%a %Y-%m-%d %H:%M") for o in upcoming]
    assert starts == [
        "Wed 2027-02-24 11:00",
        "Wed 2027-03-03 11:00",
        "Wed 2027-03-10 15:00",
        "Wed 2027-03-24 11:00",
        "Wed 2027-03-31 11:00",
    ]
    client.force_login(editor)
    response = client.post(
        "/events/import/",
        {
            "file": SimpleUploadedFile(
                "google.ics", fixture("google_overrides.ics"), "text/calendar"
            ),
            "organisation": city.pk,
        },
    )
    page = response.content.decode()
    assert "Next occurrences" in page
    # In the organiser's zone (the series' own), not the viewer's or UTC.
    from django.utils import formats
    from django.utils.html import escape

    new_york = ZoneInfo("America/New_York")
    for moment in (datetime(2027, 3, 10, 15), datetime(2027, 3, 24, 11)):
        local = moment.replace(tzinfo=new_york)
        shown = f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"
        assert escape(shown) in page, shown
    assert "EST" in page and "EDT" in page
