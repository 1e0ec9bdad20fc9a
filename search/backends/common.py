"""What both backends share: filtering by facets, loading hits, labelling facets."""

from __future__ import annotations

from collections import defaultdict

from search import registry
from search.facets import FACETS
from search.highlight import highlight
from search.query import SearchRequest
from search.results import FacetResult, FacetValue, Hit


def types_for(search_request: SearchRequest, *, ignore_type_filter: bool = False):
    """The content types that can match: selected, and having every filtered facet."""
    selected = set(search_request.types)
    return [
        t
        for t in registry.search_types()
        if (ignore_type_filter or not selected or t.key in selected)
        and all(key in t.facets for key in search_request.filters)
    ]


def apply_filters(search_type, queryset, filters: dict[str, list]):
    """Values of one facet are OR'ed, facets are AND'ed; subqueries avoid duplicates."""
    model = search_type.model
    for key, values in filters.items():
        matching = (
            model._default_manager.annotate(_facet=search_type.facet_expression(key))
            .filter(_facet__in=values)
            .values("pk")
        )
        queryset = queryset.filter(pk__in=matching)
    return queryset


def load_hits(
    keys: list[tuple[str, int]], user, query: str, http_request=None, snippets=None, visible=None
):
    """Hits for ``(type key, pk)`` pairs, in order, one query per type.

    Objects are loaded through the type's visibility rule again, so a stale
    index (Elasticsearch) can never show something the user may not see;
    ``visible`` (type key -> queryset) passes querysets the caller already
    built with that rule for this user.
    """
    snippets = snippets or {}
    by_type = defaultdict(list)
    for type_key, pk in keys:
        by_type[type_key].append(pk)
    objects = {}
    for type_key, pks in by_type.items():
        search_type = registry.get_type(type_key)
        if search_type is None:
            continue
        allowed = (visible or {}).get(type_key)
        if allowed is None:
            allowed = search_type.listed(user)
        queryset = search_type.for_listing(allowed.filter(pk__in=pks))
        for obj in queryset:
            objects[(type_key, obj.pk)] = (search_type, obj)
    hits = []
    for key in keys:
        if key not in objects:
            continue
        search_type, obj = objects[key]
        snippet = snippets.get(key) or highlight(search_type.snippet_text(obj) or "", query)
        hits.append(
            Hit(
                type=search_type,
                obj=obj,
                title=search_type.title(obj),
                url=search_type.url(obj, http_request),
                snippet=snippet,
                facts=search_type.key_facts(obj),
            )
        )
    return hits


def facet_results(counts: dict[str, dict], search_request: SearchRequest) -> list[FacetResult]:
    """Facet counts (key -> {value: count}) as labelled, ordered FacetResults.

    Selected values are always listed (with 0 when nothing matches), so the
    user can always unselect them.
    """
    results = []
    for key, facet in FACETS.items():
        values = dict(counts.get(key, {}))
        values.pop(None, None)
        values.pop("", None)
        for selected in search_request.filters.get(key, []):
            values.setdefault(selected, 0)
        if not values:
            continue
        labels = facet.labels(values.keys())
        items = [
            FacetValue(
                value=value,
                label=labels.get(value, str(value)),
                count=count,
                selected=value in search_request.filters.get(key, []),
            )
            for value, count in values.items()
        ]
        if facet.sort_by_value_desc:
            items.sort(key=lambda v: v.value, reverse=True)
        else:
            items.sort(key=lambda v: (-v.count, v.label))
        results.append(FacetResult(key=key, label=str(facet.label), values=items))
    return results
