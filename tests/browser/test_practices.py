"""A city user shares a practice from the front end (the form in steps, with an
error, Back and the review's preview); a moderator approves it in the Wagtail
admin; it becomes public and the submitter is told."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests-1"


def test_submit_then_approve_in_wagtail_admin(page, live_server, login, make_org, make_user):
    from django.contrib.auth.models import Group

    from forum_site.notifications.models import Notification
    from practices.models import PracticePage

    city = make_org("City of Browserton", kind="city", country="KE")
    make_user("browser_city", org=city, role="member")
    moderator = make_user("browser_moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Practice moderators"))

    # The city user fills in the form in steps (no admin needed), each step a page.
    login("browser_city", PASSWORD)
    page.goto(f"{live_server.url}/practices/")
    page.get_by_role("link", name="Share a practice").click()
    assert page.locator('[aria-current="step"]').inner_text() == "About the practice"
    page.locator("#id_title").fill("Market-day legal clinics for migrant traders")
    page.locator("#id_summary").fill(
        "Lawyers hold free advice sessions at the weekly market for migrant traders."
    )
    page.get_by_role("button", name="Save and continue").click()
    assert page.locator('[aria-current="step"]').inner_text() == "Where and who"
    # Back to step 1 and on again: what was typed is still there.
    page.get_by_role("button", name="Back").click()
    assert page.locator("#id_title").input_value() == "Market-day legal clinics for migrant traders"
    page.get_by_role("button", name="Save and continue").click()
    # Countries is a searchable select (forum_site/widgets.py): type, then Enter.
    page.get_by_role("combobox", name="Countries").fill("Kenya")
    page.get_by_role("option", name="Kenya").wait_for()  # filtered, then chosen
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Save and continue").click()  # no start year yet
    # An error: the summary links to the field; the step keeps what was typed.
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.locator("select[name=countries]").evaluate("select => select.value") == "KE"
    summary.get_by_role("link", name=re.compile("Start year")).click()
    page.locator("#id_start_year").fill("2021")
    page.locator("#id_status").select_option("ongoing")
    page.get_by_role("button", name="Save and continue").click()
    themes = page.get_by_role("group", name="Themes")
    themes.get_by_label("Integration services", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.locator("#id_challenge").fill("Traders did not know their rights.")
    page.locator("#id_approach").fill("Lawyers come to the market.")
    page.locator("#id_results").fill("Hundreds of cases advised.")
    page.locator("#id_figures").fill("640 | traders advised")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and review").click()
    # The review shows the practice as it will appear, then sends it.
    preview = page.locator(".practice-preview")
    assert preview.get_by_role("heading", name="Market-day legal clinics").is_visible()
    assert preview.get_by_text("640").first.is_visible()
    assert not PracticePage.objects.exists()
    page.get_by_role("button", name="Submit for moderation").click()
    page.wait_for_url(re.compile(r".*/practices/contributions/$"))
    assert page.get_by_text("Awaiting moderation").is_visible()

    practice = PracticePage.objects.get()
    assert not practice.live

    # Not public yet.
    response = page.request.get(f"{live_server.url}/practices/")
    assert "Market-day legal clinics" not in response.text()

    # The moderator approves it in the Wagtail admin.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("browser_moderator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.goto(f"{live_server.url}/admin/pages/{practice.pk}/edit/")
    page.locator("footer").get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve and Publish", exact=True).click()

    practice.refresh_from_db()
    assert practice.live
    page.goto(f"{live_server.url}/practices/")
    assert page.get_by_role(
        "link", name="Market-day legal clinics for migrant traders"
    ).is_visible()
    page.get_by_role("link", name="Market-day legal clinics for migrant traders").click()
    assert page.get_by_text("640").is_visible()
    assert Notification.objects.filter(
        user__username="browser_city", kind="practice_moderation"
    ).exists()
