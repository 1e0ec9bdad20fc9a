"""The one small interface the views (and other apps) call to search.

``search()``, ``suggest()`` and ``similar_practices()`` take a user and answer
with plain data classes; which backend answers is decided here, never in a
view. With ``ELASTICSEARCH_URL`` set, Elasticsearch answers; when it is
unreachable, the database backend answers instead and a warning is logged
(once per ``ES_RETRY_SECONDS``, so a dead cluster does not slow every request).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings

from search.query import SearchRequest
from search.registry import SearchType

logger = logging.getLogger(__name__)

ES_RETRY_SECONDS = 30


@dataclass
class Hit:
    type: SearchType
    obj: object
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around matches
    facts: list[str] = field(default_factory=list)


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    selected: bool = False


@dataclass
class FacetResult:
    key: str
    label: str
    values: list[FacetValue]


@dataclass
class SearchResponse:
    request: SearchRequest
    hits: list[Hit]
    total: int
    type_counts: dict[str, int]
    facets: list[FacetResult]
    backend: str


class BackendUnavailable(Exception):
    """Raised by a backend that cannot answer now (the service falls back)."""


_es_down_until = 0.0


def elasticsearch_enabled() -> bool:
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def _backends():
    from search.backends.database import DatabaseBackend

    database = DatabaseBackend()
    if elasticsearch_enabled() and time.monotonic() >= _es_down_until:
        from search.backends.elastic import ElasticsearchBackend

        return [ElasticsearchBackend(), database]
    return [database]


def _call(method: str, *args, **kwargs):
    global _es_down_until
    backends = _backends()
    for backend in backends[:-1]:
        try:
            return getattr(backend, method)(*args, **kwargs)
        except BackendUnavailable as error:
            _es_down_until = time.monotonic() + ES_RETRY_SECONDS
            logger.warning(
                "Search backend %s unavailable (%s); answering from the database.",
                backend.name,
                error,
            )
    return getattr(backends[-1], method)(*args, **kwargs)


def reset_backend_state() -> None:
    """Forget that Elasticsearch was down (tests, management command)."""
    global _es_down_until
    _es_down_until = 0.0


def search(search_request: SearchRequest, user, http_request=None) -> SearchResponse:
    return _call("search", search_request, user, http_request)


def suggest(query: str, user, limit: int = 8, http_request=None) -> list[dict]:
    """[{"title", "url", "type"}] for titles that start with the words typed."""
    return _call("suggest", query, user, limit, http_request)


def similar_practices(practice, user, limit: int = 4, http_request=None) -> list[Hit]:
    """Practices like ``practice`` that ``user`` may see (never itself)."""
    return _call("similar_practices", practice, user, limit, http_request)
