from datetime import UTC, date, datetime, timedelta

import pytest

from events.recurrence import occurrences, parse_rule
from events.tests.conftest import berlin

pytestmark = pytest.mark.django_db


def test_monthly_webinar_expands_and_skips_exceptions(make_event):
    event = make_event(
        "Webinar",
        start=berlin(2027, 1, 5, 10),
        end=berlin(2027, 1, 5, 11),
        timezone="Europe/Berlin",
        recurrence="FREQ=MONTHLY;BYDAY=1TU;COUNT=6",
        exceptions=[date(2027, 3, 2)],
    )
    found = occurrences(event, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    days = [o.local_start.date() for o in found]
    assert days == [
        date(2027, 1, 5),
        date(2027, 2, 2),
        date(2027, 4, 6),
        date(2027, 5, 4),
        date(2027, 6, 1),
    ]


def test_wall_clock_time_is_kept_across_daylight_saving(make_event):
    # Berlin moves to summer time on 28 March 2027: 10:00 local stays 10:00 local.
    event = make_event(
        "Weekly call",
        start=berlin(2027, 3, 22, 10),
        end=berlin(2027, 3, 22, 11),
        timezone="Europe/Berlin",
        recurrence="FREQ=WEEKLY;COUNT=3",
    )
    found = occurrences(event, datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 5, 1, tzinfo=UTC))
    assert [o.local_start.hour for o in found] == [10, 10, 10]
    assert [o.start.astimezone(UTC).hour for o in found] == [9, 8, 8]


def test_expansion_is_bounded(make_event):
    event = make_event(
        "Daily",
        start=berlin(2027, 1, 1, 9),
        end=berlin(2027, 1, 1, 10),
        timezone="Europe/Berlin",
        recurrence="FREQ=DAILY",
    )
    found = occurrences(
        event, datetime(2027, 1, 1, tzinfo=UTC), datetime(2127, 1, 1, tzinfo=UTC), limit=50
    )
    assert len(found) == 50


def test_until_in_utc_is_respected(make_event):
    event = make_event(
        "Until",
        start=berlin(2027, 1, 4, 10),
        end=berlin(2027, 1, 4, 11),
        timezone="Europe/Berlin",
        recurrence="FREQ=WEEKLY;UNTIL=20270118T090000Z",
    )
    found = occurrences(event, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    assert len(found) == 3
    rule = parse_rule(event.recurrence, event.start, event.tz)
    assert rule is not None
    assert found[-1].end - found[-1].start == timedelta(hours=1)
