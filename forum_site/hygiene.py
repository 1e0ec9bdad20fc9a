"""Input hygiene: the site's one place for what a single value may contain.

Forms use these fields so that hostile or careless input ends as a form error,
never as a 500 or as data that breaks what is written from it later:

- ``SingleLineCharField``: titles, names, locations. Control characters (CR,
  LF, NUL, the other C0/C1 characters, the Unicode line and paragraph
  separators) become spaces, so a pasted title cannot split an email header
  or an iCalendar line.
- ``BoundedDateField`` / ``BoundedDateTimeField``: years between ``MIN_YEAR``
  and ``MAX_YEAR``; date arithmetic and time zones fail at the edges of
  Python's calendar (years 1 and 9999).
- ``BoundedModelChoiceField`` / ``BoundedModelMultipleChoiceField`` (and
  ``bound_model_choices`` for forms built from models): ids beyond a 64-bit
  integer are an invalid choice (SQLite raises OverflowError, PostgreSQL
  DataError).
- ``tidy_cleaned_data``: the same for forms built from models (the admin's).
- ``search_words``: free text reduced to words, safe for every search backend.

Writers defend themselves too: ``single_line`` is applied to email subjects and
calendar text, since data stored before this layer (or through the admin) may
still hold line breaks.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_DB_INT = 2**63 - 1

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_LINE_BREAKING = re.compile(f"[{_CONTROLS}]")
_LINE_BREAKS_WITH_SPACES = re.compile(f" *[{_CONTROLS}][ {_CONTROLS}]*")


def single_line(text) -> str:
    """``text`` on one line: each run of control characters (with the spaces
    around it) becomes one space, and the ends are stripped."""
    if text is None:
        return ""
    return _LINE_BREAKS_WITH_SPACES.sub(" ", str(text)).strip()


def validate_single_line(value) -> None:
    """Refuses text with control characters (for model fields and plain validators)."""
    if value and _LINE_BREAKING.search(str(value)):
        raise ValidationError(
            _("Use a single line, without line breaks or control characters."),
            code="single_line",
        )


class SingleLineCharField(forms.CharField):
    """A one-line text field: control characters are normalised to spaces."""

    def to_python(self, value):
        if value not in self.empty_values:
            value = single_line(value)
        return super().to_python(value)


def validate_year_range(value) -> None:
    """Refuses dates outside ``MIN_YEAR``..``MAX_YEAR``."""
    if value is not None and not (MIN_YEAR <= value.year <= MAX_YEAR):
        raise ValidationError(
            _("Choose a date between the years %(min)s and %(max)s."),
            code="year_range",
            params={"min": MIN_YEAR, "max": MAX_YEAR},
        )


class BoundedDateField(forms.DateField):
    default_validators = [validate_year_range]


class BoundedDateTimeField(forms.DateTimeField):
    default_validators = [validate_year_range]


def tidy_cleaned_data(form, single_line_fields=()) -> dict:
    """For forms whose fields come from models (the Wagtail admin's): put
    ``single_line_fields`` on one line and refuse out-of-range dates, before
    any date arithmetic in the form's own ``clean``. Call it from ``clean``."""
    data = form.cleaned_data
    for name in single_line_fields:
        if isinstance(data.get(name), str):
            data[name] = single_line(data[name])
    for name, value in list(data.items()):
        if isinstance(value, date):
            try:
                validate_year_range(value)
            except ValidationError as error:
                form.add_error(name, error)
    return data


def _out_of_range_id(value) -> bool:
    try:
        return abs(int(str(value).strip())) > MAX_DB_INT
    except (TypeError, ValueError):
        return False


class BoundedChoicesMixin:
    """For model choice fields: an id beyond a 64-bit integer is an invalid
    choice, checked before the field queries the database."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item not in self.empty_values and _out_of_range_id(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:40]},
                )
        return super().clean(value)


class BoundedModelChoiceField(BoundedChoicesMixin, forms.ModelChoiceField):
    """A model choice whose out-of-range id is an invalid choice on every database."""


class BoundedModelMultipleChoiceField(BoundedChoicesMixin, forms.ModelMultipleChoiceField):
    """Several model choices; an out-of-range id is an invalid choice, not a crash."""


@lru_cache
def _bounded_class(cls):
    return type(f"Bounded{cls.__name__}", (BoundedChoicesMixin, cls), {})


def bound_model_choices(form) -> None:
    """Gives the model choice fields of ``form`` the same bound, for forms whose
    fields are built from model fields (the Wagtail admin's); call it from
    ``__init__``. Each form instance has its own copies of its fields, so only
    this form's fields change class."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, BoundedChoicesMixin):
            field.__class__ = _bounded_class(type(field))


def bounded_id(raw) -> int | None:
    """A database id from a query string, or None when it is not one."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= MAX_DB_INT else None


class DatabaseIdConverter:
    """The ``<id:...>`` path converter: digits that fit a 64-bit database id.
    ``<int:...>`` lets any number through, and a query with one past 2**63
    raises (SQLite OverflowError, PostgreSQL DataError); this one does not
    match, so the URL is a 404. Registered in ``ForumSiteConfig.ready``."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_DB_INT:
            raise ValueError(value)  # no match
        return number

    def to_url(self, value) -> str:
        return str(value)


# --- free-text search -----------------------------------------------------------

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# Words the SQLite FTS5 grammar reads as operators; they carry no meaning in a query.
_OPERATOR_WORDS = {"AND", "OR", "NOT", "NEAR"}


def search_words(raw: str | None) -> str:
    """The words of ``raw``, safe for every search backend (may be empty).

    Search engines give operators to some characters (quotes, brackets, ``-``,
    ``*``, ``AND``/``NOT`` in FTS5) and raise on unbalanced ones, so only
    letters and digits of any script are kept, split on anything else."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", str(raw)[: MAX_QUERY_CHARS * 5])
    chars = []
    for char in text:
        category = unicodedata.category(char)
        if char.isalnum():
            chars.append(char)
        elif category in ("Mn", "Mc", "Me", "Cf"):
            # Combining marks (Arabic short vowels, accents left after NFC) and
            # invisible format characters (right-to-left marks) belong to the word.
            continue
        else:
            chars.append(" ")
    words = [w for w in "".join(chars).split() if w.upper() not in _OPERATOR_WORDS]
    return " ".join(words[:MAX_TERMS])[:MAX_QUERY_CHARS].strip()


class RemoveNulMiddleware:
    """NUL characters in a query string or a posted field are removed before any
    view or form sees them.

    No field has a use for NUL, and PostgreSQL refuses it in text: every filter,
    search or save that carried one failed (a 500 on PostgreSQL, found by the hostile
    crawl), while SQLite kept it. Removing it keeps the rest of what the person typed
    (other control characters are ``single_line``'s work). Uploaded files are untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            request.GET = _without_nul(request.GET)
        if request.method == "POST" and _has_nul(request.POST):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


def _without_nul(data):
    cleaned = data.copy()  # a mutable QueryDict
    cleaned.clear()
    for key, values in data.lists():
        cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    cleaned._mutable = False
    return cleaned


def register_admin_form_hygiene() -> None:
    """Every form the Wagtail admin builds from a model (pages, their inline
    children such as event sessions, snippets such as organisations) gets the
    same rules as the site's own forms: a plain ``CharField`` is single-line and
    dates stay within the supported years. Fields with choices keep their
    select; ``TextField`` (multi-line) is untouched. Called from
    ``ForumSiteConfig.ready``, before any admin form class is built."""
    from django.db import models
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.CharField, override={"form_class": SingleLineCharField}, exact_class=True
    )
    # These replace Wagtail's own overrides for the two classes (same widgets).
    register_form_field_override(
        models.DateField,
        override={"widget": widgets.AdminDateInput, "form_class": BoundedDateField},
    )
    register_form_field_override(
        models.DateTimeField,
        override={"widget": widgets.AdminDateTimeInput, "form_class": BoundedDateTimeField},
    )
