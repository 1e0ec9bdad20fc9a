"""One way to show dates, times and ranges per language (forum_site/formats,
forum_site/dates.py), and no template spelling out a format of its own."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from forum_site.dates import date_range_html, date_range_text, day_text, moment_text

PARIS = ZoneInfo("Europe/Paris")
START = dt.datetime(2026, 12, 4, 9, 30, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "4 December 2026, 09:30"),
        ("fr", "4 décembre 2026 09:30"),
        ("es", "4 de diciembre de 2026 a las 09:30"),
        ("ar", "4 ديسمبر، 2026، 09:30"),
        ("ru", "4 декабря 2026 г. 9:30"),
        ("zh-hans", "2026年12月4日 09:30"),
    ],
)
def test_a_date_and_time_in_each_language(code, expected):
    with translation.override(code):
        assert date_range_text(START) == expected


def test_english_is_day_month_year_with_a_24_hour_clock():
    with translation.override("en"):
        assert day_text(START.date()) == "4 December 2026"
        assert moment_text(START.replace(hour=17, minute=0), zone="Europe/Paris") == (
            "4 December 2026, 17:00 CET (Europe/Paris)"
        )


def test_arabic_uses_a_24_hour_clock():
    with translation.override("ar"):
        text = date_range_text(START.replace(hour=17, minute=0))
    assert "17:00" in text and "م" not in text.split("،")[-1]


def test_ranges_on_one_day_several_days_and_all_day():
    end_same_day = START.replace(hour=17, minute=0)
    end_next_day = START + dt.timedelta(days=2)
    with translation.override("en"):
        assert date_range_text(START, end_same_day) == "4 December 2026, 09:30–17:00"
        assert date_range_text(START, end_next_day) == (
            "4 December 2026, 09:30 – 6 December 2026, 09:30"
        )
        assert date_range_text(START.date(), START.date(), all_day=True) == "4 December 2026"
        assert date_range_text(START.date(), end_next_day.date(), all_day=True) == (
            "4 December 2026 – 6 December 2026"
        )


def test_a_range_never_runs_backwards():
    earlier = START - dt.timedelta(days=700)
    with translation.override("en"):
        assert date_range_text(START, earlier) == "4 December 2026, 09:30"
        assert date_range_text(START.date(), earlier.date(), all_day=True) == "4 December 2026"


def test_html_ranges_carry_machine_readable_times():
    html = date_range_html(START, START.replace(hour=17, minute=0), local=True)
    assert html.startswith('<time datetime="2026-12-04T09:30:00+01:00" data-local-time>')
    assert '<time datetime="2026-12-04T17:00:00+01:00">' in html


def test_the_template_tag_follows_the_page_language():
    template = Template("{% load forum_tags %}{% date_range start end %}")
    with translation.override("fr"):
        html = template.render(Context({"start": START, "end": START.replace(hour=17, minute=0)}))
    assert ">4 décembre 2026 09:30</time>–<time" in html and ">17:00</time>" in html


# Machine-readable formats (datetime attributes, form values, URLs), the
# weekday ("l") and time zone names ("T", "e", "O") may be
# spelled out; text for people names a format of forum_site/formats.
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "TIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
}
MACHINE = {"c", "Y-m-d", "Y-m", "O", "T", "e", "l", "U"}


def _templates():
    base = Path(settings.BASE_DIR)
    for path in base.rglob("templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        yield path


def test_no_template_spells_out_a_date_format_of_its_own():
    found = []
    for path in _templates():
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text()):
            if fmt not in NAMED and fmt not in MACHINE:
                found.append(f"{path}: {fmt}")
    assert not found, "use a named format or {% date_range %}: " + "; ".join(found)
