import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from events.tests.conftest import berlin

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'<a href="/events/[^"]+/"(?: dir="auto")?>([^<]+)</a>', html)


def test_upcoming_and_past_lists(client, make_event):
    make_event("Past forum", start=timezone.now() - timedelta(days=40))
    make_event("Soon", start=timezone.now() + timedelta(days=2))
    make_event("Later", start=timezone.now() + timedelta(days=20))
    make_event(
        "Webinar",
        start=timezone.now() - timedelta(days=100),
        recurrence="FREQ=WEEKLY",
        event_format="online",
        city="",
    )
    upcoming = titles(client.get("/events/").content.decode())
    # The weekly webinar began 100 days ago: its next occurrence is in 5 days.
    assert upcoming[:3] == ["Soon", "Webinar", "Later"] and "Past forum" not in upcoming
    assert titles(client.get("/events/?view=past").content.decode()) == ["Past forum"]


def test_filters_in_query_string(client, make_event, city, ministry):
    make_event("Webinar", event_type="webinar", event_format="online", city="")
    make_event("Summit", event_type="global_forum", country="CH", organisers=[ministry])
    assert titles(client.get("/events/?type=webinar").content.decode()) == ["Webinar"]
    assert titles(client.get("/events/?mode=in_person").content.decode()) == ["Summit"]
    assert titles(client.get("/events/?region=150").content.decode()) == ["Summit"]
    html = client.get(f"/events/?organiser={ministry.slug}").content.decode()
    assert titles(html) == ["Summit"]
    # The subscription link keeps the filters and is offered as webcal://.
    assert f"webcal://testserver/events/calendar.ics?organiser={ministry.slug}" in html
    # Nonsense filters are ignored, not errors.
    assert client.get("/events/?type=<script>&region=999&view=zzz").status_code == 200


def test_month_grid(client, make_event):
    make_event(
        "Forum", start=berlin(2027, 3, 30, 9), end=berlin(2027, 4, 1, 17), timezone="Europe/Berlin"
    )
    make_event(
        "Webinar",
        start=berlin(2027, 1, 5, 10),
        end=berlin(2027, 1, 5, 11),
        timezone="Europe/Berlin",
        recurrence="FREQ=MONTHLY;BYDAY=1TU",
        event_format="online",
        city="",
    )
    html = client.get("/events/?view=month&month=2027-03").content.decode()
    assert "<caption" in html and 'scope="col"' in html
    cells = dict(re.findall(r'data-day="(\d{4}-\d\d-\d\d)" tabindex="-1">(.*?)</td>', html, re.S))
    assert "Forum" in cells["2027-03-30"] and "Forum" in cells["2027-03-31"]
    assert "Forum" in cells["2027-04-01"]  # shown in the trailing week too
    assert "Webinar" in cells["2027-03-02"] and "10:00" in cells["2027-03-02"]
    assert "Webinar" not in cells["2027-03-09"]
    assert 'href="?view=month&amp;month=2027-04"' in html
    assert client.get("/events/?view=month&month=garbage").status_code == 200


def test_month_grid_shows_a_finished_series_only_where_it_occurs(client, make_event):
    """The grid reads series through their stored occurrences in its window
    (events.listing.month_grid), so a finished series is on its days only."""
    make_event(
        "Short series",
        start=berlin(2027, 1, 5, 10),
        end=berlin(2027, 1, 5, 11),
        timezone="Europe/Berlin",
        recurrence="FREQ=WEEKLY;COUNT=2",
        event_format="online",
        city="",
    )
    january = client.get("/events/?view=month&month=2027-01").content.decode()
    cells = dict(
        re.findall(r'data-day="(\d{4}-\d\d-\d\d)" tabindex="-1">(.*?)</td>', january, re.S)
    )
    assert "Short series" in cells["2027-01-05"] and "Short series" in cells["2027-01-12"]
    assert "Short series" not in cells["2027-01-19"]
    assert "Short series" not in client.get("/events/?view=month&month=2027-03").content.decode()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_bounded(client, make_event, make_org, django_assert_max_num_queries):
    """The same number of queries for 10 events as for 50: no N+1."""
    orgs = [make_org(f"Org {n}") for n in range(3)]
    urls = [
        "/events/",
        "/events/?view=month&month=2027-03",
        "/events/?view=past",
        "/events/calendar.ics",
    ]

    def add(first, last):
        for n in range(first, last):
            make_event(
                f"E{n}",
                organisers=orgs[: 1 + n % 3],
                start=datetime(2027, 3, 1 + n % 28, 9, tzinfo=UTC),
                recurrence="FREQ=WEEKLY;COUNT=10" if n % 10 == 0 else "",
                exceptions=[date(2027, 3, 15)] if n % 10 == 0 else (),
            )
            make_event(f"P{n}", organisers=orgs[:1], start=timezone.now() - timedelta(days=5 + n))

    add(0, 10)
    _queries(client, urls[0])  # warm-up: Wagtail caches the site's root paths on the first request
    few = [_queries(client, url) for url in urls]
    add(10, 50)
    many = [_queries(client, url) for url in urls]
    assert many == few
    assert max(many) <= 20


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4;COUNT=5",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    ],
)
def test_pages_with_a_stored_hostile_rule_answer(client, make_event, rule, hang_guard):
    from events.models import EventPage

    event = make_event("Loop", start=timezone.now() - timedelta(days=3000))
    # Saved before rules were checked: straight into the database.
    EventPage.objects.filter(pk=event.pk).update(recurrence=rule)
    for url in ("/", "/events/", "/events/?view=month&month=2031-02", f"/events/{event.slug}/"):
        assert client.get(url).status_code == 200, url


def test_a_recurring_event_is_listed_with_its_next_occurrences_own_end(client, make_event):
    from django.utils.html import strip_tags

    from events.models import EventOccurrence

    first = (timezone.now() - timedelta(days=100)).astimezone(berlin(2027, 1, 1).tzinfo)
    first = first.replace(hour=10, minute=0, second=0, microsecond=0)
    webinar = make_event(
        "Two-day webinar",
        start=first,
        end=first + timedelta(days=2, hours=2),
        timezone="Europe/Berlin",
        recurrence="FREQ=MONTHLY",
        event_format="online",
        city="",
    )
    following = EventOccurrence.objects.filter(event=webinar, end__gt=timezone.now()).order_by(
        "start"
    )[0]
    start = following.start.astimezone(webinar.tz)
    end = following.end.astimezone(webinar.tz)

    def day(moment):
        return f"{moment.day} {moment:%B %Y}"

    for html in (
        client.get("/events/").content.decode(),
        client.get("/events/?mode=online").content.decode(),
    ):
        item = html[html.index("Two-day webinar") :]
        item = " ".join(strip_tags(item[: item.index("</li>")]).split())
        assert f"{day(start)}, 10:00 – {day(end)}, 12:00" in item
        # Not the first occurrence's end (which ran backwards from the next start).
        assert day(webinar.local_end) not in item
    home = client.get("/").content.decode()
    assert "Two-day webinar" in home
    assert f"{start:%d %b %Y}" in home and f"{first:%d %b %Y}" not in home


def test_a_cancelled_occurrence_is_struck_out_in_the_grid_and_skipped_as_next(client, make_event):
    from events.listing import upcoming_events
    from events.models import EventPage

    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    event = make_event(
        "Cancelled Tuesday",
        start=start,
        end=start + timedelta(hours=1),
        recurrence="FREQ=WEEKLY;COUNT=4",
        exceptions=[start.date()],
    )
    # Lists place the series at its next occurrence that takes place.
    (pair,) = [p for p in upcoming_events(EventPage.objects.live()) if p[0] == event.pk]
    assert pair[1] == start + timedelta(days=7)
    html = client.get(f"/events/?view=month&month={start:%Y-%m}").content.decode()
    cell = html.split(f'data-day="{start:%Y-%m-%d}"', 1)[1].split("</td>", 1)[0]
    assert 'class="cancelled"' in cell and "Cancelled Tuesday" in cell and "Cancelled<" in cell
    following = start + timedelta(days=7)
    html = client.get(f"/events/?view=month&month={following:%Y-%m}").content.decode()
    cell = html.split(f'data-day="{following:%Y-%m-%d}"', 1)[1].split("</td>", 1)[0]
    assert "Cancelled Tuesday" in cell and 'class="cancelled"' not in cell
