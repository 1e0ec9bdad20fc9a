"""Translating a page on the front end, on wagtail-localize's own models
(docs/i18n.md, "Translating on the site").

Organisation editors have no Wagtail admin; they translate their practices,
consultations and events through plain forms that read and write what
wagtail-localize's editor reads and writes:

- ``TranslationSource``: the source page's text, frozen; brought up to date
  (``update_from_db``) whenever the source was published since it was taken;
- ``Translation``: the source into one locale; ``save_target`` writes the
  translated page (a draft, or published) from the strings below, keeping the
  source's words where a string has no translation (``fallback``);
- ``StringSegment``: one string of the source (a title, a paragraph) in its
  ``TranslationContext`` (the field or block it comes from);
- ``StringTranslation``: a string's translation in a context and a locale.

When the source changes, a changed string becomes a new ``String`` in the
same context: the old translation stays (for the old string) and the segment
has none. That is what "changed in the source since your translation" means
here; a translation wagtail-localize marked ``has_error`` counts too.

This module is the engine; each app has the views, URLs and its
``may_translate`` rule (the app's edit rule), and decides who publishes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils import translation as django_translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue, validate_translation_links

from forum_site.content_language import content_language
from forum_site.sanitise import TRANSLATION_SEGMENT, clean_html
from forum_site.translations import group_source

MAX_SEGMENT_LENGTH = 20_000
_TAG = re.compile(r"<(?!br\s*/?>)[a-zA-Z/]")
_FIELD = re.compile(r"s\d+")


# -- languages ----------------------------------------------------------------------


def language_info(code: str) -> dict:
    try:
        info = django_translation.get_language_info(code)
    except KeyError:  # pragma: no cover - a locale outside LANGUAGES
        info = {"name_local": code, "bidi": False}
    # The name in the reader's language: it stands inside the page's sentences
    # ("The original is in …", "Translate into …").
    name = info.get("name_translated") or info["name_local"]
    return {
        "code": code,
        "name": str(name),
        "name_local": info["name_local"],
        "bidi": info.get("bidi", False),
    }


def content_locales() -> list[Locale]:
    """The site's content locales in the order of ``WAGTAIL_CONTENT_LANGUAGES``."""
    order = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    locales = {loc.language_code: loc for loc in Locale.objects.filter(language_code__in=order)}
    return [locales[code] for code in order if code in locales]


def target_locale_or_404(language: str) -> Locale:
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    if language not in codes:
        raise Http404
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        raise Http404
    return locale


# -- the source ---------------------------------------------------------------------


def source_page(page) -> Page:
    """The page translations are made from: the translation group's source."""
    return group_source(page.specific if type(page) is Page else page)


def current_source(page) -> TranslationSource | None:
    """The source of ``page`` (the group's source page) as wagtail-localize holds
    it, brought up to date when the page was published since; ``None`` when
    nobody has translated it yet (nothing is written then)."""
    source = TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=page.locale_id
    ).first()
    if source is not None and _is_stale(source, page):
        source.update_from_db()
    return source


def start_source(page) -> TranslationSource:
    source = current_source(page)
    if source is None:
        source, _created = TranslationSource.get_or_create_from_instance(page)
    return source


def _is_stale(source, page) -> bool:
    changed = page.last_published_at or page.latest_revision_created_at
    return bool(changed and changed > source.last_updated_at)


def start_translation(page, locale: Locale) -> Translation:
    """The ``Translation`` of ``page`` into ``locale``, made (enabled) if missing."""
    source = start_source(page)
    translation, created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    if not created and not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
    return translation


# -- the strings --------------------------------------------------------------------


@dataclass
class Segment:
    pk: int
    label: str
    source_text: str
    has_tags: bool
    multiline: bool
    value: str = ""
    previous: str = ""  # the translation of the string this context had before
    state: str = "missing"  # "translated", "changed", "missing"
    error: str = ""

    @property
    def flagged(self) -> bool:
        return self.state != "translated"

    @property
    def field_name(self) -> str:
        return f"s{self.pk}"


def _editable(data: str) -> tuple[str, bool, bool]:
    """A string's stored form as a translator edits it: plain text (entities
    and ``<br>`` undone) unless it has inline tags, which stay in
    wagtail-localize's format (``<a id="a1">…</a>``, ``<b>``)."""
    if _TAG.search(data):
        return data, True, True
    text = StringValue(data).render_text()
    return text, False, "\n" in text


def _label(model, path: str, numbers: dict | None = None) -> str:
    """The field a segment comes from, as an editor names it: "Title", or for a
    child object's field (``questions.<key>.choices``) "Question 2 · Choices".
    ``numbers`` numbers the children in the order they are first met (segments
    come in the source's order)."""
    parts = path.split(".")
    try:
        field = model._meta.get_field(parts[0])
    except FieldDoesNotExist:
        return _capitalised(parts[0].replace("_", " "))
    if not field.one_to_many:
        return _capitalised(str(field.verbose_name))
    child = field.related_model
    name = str(child._meta.verbose_name)
    label = _capitalised(name)
    if len(parts) >= 2 and numbers is not None:
        seen = numbers.setdefault(parts[0], {})
        label += f" {seen.setdefault(parts[1], len(seen) + 1)}"
    if len(parts) >= 3:
        try:
            sub = str(child._meta.get_field(parts[2]).verbose_name)
        except FieldDoesNotExist:
            sub = name
        if sub.lower() != name.lower():  # "Question 2", not "Question 2 · Question"
            label += " · " + _capitalised(sub)
    return label


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


def _string_translations(source, locale_ids, segments):
    """Every translation, into ``locale_ids``, made in the contexts of
    ``segments``: (locale, context) -> [(string, data, has_error, pk)]. One query."""
    found: dict = {}
    rows = StringTranslation.objects.filter(
        context_id__in={s.context_id for s in segments}, locale_id__in=locale_ids
    ).values_list("locale_id", "context_id", "translation_of_id", "data", "has_error", "updated_at")
    for locale_id, context_id, string_id, data, has_error, updated_at in rows:
        found.setdefault((locale_id, context_id), []).append(
            (string_id, data, has_error, updated_at)
        )
    return found


def _state(segment, translations) -> tuple[str, str, str]:
    """(state, current translation, previous translation) of one segment."""
    current = next((t for t in translations if t[0] == segment.string_id), None)
    if current is not None and not current[2]:
        return "translated", current[1], ""
    older = sorted((t for t in translations if t[0] != segment.string_id), key=lambda t: t[3])
    if current is not None:  # has_error: wagtail-localize refuses it as it is
        return "changed", current[1], ""
    if older:
        return "changed", "", older[-1][1]
    return "missing", "", ""


def segments_of(source):
    return list(
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    )


def segments_for(source, locale: Locale) -> list[Segment]:
    """The source's strings with their translation into ``locale``: those changed
    in the source since their translation first, then those never translated,
    then the translated ones, each group in the source's order. Three queries."""
    raw = segments_of(source)
    model = source.specific_content_type.model_class()
    translations = _string_translations(source, [locale.pk], raw)
    groups: dict[str, list] = {"changed": [], "missing": [], "translated": []}
    numbers: dict = {}
    for segment in raw:
        text, has_tags, multiline = _editable(segment.string.data)
        state, value, previous = _state(
            segment, translations.get((locale.pk, segment.context_id), [])
        )
        if value and not has_tags:
            value = StringValue(value).render_text()
        if previous and not has_tags:
            previous = StringValue(previous).render_text()
        row = Segment(
            pk=segment.pk,
            label=_label(model, segment.context.path, numbers),
            source_text=text,
            has_tags=has_tags,
            multiline=multiline,
            value=value,
            previous=previous,
            state=state,
        )
        groups[state].append(row)
    return groups["changed"] + groups["missing"] + groups["translated"]


def progress(source, locales) -> dict:
    """For each locale pk: {"total", "changed", "missing"} strings. Two queries."""
    raw = list(StringSegment.objects.filter(source=source).only("pk", "string_id", "context_id"))
    translations = _string_translations(source, [loc.pk for loc in locales], raw)
    counts = {}
    for locale in locales:
        count = {"total": len(raw), "changed": 0, "missing": 0}
        for segment in raw:
            state, _v, _p = _state(segment, translations.get((locale.pk, segment.context_id), []))
            if state != "translated":
                count[state] += 1
        counts[locale.pk] = count
    return counts


# -- the overview -------------------------------------------------------------------


@dataclass
class LanguageRow:
    code: str
    name: str  # in the reader's language
    bidi: bool
    name_local: str = ""  # in its own language
    page: Page | None = None
    started: bool = False
    live: bool = False
    unpublished_changes: bool = False
    in_moderation: bool = False
    counts: dict = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return self.page is not None or self.started

    @property
    def changed(self) -> int:
        return self.counts.get("changed", 0)

    @property
    def missing(self) -> int:
        return self.counts.get("missing", 0)

    @property
    def up_to_date(self) -> bool:
        return self.exists and not self.changed and not self.missing


def overview(source_page_obj) -> list[LanguageRow]:
    """The five other languages of the site for the source page: its
    translation there (a page that is no alias), whether wagtail-localize
    translates it, and how many strings are changed or untranslated. A bounded
    number of queries, whatever the number of strings and languages."""
    page = source_page_obj
    source = current_source(page)
    locales = [loc for loc in content_locales() if loc.pk != page.locale_id]
    pages = {
        other.locale_id: other
        for other in Page.objects.filter(
            translation_key=page.translation_key, alias_of__isnull=True
        ).exclude(pk=page.pk)
    }
    started = set()
    counts = {}
    if source is not None:
        started = set(
            Translation.objects.filter(source=source, enabled=True).values_list(
                "target_locale_id", flat=True
            )
        )
        counts = progress(source, locales)
    moderated = set(
        WorkflowState.objects.filter(
            object_id__in=[str(p.pk) for p in pages.values()],
            base_content_type_id=page.get_base_content_type().pk,
            status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        ).values_list("object_id", flat=True)
    )
    rows = []
    for locale in locales:
        info = language_info(locale.language_code)
        other = pages.get(locale.pk)
        row = LanguageRow(
            code=info["code"],
            name=info["name"],
            name_local=info["name_local"],
            bidi=info["bidi"],
            page=other,
            started=locale.pk in started,
            live=bool(other and other.live),
            unpublished_changes=bool(other and other.live and other.has_unpublished_changes),
            in_moderation=bool(other and str(other.pk) in moderated),
            counts=counts.get(locale.pk, {}) if locale.pk in started else {},
        )
        rows.append(row)
    return rows


# -- saving -------------------------------------------------------------------------


def _clean(segment: StringSegment, text: str) -> tuple[str | None, str]:
    """(the string to store, or None; an error message) for what the translator
    typed for ``segment``."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > MAX_SEGMENT_LENGTH:
        return None, _("This translation is too long.")
    text = text.strip()
    if not text:
        return "", ""
    path = segment.context.path
    if path == "slug":
        if not slugify(text):
            return None, _(
                "The address may only contain Latin letters, digits and hyphens; "
                "leave it empty to keep the original one."
            )
        text = slugify(text)
    _source, has_tags, multiline = _editable(segment.string.data)
    if not has_tags:
        if not multiline:
            text = " ".join(text.split())
        if path == "title" and len(text) > 255:
            return None, _("A title has at most 255 characters.")
        return StringValue.from_plaintext(text).data, ""
    cleaned = clean_html(text, TRANSLATION_SEGMENT).strip()
    try:
        StringValue.from_translated_html(cleaned)
        validate_translation_links(segment.string.data, cleaned)
    except ValueError:
        return None, _(
            'Keep the tags of the original as they are (<b>, <i>, <a id="a1">…</a>); '
            "other tags and attributes are not allowed."
        )
    return cleaned, ""


def save_strings(translation: Translation, posted, user) -> tuple[dict, int, int]:
    """Write the translations posted (``s<segment pk>`` fields) as wagtail-localize's
    editor does; an empty field removes the segment's translation. Fields of
    segments the source no longer has (it changed since the form was shown) are
    ignored. Returns ({segment pk: error}, number of strings changed, number of
    fields ignored)."""
    source = translation.source
    locale_id = translation.target_locale_id
    errors: dict[int, str] = {}
    changed = 0
    segments = segments_of(source)
    existing = {
        (row.translation_of_id, row.context_id): row
        for row in StringTranslation.objects.filter(
            context_id__in={s.context_id for s in segments}, locale_id=locale_id
        )
    }
    for segment in segments:
        name = f"s{segment.pk}"
        if name not in posted:
            continue
        data, error = _clean(segment, posted.get(name))
        if error:
            errors[segment.pk] = error
            continue
        current = existing.get((segment.string_id, segment.context_id))
        if data == "":
            if current is not None:
                StringTranslation.objects.filter(pk=current.pk).delete()
                changed += 1
            continue
        if current is not None and current.data == data and not current.has_error:
            continue
        with transaction.atomic():
            StringTranslation.objects.update_or_create(
                translation_of_id=segment.string_id,
                locale_id=locale_id,
                context_id=segment.context_id,
                defaults={
                    "data": data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "tool_name": "",
                    "last_translated_by": user,
                    "has_error": False,
                    "field_error": "",
                },
            )
        changed += 1
    known = {f"s{segment.pk}" for segment in segments}
    ignored = sum(1 for name in posted if _FIELD.fullmatch(name) and name not in known)
    if changed:
        Translation.objects.filter(pk=translation.pk).update(
            translations_last_updated_at=timezone.now()
        )
    return errors, changed, ignored


def write_target(translation: Translation, user, *, publish: bool) -> Page:
    """The translated page, saved from the strings (the source's words where a
    string has none): a new draft revision, published when ``publish`` (at the
    end of the request's transaction, as wagtail-localize does). A validation
    error of the page (a translated title too long, say) is raised as
    wagtail-localize raises it (``ValidationError``)."""
    translation.save_target(user=user, publish=publish)
    target = translation.get_target_instance()
    return target.specific if isinstance(target, Page) else target


def untranslated_count(segments: list[Segment]) -> int:
    return sum(1 for s in segments if s.state != "translated")


def language_of(page) -> str:
    return content_language(page)
