"""The language content is written in, and marking it where it differs from the
interface (docs/i18n.md, "Content in another language").

A page's content language is its Wagtail locale's; an alias's (the untranslated
copy Wagtail makes of a translation's parents, and wagtail-localize of every
page not yet translated) is its source's. In the default locale's tree, a page
that records the language it is written in says so: a practice shared through
the front-end form in French, Russian or Chinese lands in that tree with
``original_language`` ("Language of the original", the language the practice
is written in, practices/forms.py).

Templates mark content elements with ``{% content_lang obj %}`` (forum_tags):
`` lang="fr" dir="auto"`` when the content's language differs from the page's,
`` dir="auto"`` otherwise, so screen readers read the title with the right
voice and bidi layout isolates it.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import translation

_CACHE = "_forum_content_languages"


def same_language(a: str, b: str) -> bool:
    """True for two codes of one language ("zh" and "zh-hans", "fr" and "fr-ca")."""
    return a.lower().split("-")[0] == b.lower().split("-")[0]


def _locale_codes(cache: dict) -> dict[int, str]:
    codes = cache.get("locales")
    if codes is None:
        from wagtail.models import Locale

        codes = cache["locales"] = dict(Locale.objects.values_list("pk", "language_code"))
    return codes


def content_language(obj, cache: dict | None = None) -> str:
    """The language code ``obj``'s text is written in, or '' when unknown
    (objects without a locale: organisations; comments posted before their
    language was recorded). An object that stores its text's language says it
    with ``text_language`` (a comment). ``cache`` (a dict
    kept for one request) saves the locale and alias look-ups."""
    cache = {} if cache is None else cache
    recorded = getattr(obj, "text_language", None)
    if recorded is not None:  # stored with the text (a comment): '' for unknown
        return recorded
    locale_id = getattr(obj, "locale_id", None)
    alias_of = getattr(obj, "alias_of_id", None)
    if alias_of:
        # An alias is the untranslated copy of a page in another locale's tree
        # (Wagtail makes them for the parents of a translation, wagtail-localize
        # for every page not yet translated): its text is its source's.
        key = ("alias", alias_of)
        if key not in cache:
            from wagtail.models import Page

            cache[key] = (
                Page.objects.filter(pk=alias_of).values_list("locale_id", flat=True).first()
            )
        locale_id = cache[key] or locale_id
    locale_code = _locale_codes(cache).get(locale_id, "") if locale_id else ""
    if not locale_code and locale_id:
        cache.pop("locales", None)  # a locale made since: read them again
        locale_code = _locale_codes(cache).get(locale_id, "")
    if alias_of or locale_code != settings.LANGUAGE_CODE:
        return locale_code
    if hasattr(obj, "original_language"):
        recorded = obj.original_language
    elif hasattr(obj, "url_path"):  # a plain Page of a select: see recorded_languages
        recorded = cache.get(("recorded", getattr(obj, "pk", None)))
    else:  # not a page (a consultation's question): its locale says it
        recorded = ""
    return recorded or locale_code


def recorded_languages(pages, cache: dict) -> None:
    """Puts in ``cache`` the ``original_language`` of those of ``pages`` (plain
    ``Page`` objects, as a select of any page lists them) whose specific model
    records one: one query per such model, whatever the number of pages."""
    by_type: dict[int, list[int]] = {}
    for page in pages:
        if not hasattr(page, "original_language") and getattr(page, "content_type_id", None):
            by_type.setdefault(page.content_type_id, []).append(page.pk)
    from django.contrib.contenttypes.models import ContentType

    for type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not any(f.name == "original_language" for f in model._meta.fields):
            continue
        for pk, code in model.objects.filter(pk__in=pks).values_list("pk", "original_language"):
            cache[("recorded", pk)] = code


def request_cache(request) -> dict:
    """The look-up cache kept on ``request`` (a fresh dict without one)."""
    if request is None:
        return {}
    cache = getattr(request, _CACHE, None)
    if cache is None:
        cache = {}
        setattr(request, _CACHE, cache)
    return cache


def differs_from_interface(code: str) -> bool:
    return bool(code) and not same_language(code, translation.get_language() or "")


class ContentSelect(forms.Select):
    """A select of pages (a ``ModelChoiceField``) whose options carry their
    page's content language when it differs from the page's: each option's
    label is a title in its own language."""

    def optgroups(self, name, value, attrs=None):
        self._languages = {}
        recorded_languages(
            [v.instance for v, _label in self.choices if getattr(v, "instance", None)],
            self._languages,
        )
        return super().optgroups(name, value, attrs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            code = content_language(instance, getattr(self, "_languages", {}))
            if differs_from_interface(code):
                option["attrs"] = {**option["attrs"], "lang": code, "dir": "auto"}
        return option
