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

from django.conf import settings

from search import registry
from search.backends.database import DatabaseBackend
from search.backends.elastic import ElasticsearchBackend
from search.query import SearchRequest, clean_query
from search.results import BackendUnavailable, Hit, SearchResponse

logger = logging.getLogger(__name__)

ES_RETRY_SECONDS = 30


_es_down_until = 0.0


def elasticsearch_enabled() -> bool:
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def _backends():
    database = DatabaseBackend()
    if elasticsearch_enabled() and time.monotonic() >= _es_down_until:
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


def text_matches(queryset, text: str):
    """``queryset`` narrowed to what /search/ finds for ``text`` among its model's
    objects (the same query cleaning, the same backend and matching, so an app's own
    text box agrees with /search/), or None when search does not know the model.
    Registered as the ``text_search`` hook; the queryset decides visibility."""
    search_type = registry.type_for_model(queryset.model)
    if search_type is None:
        return None
    query = clean_query(text)
    if not query:
        return queryset
    return _call("match", search_type, queryset, query)
