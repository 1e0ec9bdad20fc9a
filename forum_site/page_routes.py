"""Routes of Wagtail pages (``wagtail.contrib.routable_page``) whose views live in
a feature app's ``views`` package, and routes that end in a file name.

A page's actions (``/events/<slug>/register/``, ``…/participants.csv``) are
routes of the page, so they are served by Wagtail's ``serve`` view: the page is
found in the request's locale through the page tree, the ``before_serve_page``
and ``on_serve_page`` hooks run (view restrictions: login, groups, password)
and only then does the route's view see the request.

Page models cannot import their app's views (the views import the models), so
a route hands the request over by name: ``page_action(hook_name, name, request,
page)`` calls the view that the app's ``wagtail_hooks.py`` registered under the
Wagtail hook ``hook_name`` (a function returning ``{name: view}``), as
``view(request, page, *args, **kwargs)``.

Wagtail's page URL pattern has no dots, and ``RoutablePageMixin.route`` adds a
slash to the path it resolves. ``FILE_ROUTE_PATTERN`` (in ``forum_site.urls``)
hands paths that end in one of ``FILE_SUFFIXES`` to Wagtail's ``serve`` as well,
and ``FileRoutesMixin`` declares such a route as ``"participants.csv/"`` while
its URL is ``…/participants.csv``.
"""

from __future__ import annotations

import contextlib
import re

from django.http import Http404
from wagtail import hooks

FILE_SUFFIXES = ("ics", "csv")
_SUFFIX = "(?:" + "|".join(FILE_SUFFIXES) + ")"
FILE_ROUTE_PATTERN = r"^((?:[\w\-]+/)+[\w\-]+\." + _SUFFIX + ")$"
_FILE_ROUTE = re.compile(r"\." + _SUFFIX + "/$")


def page_action(hook_name: str, name: str, request, page, *args, **kwargs):
    """The response of the view registered as ``name`` under ``hook_name``, or a 404."""
    for actions in hooks.get_hooks(hook_name):
        view = actions().get(name)
        if view is not None:
            return view(request, page, *args, **kwargs)
    raise Http404


class FileRoutesMixin:
    """Put before ``RoutablePageMixin``: a route declared as ``"name.ics/"`` is
    reversed without its trailing slash (``{% routablepageurl %}`` too)."""

    def reverse_subpage(self, name, args=None, kwargs=None):
        path = super().reverse_subpage(name, args=args, kwargs=kwargs)
        return path[:-1] if _FILE_ROUTE.search(path) else path


def serve_page(request, path):
    """Wagtail's page server (``wagtail.views.serve``), with one fallback: a path
    that the tree of the request's language does not have is looked up in the
    default language's tree.

    A language gets its own page tree with its first translated page (the
    Arabic home, events index and the translated event); the pages nobody has
    translated yet exist only in the English tree. Without the fallback,
    /ar/consultations/ (the Arabic menu's link) and every untranslated page
    under /ar/ answer 404 as soon as one Arabic translation exists; with it,
    they are served in the Arabic interface with their English content (marked
    ``lang="en"`` by ``{% content_lang %}``), as before any translation. A page
    that the English tree does not have either is still a 404. The hooks
    (view restrictions) run as for any page: only the route changes."""
    from wagtail.models import Page, Site
    from wagtail.views import serve

    if Page.route_for_request(request, path) is None:
        site = Site.find_for_request(request)
        if site is not None and site.root_page.localized.pk != site.root_page.pk:
            components = [component for component in path.split("/") if component]
            with contextlib.suppress(Http404):  # not in the default tree either: 404
                request._wagtail_route_for_request = site.root_page.specific.route(
                    request, components
                )
    return serve(request, path)
