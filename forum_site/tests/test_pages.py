import re

import pytest
from django.conf import settings
from django.urls import reverse

from forum_site.organisations.models import Membership


@pytest.mark.django_db
class TestPublicPages:
    @pytest.mark.parametrize(
        "url",
        [
            "/",
            "/fr/",
            "/es/",
            "/accounts/login/",
            "/organisations/",
            "/search/?q=cities",
            "/accounts/password_reset/",
            "/admin/login/",
            "/healthz",
        ],
    )
    def test_anonymous_can_read(self, client, url):
        assert client.get(url).status_code == 200

    def test_home_has_the_three_sections_and_landmarks(self, client):
        html = client.get("/").content.decode()
        for heading in ("Latest practices", "Open consultations", "Upcoming events"):
            assert heading in html
        assert 'href="#main"' in html and '<main id="main"' in html
        assert 'role="search"' in html and 'name="language"' in html

    def test_titles_name_the_site_once(self, client, city):
        """The home page is titled with the site's name: it is not said twice."""

        def title(url):
            html = client.get(url).content.decode()
            return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()

        site = settings.WAGTAIL_SITE_NAME
        assert title("/") == site
        assert title(reverse("organisations:detail", args=[city.slug])).count(site) == 1
        assert title(reverse("organisations:detail", args=[city.slug])).startswith(city.name)

    def test_arabic_is_right_to_left(self, client):
        html = client.get("/ar/").content.decode()
        assert 'lang="ar" dir="rtl"' in html

    def test_french_interface(self, client):
        html = client.get("/fr/").content.decode()
        assert 'lang="fr" dir="ltr"' in html

    def test_organisation_profile(self, client, city):
        response = client.get(city.get_absolute_url())
        assert response.status_code == 200
        assert "City of Testville" in response.content.decode()
        assert "Manage members" not in response.content.decode()

    def test_unknown_organisation_is_404(self, client):
        assert client.get("/organisations/nowhere/").status_code == 404

    def test_private_pages_need_login(self, client):
        for name in ("profile", "notifications:list", "password_change"):
            response = client.get(reverse(name))
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
class TestSignedIn:
    def test_login_then_profile_lists_memberships(self, client, city, ngo, make_user):
        user = make_user("officer", org=city, role="editor", password="a-Long-pass-123")
        Membership.objects.create(user=user, organisation=ngo, role="admin")
        response = client.post(
            reverse("login"), {"username": "officer", "password": "a-Long-pass-123"}
        )
        assert response.status_code == 302 and response["Location"] == reverse("profile")
        html = client.get(reverse("profile")).content.decode()
        assert "City of Testville" in html and "Editor" in html
        assert "Manage members of <bdi>Testville Migrant Help</bdi>" in html

    def test_wrong_password_is_explained(self, client, make_user):
        make_user("officer", password="a-Long-pass-123")
        response = client.post(reverse("login"), {"username": "officer", "password": "nope"})
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()

    def test_logout_is_a_post(self, client, make_user):
        client.force_login(make_user("leaving"))
        assert client.post(reverse("logout")).status_code == 302
        assert client.get(reverse("profile")).status_code == 302

    def test_pages_render_for_a_member(self, client, city, make_user):
        client.force_login(make_user("reader", org=city))
        for url in ("/", "/organisations/", city.get_absolute_url(), reverse("notifications:list")):
            assert client.get(url).status_code == 200, url

    def test_wagtail_admin_accepts_superuser(self, client, make_user):
        client.force_login(make_user("root", is_superuser=True, is_staff=True))
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/snippets/organisations/organisation/").status_code == 200
        assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_api_lists_live_public_pages(client):
    data = client.get("/api/v2/pages/").json()
    assert data["meta"]["total_count"] >= 1
    assert any(item["meta"]["type"] == "forum_site.HomePage" for item in data["items"])
