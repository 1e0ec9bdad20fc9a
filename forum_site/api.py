"""Wagtail API v2 at /api/v2/. Apps register their own endpoints here through
the ``register_api_endpoints`` hook (fn(router)), so that endpoints serving
restricted content can apply the project's visibility rules."""

from wagtail import hooks
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)


def register_app_endpoints():
    for fn in hooks.get_hooks("register_api_endpoints"):
        fn(api_router)
