"""forum_site/js/dates.js writes a date as the server does, in every language:
the script is run in node after the real /<lang>/jsi18n/ response and its
output compared with ``django.utils.formats.date_format`` for the same instant,
format and time zone."""

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

REPOSITORY = Path(settings.BASE_DIR)
DATES_JS = REPOSITORY / "forum_site" / "static" / "forum_site" / "js" / "dates.js"
RUNNER = REPOSITORY / "tests" / "js" / "dates.mjs"

FORMATS = [
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "TIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
]
# Every month once (names, genitives), midnight and late hours, a date that is
# another day in Tokyo than in UTC, single- and double-digit days.
INSTANTS = [
    datetime(2026, month, 1 + (month * 3) % 28, (month * 5) % 24, month * 4, tzinfo=UTC)
    for month in range(1, 13)
] + [
    datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
    datetime(2027, 1, 1, 0, 0, tzinfo=UTC),
]
ZONES = ["UTC", "Asia/Tokyo", "America/Bogota"]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_dates_js_writes_dates_as_the_server_does(client, language):
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the date script is not run")
    catalog = client.get(f"/{language}/jsi18n/" if language != "en" else "/jsi18n/")
    assert catalog.status_code == 200
    cases = [
        {"instant": instant.isoformat(), "format": name, "zone": zone}
        for instant in INSTANTS
        for name in FORMATS
        for zone in ZONES
    ]
    done = subprocess.run(
        ["node", str(RUNNER)],
        input=json.dumps(
            {
                "catalog": catalog.content.decode(),
                "dates_js": DATES_JS.read_text(),
                "lang": language,
                "cases": cases,
            }
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    written = json.loads(done.stdout)
    with translation.override(language):
        expected = [
            date_format(
                datetime.fromisoformat(c["instant"]).astimezone(ZoneInfo(c["zone"])), c["format"]
            )
            for c in cases
        ]
    mismatches = [
        (c["instant"], c["format"], c["zone"], js, py)
        for c, js, py in zip(cases, written, expected, strict=True)
        if js != py
    ]
    assert not mismatches, mismatches[:10]
