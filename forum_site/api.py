"""Wagtail API v2 at /api/v2/.

The ``pages`` endpoint serves the live pages the requester may see, by the
rule every other surface asks (``forum_site.restrictions.visible_pages``: each
app's ``filter_visible_pages`` rule for its own pages, Wagtail view
restrictions for the rest), minus whatever the ``filter_api_pages`` hooks
remove: ``fn(request, queryset) -> queryset``. So the API never shows what the
site's lists would not, and shows an event's organisers their restricted
event as the lists do. Apps may add endpoints with ``register_api_endpoints``
(``fn(router)``).

Every endpoint's ``?search=`` goes through the same cleaning as the site's
search page (``forum_site.hygiene.search_words``): quotes, NUL or operators
cannot reach the search backend, blank text finds nothing, and an unknown
``search_operator`` or an ``offset`` beyond a 64-bit integer is a 400 with a
message.

Filters take the values the API outputs (``forum_site.api_filters``): a field
serialised as a slug, number or code (``?themes=housing``, ``?sdgs=5``) is
filtered by that value, a page model adds filters of its own in
``api_filters``, and an unknown value of a closed vocabulary, or a value that
cannot be a database value, is a 400 that says what is accepted.

Absolute URLs (``meta.html_url``, ``detail_url``, downloads) start with the
``SITE_URL`` setting, never with the request's host or the Wagtail ``Site``'s
hostname. ``/api/v2/schema/`` describes every endpoint, field and filter as
OpenAPI 3, generated from these classes (``forum_site.api_schema``).

The ``documents`` and ``images`` endpoints list only files an anonymous visitor
may download: nothing from a collection with a view restriction, and nothing a
``filter_public_files`` hook (``fn(model, queryset) -> queryset``) removes.
"""

from types import SimpleNamespace

from django.conf import settings
from django.db.models import Q
from django.http import JsonResponse
from django.urls import NoReverseMatch
from wagtail import hooks
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction, Page

from forum_site.api_filters import (
    apply_declared_filters,
    check_field_value,
    declared_filters,
    is_plain_field,
)
from forum_site.hygiene import MAX_DB_INT, search_words
from forum_site.restrictions import visible_pages

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


class OutputValueFieldsFilter(FieldsFilter):
    """Wagtail's field filters, taking the values the API outputs.

    The declared filters of the model (``forum_site.api_filters``) are applied
    first and taken out of the query string; what is left goes to Wagtail,
    once each value is known to be one the database accepts (a 400 otherwise).
    """

    def filter_queryset(self, request, queryset, view):
        declared = declared_filters(queryset.model)
        params = request.GET.copy()
        for name in declared:
            params.pop(name, None)
        queryset = apply_declared_filters(queryset, declared, request.GET)
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in params.items():
            if name in fields and name != "locale":
                check_field_value(queryset.model, name, value)
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)


class PlainFieldsOrderingFilter(OrderingFilter):
    """Ordering only by fields shown as the database holds them (a computed
    field such as a practice's ``adoptions`` would order by a relation)."""

    def filter_queryset(self, request, queryset, view):
        for name in request.GET.get("order", "").split(","):
            name = name.strip().lstrip("-")
            if name and name != "random" and not is_plain_field(queryset.model, name):
                raise BadRequestError(f"cannot order by '{name}'")
        return super().filter_queryset(request, queryset, view)


_REPLACED_FILTERS = {
    SearchFilter: CleanSearchFilter,
    FieldsFilter: OutputValueFieldsFilter,
    OrderingFilter: PlainFieldsOrderingFilter,
}


def _with_clean_search(viewset):
    return [_REPLACED_FILTERS.get(f, f) for f in viewset.filter_backends]


def site_url(path: str) -> str:
    """``path`` (starting with /) under the ``SITE_URL`` setting."""
    return settings.SITE_URL.rstrip("/") + path


def page_site_url(page) -> str | None:
    """The page's public address under ``SITE_URL`` (None when it has none)."""
    try:
        parts = page.get_url_parts()
    except NoReverseMatch:
        return None
    return site_url(parts[2]) if parts else None


class SiteUrlHtmlUrlField(PageHtmlUrlField):
    def to_representation(self, page):
        return page_site_url(page)


def _nested_page(value, context):
    serializer_class = get_serializer_class(
        value.__class__,
        ["id", "type", "detail_url", "html_url", "title"],
        meta_fields=["type", "detail_url", "html_url"],
        base=SiteUrlPageSerializer,
    )
    return serializer_class(context=context).to_representation(value)


class SiteUrlParentField(PageParentField):
    def to_representation(self, value):
        return _nested_page(value, self.context)


class SiteUrlAliasOfField(PageAliasOfField):
    def to_representation(self, value):
        return _nested_page(value, self.context)


class SiteUrlPageSerializer(PageSerializer):
    """Pages with their ``html_url`` (and their parent's) under ``SITE_URL``."""

    html_url = SiteUrlHtmlUrlField(read_only=True)
    parent = SiteUrlParentField(read_only=True)
    alias_of = SiteUrlAliasOfField(read_only=True)


class BoundedPagingMixin:
    """An ``offset`` beyond a 64-bit integer is a 400, not a database error
    (Wagtail caps ``limit`` itself); the model's declared filters are known
    query parameters."""

    def check_query_parameters(self, queryset):
        declared = declared_filters(queryset.model)
        if declared:
            allowed = set(self.get_available_fields(queryset.model, db_fields_only=True))
            allowed |= self.known_query_parameters | set(declared)
            unknown = set(self.request.GET) - allowed
            if unknown:
                raise BadRequestError(
                    "query parameter is not an operation or a recognised field: "
                    + ", ".join(sorted(unknown))
                )
        else:
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


def site_live_pages(request):
    """Live pages of the site ``?site=`` names (or the request's), with its
    translations' trees: Wagtail's ``get_public_pages_queryset`` without its
    view-restriction check (``VisiblePagesAPIViewSet`` applies the site's rule)."""
    queryset = Page.objects.all().live()
    try:
        site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    except ValueError as e:
        raise BadRequestError(str(e)) from e
    if not site:
        return queryset.none()
    in_site = queryset.descendant_of(site.root_page, inclusive=True)
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        for translation in site.root_page.get_translations():
            in_site |= queryset.descendant_of(translation, inclusive=True)
    return in_site


class VisiblePagesAPIViewSet(BoundedPagingMixin, PagesAPIViewSet):
    base_serializer_class = SiteUrlPageSerializer
    filter_backends = _with_clean_search(PagesAPIViewSet)

    def get_base_queryset(self):
        """The requested site's live pages the requester may see: the same rule as
        every other surface (``forum_site.restrictions.visible_pages``: each app's
        rule for its own pages, view restrictions for the rest), then the
        ``filter_api_pages`` hooks. Wagtail's own restriction check is not used:
        it would drop restricted pages before the apps' rules could admit those
        they exempt (an event's organising editors, superusers)."""
        queryset = visible_pages(self.request.user, site_live_pages(self.request))
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
        queryset = super().get_queryset().exclude(collection__in=private_collection_ids())
        # Apps hide files their content keeps private (``fn(model, queryset)``):
        # documents only an invited-only consultation uses, say.
        for fn in hooks.get_hooks("filter_public_files"):
            queryset = fn(queryset.model, queryset)
        return queryset


class CleanImagesAPIViewSet(BoundedPagingMixin, PublicFilesMixin, ImagesAPIViewSet):
    filter_backends = _with_clean_search(ImagesAPIViewSet)


class CleanDocumentsAPIViewSet(BoundedPagingMixin, PublicFilesMixin, DocumentsAPIViewSet):
    filter_backends = _with_clean_search(DocumentsAPIViewSet)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", VisiblePagesAPIViewSet)
api_router.register_endpoint("images", CleanImagesAPIViewSet)
api_router.register_endpoint("documents", CleanDocumentsAPIViewSet)


def schema(request):
    """GET /api/v2/schema/: the OpenAPI 3 description of every endpoint."""
    from forum_site.api_schema import build_schema

    return JsonResponse(build_schema(api_router), json_dumps_params={"ensure_ascii": False})


def register_app_endpoints():
    for fn in hooks.get_hooks("register_api_endpoints"):
        fn(api_router)
