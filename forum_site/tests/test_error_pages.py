"""Error pages are in the site's frame (header, navigation, language) and say
what to do next; the 500 page renders with no context at all."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

pytestmark = pytest.mark.django_db


def _forbidden(request):
    raise PermissionDenied("The delegation workspace is for its members only.")


def _broken(request):
    raise RuntimeError("boom")


def _site_urls():
    from forum_site.urls import urlpatterns as site

    return site


# The site's URLs (the frame links to them), with two views that fail first.
urlpatterns = [path("forbidden/", _forbidden), path("broken/", _broken), *_site_urls()]


def test_404_is_in_the_site_frame():
    response = Client().get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in html and "Page not found" in html
    assert "log in" in html  # a link that may be for members


def test_404_in_french_carries_the_language():
    html = Client().get("/fr/no/such/page/").content.decode()
    assert '<html lang="fr"' in html


def test_403_shows_the_reason(settings):
    settings.ROOT_URLCONF = "forum_site.tests.test_error_pages"
    response = Client().get("/forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Access refused" in html and "for its members only" in html


def test_500_renders_without_context(settings):
    settings.ROOT_URLCONF = "forum_site.tests.test_error_pages"
    response = Client(raise_request_exception=False).get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html and "boom" not in html
