"""Dates, times and ranges shown to people, one way per language.

Everything goes through Django's named formats (forum_site/formats), so a
page, an email and a notification say a date alike in each language. Ranges
never run backwards: an end before its start is shown as the start alone."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.html import format_html

DASH = "\u2013"


def _iso(value) -> str:
    return value.isoformat()


def date_range_text(start, end=None, *, all_day: bool = False) -> str:
    """ "4 December 2026, 09:00–17:00", "4 – 6 December 2026" and the like, in
    the active language (plain text, for emails and notifications)."""
    return "".join(part for part, _iso_value in _range_parts(start, end, all_day=all_day))


def date_range_html(start, end=None, *, all_day: bool = False, local: bool = False) -> str:
    """The same, each end in a ``<time datetime>`` element; ``local`` marks the
    start for the script that adds the viewer's own time (events.js)."""
    out = []
    for index, (text, iso) in enumerate(_range_parts(start, end, all_day=all_day)):
        if not iso:
            out.append(text)
        elif index == 0 and local:
            out.append(format_html('<time datetime="{}" data-local-time>{}</time>', iso, text))
        else:
            out.append(format_html('<time datetime="{}">{}</time>', iso, text))
    return "".join(str(part) for part in out)


def _range_parts(start, end, *, all_day: bool):
    if start is None:
        return []
    timed = isinstance(start, dt.datetime) and not all_day
    if end is None or end < start:
        end = start
    if not timed:
        first = start.date() if isinstance(start, dt.datetime) else start
        last = end.date() if isinstance(end, dt.datetime) else end
        if last == first:
            return [(date_format(first, "DATE_FORMAT"), first.isoformat())]
        return [
            (date_format(first, "DATE_FORMAT"), first.isoformat()),
            (f" {DASH} ", ""),
            (date_format(last, "DATE_FORMAT"), last.isoformat()),
        ]
    if end == start:
        return [(date_format(start, "DATETIME_FORMAT"), _iso(start))]
    if end.date() == start.date():
        return [
            (date_format(start, "DATETIME_FORMAT"), _iso(start)),
            (DASH, ""),
            (date_format(end, "TIME_FORMAT"), _iso(end)),
        ]
    return [
        (date_format(start, "DATETIME_FORMAT"), _iso(start)),
        (f" {DASH} ", ""),
        (date_format(end, "DATETIME_FORMAT"), _iso(end)),
    ]


def day_text(value) -> str:
    """A date in the active language ("4 December 2026", "2026年12月4日")."""
    return date_format(value, "DATE_FORMAT")


def moment_text(value, *, zone: str = "") -> str:
    """A date and time in the active language, then its time zone: the
    abbreviation of the value's own zone, and ``zone`` (an IANA name) if given
    ("4 December 2026, 10:00 CET (Europe/Paris)")."""
    text = date_format(value, "DATETIME_FORMAT")
    abbreviation = value.tzname() if isinstance(value, dt.datetime) else None
    if abbreviation:
        text = f"{text} {abbreviation}"
    return f"{text} ({zone})" if zone else text


def format_names() -> dict[str, list[str]]:
    """The month, weekday and a.m./p.m. names of Django's date format characters
    in the active language, keyed by the character (``F``: "décembre", ``E``: the
    Russian genitive "декабря", ``D``: "lun."...): what forum_site/js/dates.js
    needs to follow a format string as ``django.utils.dateformat`` does. They
    are Django's own translations. Weekdays start on Monday, as in
    ``django.utils.dates``; no site format uses a 12-hour clock, so the script
    takes "a.m."/"p.m." from the browser (``Intl``)."""
    from django.utils import dates as names

    months = range(1, 13)
    return {
        "F": [str(names.MONTHS[m]) for m in months],
        "E": [str(names.MONTHS_ALT[m]) for m in months],
        "N": [str(names.MONTHS_AP[m]) for m in months],
        "b": [str(names.MONTHS_3[m]) for m in months],
        "M": [str(names.MONTHS_3[m]).title() for m in months],
        "l": [str(names.WEEKDAYS[d]) for d in range(7)],
        "D": [str(names.WEEKDAYS_ABBR[d]) for d in range(7)],
    }
