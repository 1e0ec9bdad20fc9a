"""The calendar interoperability suite (``suite.py``): every feed and
invitation, every parser, every occurrence in 24 months, against each other,
the site's month grid and stored occurrences, and the tz database."""

import pytest

from events.tests.interop import readers, suite

pytestmark = pytest.mark.django_db


def world_keys():
    from django.utils import timezone

    from events.tests.interop.world import specs

    return [spec.key for spec in specs(timezone.now())]


def test_every_feed_reads_alike_in_every_parser(capsys):
    figures = suite.run()
    with capsys.disabled():
        print(f"\ninteroperability: {figures.summary()}")
        for line in figures.skipped:
            print(f"  not run: {line}")
    assert figures.mismatches == []
    # The suite did its work: every kind of document, the Python parsers at least.
    assert {"vobject", "icalendar+dateutil"} <= set(figures.parsers)
    assert set(figures.by_kind) == {
        "public feed",
        "filtered feed",
        "event .ics",
        "personal feed",
        "invitation email",
        "update email",
        "cancellation email",
        "withdrawal email",
    }
    assert figures.events == len(world_keys()) >= 14
    assert figures.occurrences > 2000


def test_a_wrong_reading_is_counted_as_a_mismatch(monkeypatch):
    """The comparison can fail: a parser an hour off in summer is caught."""
    from datetime import timedelta

    honest = readers.icalendar

    def an_hour_late(body, until):
        found = honest(body, until)
        for component in found:
            component.starts = [
                s + timedelta(hours=1)
                if getattr(s, "month", 0) in (7, 8) and hasattr(s, "hour")
                else s
                for s in component.starts
            ]
        return found

    monkeypatch.setattr(
        readers, "PYTHON_READERS", {"vobject": readers.vobject, "late": an_hour_late}
    )
    figures = suite.run(far_future_years=1)
    assert figures.mismatches
    assert any("[late]" in m for m in figures.mismatches)
    assert not any("[vobject]" in m for m in figures.mismatches)
