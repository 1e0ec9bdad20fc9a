"""Wagtail API v2 at /api/v2/.

The ``pages`` endpoint serves live, public pages, minus whatever the
``filter_api_pages`` hooks remove: ``fn(request, queryset) -> queryset``.
Apps with restricted content (invited-only consultations, say) register such
a filter that calls their visibility rule, so the API never leaks what the
pages would not show. Apps may add endpoints with ``register_api_endpoints``
(``fn(router)``).
"""

from wagtail import hooks
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class VisiblePagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        for fn in hooks.get_hooks("filter_api_pages"):
            queryset = fn(self.request, queryset)
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", VisiblePagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)


def register_app_endpoints():
    for fn in hooks.get_hooks("register_api_endpoints"):
        fn(api_router)
