from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from forum_site import views
from forum_site.api import api_router, register_app_endpoints
from forum_site.api import schema as api_schema
from forum_site.discussions import urls as discussion_urls
from forum_site.page_routes import FILE_ROUTE_PATTERN, serve_page
from forum_site.private_media import serve_private_image

register_app_endpoints()

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/schema/", api_schema, name="api_schema"),
    path("api/v2/", api_router.urls),
    # The language switcher posts here (it also records a signed-in user's choice).
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", views.health, name="health"),
    # Files of images in restricted collections (forum_site/private_media.py).
    path("private-media/<path:name>", serve_private_image, name="private_media"),
]

# Public pages: English at the root, other languages under /fr/, /es/, /ar/,
# /ru/, /zh-hans/. Account pages too, so signing in from /ar/ stays in Arabic.
# Each feature app's own URLs sit under its prefix; whatever they do not
# match falls through to Wagtail's pages (the index pages live there).
urlpatterns += i18n_patterns(
    path("accounts/profile/", views.profile, name="profile"),
    path(
        "accounts/password_reset/",
        views.ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/login/", views.LanguageKeepingLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The JavaScript strings of the active language (docs/i18n.md).
    path("jsi18n/", views.javascript_catalog, name="javascript-catalog"),
    # The design system (DEBUG or staff only; forum_site/static/forum_site/css).
    path("styleguide/", views.styleguide, name="styleguide"),
    path("organisations/", include("forum_site.organisations.urls")),
    path("notifications/", include("forum_site.notifications.urls")),
    path("discussions/", include("forum_site.discussions.urls")),
    # Thread URLs moved from /consultations/threads/ to /discussions/threads/.
    path("consultations/", include(discussion_urls.moved_urlpatterns)),
    path("practices/", include("practices.urls")),
    path("consultations/", include("consultations.urls")),
    path("events/", include("events.urls")),
    path("search/", include("search.urls")),
    # A page's route ending in a file name (/events/<slug>/event.ics): Wagtail's
    # page server, which its own pattern (no dots) does not reach.
    re_path(FILE_ROUTE_PATTERN, serve_page, name="wagtail_serve_file"),
    # Wagtail's own pattern, served with the default language's tree as fallback.
    re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = (
        staticfiles_urlpatterns()
        + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
        + urlpatterns
    )
