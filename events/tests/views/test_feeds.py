"""Every feed parsed back with icalendar and checked property by property."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import CalendarToken, EventPage, Registration
from events.tests.conftest import berlin

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def forum(make_event, city):
    return make_event(
        "Mayoral Forum; Geneva, 2027",
        start=berlin(2027, 3, 27, 9),
        end=berlin(2027, 3, 29, 17),
        timezone="Europe/Berlin",
        venue="Palais des Nations",
        city="Geneva",
        country="CH",
        event_format="hybrid",
        online_url="https://meet.example/secret-room",
        organisers=[city],
        description="<p>Mayors, ministers\nand partners: a long description " + "x" * 120 + "</p>",
        sessions=[
            {
                "title": "Opening",
                "start": berlin(2027, 3, 27, 9),
                "end": berlin(2027, 3, 27, 10),
                "room": "Room XX",
            },
        ],
    )


def test_single_event_feed_properties(client, forum):
    cal = parse(client.get(f"/events/{forum.slug}/event.ics"))
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//")
    assert str(cal["X-WR-CALNAME"]) == forum.title
    assert str(cal["NAME"]) == forum.title
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=6)
    events = vevents(cal)
    event = events[forum.uid]
    assert str(event["SUMMARY"]) == "Mayoral Forum; Geneva, 2027"  # escaping round-trips
    assert event["DTSTART"].dt == berlin(2027, 3, 27, 9)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].dt == berlin(2027, 3, 29, 17)
    assert event["DTSTAMP"].dt == forum.changed_at
    assert event["LAST-MODIFIED"].dt == forum.changed_at
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]).endswith(f"/events/{forum.slug}/")
    assert "Palais des Nations" in str(event["LOCATION"])
    assert "meet.example" not in client.get(f"/events/{forum.slug}/event.ics").content.decode()
    session = [e for uid, e in events.items() if uid.startswith("session-")][0]
    assert str(session["RELATED-TO"]) == forum.uid
    assert "Room XX" in str(session["LOCATION"])
    tzids = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert tzids == ["Europe/Berlin"]
    # Lines are folded at 75 octets.
    assert all(
        len(line) <= 75
        for line in client.get(f"/events/{forum.slug}/event.ics").content.split(b"\r\n")
    )


def test_daylight_saving_change_inside_an_event(client, forum):
    # 28 March 2027: CET -> CEST. Start is UTC+1, end is UTC+2.
    event = vevents(parse(client.get(f"/events/{forum.slug}/event.ics")))[forum.uid]
    assert event["DTSTART"].dt.astimezone(UTC) == datetime(2027, 3, 27, 8, tzinfo=UTC)
    assert event["DTEND"].dt.astimezone(UTC) == datetime(2027, 3, 29, 15, tzinfo=UTC)


def test_feed_is_byte_identical_until_a_change_then_sequence_bumps(client, forum):
    first = client.get("/events/calendar.ics").content
    second = client.get("/events/calendar.ics").content
    assert first == second
    forum.cancelled = True
    forum.cancellation_note = "Postponed; new dates soon"
    forum.save()
    third = client.get("/events/calendar.ics")
    assert third.content != first
    event = vevents(parse(third))[forum.uid]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert event["DTSTAMP"].dt >= vevents(Calendar.from_ical(first))[forum.uid]["DTSTAMP"].dt


def test_uids_are_unique_and_stable(client, make_event):
    pages = [make_event(f"E{n}") for n in range(5)]
    cal = parse(client.get("/events/calendar.ics"))
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 5
    assert set(uids) == {p.uid for p in pages}


def test_all_day_multi_day_event_uses_dates(client, make_event):
    event = make_event(
        "Regional process",
        all_day=True,
        timezone="Africa/Accra",
        start=datetime(2027, 6, 1, tzinfo=UTC),
        end=datetime(2027, 6, 3, 12, tzinfo=UTC),
    )
    raw = client.get(f"/events/{event.slug}/event.ics").content.decode()
    assert "DTSTART;VALUE=DATE:20270601" in raw
    assert "DTEND;VALUE=DATE:20270604" in raw  # exclusive end
    vevent = vevents(Calendar.from_ical(raw))[event.uid]
    assert vevent["DTSTART"].dt == date(2027, 6, 1)


def test_recurring_event_has_rrule_and_exdate(client, make_event):
    event = make_event(
        "Monthly webinar",
        start=berlin(2027, 1, 5, 10),
        end=berlin(2027, 1, 5, 11),
        timezone="Europe/Berlin",
        event_format="online",
        city="",
        recurrence="FREQ=MONTHLY;BYDAY=1TU;COUNT=12",
        exceptions=[date(2027, 4, 6)],
    )
    vevent = vevents(parse(client.get("/events/calendar.ics")))[event.uid]
    assert vevent["RRULE"]["FREQ"] == ["MONTHLY"]
    exdates = [d.dt for d in vevent["EXDATE"].dts]
    assert exdates == [berlin(2027, 4, 6, 10)]
    assert str(vevent["LOCATION"]) == "Online"


def test_calendar_filters(client, make_event, city, ministry):
    webinar = make_event("Webinar", event_type="webinar", event_format="online", city="")
    summit = make_event("Summit", event_type="global_forum", country="CH", organisers=[ministry])
    past = make_event("Past", start=timezone.now() - timedelta(days=30))
    uids = set(vevents(parse(client.get("/events/calendar.ics"))))
    assert {webinar.uid, summit.uid} <= uids and past.uid not in uids
    assert set(vevents(parse(client.get("/events/calendar.ics?type=webinar")))) == {webinar.uid}
    assert set(vevents(parse(client.get("/events/calendar.ics?mode=online")))) == {webinar.uid}
    assert set(vevents(parse(client.get("/events/calendar.ics?region=150")))) == {summit.uid}
    assert set(vevents(parse(client.get(f"/events/calendar.ics?organiser={ministry.slug}")))) == {
        summit.uid
    }


def test_conditional_get(client, forum):
    response = client.get("/events/calendar.ics")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/events/calendar.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/events/calendar.ics", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    again = client.get(f"/events/{forum.slug}/event.ics")
    assert (
        client.get(f"/events/{forum.slug}/event.ics", HTTP_IF_NONE_MATCH=again["ETag"]).status_code
        == 304
    )
    # Another filter is another document.
    assert (
        client.get("/events/calendar.ics?type=webinar", HTTP_IF_NONE_MATCH=etag).status_code == 200
    )
    forum.title = "Mayoral Forum 2027"
    forum.save()
    changed = client.get("/events/calendar.ics", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_personal_feed_has_online_link_only_for_confirmed_participants(
    client, forum, make_event, city, make_user
):
    other = make_event("Other event", organisers=[city])
    waiting_event = make_event(
        "Full event", online_url="https://meet.example/full", event_format="hybrid"
    )
    alice = make_user("alice", org=city)
    Registration.objects.create(event=forum, user=alice, organisation=city, status="confirmed")
    Registration.objects.create(
        event=waiting_event, user=alice, organisation=city, status="waiting"
    )
    token = CalendarToken.objects.create(user=alice, token=CalendarToken.new_token())
    response = client.get(f"/events/feed/{token.token}.ics")
    assert response["Cache-Control"].startswith("private")
    events = vevents(parse(response))
    assert set(events) == {forum.uid, waiting_event.uid}
    assert other.uid not in events
    assert str(events[forum.uid]["CONFERENCE"]) == "https://meet.example/secret-room"
    assert "CONFERENCE" not in events[waiting_event.uid]
    assert "meet.example/full" not in response.content.decode()
    # The public feeds never carry it.
    assert b"secret-room" not in client.get("/events/calendar.ics").content
    # Revoked or unknown tokens are 404.
    token.delete()
    assert client.get(f"/events/feed/{token.token}.ics").status_code == 404


def test_feed_query_counts_are_bounded(client, make_event, city, ministry, make_user):
    """As many queries for 30 events as for 5 (no N+1), full feed and 304 alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_user("feeder", org=city)
    token = CalendarToken.objects.create(user=user, token=CalendarToken.new_token())

    def add(first, last):
        for n in range(first, last):
            event = make_event(
                f"E{n}",
                organisers=[city, ministry],
                recurrence="FREQ=WEEKLY;COUNT=4" if n % 5 == 0 else "",
                exceptions=[timezone.localdate() + timedelta(days=60)] if n % 5 == 0 else (),
            )
            Registration.objects.create(
                event=event, user=user, organisation=city, status="confirmed"
            )

    def counts():
        result = []
        for url in ("/events/calendar.ics", f"/events/feed/{token.token}.ics"):
            with CaptureQueriesContext(connection) as full:
                response = client.get(url)
            with CaptureQueriesContext(connection) as cached:
                assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
            result += [len(full.captured_queries), len(cached.captured_queries)]
        return result, response

    add(0, 5)
    few, _response = counts()
    add(5, 30)
    many, response = counts()
    # Never more queries with more events (the first round also warms Wagtail's site cache).
    assert all(m <= f for m, f in zip(many, few, strict=True)), (few, many)
    # 13: one of them fetches every listed event's added dates (RDATEs).
    assert max(many) <= 13
    assert len(parse(response).walk("VEVENT")) == 30


def test_unpublished_event_is_not_in_feeds(client, forum):
    forum.unpublish()
    assert forum.uid not in vevents(parse(client.get("/events/calendar.ics")))
    assert client.get(f"/events/{forum.slug}/event.ics").status_code == 404
    assert EventPage.objects.filter(pk=forum.pk).exists()


def test_restricted_event_is_not_in_public_feeds(client, forum):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=forum, restriction_type="login")
    assert forum.uid not in vevents(parse(client.get("/events/calendar.ics")))
    # The event's own file is a route of its page: Wagtail asks the visitor to sign in.
    response = client.get(f"/events/{forum.slug}/event.ics")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get(f"/events/{forum.slug}.ics").status_code == 404


def test_profile_token_create_regenerate_revoke(client, make_user, city):
    user = make_user("u", org=city)
    client.force_login(user)
    assert "Create my calendar address" in client.get("/accounts/profile/").content.decode()
    client.post("/events/feed/token/", {"action": "regenerate"})
    first = CalendarToken.objects.get(user=user).token
    assert f"/events/feed/{first}.ics" in client.get("/accounts/profile/").content.decode()
    assert client.get(f"/events/feed/{first}.ics").status_code == 200
    client.post("/events/feed/token/", {"action": "regenerate"})
    second = CalendarToken.objects.get(user=user).token
    assert second != first
    assert client.get(f"/events/feed/{first}.ics").status_code == 404
    client.post("/events/feed/token/", {"action": "revoke"})
    assert client.get(f"/events/feed/{second}.ics").status_code == 404
    assert not CalendarToken.objects.exists()


def test_a_stored_malformed_rule_is_left_out_of_the_event_feed(client, make_event):
    event = make_event("Old series")
    EventPage.objects.filter(pk=event.pk).update(recurrence="FREQ=DAILY;INTERVAL=0")
    response = client.get(f"/events/{event.slug}/event.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "RRULE" not in body


def test_a_weak_if_none_match_is_compared_weakly(client, forum):
    etag = client.get("/events/calendar.ics")["ETag"]
    weak = f"W/{etag}"
    assert client.get("/events/calendar.ics", HTTP_IF_NONE_MATCH=weak).status_code == 304
    listed = f'"other", {weak}'
    assert client.get("/events/calendar.ics", HTTP_IF_NONE_MATCH=listed).status_code == 304
    assert client.get("/events/calendar.ics", HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_each_language_is_its_own_representation(client, forum):
    responses = {
        prefix: client.get(f"{prefix}/events/calendar.ics") for prefix in ("", "/fr", "/ar")
    }
    assert all(r.status_code == 200 for r in responses.values())
    assert len({r.content for r in responses.values()}) == 3
    assert len({r["ETag"] for r in responses.values()}) == 3
    english = responses[""]["ETag"]
    # The English copy's tag does not stand for the French document.
    assert client.get("/fr/events/calendar.ics", HTTP_IF_NONE_MATCH=english).status_code == 200
    french = responses["/fr"]["ETag"]
    assert client.get("/fr/events/calendar.ics", HTTP_IF_NONE_MATCH=french).status_code == 304
