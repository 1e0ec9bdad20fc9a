"""The content types that search knows about, each plugged in by a small adapter.

An adapter (``SearchType``) says, for one model: how to get what a user may
see (by calling the owning app's visibility rule, never re-implementing it),
which field feeds each facet, which date sorts it, what text makes its snippet,
which key facts the result shows, and how to load a page of results without
N+1 queries. Both backends read the same adapters, so adding a content type is
one adapter in ``adapters.py``; the views never change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import F, QuerySet


@dataclass
class SearchType:
    key: str
    label: str
    label_plural: str
    model_label: str
    # user -> queryset of every object of this type that ``user`` may see.
    visible: Callable[[object], QuerySet]
    # facet key -> lookup string ("themes__slug") or a zero-argument expression factory.
    facets: dict[str, object] = field(default_factory=dict)
    date_field: str = "pk"
    # queryset -> queryset with what key_facts/snippet need (select_related, prefetch).
    for_listing: Callable[[QuerySet], QuerySet] = lambda qs: qs
    key_facts: Callable[[object], list[str]] = lambda obj: []
    snippet_text: Callable[[object], str] = lambda obj: ""
    body_text: Callable[[object], str] = lambda obj: ""
    language: Callable[[object], str] = lambda obj: ""
    is_page: bool = False
    order: int = 0

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def listed(self, user) -> QuerySet:
        """What a search lists for ``user``: ``visible``, with one page per
        translation group (``forum_site.translations.in_reader_language``: the
        page in the reader's language when ``user`` may see one, else the
        original). Indexing keeps every page (``visible``)."""
        visible = self.visible(user)
        if not self.is_page:
            return visible
        from forum_site.translations import in_reader_language

        return in_reader_language(visible)

    def shadowed(self, user) -> QuerySet:
        """The pages ``user`` may see that ``listed`` leaves out (the other
        translations of a group): what a search index must not count."""
        visible = self.visible(user)
        if not self.is_page:
            return visible.none()
        return visible.exclude(pk__in=self.listed(user).values("pk"))

    def facet_expression(self, facet_key: str):
        source = self.facets[facet_key]
        return F(source) if isinstance(source, str) else source()

    def url(self, obj, request=None) -> str:
        """The object's address; for a reader (``request`` given), in the
        reader's language: a page of the default language's tree (untranslated,
        or the source) under the active language's prefix (/ar/practices/…,
        served in the Arabic interface from the default tree), so a result or a
        suggestion does not take the reader out of their language. Without a
        request (the search index), the page's own address."""
        url = (obj.get_url(request=request) or "") if self.is_page else obj.get_absolute_url()
        if request is None or not url:
            return url
        return reader_url(url)

    def title(self, obj) -> str:
        return obj.title if self.is_page else str(obj)


def reader_url(url: str) -> str:
    """``url`` (a path of this site) under the active language's prefix when it has none."""
    from django.conf import settings
    from django.utils import translation

    from forum_site.i18n import in_language

    return in_language(url, translation.get_language() or settings.LANGUAGE_CODE)


_TYPES: dict[str, SearchType] = {}


def register(search_type: SearchType) -> None:
    """Register a content type if its model is installed (apps land one by one)."""
    try:
        apps.get_model(search_type.model_label)
    except LookupError:
        return
    _TYPES[search_type.key] = search_type


def unregister(key: str) -> None:
    _TYPES.pop(key, None)


def search_types() -> list[SearchType]:
    return sorted(_TYPES.values(), key=lambda t: t.order)


def get_type(key: str) -> SearchType | None:
    return _TYPES.get(key)


def type_for_model(model) -> SearchType | None:
    for search_type in _TYPES.values():
        if search_type.model is model:
            return search_type
    return None
