"""The Elasticsearch backend (elasticsearch-dsl): queries, aggregations, highlighting.

The query builders are plain functions returning ``Search`` objects so tests
can compare their ``to_dict()`` exactly; ``ElasticsearchBackend`` runs them
and turns any transport or server error into ``BackendUnavailable``, on which
the service answers from the database instead.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch_dsl import Q, Search

from search import registry
from search.adapters import beyond_signed_in
from search.backends.common import facet_results, load_hits, types_for
from search.documents import SUGGEST_FIELDS, TEXT_FIELDS, ContentDocument, index_name
from search.facets import FACETS
from search.query import SearchRequest, clean_query
from search.results import BackendUnavailable, SearchResponse

logger = logging.getLogger(__name__)

FACET_SIZE = 50
# Elasticsearch's default index.max_result_window: the most ids one request returns.
MAX_MATCH_IDS = 10_000


@lru_cache(maxsize=4)
def _client_for(url: str) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=3, max_retries=0, retry_on_timeout=False)


def get_client() -> Elasticsearch:
    return _client_for(settings.ELASTICSEARCH_URL)


# -- permission ------------------------------------------------------------------------

# The most ids of objects only this viewer may see that one query carries, per
# type. Beyond it the rest is left out of hits and counts (never the reverse).
MAX_VIEWER_IDS = 2_000


def viewer_filter(user):
    """The same rule as the database backend, as an Elasticsearch filter; None
    for superusers (no filter). A document matches when an anonymous visitor
    may see it (``public``), when any signed-in account may and this viewer is
    signed in (``signed_in``), or when it is among what this viewer alone may
    see (memberships, groups, what they run), asked of each type's rule now."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return None
    should = [Q("term", public=True)]
    if getattr(user, "is_authenticated", False):
        should.append(Q("term", signed_in=True))
        ids = []
        for search_type in registry.search_types():
            pks = beyond_signed_in(search_type, user).values_list("pk", flat=True)
            pks = list(pks.order_by("pk")[: MAX_VIEWER_IDS + 1])
            if len(pks) > MAX_VIEWER_IDS:
                logger.warning(
                    "Search: %s sees more than %d %s beyond signed-in visibility; "
                    "the rest is left out",
                    user.pk,
                    MAX_VIEWER_IDS,
                    search_type.key,
                )
                pks = pks[:MAX_VIEWER_IDS]
            ids += [ContentDocument.doc_id(search_type.key, pk) for pk in pks]
        if ids:
            should.append(Q("ids", values=ids))
    return Q("bool", should=should, minimum_should_match=1)


def shadowed_ids(user) -> list[str]:
    """The documents of the other translations of what ``user`` sees
    (``SearchType.shadowed``), at most ``MAX_VIEWER_IDS`` per type."""
    ids = []
    for search_type in registry.search_types():
        pks = search_type.shadowed(user).order_by("pk").values_list("pk", flat=True)
        ids += [ContentDocument.doc_id(search_type.key, pk) for pk in pks[:MAX_VIEWER_IDS]]
    return ids


def with_permission(search: Search, permission) -> Search:
    return search if permission is None else search.filter(permission)


# -- query builders ----------------------------------------------------------------------


def text_query(query: str) -> Q:
    """How the words of a search are matched (by ``build_search`` and ``build_match``)."""
    return Q(
        "multi_match",
        query=query,
        fields=TEXT_FIELDS,
        type="best_fields",
        operator="or",
        minimum_should_match="2<75%",
    )


def build_search(search_request: SearchRequest, permission, index: str) -> Search:
    search = Search(index=index)
    if search_request.query:
        search = search.query(text_query(search_request.query))
    else:
        search = search.query(Q("match_all"))
    search = with_permission(search, permission)
    possible = [t.key for t in types_for(search_request, ignore_type_filter=True)]
    search = search.filter("terms", kind=possible)
    for key, values in search_request.filters.items():
        search = search.filter("terms", **{key: [str(v) for v in values]})
    # The type filter applies to the hits and the other facets, not to the type counts.
    type_filter = Q("terms", kind=search_request.types) if search_request.types else Q("match_all")
    if search_request.types:
        search = search.post_filter(type_filter)
    search.aggs.bucket("types", "terms", field="kind", size=10)
    facets = search.aggs.bucket("facets", "filter", filter=type_filter)
    for key in FACETS:
        facets.bucket(key, "terms", field=key, size=FACET_SIZE)
    search = search.highlight_options(
        encoder="html",
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        fragment_size=200,
        number_of_fragments=1,
    ).highlight("body")
    if search_request.sort == "date" or not search_request.query:
        search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
    search = search.source(["kind", "object_id"])
    start = search_request.offset
    return search[start : start + search_request.per_page]


def build_match(kind: str, query: str, index: str) -> Search:
    """The ids of the documents of one kind that a search of ``query`` finds, at most
    ``MAX_MATCH_IDS`` (an app's own text box; the app's queryset decides visibility)."""
    search = Search(index=index).query(text_query(query)).filter("terms", kind=[kind])
    return search.source(["object_id"])[:MAX_MATCH_IDS]


def build_suggest(query: str, permission, index: str, limit: int) -> Search:
    search = (
        Search(index=index)
        .query(Q("multi_match", query=query, type="bool_prefix", fields=SUGGEST_FIELDS))
        .source(["kind", "object_id", "title", "url"])[:limit]
    )
    return with_permission(search, permission)


def build_similar(practice_pk, permission, index: str, limit: int) -> Search:
    search = (
        Search(index=index)
        .query(
            Q(
                "more_like_this",
                fields=["title", "body", "theme", "target_group", "gcm"],
                like=[{"_index": index, "_id": ContentDocument.doc_id("practice", practice_pk)}],
                min_term_freq=1,
                min_doc_freq=1,
                max_query_terms=25,
            )
        )
        .filter("term", kind="practice")
        .source(["kind", "object_id"])[:limit]
    )
    return with_permission(search, permission)


# -- the backend ---------------------------------------------------------------------------


def _pk(value):
    return int(value) if str(value).isdigit() else value


def _still_visible(keys, user) -> set:
    by_type: dict[str, list] = {}
    for kind, pk in keys:
        by_type.setdefault(kind, []).append(pk)
    allowed = set()
    for kind, pks in by_type.items():
        search_type = registry.get_type(kind)
        if search_type is None:
            continue
        for pk in search_type.listed(user).filter(pk__in=pks).values_list("pk", flat=True):
            allowed.add((kind, pk))
    return allowed


class ElasticsearchBackend:
    name = "elasticsearch"

    def _execute(self, search: Search):
        try:
            return search.using(get_client()).execute()
        except (TransportError, ApiError) as error:
            raise BackendUnavailable(str(error)[:200]) from error

    def search(self, search_request: SearchRequest, user, http_request=None) -> SearchResponse:
        search = build_search(search_request, viewer_filter(user), index_name())
        shadowed = shadowed_ids(user)
        if shadowed:  # one page per translation group, as the database backend
            search = search.exclude("ids", values=shadowed)
        result = self._execute(search)
        keys, snippets = [], {}
        for hit in result.hits:
            key = (hit.kind, _pk(hit.object_id))
            keys.append(key)
            highlight = getattr(hit.meta, "highlight", None)
            if highlight is not None and "body" in highlight:
                from django.utils.safestring import mark_safe

                snippets[key] = mark_safe(highlight["body"][0])  # encoder=html escapes
        hits = load_hits(keys, user, search_request.query, http_request, snippets)
        type_counts = {b.key: b.doc_count for b in result.aggregations.types.buckets}
        counts = {}
        for key, facet in FACETS.items():
            values = {}
            for bucket in getattr(result.aggregations.facets, key).buckets:
                try:
                    values[facet.cast(str(bucket.key))] = bucket.doc_count
                except ValueError:
                    continue
            counts[key] = values
        wanted = search_request.types or [t.key for t in registry.search_types()]
        return SearchResponse(
            request=search_request,
            hits=hits,
            total=sum(type_counts.get(k, 0) for k in wanted),
            type_counts=type_counts,
            facets=facet_results(counts, search_request),
            backend=self.name,
        )

    def match(self, search_type, queryset, query: str):
        """``queryset`` narrowed to what a search of ``query`` in this type finds."""
        result = self._execute(build_match(search_type.key, query, index_name()))
        return queryset.filter(pk__in=[_pk(hit.object_id) for hit in result.hits])

    def suggest(self, query: str, user, limit: int = 8, http_request=None) -> list[dict]:
        query = clean_query(query)
        if len(query) < 2:
            return []
        result = self._execute(build_suggest(query, viewer_filter(user), index_name(), limit))
        # Checked against the database rule too: a stale index never leaks a title.
        allowed = _still_visible([(h.kind, _pk(h.object_id)) for h in result.hits], user)
        suggestions = []
        for hit in result.hits:
            if (hit.kind, _pk(hit.object_id)) not in allowed:
                continue
            label = str(registry.get_type(hit.kind).label)
            url = hit.url if http_request is None else registry.reader_url(hit.url)
            suggestions.append({"title": hit.title, "url": url, "type": label})
        return suggestions

    def similar_practices(self, practice, user, limit: int = 4, http_request=None):
        search = build_similar(practice.pk, viewer_filter(user), index_name(), limit)
        result = self._execute(search)
        keys = [(hit.kind, _pk(hit.object_id)) for hit in result.hits]
        keys = [k for k in keys if k != ("practice", practice.pk)]
        return load_hits(keys, user, "", http_request)
