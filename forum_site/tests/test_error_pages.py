"""Error pages are in the site's frame (header, navigation, language) and say
what to do next; the 500 page renders with no context at all."""

import pytest
from django.conf import settings as django_settings
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


def _post_form(request):
    from django.http import HttpResponse

    return HttpResponse("saved")


def _query(request):
    from django.contrib.auth import get_user_model

    get_user_model().objects.count()
    return None


urlpatterns += [path("form/", _post_form), path("query/", _query)]


def test_csrf_failure_is_in_the_site_frame_and_says_what_to_do(settings):
    settings.ROOT_URLCONF = "forum_site.tests.test_error_pages"
    client = Client(enforce_csrf_checks=True)
    response = client.post("/form/", {"a": "b"}, HTTP_REFERER="http://testserver/form/")
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="site-header"' in html and "The form could not be sent" in html
    assert "nothing was saved" in html
    # No cookie was sent: the page says that, and links back to the form.
    assert "did not send the site's security cookie" in html
    assert 'href="http://testserver/form/"' in html


def test_csrf_failure_does_not_link_back_to_another_site(settings):
    settings.ROOT_URLCONF = "forum_site.tests.test_error_pages"
    client = Client(enforce_csrf_checks=True)
    response = client.post("/form/", {}, HTTP_REFERER="https://evil.example/")
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()


def test_csrf_failure_under_a_language_prefix_carries_the_language():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/fr/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.parametrize("code", [code for code, _name in django_settings.LANGUAGES])
def test_404_in_every_language(code):
    prefix = "" if code == "en" else f"/{code}"
    response = Client().get(f"{prefix}/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{code}"' in html
    assert ('dir="rtl"' in html) == (code == "ar")


def test_500_page_works_with_the_database_unreachable(settings, monkeypatch):
    """Every connection attempt fails (the database server is down): the
    request ends in the 500 page, not a traceback or an empty answer."""
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    settings.ROOT_URLCONF = "forum_site.tests.test_error_pages"

    def refuse(self):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = Client(raise_request_exception=False).get("/query/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html and "Connection refused" not in html
