"""``forum_site.page_routes``: a page route hands the request to the view an app
registered under a Wagtail hook; routes ending in a file name lose their slash."""

import re

import pytest
from django.http import Http404, HttpResponse
from wagtail import hooks

from forum_site.page_routes import FILE_ROUTE_PATTERN, FileRoutesMixin, page_action


def test_a_route_calls_the_registered_view_with_the_page(rf):
    request, page = rf.get("/x/"), object()
    seen = []

    def view(request, page, *args):
        seen.append((request, page, args))
        return HttpResponse("ok")

    with hooks.register_temporarily("test_page_actions", lambda: {"go": view}):
        response = page_action("test_page_actions", "go", request, page, 7)
        assert response.content == b"ok" and seen == [(request, page, (7,))]
        with pytest.raises(Http404):
            page_action("test_page_actions", "missing", request, page)


def test_a_route_nobody_registered_is_a_404(rf):
    with pytest.raises(Http404):
        page_action("no_app_registers_this_hook", "go", rf.get("/"), object())


def test_file_routes_are_reversed_without_their_slash():
    class Base:
        def reverse_subpage(self, name, args=None, kwargs=None):
            return name

    class Routed(FileRoutesMixin, Base):
        pass

    assert Routed().reverse_subpage("participants.csv/") == "participants.csv"
    assert Routed().reverse_subpage("event.ics/") == "event.ics"
    assert Routed().reverse_subpage("register/") == "register/"
    assert Routed().reverse_subpage("notes.txt/") == "notes.txt/"


@pytest.mark.parametrize(
    ("path", "served"),
    [
        ("events/forum/participants.csv", True),
        ("fr-x/events/forum/event.ics", True),
        ("calendar.ics", False),  # a page route: below a page
        ("events/forum/notes.txt", False),
        ("events/forum/event.ics/", False),
        ("events/../event.ics", False),
    ],
)
def test_the_file_route_pattern(path, served):
    assert bool(re.match(FILE_ROUTE_PATTERN, path)) is served
