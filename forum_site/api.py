"""Wagtail API v2 at /api/v2/.

The ``pages`` endpoint serves live, public pages, minus whatever the
``filter_api_pages`` hooks remove: ``fn(request, queryset) -> queryset``.
Apps with restricted content (invited-only consultations, say) register such
a filter that calls their visibility rule, so the API never leaks what the
pages would not show. Apps may add endpoints with ``register_api_endpoints``
(``fn(router)``).

Every endpoint's ``?search=`` goes through the same cleaning as the site's
search page (``forum_site.hygiene.search_words``): quotes, NUL or operators
cannot reach the search backend, blank text finds nothing, and an unknown
``search_operator`` or an ``offset`` beyond a 64-bit integer is a 400 with a
message.

The ``documents`` and ``images`` endpoints list only files an anonymous visitor
may download: nothing from a collection with a view restriction.
"""

from types import SimpleNamespace

from django.db.models import Q
from wagtail import hooks
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction

from forum_site.hygiene import MAX_DB_INT, search_words

SEARCH_OPERATORS = ("and", "or")


class CleanSearchFilter(SearchFilter):
    """Wagtail's search filter, fed only cleaned words and known operators."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        words = search_words(request.GET.get("search"))
        if not words:
            return queryset.none()
        params = request.GET.copy()
        params["search"] = words
        # Wagtail's filter reads only ``request.GET``.
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)


def _with_clean_search(viewset):
    return [CleanSearchFilter if f is SearchFilter else f for f in viewset.filter_backends]


class BoundedPagingMixin:
    """An ``offset`` beyond a 64-bit integer is a 400, not a database error
    (Wagtail caps ``limit`` itself)."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        try:
            offset = int(self.request.GET.get("offset", 0))
        except ValueError:
            return  # Wagtail answers what is not a number with its own 400.
        if offset > MAX_DB_INT:
            raise BadRequestError("offset is too large")

    def find_object(self, queryset, request):
        """``find/?id=`` with an id that is not a whole number in the database's range
        is not found (Wagtail passed it to the query: a 500 on ``?id=`` or ``?id=x``)."""
        if "id" in request.GET:
            raw = request.GET["id"]
            if not raw.isdigit() or int(raw) > MAX_DB_INT:
                return None
        return super().find_object(queryset, request)


class VisiblePagesAPIViewSet(BoundedPagingMixin, PagesAPIViewSet):
    filter_backends = _with_clean_search(PagesAPIViewSet)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        for fn in hooks.get_hooks("filter_api_pages"):
            queryset = fn(self.request, queryset)
        return queryset


def private_collection_ids() -> set[int]:
    """Collections under any view restriction (and their descendants): what an
    anonymous visitor may not download, whoever asks."""
    paths = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    ).values_list("path", flat=True)
    match = Q()
    for path in paths:
        match |= Q(path__startswith=path)
    if not match:
        return set()
    return set(Collection.objects.filter(match).values_list("pk", flat=True))


class PublicFilesMixin:
    """The documents and images endpoints list only files in collections without
    a view restriction, for every requester: unpublished practice attachments
    (``practices.attachments``) never appear, not even to a moderator's session."""

    def get_queryset(self):
        return super().get_queryset().exclude(collection__in=private_collection_ids())


class CleanImagesAPIViewSet(BoundedPagingMixin, PublicFilesMixin, ImagesAPIViewSet):
    filter_backends = _with_clean_search(ImagesAPIViewSet)


class CleanDocumentsAPIViewSet(BoundedPagingMixin, PublicFilesMixin, DocumentsAPIViewSet):
    filter_backends = _with_clean_search(DocumentsAPIViewSet)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", VisiblePagesAPIViewSet)
api_router.register_endpoint("images", CleanImagesAPIViewSet)
api_router.register_endpoint("documents", CleanDocumentsAPIViewSet)


def register_app_endpoints():
    for fn in hooks.get_hooks("register_api_endpoints"):
        fn(api_router)
