import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_login_profile(page, live_server, login, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Latest practices").is_visible()
    assert page.get_by_role("heading", name="Open consultations").is_visible()
    assert page.get_by_role("heading", name="Upcoming events").is_visible()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("city_editor")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    # Back where we started, now signed in; the header leads to the profile.
    page.wait_for_url(live_server.url + "/")
    page.get_by_role("link", name="Profile (city_editor)").click()
    page.wait_for_url("**/accounts/profile/")
    assert page.get_by_role("heading", name="Your profile").is_visible()
    assert page.get_by_role("cell", name="Accra Metropolitan Assembly").is_visible()
    # Keyboard users reach the main content first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
