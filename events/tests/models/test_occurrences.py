from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import recurrence
from events.models import EventOccurrence, EventPage
from events.models.occurrences import STORE_AHEAD
from events.tests.conftest import berlin

pytestmark = pytest.mark.django_db


def stored(event, cancelled=False):
    return [o.start for o in EventOccurrence.objects.filter(event=event, cancelled=cancelled)]


def test_saving_stores_occurrences_within_the_horizon(make_event):
    now = timezone.now()
    event = make_event("Weekly", start=now - timedelta(days=7), recurrence="FREQ=WEEKLY")
    starts = stored(event)
    assert starts[0] <= now and starts[-1] <= now + STORE_AHEAD
    assert len(starts) == len(set(starts)) > 100  # about 162 weeks
    one_off = make_event("Once")
    assert stored(one_off) == []


def test_saving_again_follows_new_exceptions_and_rules(make_event):
    event = make_event(
        "Monthly",
        start=berlin(2027, 1, 5, 10),
        end=berlin(2027, 1, 5, 11),
        timezone="Europe/Berlin",
        recurrence="FREQ=MONTHLY;BYDAY=1TU;COUNT=3",
    )
    assert len(stored(event)) == 3
    event.exceptions.create(date=date(2027, 2, 2))
    event.save()
    # COUNT counts the cancelled date too (RFC 5545): two are left.
    assert [s.date() for s in stored(event)] == [date(2027, 1, 5), date(2027, 3, 2)]
    # The cancelled one is kept, marked, for the month grid and the event page.
    assert stored(event, cancelled=True) == [berlin(2027, 2, 2, 10)]
    event.recurrence = ""
    event.save()
    assert stored(event) == [] and stored(event, cancelled=True) == []


def test_the_periodic_job_moves_the_horizon_on(make_event):
    event = make_event("Daily", start=timezone.now(), recurrence="FREQ=DAILY;COUNT=900")
    before = len(stored(event))
    EventOccurrence.objects.all().delete()
    out = StringIO()
    call_command("refresh_occurrences", stdout=out)
    assert len(stored(event)) == before
    assert "1 recurring event(s)" in out.getvalue()


def test_no_page_expands_a_rule_while_answering(client, make_event, monkeypatch):
    now = timezone.now()
    event = make_event("Weekly call", start=now - timedelta(days=30), recurrence="FREQ=WEEKLY")

    def refuse(*args, **kwargs):
        raise AssertionError("a recurrence rule was expanded during a request")

    monkeypatch.setattr(recurrence, "parse_rule", refuse)
    month = f"{now + timedelta(days=40):%Y-%m}"
    for url in ("/", "/events/", f"/events/?view=month&month={month}", f"/events/{event.slug}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Weekly call" in response.content.decode(), url


def test_listing_queries_do_not_grow_with_recurring_series(client, make_event):
    now = timezone.now()

    def queries(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    for n in range(2):
        make_event(f"Series {n}", start=now - timedelta(days=n + 1), recurrence="FREQ=WEEKLY")
    month = f"/events/?view=month&month={now:%Y-%m}"
    queries("/events/")  # warm-up: Wagtail caches the site's root paths on the first request
    few = (queries("/events/"), queries(month))
    for n in range(2, 10):
        make_event(f"Series {n}", start=now - timedelta(days=n + 1), recurrence="FREQ=WEEKLY")
    assert (queries("/events/"), queries(month)) == few


def test_the_migration_fill_matches_save(make_event):
    # The data migration stores what save() stores, for events that existed before.
    import importlib

    migration = importlib.import_module("events.migrations.0002_stored_occurrences")
    event = make_event("Monthly", start=berlin(2027, 1, 5, 10), recurrence="FREQ=MONTHLY;COUNT=4")
    expected = stored(event)
    EventOccurrence.objects.all().delete()
    from django.apps import apps

    migration.store_existing(apps, None)
    assert stored(event) == expected
    assert EventPage.objects.get(pk=event.pk).stored_occurrences.count() == 4
    assert expected[0] == datetime(2027, 1, 5, 9, tzinfo=UTC)
