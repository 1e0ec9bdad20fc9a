"""Placeholder search until the search issue lands: live public pages only."""

from django.http import JsonResponse
from django.shortcuts import render
from wagtail.models import Page


def clean_query(raw: str) -> str:
    # Wagtail's SQLite backend raises on a bare double quote.
    return " ".join(raw.replace('"', " ").split())[:500]


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.live().public().specific().search(query)[:20] if query else []
    return render(request, "search/search.html", {"search_query": query, "results": results})


def suggest(request):
    return JsonResponse({"suggestions": []})
