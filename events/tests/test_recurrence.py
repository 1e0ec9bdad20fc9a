import os
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from events.recurrence import (
    EXPANSION_BUDGET,
    Budget,
    BudgetExceeded,
    RecurrenceError,
    _bounded,
    check_times,
    expand,
    occurrences,
    parse_rule,
    validate_rule,
)
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


# -- validation by bounded expansion ------------------------------------------------

START = datetime(2027, 1, 5, 10, tzinfo=ZoneInfo("Europe/Berlin"))
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    "rule, message",
    [
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=WEEKLY;INTERVAL=-1", "INTERVAL must be"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31", "no occurrence within 10 years"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no occurrence within 10 years"),
        ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4;COUNT=5", "no occurrence within 10 years"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "no occurrence within 10 years"),
        ("FREQ=MONTHLY;BYSETPOS=40;BYDAY=MO", "no occurrence within 10 years"),
        ("FREQ=MONTHLY;BYDAY=6MO", "no occurrence within 10 years"),
        ("FREQ=WEEKLY;UNTIL=20261231T000000Z", "no occurrence within 10 years"),
        ("FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO", "BYSETPOS has the value “0”"),
        ("FREQ=MONTHLY;BYSETPOS=367;BYDAY=MO", "BYSETPOS has the value “367”"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY has the value “32”"),
        ("FREQ=MONTHLY;BYDAY=0MO", "BYDAY has the value “0MO”"),
        ("FREQ=MONTHLY;BYDAY=XX", "BYDAY has the value “XX”"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH has the value “13”"),
        ("FREQ=HOURLY", "daily, weekly, monthly or yearly"),
        ("FREQ=DAILY;BYEASTER=0", "not supported"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20280101", "COUNT or UNTIL, not both"),
        ("FREQ=DAILY;FREQ=WEEKLY", "twice"),
        ("FREQ=DAILY;UNTIL=99991231T000000Z", "out of range"),
        ("FREQ=DAILY;UNTIL=20271340", "not a valid date"),
        ("FREQ=DAILY;BYHOUR=1,2,3,4,5;BYMINUTE=1,2,3,4,5", "times a day"),
        ("FREQ=DAILY\nDTSTART:19000101", "must look like"),
        ("", "must look like"),
    ],
)
def test_hostile_rules_are_refused_with_a_clear_message(rule, message):
    with pytest.raises(RecurrenceError, match=message):
        validate_rule(rule, START, BERLIN)


@pytest.mark.parametrize(
    "rule, count",
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", 3),  # 2028, 2032, 2036
        ("FREQ=MONTHLY;BYDAY=1TU;COUNT=36", 36),
        ("RRULE:freq=weekly;count=4", 4),
        ("FREQ=MONTHLY;BYDAY=-1FR;BYMONTH=2;COUNT=2", 2),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3", 3),
        ("FREQ=WEEKLY;UNTIL=20270118T090000Z", 2),
        ("FREQ=DAILY", 3660),
    ],
)
def test_valid_rules_pass_and_are_counted(rule, count):
    assert validate_rule(rule, START, BERLIN) == count


def test_validation_counts_at_most_cap_plus_one():
    assert validate_rule("FREQ=DAILY", START, BERLIN, cap=10) == 11


def test_start_outside_the_supported_years_is_refused():
    with pytest.raises(RecurrenceError, match="out of range"):
        validate_rule("FREQ=YEARLY", datetime(2500, 1, 1, tzinfo=UTC), UTC)


@pytest.mark.parametrize(
    "start, end, message",
    [
        (datetime(2027, 1, 2, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC), "before the start"),
        (datetime(2027, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC), "more than 366"),
        (datetime(1800, 1, 1, tzinfo=UTC), datetime(1800, 1, 2, tzinfo=UTC), "out of range"),
        (datetime(2027, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC), "out of range"),
    ],
)
def test_absurd_event_times_are_refused(start, end, message):
    with pytest.raises(RecurrenceError, match=message):
        check_times(start, end)


@pytest.mark.parametrize(
    "text",
    [
        # dateutil never yields and never advances: rule.after() loops forever.
        "FREQ=DAILY;INTERVAL=0;BYMONTH=2",
        # Filters that never match: dateutil walks every day up to the year 9999.
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    ],
)
def test_the_budget_stops_dateutil_inside_its_own_loop(text, hang_guard):
    # Bypasses the structural checks on purpose: the budget alone must stop it.
    budget = Budget(1000)
    rule = _bounded(rrulestr(text, dtstart=datetime(2027, 1, 5), cache=False), budget)
    with pytest.raises(BudgetExceeded):
        expand(rule, None, datetime(9999, 1, 1), limit=10)
    assert 990 < budget.spent <= budget.limit


def test_expansion_stops_at_the_window_without_spending_the_budget(hang_guard):
    budget = Budget()
    rule = _bounded(
        rrulestr("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", dtstart=datetime(2027, 1, 5), cache=False),
        budget,
    )
    assert expand(rule, None, datetime(2037, 1, 1), limit=10) == []
    assert budget.spent <= 11 * 366


# -- the render path never pays for a bad stored rule -------------------------------


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;INTERVAL=0", "FREQ=SECONDLY", "FREQ=DAILY;BYEASTER=0", "FREQ=MONTHLY;X"]
)
def test_a_stored_unparsable_rule_shows_the_event_once(make_event, rule, hang_guard):
    event = make_event(
        "Old", start=berlin(2027, 1, 5, 10), end=berlin(2027, 1, 5, 11), timezone="Europe/Berlin"
    )
    # Saved before rules were checked: straight into the database.
    type(event).objects.filter(pk=event.pk).update(recurrence=rule)
    event.refresh_from_db()
    found = occurrences(event, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    assert [(o.start, o.is_recurring) for o in found] == [(event.start, False)]
    later = occurrences(event, datetime(2027, 2, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    assert later == []


@pytest.mark.parametrize(
    "rule",
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4;COUNT=5"],
)
def test_a_stored_rule_that_never_yields_costs_only_its_window(make_event, rule, hang_guard):
    event = make_event(
        "Old", start=berlin(2027, 1, 5, 10), end=berlin(2027, 1, 5, 11), timezone="Europe/Berlin"
    )
    type(event).objects.filter(pk=event.pk).update(recurrence=rule)
    event.refresh_from_db()
    budget = Budget()
    window = (datetime(2030, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC))
    assert occurrences(event, *window, budget=budget) == []
    # Days from the start to the window's end (about four years), not up to 9999.
    assert budget.spent <= 5 * 366


# -- fuzz: any combination of parts answers within the budget -----------------------


def _listed(name, values):
    return st.lists(values, min_size=1, max_size=3).map(
        lambda xs: f"{name}={','.join(str(x) for x in xs)}"
    )


def _mostly(valid, invalid):
    """Values in range nine times in ten, so most rules reach the expansion."""
    return st.integers(0, 9).flatmap(lambda n: invalid if n == 0 else valid)


_ORDINALS = _mostly(
    st.sampled_from(["", "", "1", "2", "3", "4", "5", "-1", "-2", "20", "53"]),
    st.sampled_from(["0", "6", "-6", "54", "+"]),
)
_PARTS = {
    "INTERVAL": _mostly(st.integers(1, 400), st.integers(-1, 0)).map(lambda n: f"INTERVAL={n}"),
    "BYMONTH": _listed("BYMONTH", _mostly(st.integers(1, 12), st.sampled_from([0, 13]))),
    "BYMONTHDAY": _listed(
        "BYMONTHDAY",
        _mostly(
            st.one_of(
                st.sampled_from([29, 30, 31, -29, -30, -31]),
                st.integers(1, 62).map(lambda n: n if n <= 31 else 31 - n),  # ±1..31
            ),
            st.sampled_from([0, 32, -32]),
        ),
    ),
    "BYDAY": _listed(
        "BYDAY",
        st.tuples(_ORDINALS, st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"])).map(
            "".join
        ),
    ),
    "BYSETPOS": _listed(
        "BYSETPOS", _mostly(st.sampled_from([1, 2, 3, 4, 5, -1, -2, 40, 366]), st.just(400))
    ),
    "BYYEARDAY": _listed("BYYEARDAY", _mostly(st.integers(1, 366), st.just(367))),
    "BYWEEKNO": _listed("BYWEEKNO", _mostly(st.integers(1, 53), st.just(54))),
    "COUNT": _mostly(st.integers(1, 5000), st.just(0)).map(lambda n: f"COUNT={n}"),
    "UNTIL": st.tuples(
        st.dates(date(1890, 1, 1), date(2300, 12, 31)), st.sampled_from(["", "T090000", "T090000Z"])
    ).map(lambda du: f"UNTIL={du[0]:%Y%m%d}{du[1]}"),
}
DAYSETS = {"ydayset", "mdayset", "wdayset", "ddayset"}
RRULE_PY = os.path.join("dateutil", "rrule.py")


@st.composite
def rules(draw):
    freq = draw(_mostly(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]), st.just("")))
    names = draw(st.lists(st.sampled_from(sorted(_PARTS)), max_size=4, unique=True))
    return ";".join([f"FREQ={freq}", *(draw(_PARTS[name]) for name in names)])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rule=rules(),
    start=_mostly(
        st.datetimes(datetime(1990, 1, 1), datetime(2100, 12, 31)),
        st.datetimes(datetime(1800, 1, 1), datetime(2300, 12, 31)),
    ),
    zone=st.sampled_from(["Europe/Berlin", "Pacific/Kiritimati", "America/St_Johns", "UTC"]),
)
def test_validation_always_answers_within_the_budget(rule, start, zone):
    tz = ZoneInfo(zone)
    budget = Budget()
    # An independent count of dateutil's periods: each turn of its loop asks its
    # _iterinfo for one day set. Counted by a profiler, not by our code.
    periods = [0]

    def profile(frame, event, arg):
        code = frame.f_code
        if event == "call" and code.co_name in DAYSETS and code.co_filename.endswith(RRULE_PY):
            periods[0] += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        found = validate_rule(rule, start.replace(tzinfo=tz), tz, budget=budget)
        event("accepted")
    except RecurrenceError as exc:
        event("refused after expanding" if budget.spent else "refused by its parts")
        event(type(exc).__name__)
        event(str(exc).split(":")[0][:40])
        found = None
    finally:
        sys.setprofile(previous)
    assert found is None or found >= 1
    assert budget.spent <= budget.limit
    assert periods[0] <= EXPANSION_BUDGET
