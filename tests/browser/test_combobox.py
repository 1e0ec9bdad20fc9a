"""Searchable selects (forum_site/widgets.py, js/combobox.js) in the practice form:
countries chosen with the keyboard only, in English and in Arabic (right to
left, Arabic names found without their vowel marks), and the same form with
JavaScript off (the plain select). Both submit, and the countries are saved."""

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests-1"
AXE = Path(__file__).resolve().parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"
AXE_JS = """async () => {
  const field = document.querySelector('[data-combobox-for=id_countries]').closest('.field');
  const result = await axe.run(field, {resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))}));
}"""


RECORD_CSP_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def city_user(make_org, make_user):
    city = make_org("City of Comboville", kind="city", country="KE")
    make_user("combo_city", org=city, role="member")
    return city


def open_where_step(page, base):
    """The practice form is in steps (practices/forms.py, STEPS): step 1 (by id: the
    labels are translated), then step 2, "Where and who", where the countries are."""
    page.goto(f"{base}/practices/submit/")
    page.locator("#id_title").fill("Market-day legal clinics for migrant traders")
    page.locator("#id_summary").fill("Free legal advice at the weekly market.")
    page.locator("button[name=action][value=next]").click()
    page.wait_for_url(re.compile(r".*/practices/drafts/\d+/where/$"))


def save_draft(page):
    """'Save draft and continue later': the draft keeps what the step posted."""
    page.locator("button[name=action][value=save]").click()
    page.wait_for_load_state()


def saved_countries():
    """The countries the hidden select posted, as the user's draft stored them."""
    from practices.models import PracticeDraft

    return sorted(PracticeDraft.objects.get().data["countries"])


def select_value(page, name):
    """The hidden select's value, as the form will submit it."""
    return page.locator(f"select[name={name}]").evaluate("el => el.value")


def tab_into_countries(page):
    page.locator("#id_cities").focus()
    page.keyboard.press("Tab")
    combobox = page.get_by_role("combobox", name=re.compile("Countries|البلدان|الدول"))
    assert combobox.evaluate("el => el === document.activeElement")
    return combobox


def test_keyboard_only_two_countries(page, live_server, login, city_user):
    # Content-Security-Policy: the widget needs no inline script or style.
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    login("combo_city", PASSWORD)
    open_where_step(page, live_server.url)
    # Enhanced: the plain select is hidden and a combobox named by the label took its place.
    assert page.locator("select[name=countries]").is_hidden()
    assert page.locator(".combobox-nojs-hint").count() == 0
    combobox = tab_into_countries(page)
    assert combobox.get_attribute("aria-expanded") == "false"

    # Accents and case do not matter: "cote" finds Côte d'Ivoire.
    page.keyboard.type("cote")
    listbox = page.get_by_role("listbox", name="Countries")
    assert combobox.get_attribute("aria-expanded") == "true"
    assert listbox.get_by_role("option").first.inner_text().startswith("Côte")
    page.keyboard.press("Enter")
    # The first match is active: Enter chooses it.
    page.keyboard.type("ken")
    page.keyboard.press("Enter")
    # "gha" is in Afghanistan too; names that start with it come first.
    page.keyboard.type("gha")
    page.keyboard.press("Enter")
    tags = page.get_by_role("list", name="Chosen: Countries")
    assert [b.get_attribute("aria-label") for b in tags.get_by_role("button").all()] == [
        "Remove Côte d'Ivoire",
        "Remove Ghana",
        "Remove Kenya",
    ]  # in the select's order
    status = page.locator("[data-combobox-for=id_countries] [role=status]")
    page.wait_for_function("el => /Ghana chosen/.test(el.textContent)", arg=status.element_handle())
    assert "3 items chosen in all" in status.inner_text()

    # Escape closes the list; Backspace in the empty box removes the last one (Kenya).
    page.keyboard.press("Escape")
    assert combobox.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Backspace")
    assert tags.get_by_role("button").count() == 2
    # A tag is a button named "Remove …", at least 24 × 24 px.
    remove = page.get_by_role("button", name="Remove Côte d'Ivoire")
    box = remove.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    remove.focus()
    page.keyboard.press("Enter")
    assert tags.get_by_role("button").count() == 1
    # Focus moved to the next chosen item, not to the page's body.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove Ghana"

    # Add Kenya back, check the widget with axe while the list is open.
    combobox.focus()
    page.keyboard.type("KEN")
    page.keyboard.press("Enter")
    if AXE.exists():
        page.evaluate(AXE.read_text(encoding="utf-8"))
        assert page.evaluate(AXE_JS) == []
    page.keyboard.press("Escape")
    assert page.evaluate("window.__csp") == []

    save_draft(page)
    assert saved_countries() == ["GH", "KE"]


def test_keyboard_only_in_arabic(page, live_server, login, city_user):
    login("combo_city", PASSWORD)
    open_where_step(page, f"{live_server.url}/ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    combobox = page.locator("input[role=combobox]#id_countries")
    combobox.focus()
    # Typed with a vowel mark (kasra) that the name does not have.
    page.keyboard.type("كِينيا")
    page.keyboard.press("Enter")
    page.keyboard.type("غان")
    page.keyboard.press("Enter")
    names = [b.get_attribute("aria-label") for b in page.locator(".combobox-tags button").all()]
    # In the select's order, which is the Arabic alphabetical one: Ghana, then Kenya.
    assert len(names) == 2 and "غانا" in names[0] and "كينيا" in names[1]
    # Right to left: the tags start at the right edge of the box.
    tag = page.locator(".combobox-tags button").first.bounding_box()
    field = combobox.bounding_box()
    assert tag["x"] + tag["width"] > field["x"] + field["width"] - 40
    save_draft(page)
    assert saved_countries() == ["GH", "KE"]


def test_without_javascript_the_plain_select_submits(browser, live_server, city_user):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("combo_city")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/accounts/profile/")
        open_where_step(page, live_server.url)
        countries = page.get_by_label("Countries")
        assert countries.evaluate("el => el.tagName") == "SELECT"
        hint = page.locator("[data-combobox-hint=id_countries]")
        assert hint.inner_text() == "Hold Ctrl (or Cmd) to choose more than one."
        countries.select_option(["KE", "GH"])
        save_draft(page)
        assert saved_countries() == ["GH", "KE"]
    finally:
        context.close()


def test_single_select_country_and_time_zone(page, live_server, login, make_org, make_user):
    """A single select (the event form's country and time zone): typing replaces the
    shown choice, Enter chooses, an emptied box chooses "(none)" on leaving."""
    city = make_org("City of Singleton", kind="city", country="GH")
    make_user("single_editor", org=city, role="editor")
    login("single_editor", PASSWORD)
    page.goto(f"{live_server.url}/events/new/")
    country = page.get_by_role("combobox", name="Country")
    country.focus()
    page.keyboard.type("cote")
    page.keyboard.press("Enter")
    assert country.input_value() == "Côte d'Ivoire"
    assert country.get_attribute("aria-expanded") == "false"
    assert select_value(page, "country") == "CI"
    # Focus selects the text: typing replaces it.
    zone = page.get_by_role("combobox", name="Time zone")
    zone.focus()
    page.keyboard.type("berlin")
    page.keyboard.press("Enter")
    assert select_value(page, "timezone") == "Europe/Berlin"
    # Down on a chosen value opens the whole list at that value.
    page.keyboard.press("ArrowDown")
    active = zone.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").inner_text() == zone.input_value()
    page.keyboard.press("Escape")
    country.focus()
    page.keyboard.press("Backspace")
    page.keyboard.press("Tab")
    assert select_value(page, "country") == ""
