"""The organisers' form (events/editing.py): patterns to RRULEs and back, and
bounds; the views' tests are in views/test_editing.py."""

from datetime import date

import pytest

from events.editing import build_rule, pattern_for
from events.tests.conftest import berlin

BERLIN = berlin(2027, 3, 1, 10).tzinfo


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        ({"pattern": "none"}, ""),
        ({"pattern": "daily"}, "FREQ=DAILY"),
        (
            {"pattern": "daily", "interval": 3, "ends": "count", "count": 5},
            "FREQ=DAILY;INTERVAL=3;COUNT=5",
        ),
        ({"pattern": "weekly"}, "FREQ=WEEKLY;BYDAY=MO"),  # the start's weekday
        ({"pattern": "weekly", "weekdays": ["FR", "MO", "FR"]}, "FREQ=WEEKLY;BYDAY=MO,FR"),
        ({"pattern": "monthly_day"}, "FREQ=MONTHLY;BYMONTHDAY=1"),
        ({"pattern": "monthly_day", "month_day": 15}, "FREQ=MONTHLY;BYMONTHDAY=15"),
        (
            {"pattern": "monthly_nth", "ordinal": "-1", "ordinal_weekday": "FR"},
            "FREQ=MONTHLY;BYDAY=-1FR",
        ),
        (
            {"pattern": "daily", "ends": "until", "until": date(2027, 3, 31)},
            "FREQ=DAILY;UNTIL=20270331T215959Z",  # 23:59:59 summer time in Berlin
        ),
        (
            {"pattern": "daily", "ends": "until", "until": date(2027, 3, 31), "all_day": True},
            "FREQ=DAILY;UNTIL=20270331",
        ),
    ],
)
def test_patterns_become_rules_and_come_back(data, rule):
    start = berlin(2027, 3, 1, 10)
    assert build_rule(data, start, BERLIN) == rule
    back = pattern_for(rule, start, BERLIN)
    assert back["pattern"] == data["pattern"]
    if data.get("ends") == "until":
        assert back["until"] == data["until"]
    if data.get("count"):
        assert back["count"] == data["count"]
    if data.get("interval"):
        assert back["interval"] == data["interval"]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY",
        "FREQ=MONTHLY;BYDAY=MO,TU",
        "FREQ=MONTHLY;BYDAY=5MO",
        "FREQ=WEEKLY;BYHOUR=10",
        "FREQ=DAILY;INTERVAL=500",
        "FREQ=DAILY;COUNT=5000",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=DAILY;UNTIL=garbage",
    ],
)
def test_rules_the_patterns_cannot_show_are_custom(rule):
    assert pattern_for(rule, berlin(2027, 3, 1, 10), BERLIN) == {"pattern": "custom"}
