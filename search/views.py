"""The search page and the suggestion endpoint. Both only talk to ``service``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import registry, service
from search.query import MAX_PAGE, SORTS, parse_request


class _Counted:
    """A stand-in sequence so Django's Paginator can number pages without the objects."""

    def __init__(self, count: int):
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, item):
        return []


@require_GET
def search(request):
    types = registry.search_types()
    search_request = parse_request(request.GET, [t.key for t in types])
    response = None
    page_obj = None
    if not search_request.is_empty:
        response = service.search(search_request, request.user, request)
        total = min(response.total, MAX_PAGE * search_request.per_page)
        paginator = Paginator(_Counted(total), search_request.per_page)
        page_obj = paginator.get_page(search_request.page)
    type_facet = [
        {
            "key": t.key,
            "label": t.label_plural,
            "count": response.type_counts.get(t.key, 0) if response else None,
            "selected": t.key in search_request.types,
        }
        for t in types
    ]
    context = {
        "search_query": search_request.query,
        "raw_query": request.GET.get("q", "")[:500],
        "search_request": search_request,
        "response": response,
        "page_obj": page_obj,
        "type_facet": type_facet,
        "sorts": SORTS,
    }
    return render(request, "search/search.html", context)


@require_GET
def suggest(request):
    suggestions = service.suggest(request.GET.get("q", ""), request.user, 8, request)
    response = JsonResponse({"suggestions": suggestions})
    response["Cache-Control"] = "private, max-age=60"
    return response
