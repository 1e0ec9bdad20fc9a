"""The design system (forum_site/static/forum_site/css): the styleguide page is
for staff (or DEBUG) only; the tokens' colour pairs are readable, computed from
tokens.css itself; the site's CSS uses logical properties only; templates use
the shared component classes, not the ones they replaced."""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

from forum_site import design_tokens

ROOT = Path(__file__).resolve().parents[2]
CSS_DIR = ROOT / "forum_site" / "static" / "forum_site" / "css"


# -- the styleguide page ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/styleguide/", "/ar/styleguide/"])
def test_styleguide_is_a_404_for_anonymous_visitors(url):
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_styleguide_is_a_404_for_members_who_are_not_staff(client, make_user):
    client.force_login(make_user("member"))
    assert client.get("/styleguide/").status_code == 404


@pytest.mark.django_db
def test_styleguide_shows_every_token_and_component_to_staff(client, make_user):
    client.force_login(make_user("staff", is_staff=True))
    response = client.get("/styleguide/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html  # in the site's frame
    assert '<meta name="robots" content="noindex">' in html
    for name in design_tokens.tokens():
        assert f"<code>{name}</code>" in html, name
    for component in (
        'class="button-secondary"',
        'class="button-danger"',
        'class="alert alert-error"',
        'class="tag tag-success"',
        'class="card"',
        'class="empty-state block"',
        'class="pagination"',
        'class="toast"',
        'aria-describedby="sg-email_helptext sg-email_error"',
    ):
        assert component in html, component
    # Each example is followed by its markup, escaped.
    assert "&lt;button type=&quot;button&quot; class=&quot;button-danger&quot;&gt;" in html


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_styleguide_is_shown_to_anyone_in_debug():
    response = Client().get("/fr/styleguide/")
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


# -- tokens -------------------------------------------------------------------


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# (foreground, background, minimum): text 4.5:1, controls' edges and focus 3:1
# (WCAG 2.2 1.4.3 and 1.4.11). Every pair the components put together.
TEXT = 4.5
UI = 3.0
PAIRS = [
    ("--ink", "--paper", TEXT),
    ("--ink", "--tint", TEXT),
    ("--muted", "--paper", TEXT),
    ("--muted", "--tint", TEXT),
    ("--brand", "--paper", TEXT),
    ("--brand", "--tint", TEXT),
    ("--brand-dark", "--paper", TEXT),
    ("--on-brand", "--brand", TEXT),
    ("--on-brand", "--brand-dark", TEXT),
    ("--on-brand", "--error", TEXT),
    ("--brand", "--info-bg", TEXT),  # secondary button's hover
    ("--ink", "--highlight", TEXT),
    ("--accent", "--paper", TEXT),
    *[(f"--{state}", f"--{state}-bg", TEXT) for state in ("info", "success", "warning", "error")],
    *[("--ink", f"--{state}-bg", TEXT) for state in ("info", "success", "warning", "error")],
    *[(f"--{state}", "--paper", TEXT) for state in ("info", "success", "warning", "error")],
    ("--muted", "--paper", UI),  # inputs' borders
    ("--focus", "--ink", UI),  # the focus ring on its halo
]


@pytest.mark.parametrize("mode", ["default", "prefers-contrast-more"])
def test_token_pairs_have_enough_contrast(mode):
    table = design_tokens.tokens() if mode == "default" else design_tokens.high_contrast_tokens()
    low = []
    for fg, bg, minimum in PAIRS:
        a, b = design_tokens.resolve(table[fg], table), design_tokens.resolve(table[bg], table)
        ratio = contrast(a, b)
        if ratio < minimum:
            low.append(f"{fg} on {bg}: {ratio:.2f} < {minimum}")
    assert not low, low


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_high_contrast_mode_makes_secondary_text_darker():
    normal, more = design_tokens.tokens(), design_tokens.high_contrast_tokens()
    assert contrast(more["--muted"], more["--paper"]) > contrast(normal["--muted"], "#ffffff")
    css = (CSS_DIR / "components.css").read_text(encoding="utf-8")
    assert "@media (forced-colors: active)" in css


def test_the_styleguide_stylesheet_demonstrates_every_token():
    css = (CSS_DIR / "styleguide.css").read_text(encoding="utf-8")
    groups = design_tokens.grouped()
    for name, _value in groups["colour"]:
        assert f".swatch-{name[2:]} " in css, name
    for name, _value in groups["space"]:
        assert f".space-bar-{name[2:]} " in css, name
    for name, _value in groups["type"]:
        if name.startswith("--step"):
            assert f".type-{name[2:]} " in css, name


# -- logical properties -------------------------------------------------------

SITE_CSS = sorted(
    path
    for app in ("forum_site", "practices", "consultations", "events", "search")
    for path in (ROOT / app).rglob("static/**/*.css")
)
PHYSICAL = re.compile(
    r"(?<![\w-])("
    r"(margin|padding|border)-(left|right)(-\w+)?\s*:"
    r"|(left|right)\s*:"
    r"|text-align\s*:\s*(left|right)"
    r"|float\s*:\s*(left|right)"
    r"|clear\s*:\s*(left|right)"
    r"|border-(top|bottom)-(left|right)-radius"
    r")"
)
# A four-value margin or padding whose left and right differ.
UNEVEN = re.compile(
    r"(?<![\w-])(margin|padding)\s*:\s*([^\s;}]+)\s+([^\s;}]+)\s+([^\s;}]+)\s+([^\s;}]+)\s*[;}]"
)
# A line may keep a physical property when its comment says why.
JUSTIFIED = "/* physical:"


def test_site_css_is_found():
    names = {path.name for path in SITE_CSS}
    assert {"tokens.css", "reset.css", "components.css", "site.css", "events.css"} <= names


@pytest.mark.parametrize("path", SITE_CSS, ids=lambda p: str(p.relative_to(ROOT)))
def test_site_css_uses_logical_properties(path):
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if JUSTIFIED in line:
            continue
        code = re.sub(r"/\*.*?\*/", "", line)
        if PHYSICAL.search(code):
            found.append(f"{number}: {line.strip()}")
        for match in UNEVEN.finditer(code):
            if match.group(3) != match.group(5):
                found.append(f"{number}: {line.strip()}")
    assert not found, "use logical properties (margin-inline-start, inset-inline-end…):\n" + (
        "\n".join(found)
    )


def test_the_physical_property_check_finds_them():
    for bad in (
        "a { margin-left: 1rem; }",
        "a { padding-right: 0; }",
        "a { left: 0; }",
        "a { text-align: right; }",
        "a { border-left: 1px solid; }",
        "a { float: left; }",
    ):
        assert PHYSICAL.search(bad), bad
    for good in (
        "a { margin-inline-start: 1rem; }",
        "a { inset-inline-start: 0; }",
        "a { text-align: start; }",
    ):
        assert not PHYSICAL.search(good), good
    assert UNEVEN.search("a { margin: 0 1rem 0 2rem; }")


# -- templates use the shared classes -----------------------------------------

TEMPLATES = sorted(
    path
    for path in ROOT.rglob("templates/**/*.html")
    if not {".venv", "node_modules", "wagtailadmin"} & set(path.parts)
)
# Replaced by the design system's components (components.css).
LEGACY = {
    "secondary": "button-secondary",
    "danger": "button-danger",
    "link-button": "button-link",
    "empty": "empty-state",
    "badge": "tag",
    "badge-yes": "tag-success",
    "badge-no": "tag-warning",
    "badge-cancelled": "tag-error",
    "notice": "alert alert-info",
    "notice-cancelled": "alert alert-error",
    "message": "alert",
    "notices": "alert",
    "warning": "tag-warning or alert-warning",
}
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')


def test_templates_are_found():
    assert len(TEMPLATES) > 50


def test_templates_use_no_legacy_classes():
    found = []
    for path in TEMPLATES:
        for value in CLASS_ATTRIBUTE.findall(path.read_text(encoding="utf-8")):
            # Template tags inside a class attribute ({% if %} …) are kept as words.
            words = re.sub(r"{[{%].*?[%}]}", " ", value).split()
            for word in words:
                if word in LEGACY:
                    found.append(f"{path.relative_to(ROOT)}: {word} -> {LEGACY[word]}")
    assert not found, "\n".join(found)


def test_scripts_use_no_legacy_classes():
    scripts = [
        path
        for app in ("forum_site", "practices", "consultations", "events", "search")
        for path in (ROOT / app).rglob("static/**/*.js")
    ]
    found = []
    for path in scripts:
        text = path.read_text(encoding="utf-8")
        for word in ("link-button", '"secondary', "p.empty,", 'p.empty"', "badge warning"):
            if word in text:
                found.append(f"{path.relative_to(ROOT)}: {word}")
    assert not found, found
