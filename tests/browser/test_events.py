"""Register for an event in the browser, then find it in the personal calendar feed."""

from datetime import timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_then_find_event_in_personal_feed(page, live_server, login, make_user, city):
    from django.utils import timezone
    from icalendar import Calendar

    from events.models import EventIndexPage, EventPage
    from forum_site.site_structure import ensure_site_structure

    ensure_site_structure()
    index = EventIndexPage.objects.get()
    event = EventPage(
        title="Mayoral Forum browser edition",
        slug="mayoral-forum-browser",
        start=timezone.now() + timedelta(days=30),
        end=timezone.now() + timedelta(days=31),
        timezone="Europe/Rome",
        city="Milan",
        country="IT",
        event_format="hybrid",
        online_url="https://meet.example.org/browser-room",
    )
    index.add_child(instance=event)
    make_user("walker", org=city, password="demo")

    login("walker")
    page.goto(f"{live_server.url}/events/")
    page.get_by_role("link", name="Mayoral Forum browser edition").click()
    assert page.get_by_text("Shown to registered participants.").is_visible()
    page.get_by_label("Register on behalf of").select_option(label=city.name)
    page.get_by_label("Show my name in the participant list").check()
    page.get_by_role("button", name="Register").click()
    assert page.get_by_text("You are registered").first.is_visible()
    assert page.get_by_role("link", name="https://meet.example.org/browser-room").is_visible()

    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_role("button", name="Create my calendar address").click()
    feed_url = page.get_by_label("Calendar address").input_value()
    assert "/events/feed/" in feed_url

    response = page.request.get(feed_url)
    assert response.status == 200
    cal = Calendar.from_ical(response.body())
    vevent = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == event.uid)
    assert str(vevent["SUMMARY"]) == "Mayoral Forum browser edition"
    assert str(vevent["CONFERENCE"]) == "https://meet.example.org/browser-room"

    # Keyboard: the month grid's arrow keys move between days.
    page.goto(f"{live_server.url}/events/?view=month")
    first_cell = page.locator("td[tabindex='0']").first
    first_cell.focus()
    day = first_cell.get_attribute("data-day")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.day") != day
