"""Import of real and hostile .ics files: all or nothing, clear messages."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events import importer
from events.models import CalendarImport, EventPage
from events.recurrence import occurrences
from events.tests.conftest import FIXTURES, ics, vevent

pytestmark = pytest.mark.django_db

VALID = [
    "alarm_etar_future.ics",
    "alarm_google_future.ics",
    "alarm_thunderbird_future.ics",
    "america_new_york.ics",
    "issue_1231_recurrence.ics",
    "issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics",
    "issue_722_missing_timezones.ics",
    "multiple_timezones.ics",
    "pacific_fiji.ics",
    "timezoned.ics",
]
BROKEN = [
    "Index_Error.ics",
    "Type_Error.ics",
    "big_bad_calendar.ics",
    "broken_dtstart.ics",
    "broken_ical.ics",
    "event_with_escaped_characters.ics",
    "event_with_recurrence.ics",
    "event_with_recurrence_exdates_on_different_lines.ics",
    "event_with_unicode_fields.ics",
    "fuzz_testcase_0_char_in_component_name.ics",
    "fuzz_testcase_invalid_month.ics",
    "fuzz_testcase_vtimezone_lone_cr.ics",
    "issue_104_broken_calendar.ics",
    "issue_1081_invalid_rrule_freq.ics",
]


def _with_duration(duration):
    """A VEVENT with a DURATION instead of a DTEND."""
    return (
        "BEGIN:VEVENT\r\nUID:d@test\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Europe/Rome:20270510T090000\r\n"
        f"DURATION:{duration}\r\nSUMMARY:Long\r\nEND:VEVENT"
    )


def run(data, user, org, index_page):
    return importer.apply(importer.plan(importer.parse(data), user, org), user, org, index_page)


@pytest.mark.parametrize("name", VALID)
def test_valid_samples_import(samples, name, editor, city, index_page):
    data = (samples / "valid" / name).read_bytes()
    counts = run(data, editor, city, index_page)
    assert counts["create"] >= 1
    assert EventPage.objects.count() == counts["create"]
    # Importing the same file again changes nothing.
    before = list(EventPage.objects.values_list("pk", "sequence", "changed_at"))
    again = run(data, editor, city, index_page)
    assert again["create"] == 0 and again["update"] == 0
    assert list(EventPage.objects.values_list("pk", "sequence", "changed_at")) == before


def test_valid_sample_times_are_kept(samples, editor, city, index_page):
    run((samples / "valid" / "timezoned.ics").read_bytes(), editor, city, index_page)
    event = EventPage.objects.get(ical_uid="123456")
    assert event.timezone == "Europe/Vienna"
    assert event.local_start.replace(tzinfo=None) == datetime(2012, 2, 13, 10)
    assert event.local_end.replace(tzinfo=None) == datetime(2012, 2, 17, 18)
    run(
        (samples / "valid" / "issue_722_missing_timezones.ics").read_bytes(),
        editor,
        city,
        index_page,
    )
    ny = EventPage.objects.get(title="an event with a custom tz name")
    # 08:00 New York to 08:00 Los Angeles: three hours.
    assert ny.start == datetime(2014, 8, 29, 12, tzinfo=UTC)
    assert ny.end == datetime(2014, 8, 29, 15, tzinfo=UTC)
    run(
        (
            samples / "valid" / "issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics"
        ).read_bytes(),
        editor,
        city,
        index_page,
    )
    brasilia = EventPage.objects.get(start__year=2017)
    assert brasilia.start == datetime(2017, 5, 11, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize("name", ["bom_calendar.ics", "calendar_with_unicode.ics"])
def test_edge_samples_have_nothing_to_import(samples, name):
    with pytest.raises(importer.ImportError_, match="nothing to import"):
        importer.parse((samples / "edge" / name).read_bytes())


@pytest.mark.parametrize("name", BROKEN)
def test_broken_samples_are_refused_and_change_nothing(
    samples, name, client, editor, city, index_page
):
    client.force_login(editor)
    data = (samples / "broken" / name).read_bytes()
    with pytest.raises(importer.ImportError_) as exc:
        importer.parse(data)
    assert str(exc.value)
    response = client.post(
        "/events/import/",
        {"file": SimpleUploadedFile(name, data, "text/calendar"), "organisation": city.pk},
    )
    assert response.status_code == 200
    assert "nothing was changed" in response.content.decode()
    assert not EventPage.objects.exists()
    assert not CalendarImport.objects.exists()


def test_bare_vevent_is_named(samples):
    data = (samples / "broken" / "event_with_recurrence.ics").read_bytes()
    with pytest.raises(importer.ImportError_, match="bare VEVENT"):
        importer.parse(data)


def test_duplicate_updated_and_lower_sequence(editor, city, index_page):
    assert run(ics(vevent(seq=0)), editor, city, index_page) == {
        "create": 1,
        "update": 0,
        "skip": 0,
    }
    event = EventPage.objects.get(ical_uid="u1@test")
    assert event.title == "Hearing" and event.sequence == 0
    assert run(ics(vevent(seq=0, summary="Changed")), editor, city, index_page)["skip"] == 1
    event.refresh_from_db()
    assert event.title == "Hearing"
    assert (
        run(ics(vevent(seq=2, summary="Hearing (new room)")), editor, city, index_page)["update"]
        == 1
    )
    event.refresh_from_db()
    assert event.title == "Hearing (new room)" and event.sequence == 2
    assert EventPage.objects.count() == 1


def test_all_or_nothing(editor, city, index_page, monkeypatch):
    data = ics(vevent(uid="a@t"), vevent(uid="b@t", summary="Second"))
    calls = {"n": 0}
    original = importer._fill

    def failing(page, parsed):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        original(page, parsed)

    monkeypatch.setattr(importer, "_fill", failing)
    with pytest.raises(RuntimeError):
        run(data, editor, city, index_page)
    assert not EventPage.objects.exists()


def test_cannot_update_someone_elses_event(editor, city, make_org, make_user, index_page):
    other_org = make_org("Other city")
    other = make_user("other", org=other_org, role="editor")
    run(ics(vevent(uid="x@t")), other, other_org, index_page)
    with pytest.raises(importer.ImportError_, match="do not organise"):
        run(ics(vevent(uid="x@t", seq=5)), editor, city, index_page)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"X" * (importer.MAX_BYTES + 1), "limit"),
        (ics(*[vevent(uid=f"e{n}") for n in range(importer.MAX_EVENTS + 1)]), "at most"),
        (ics(vevent(extra="RRULE:FREQ=SECONDLY\r\n")), "only daily"),
        (ics(vevent(extra="RRULE:FREQ=DAILY;COUNT=5000000\r\n")), "more than"),
        (ics(vevent(extra="RRULE:FREQ=DAILY\r\n")), "more than"),
        (ics(vevent(extra="RRULE:FREQ=DAILY;INTERVAL=0\r\n")), "INTERVAL must be"),
        (ics(vevent(extra="RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31\r\n")), "no occurrence"),
        (
            ics(vevent(extra="RRULE:FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4;COUNT=5\r\n")),
            "no occurrence",
        ),
        (ics(vevent(extra="RRULE:FREQ=MONTHLY;BYSETPOS=40;BYDAY=MO\r\n")), "no occurrence"),
        (ics(vevent(extra="RRULE:FREQ=WEEKLY;UNTIL=99991231T000000Z\r\n")), "out of range"),
        (ics(_with_duration("P99999999W")), "more than 366 days"),
        (ics(_with_duration("P400D")), "more than 366 days"),
        (ics(_with_duration("-P1D")), "more than 366 days|ends before it starts"),
        (ics(vevent(start="20271340T090000")), "could not be read"),
        (ics(vevent(start="99990510T090000")), "out of range"),
        (ics(vevent(start="20270511T090000")), "ends before it starts"),
        (ics(vevent(uid="dup"), vevent(uid="dup")), "share the UID"),
        (b"\x00\x01binary", "binary data"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "no calendar"),
    ],
)
def test_hostile_files_are_refused(data, message, editor, city, index_page):
    with pytest.raises(importer.ImportError_, match=message):
        run(data, editor, city, index_page)
    assert not EventPage.objects.exists()


def test_missing_uid_gets_a_stable_derived_uid_and_a_warning(editor, city, index_page):
    data = ics(vevent(uid=""))
    result = importer.parse(data)
    assert any("no UID" in w for w in result.warnings)
    run(data, editor, city, index_page)
    run(data, editor, city, index_page)
    assert EventPage.objects.count() == 1


def test_recurrence_with_cancelled_override_becomes_exception(editor, city, index_page):
    data = ics(
        vevent(uid="w@t", extra="RRULE:FREQ=WEEKLY;COUNT=4\r\n"),
        "BEGIN:VEVENT\r\nUID:w@t\r\nDTSTAMP:20260101T000000Z\r\n"
        "RECURRENCE-ID;TZID=Europe/Rome:20270517T090000\r\n"
        "DTSTART;TZID=Europe/Rome:20270517T090000\r\nSTATUS:CANCELLED\r\nEND:VEVENT",
    )
    run(data, editor, city, index_page)
    event = EventPage.objects.get(ical_uid="w@t")
    assert event.recurrence.startswith("FREQ=WEEKLY")
    assert [e.date.isoformat() for e in event.exceptions.all()] == ["2027-05-17"]


# -- our own fixture calendars (always present) --------------------------------------


def fixture(name):
    return (FIXTURES / name).read_bytes()


def test_own_google_style_calendar_keeps_times(editor, city, index_page):
    counts = run(fixture("google_style.ics"), editor, city, index_page)
    assert counts == {"create": 2, "update": 0, "skip": 0}
    meeting = EventPage.objects.get(ical_uid="7kq2mayoral-forum-berlin@google.com")
    assert meeting.timezone == "Europe/Berlin"
    assert meeting.start == datetime(2027, 6, 15, 7, 30, tzinfo=UTC)  # 09:30 CEST
    assert meeting.end == datetime(2027, 6, 15, 15, tzinfo=UTC)
    assert meeting.venue.startswith("Rotes Rathaus, Rathausstraße 15")
    visit = EventPage.objects.get(ical_uid="9zz4study-visit@google.com")
    assert visit.all_day and visit.sequence == 1
    assert (visit.local_start.date(), visit.last_day) == (date(2027, 6, 16), date(2027, 6, 17))
    # The same file again changes nothing.
    assert run(fixture("google_style.ics"), editor, city, index_page)["create"] == 0


def test_own_non_ascii_tzid_keeps_the_instant(editor, city, index_page):
    result = importer.parse(fixture("non_ascii_tzid.ics"))
    assert any("without an IANA name" in w for w in result.warnings)
    run(fixture("non_ascii_tzid.ics"), editor, city, index_page)
    hearing = EventPage.objects.get(ical_uid="sao-paulo-hearing@test")
    assert hearing.title == "Audiência pública — São Paulo"
    assert hearing.start == datetime(2027, 5, 11, 16, 30, tzinfo=UTC)  # 13:30 at UTC-3


def test_own_undefined_tzids_are_read_by_name_or_as_floating(editor, city, index_page):
    result = importer.parse(fixture("undefined_tzid.ics"))
    assert any("floating time" in w for w in result.warnings)
    run(fixture("undefined_tzid.ics"), editor, city, index_page)
    webinar = EventPage.objects.get(ical_uid="accra-webinar@test")
    assert webinar.timezone == "Africa/Accra"
    # 14:00 in Accra to 12:00 in New York (EDT): two hours.
    assert (webinar.start, webinar.end) == (
        datetime(2027, 9, 2, 14, tzinfo=UTC),
        datetime(2027, 9, 2, 16, tzinfo=UTC),
    )
    assert EventPage.objects.get(ical_uid="nowhere@test").timezone == "UTC"


def test_own_recurring_series_keeps_its_exceptions(editor, city, index_page):
    run(fixture("recurring_series.ics"), editor, city, index_page)
    series = EventPage.objects.get(ical_uid="monthly-webinar@test")
    assert series.recurrence == "FREQ=MONTHLY;COUNT=6;BYDAY=1TU"
    assert sorted(e.date for e in series.exceptions.all()) == [date(2027, 3, 2), date(2027, 4, 6)]
    found = occurrences(series, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    assert [o.local_start.date() for o in found] == [
        date(2027, 1, 5),
        date(2027, 2, 2),
        date(2027, 5, 4),
        date(2027, 6, 1),
    ]
    assert {o.local_start.hour for o in found} == {10}


@pytest.mark.parametrize(
    "name, message",
    [
        ("empty_with_bom.ics", "nothing to import"),
        ("broken.ics", "could not be read"),
        ("bare_vevent.ics", "bare VEVENT"),
        ("hostile_rule_interval_zero.ics", "INTERVAL must be"),
        ("hostile_rule_february_31.ics", "no occurrence within 10 years"),
        ("hostile_rule_april_31_count.ics", "no occurrence within 10 years"),
        ("hostile_rule_setpos_out_of_range.ics", "no occurrence within 10 years"),
        ("hostile_duration.ics", "more than 366 days"),
    ],
)
def test_own_refused_files_change_nothing(
    name, message, client, editor, city, index_page, hang_guard
):
    with pytest.raises(importer.ImportError_, match=message):
        importer.parse(fixture(name))
    client.force_login(editor)
    response = client.post(
        "/events/import/",
        {"file": SimpleUploadedFile(name, fixture(name), "text/calendar"), "organisation": city.pk},
    )
    assert response.status_code == 200
    assert "nothing was changed" in response.content.decode()
    assert not EventPage.objects.exists()
    assert not CalendarImport.objects.exists()


def test_outlook_windows_zone_is_mapped_to_its_iana_name(editor, city, index_page):
    from events.recurrence import occurrences

    result = importer.parse(fixture("outlook_windows_zone.ics"))
    assert not any("IANA" in w for w in result.warnings), result.warnings
    (parsed,) = result.events
    assert parsed.tz_name == "Europe/London"
    run(fixture("outlook_windows_zone.ics"), editor, city, index_page)
    board = EventPage.objects.get(title="London partners' board")
    assert board.timezone == "Europe/London"
    assert board.start == datetime(2027, 1, 12, 14, tzinfo=UTC)  # 14:00 GMT
    found = occurrences(board, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    starts = [o.start for o in found]
    assert len(starts) == 12
    # Second Tuesday of July 2027 at 14:00 BST is 13:00 UTC, not 14:00.
    assert datetime(2027, 7, 13, 13, tzinfo=UTC) in starts
    assert datetime(2027, 12, 14, 14, tzinfo=UTC) in starts
