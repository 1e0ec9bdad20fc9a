"""Turning whatever arrives in the query string into a safe, bounded search request.

Search engines give operators to some characters (quotes, brackets, ``-``,
``*``, ``AND``/``NOT`` in FTS5) and raise on unbalanced ones, so the text
query keeps words only: letters and digits of any script, split on anything
else. Facet values are cast and bounded; unknown facets are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forum_site.hygiene import MAX_QUERY_CHARS as MAX_QUERY_CHARS  # re-exported
from forum_site.hygiene import search_words
from search.facets import FACETS

MAX_VALUES_PER_FACET = 20
PER_PAGE = 20
MAX_PAGE = 50
SORTS = ("relevance", "date")


def clean_query(raw: str | None) -> str:
    """The words of ``raw``, safe for every backend (may be empty)."""
    return search_words(raw)


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict[str, list] = field(default_factory=dict)
    types: list[str] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def is_empty(self) -> bool:
        return not self.query and not self.filters and not self.types


def parse_request(params, known_types: list[str]) -> SearchRequest:
    """A SearchRequest from a QueryDict (``request.GET``); never raises."""
    filters: dict[str, list] = {}
    for key, facet in FACETS.items():
        values = []
        for raw in params.getlist(key)[:MAX_VALUES_PER_FACET]:
            try:
                value = facet.cast(raw)
            except (TypeError, ValueError):
                continue
            if value not in values:
                values.append(value)
        if values:
            filters[key] = values
    types = [t for t in dict.fromkeys(params.getlist("type")[:10]) if t in known_types]
    sort = params.get("sort")
    query = clean_query(params.get("q"))
    if sort not in SORTS:
        sort = "relevance" if query else "date"
    try:
        page = min(max(int(params.get("page", 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        page = 1
    return SearchRequest(query=query, filters=filters, types=types, sort=sort, page=page)
