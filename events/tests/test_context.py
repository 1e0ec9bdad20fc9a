"""The event page as events.context builds it for the viewer."""

from datetime import UTC, date, datetime

import pytest

pytestmark = pytest.mark.django_db


def test_event_page_shows_times_in_event_zone(client, make_event):
    event = make_event(
        "Rome hearing",
        start=datetime(2027, 7, 1, 8, tzinfo=UTC),
        end=datetime(2027, 7, 1, 10, tzinfo=UTC),
        timezone="Europe/Rome",
    )
    html = client.get(event.url).content.decode()
    assert "1 July 2027, 10:00" in html and "Europe/Rome" in html and "UTC+0200" in html
    assert date(2027, 7, 1).isoformat() in html
