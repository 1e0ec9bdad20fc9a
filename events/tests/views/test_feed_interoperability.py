"""The feeds as calendar clients read them: every occurrence's UTC start, as
each parser computes it from our VTIMEZONEs, equals the tz database's."""

from datetime import UTC, date, datetime

import pytest

from events.tests import calendar_parsers
from events.tests.conftest import berlin

pytestmark = pytest.mark.django_db

UNTIL = datetime(2029, 1, 1, tzinfo=UTC)


@pytest.fixture
def series(make_event):
    from zoneinfo import ZoneInfo

    new_york = ZoneInfo("America/New_York")
    return [
        # Weekly across the end of summer time (25 October 2026), one cancelled.
        make_event(
            "Weekly coordination",
            start=berlin(2026, 9, 7, 10),
            end=berlin(2026, 9, 7, 11),
            timezone="Europe/Berlin",
            recurrence="FREQ=WEEKLY;UNTIL=20261130T235959Z",
            exceptions=[date(2026, 10, 5)],
        ),
        # Monthly for two and a half years: both changes, every year.
        make_event(
            "Monthly webinar",
            start=berlin(2026, 9, 1, 18),
            end=berlin(2026, 9, 1, 19),
            timezone="Europe/Berlin",
            recurrence="FREQ=MONTHLY;BYDAY=1TU;COUNT=28",
        ),
        make_event(
            "Hearing",
            start=datetime(2026, 10, 30, 9, tzinfo=new_york),
            end=datetime(2026, 10, 30, 12, tzinfo=new_york),
            timezone="America/New_York",
            recurrence="FREQ=WEEKLY;BYDAY=FR;COUNT=12",
        ),
        make_event(
            "Summit",
            start=berlin(2027, 7, 1, 9),
            end=berlin(2027, 7, 2, 17),
            timezone="Europe/Berlin",
        ),
    ]


def expected(events):
    return {
        e.uid: calendar_parsers.tzdb(
            e.start.astimezone(e.tz),
            e.recurrence,
            UNTIL,
            exdates={x.date for x in e.exceptions.all()},
        )
        for e in events
    }


@pytest.mark.parametrize("reader", sorted(calendar_parsers.READERS))
def test_public_calendar_occurrences_match_tzdb(client, series, reader):
    body = client.get("/events/calendar.ics").content
    read = calendar_parsers.READERS[reader](body, UNTIL)
    wanted = expected(series)
    assert {uid: read[uid] for uid in wanted} == wanted
    weekly = read[series[0].uid]
    # 10:00 in Berlin: 08:00 UTC in summer time, 09:00 UTC after 25 October.
    assert weekly[0] == datetime(2026, 9, 7, 8, tzinfo=UTC)
    assert datetime(2026, 11, 2, 9, tzinfo=UTC) in weekly
    assert datetime(2026, 10, 5, 8, tzinfo=UTC) not in weekly  # cancelled: EXDATE
    assert len(weekly) == 13 - 1
    assert sum(len(v) for v in wanted.values()) == 12 + 28 + 12 + 1


@pytest.mark.parametrize("reader", sorted(calendar_parsers.READERS))
def test_event_feed_occurrences_match_tzdb(client, series, reader):
    for event in series:
        body = client.get(f"{event.url}event.ics").content
        read = calendar_parsers.READERS[reader](body, UNTIL)
        assert read[event.uid] == expected([event])[event.uid]
