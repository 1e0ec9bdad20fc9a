"""The questionnaire builder in headless Chromium, with JavaScript
(consultations/static/consultations/js/builder.js: operations in the page,
focus and announcements, keyboard and drag reordering) and without (every
button a server round trip); the preview; a ministry's consultation from
creation to an extended closing date; and an invited city's comment on a
paragraph of the draft text arriving live in another open page."""

import os
import uuid
from datetime import timedelta

import pytest
from django.db import connection

from tests.realtime_support import DaphneProcess, database_url, free_port, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def consultation(*, live=False, opens_in_days=2, questions=None):
    """A consultation of the demo ministry (gh-interior) inviting Accra."""
    from django.utils import timezone

    from consultations.models import ConsultationIndexPage, ConsultationPage, Question
    from forum_site.demo import seed_people
    from forum_site.organisations.models import Organisation

    seed_people()
    ministry = Organisation.objects.get(slug="gh-interior")
    accra = Organisation.objects.get(slug="accra")
    now = timezone.now()
    page = ConsultationPage(
        title="Builder test",
        slug=f"builder-test-{uuid.uuid4().hex[:6]}",
        owner_organisation=ministry,
        summary="A summary.",
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=30),
        audience="invited",
        live=live,
    )
    page.questions = [
        Question(sort_order=i, **q)
        for i, q in enumerate(
            questions
            or [
                {"text": "Alpha", "kind": "text"},
                {"text": "Bravo", "kind": "single", "choices": "Red\nGreen"},
                {"text": "Charlie", "kind": "yes_no"},
            ]
        )
    ]
    page.invited_organisations = [accra]
    ConsultationIndexPage.objects.get().add_child(instance=page)
    return ConsultationPage.objects.get(pk=page.pk)


def logged_in_page(browser, live_server, username, *, javascript=True, height=900):
    context = browser.new_context(
        locale="en-GB",
        java_script_enabled=javascript,
        viewport={"width": 1280, "height": height},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/accounts/profile/")
    return page


def item(page, n):
    return page.locator(".builder-item").nth(n - 1)


def texts(page):
    page.wait_for_load_state()  # after a round trip (without JavaScript)
    return [
        item(page, i + 1).locator("input[name$='-text']").input_value()
        for i in range(page.locator(".builder-item").count())
    ]


def saved(consultation_page):
    from consultations.models import ConsultationPage

    fresh = ConsultationPage.objects.get(pk=consultation_page.pk)
    return [(q.text, q.kind) for q in fresh.questions.all()], {
        q.text: q.pk for q in fresh.questions.all()
    }


def unlabelled_controls(page):
    """Visible form controls and buttons without an accessible name (axe-core
    is not installed here: this is the check it would make first)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
              'main input:not([type=hidden]), main select, main textarea, main button'))
            .filter(el => el.offsetParent !== null)
            .filter(el => {
              const named = el.getAttribute('aria-label');
              if (el.tagName === 'BUTTON') return !(named || el.textContent.trim());
              return !(el.labels && el.labels.length) && !named;
            })
            .map(el => el.outerHTML.slice(0, 120))"""
    )


def test_every_builder_operation_with_javascript(browser, live_server):
    page_obj = consultation()
    ids = saved(page_obj)[1]
    # Tall enough to drag from the fourth item to the first without scrolling.
    page = logged_in_page(browser, live_server, "ministry_editor", height=6000)
    refused = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refused.append(message.text),
    )
    page.goto(f"{live_server.url}/consultations/{page_obj.pk}/edit/questions/")
    # A marker that a page load would wipe: every operation stays in the page.
    page.evaluate("window.stillHere = true")
    status = page.locator("#builder-status")

    # Add: a new item cloned from the empty form, focused, TOTAL_FORMS updated.
    page.get_by_role("button", name="Add another question").click()
    assert page.locator(".builder-item").count() == 4
    assert page.locator("input[name='q-TOTAL_FORMS']").input_value() == "4"
    assert (
        item(page, 4)
        .locator("input[name='q-3-text']")
        .evaluate("el => el === document.activeElement")
    )
    item(page, 4).locator("input[name='q-3-text']").fill("Delta")
    item(page, 4).get_by_label("Type").select_option("scale")
    assert "Item 4 added." in status.inner_text()

    # Duplicate item 1: the copy follows it, with its values and no id.
    page.get_by_role("button", name="Duplicate item 1").click()
    assert texts(page) == ["Alpha", "Alpha", "Bravo", "Charlie", "Delta"]
    assert item(page, 2).locator("input[name='q-1-id']").input_value() == ""
    item(page, 2).locator("input[name='q-1-text']").fill("Alpha copy")

    # Remove item 3 (Bravo).
    page.get_by_role("button", name="Remove item 3").click()
    assert texts(page) == ["Alpha", "Alpha copy", "Charlie", "Delta"]
    assert "Item 3 removed." in status.inner_text()

    # Move up / down: focus stays on the moved item's button, announced.
    page.get_by_role("button", name="Move item 4 up").click()
    assert texts(page) == ["Alpha", "Alpha copy", "Delta", "Charlie"]
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Move item 3 up"
    assert status.inner_text() == "Item moved to position 3 of 4."
    page.get_by_role("button", name="Move item 1 down").click()
    assert texts(page) == ["Alpha copy", "Alpha", "Delta", "Charlie"]
    assert page.evaluate("document.activeElement.textContent") == "Move item 2 down"
    # The first item has no "up", the last no "down".
    assert not page.get_by_role("button", name="Move item 1 up").count()
    assert not page.get_by_role("button", name="Move item 4 down").count()

    # Keyboard reorder on the handle: item 4 (Charlie) two places up.
    handle = item(page, 4).locator(".drag-handle")
    handle.focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert texts(page) == ["Alpha copy", "Charlie", "Alpha", "Delta"]
    assert page.evaluate("document.activeElement.classList.contains('drag-handle')")
    assert status.inner_text() == "Item moved to position 2 of 4."

    # Drag reorder: item 4 (Delta) by its handle to the top.
    handle = item(page, 4).locator(".drag-handle")
    page.evaluate("window.scrollTo(0, 0)")
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    first = item(page, 1).bounding_box()
    page.mouse.move(first["x"] + 10, first["y"] + 5, steps=25)
    page.mouse.up()
    assert texts(page) == ["Delta", "Alpha copy", "Charlie", "Alpha"]
    names = page.locator(".builder-item input[name$='-text']").evaluate_all(
        "els => els.map(el => el.name)"
    )
    assert names == ["q-0-text", "q-1-text", "q-2-text", "q-3-text"]
    assert page.evaluate("window.stillHere") is True

    assert unlabelled_controls(page) == []
    assert refused == []
    # No sideways scrolling at 320 px in the builder, handles included.
    page.set_viewport_size({"width": 320, "height": 6000})
    widest = page.evaluate(
        """Math.max(...Array.from(document.querySelectorAll('.question-builder *'))
             .filter(el => el.offsetParent !== null)
             .map(el => el.getBoundingClientRect().right))"""
    )
    assert widest <= 320
    page.set_viewport_size({"width": 1280, "height": 6000})

    page.get_by_role("button", name="Save the questionnaire").first.click()
    page.wait_for_selector("text=The questionnaire is saved.")
    rows, new_ids = saved(page_obj)
    assert rows == [
        ("Delta", "scale"),
        ("Alpha copy", "text"),
        ("Charlie", "yes_no"),
        ("Alpha", "text"),
    ]
    assert new_ids["Alpha"] == ids["Alpha"] and new_ids["Charlie"] == ids["Charlie"]
    assert new_ids["Alpha copy"] not in ids.values() and "Bravo" not in new_ids

    # The preview shows it as a respondent will see it; nothing can be sent.
    page.get_by_role("link", name="Preview").click()
    questions = page.locator(
        ".response-form > .field > label, .response-form > fieldset.field > legend"
    ).all_inner_texts()
    assert questions[:4] == ["1. Delta", "2. Alpha copy", "3. Charlie", "4. Alpha"]
    assert page.get_by_role("button", name="Submit response").is_disabled()


def test_every_builder_operation_without_javascript(browser, live_server):
    page_obj = consultation()
    ids = saved(page_obj)[1]
    page = logged_in_page(browser, live_server, "ministry_editor", javascript=False)
    page.goto(f"{live_server.url}/consultations/{page_obj.pk}/edit/questions/")
    assert page.locator(".drag-handle").count() == 0

    with page.expect_navigation():  # a round trip
        page.get_by_role("button", name="Add another question").click()
    assert page.locator(".builder-item").count() == 4
    item(page, 4).locator("input[name='q-3-text']").fill("Delta")
    item(page, 4).get_by_label("Type").select_option("scale")

    page.get_by_role("button", name="Duplicate item 1").click()
    assert texts(page) == ["Alpha", "Alpha", "Bravo", "Charlie", "Delta"]
    item(page, 2).locator("input[name='q-1-text']").fill("Alpha copy")

    page.get_by_role("button", name="Remove item 3").click()
    assert texts(page) == ["Alpha", "Alpha copy", "Charlie", "Delta"]

    page.get_by_role("button", name="Move item 4 up").click()
    assert texts(page) == ["Alpha", "Alpha copy", "Delta", "Charlie"]
    page.get_by_role("button", name="Move item 1 down").click()
    assert texts(page) == ["Alpha copy", "Alpha", "Delta", "Charlie"]

    # By keyboard: the move buttons are ordinary buttons.
    page.get_by_role("button", name="Move item 4 up").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert texts(page) == ["Alpha copy", "Alpha", "Charlie", "Delta"]

    page.get_by_role("button", name="Save the questionnaire").first.click()
    page.wait_for_selector("text=The questionnaire is saved.")
    rows, new_ids = saved(page_obj)
    assert rows == [
        ("Alpha copy", "text"),
        ("Alpha", "text"),
        ("Charlie", "yes_no"),
        ("Delta", "scale"),
    ]
    assert new_ids["Alpha"] == ids["Alpha"] and "Bravo" not in new_ids

    page.get_by_role("link", name="Preview").click()
    assert page.get_by_text("Alpha copy").first.is_visible()
    assert page.get_by_role("button", name="Submit response").is_disabled()


def test_javascript_leaves_an_answered_questionnaire_to_the_server(browser, live_server):
    """Once organisations responded, removing is refused by the server, as without JS."""
    from consultations.models import ConsultationResponse
    from forum_site.organisations.models import Organisation

    page_obj = consultation(live=True, opens_in_days=-1)
    ConsultationResponse.objects.create(
        consultation=page_obj, organisation=Organisation.objects.get(slug="accra"), answers={}
    )
    page = logged_in_page(browser, live_server, "ministry_editor")
    page.goto(f"{live_server.url}/consultations/{page_obj.pk}/edit/questions/")
    page.get_by_role("button", name="Remove item 2").click()
    page.wait_for_selector("text=This question cannot be removed")
    assert texts(page) == ["Alpha", "Bravo", "Charlie"]


def test_a_ministry_creates_builds_previews_opens_and_extends(browser, live_server):
    from django.utils import timezone

    from consultations.models import ChangeLogEntry, ConsultationPage
    from forum_site.demo import seed_people

    seed_people()
    now = timezone.now()
    page = logged_in_page(browser, live_server, "ministry_editor")

    # Create, as a draft.
    page.goto(live_server.url + "/consultations/open/")
    page.get_by_label("Title").fill("End-to-end strategy")
    page.get_by_label("Summary").fill("We want your view.")
    page.get_by_label("Background").fill("Why we ask:\n\n- **data**\n- budgets")
    page.get_by_label("Time zone").select_option("UTC")
    page.get_by_label("Opens at").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Closes at").fill((now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"))
    # Invited organisations is a searchable select (forum_site/widgets.py): type, Enter.
    page.locator("input[role=combobox]#id_invited_organisations").fill("Accra Metropolitan")
    page.get_by_role("option", name="Accra Metropolitan Assembly").wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_label("Contact person").fill("Ama Darko")
    page.get_by_label("Contact email").fill("ama@example.org")
    page.locator("input[name='questions-0-text']").fill("What works?")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url("**/dashboard/")
    consultation_page = ConsultationPage.objects.get(title="End-to-end strategy")
    assert not consultation_page.live

    # Build: a section and a choice question, with JavaScript.
    page.get_by_role("link", name="Edit the questionnaire").click()
    page.get_by_role("button", name="Add another question").click()
    item(page, 2).locator("input[name$='-text']").fill("About your city")
    item(page, 2).get_by_label("Type").select_option("section")
    page.get_by_role("button", name="Move item 2 up").click()
    page.get_by_role("button", name="Add another question").click()
    item(page, 3).locator("input[name$='-text']").fill("Which budget?")
    item(page, 3).get_by_label("Type").select_option("single")
    item(page, 3).locator("textarea[name$='-choices']").fill("Municipal\nNational")
    page.get_by_role("button", name="Save the questionnaire").first.click()
    page.wait_for_selector("text=The questionnaire is saved.")

    # Preview.
    page.get_by_role("link", name="Preview").click()
    assert page.get_by_text("About your city").is_visible()
    assert page.get_by_label("Municipal").is_visible()

    # Open it (publish; its opening date has passed).
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("button", name="Publish the consultation").click()
    page.wait_for_selector("text=The consultation is published.")
    consultation_page.refresh_from_db()
    assert consultation_page.live and consultation_page.status == "open"

    # Edit: extend the closing date.
    page.get_by_role("link", name="Edit", exact=True).first.click()
    later = consultation_page.local_closes_at() + timedelta(days=7)
    page.get_by_label("Closes at").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector("text=listed in the consultation's change log")
    consultation_page.refresh_from_db()
    assert abs(consultation_page.closes_at - later) < timedelta(minutes=1)
    log = ChangeLogEntry.objects.get(consultation=consultation_page).description
    assert "Closing date extended" in log
    page.goto(live_server.url + consultation_page.url)
    assert page.get_by_text("Closing date extended").is_visible()
    assert page.get_by_role("link", name="ama@example.org").is_visible()
    assert [q.text for q in consultation_page.questions.all()] == [
        "About your city",
        "What works?",
        "Which budget?",
    ]


@pytest.fixture
def daphne(db):
    server = DaphneProcess(
        free_port(),
        {
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": os.environ.get("REDIS_URL", ""),
            "CHANNEL_PREFIX": f"rt-builder-{uuid.uuid4().hex[:8]}",
        },
        "browser",
    )
    server.start()
    yield server
    server.stop()


@pytest.mark.postgres
def test_an_invited_city_comments_on_a_paragraph_live(browser, daphne):
    from django.contrib.auth import get_user_model

    from consultations import drafts

    page_obj = consultation(live=True, opens_in_days=-1)
    User = get_user_model()
    ministry_editor = User.objects.get(username="ministry_editor")
    city_editor = User.objects.get(username="city_editor")
    drafts.replace_text(
        page_obj,
        drafts.split_html("<h2>Purpose</h2><p>Cities collect data.</p><p>Budgets follow.</p>"),
        ministry_editor,
        title="Draft strategy",
    )
    paragraph = page_obj.draft_text.paragraphs.get(position=2)
    paragraph_url = f"{daphne.url}/consultations/{page_obj.pk}/draft-text/{paragraph.key}/"

    def open_as(user):
        context = browser.new_context(locale="en-GB")
        name, _, value = session_cookie(user).partition("=")
        context.add_cookies([{"name": name, "value": value, "url": daphne.url}])
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        tab.goto(paragraph_url)
        tab.wait_for_selector("[data-live-state=live]")
        return tab

    ministry_tab = open_as(ministry_editor)
    city_tab = open_as(city_editor)
    assert city_tab.get_by_text("Cities collect data.").first.is_visible()
    city_tab.get_by_label("Your comment").fill("Accra publishes **quarterly** figures.")
    city_tab.get_by_role("button", name="Post comment").click()
    ministry_tab.wait_for_selector(".comment-list strong:has-text('quarterly')")
    assert ministry_tab.locator(".comment-list .comment").count() == 1
