"""Pages in several languages (wagtail-localize): what readers see of a
translation group. docs/i18n.md, "Translating content".

A *translation group* is the pages that share a ``translation_key`` (one per
locale). Its *source* is the page it was first written as: the one
wagtail-localize translates from, or, for a group it never saw (pages copied
with ``copy_for_translation``), the oldest page of the group. Whatever belongs
to the thing rather than to its text (registrations, delegations, responses,
discussion threads) belongs to the source, so that a registration on the French
page counts for the same event as one on the English page.

- ``group_source(page)``: the source of ``page``'s group (``page`` itself when
  it is the source).
- ``in_reader_language(queryset)``: one page per group, the translation in the
  active language when the queryset holds one, else the source (or the oldest
  page the queryset holds): what every listing, feed and search shows.
- ``in_active_language(page)``: the page of ``page``'s group in the active
  language (a live translation, not an alias), else ``page``: the words an
  action shows when it acts on the source (a consultation's response form).
- ``published_translations(user, page)``: the other live pages of the group
  ``user`` may see (every app's rule through ``forum_site.restrictions``), for
  the "Also available in" links and ``<link rel="alternate" hreflang>``.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from forum_site.restrictions import visible_pages


def group_source(page):
    """The source page of ``page``'s translation group, as the specific class.

    One query for a page without translations (most pages), two otherwise;
    asked once per object (kept on it)."""
    cached = getattr(page, "_group_source", None)
    if cached is not None:
        return cached
    source = page
    members = list(
        Page.objects.filter(translation_key=page.translation_key)
        .order_by("pk")
        .values_list("pk", "locale_id")
    )
    if len(members) > 1:
        source_locale = (
            TranslationSource.objects.filter(object_id=page.translation_key)
            .order_by("pk")
            .values_list("locale_id", flat=True)
            .first()
        )
        source_pk = next((pk for pk, loc in members if loc == source_locale), members[0][0])
        if source_pk != page.pk:
            source = type(page).objects.filter(pk=source_pk).first() or page
    page._group_source = source
    return source


def active_locale():
    """The Wagtail locale of the active language (the default one if none matches)."""
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:  # pragma: no cover - the locales exist after migrate
        return Locale.get_default()


def in_active_language(page):
    """The live page of ``page``'s translation group in the active language (an
    alias repeats another language's words: never it), else ``page``. One query,
    none when ``page`` is in the active language."""
    locale = active_locale()
    if page.locale_id == locale.pk and not getattr(page, "alias_of_id", None):
        return page
    translated = (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale=locale, alias_of__isnull=True)
        .first()
    )
    return translated or page


def in_reader_language(queryset, locale=None):
    """``queryset`` with one page per translation group: the page in ``locale``
    (the active language's by default) when ``queryset`` holds one, else the
    oldest page of the group that ``queryset`` holds (the source, unless the
    viewer may not see it). Filters only: the queryset's order, annotations and
    prefetches stay; two subqueries, no query per page."""
    locale = locale or active_locale()
    # Aliases (wagtail-localize makes a missing parent so) repeat their source's
    # words: never the translation of anything.
    queryset = queryset.filter(alias_of__isnull=True)
    local = queryset.filter(locale=locale)
    others = queryset.exclude(translation_key__in=local.values("translation_key"))
    oldest = (
        queryset.model._default_manager.filter(
            pk__in=others.values("pk"), translation_key=OuterRef("translation_key")
        )
        .order_by("pk")
        .values("pk")[:1]
    )
    firsts = others.filter(pk=Subquery(oldest))
    return queryset.filter(Q(locale=locale) | Q(pk__in=firsts.values("pk"))).select_related(
        "locale"
    )


def published_translations(user, page) -> list:
    """The other live pages of ``page``'s translation group that ``user`` may see,
    in the order of ``WAGTAIL_CONTENT_LANGUAGES``, each with ``language_code``
    and ``language_name`` (the language's own name). Drafts and aliases (the
    source's words under another prefix) never show."""
    if page is None or not getattr(page, "pk", None) or not getattr(page, "translation_key", None):
        return []
    queryset = (
        Page.objects.live()
        .filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(pk=page.pk)
        .select_related("locale")
    )
    pages = list(visible_pages(user, queryset))
    if not pages:
        return []
    order = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    result = []
    for other in pages:
        code = other.locale.language_code
        try:
            info = translation.get_language_info(code)
        except KeyError:  # pragma: no cover - a locale outside LANGUAGES
            info = {"name_local": code, "bidi": False}
        with translation.override(code):
            url = other.get_url()
        if not url:
            continue
        result.append(
            {
                "page": other,
                "url": url,
                "language_code": code,
                "language_name": info["name_local"],
                "bidi": info.get("bidi", False),
            }
        )
    rank = {code: i for i, code in enumerate(order)}
    result.sort(key=lambda t: rank.get(t["language_code"], len(rank)))
    return result


def translate_page(page, language_code: str, words: dict[str, str], user=None):
    """The published translation of ``page`` into ``language_code``, made as a
    translator makes it in wagtail-localize's editor: ``words`` maps each string
    of the source (a title, a paragraph's text, a slug, a question's choices as
    lines) to its translation; strings without one keep the source's words. For the demo data
    (``<app>/demo``) and tests. Does nothing when the translation exists."""
    locale = Locale.objects.get(language_code=language_code)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = words.get(segment.string.data)
        if not text:
            # A plain text field of several lines (a question's choices) is stored
            # with <br>: ``words`` may name it by its lines.
            plain = words.get(StringValue(segment.string.data).render_text())
            text = plain and StringValue.from_plaintext(plain).data
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
    # A draft first, then published here: wagtail-localize would publish only once
    # the transaction commits (the demo runs in one).
    translation.save_target(user=user, publish=False)
    target = page.get_translation(locale).specific
    target.get_latest_revision().publish(user=user)
    return type(target).objects.get(pk=target.pk)


def page_in_locale_tree(index_page, language_code: str):
    """``index_page``'s counterpart in the tree of ``language_code`` (made, with its
    ancestors, and published if missing): where content written in that language
    goes."""
    locale = Locale.objects.get(language_code=language_code)
    counterpart = index_page.get_translation_or_none(locale)
    if counterpart is None:
        counterpart = index_page.copy_for_translation(locale, copy_parents=True)
    counterpart = counterpart.specific
    if counterpart.alias_of_id:
        # An alias (wagtail-localize makes parents so) cannot hold its own children's text.
        return counterpart
    if not counterpart.live:
        counterpart.save_revision().publish()
    return counterpart
