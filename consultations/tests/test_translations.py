"""A consultation translated with wagtail-localize (docs/i18n.md, "Translating
content"): served under the language's prefix to those the rule admits, its
front-end actions on the translation act on the consultation (the group's
source), listed once in the reader's language."""

import pytest
from django.urls import reverse

from consultations.models import ConsultationResponse
from consultations.tests.views.test_responding import post_data
from forum_site.translations import translate_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(make_consultation, ministry, city):
    return make_consultation(ministry, audience="invited", invited=[city])


@pytest.fixture
def traduction(page):
    return translate_page(page, "fr", {page.title: "Consultation traduite"})


def test_the_translation_keeps_the_rule_and_the_facts(client, page, traduction, people, city):
    assert traduction.url == f"/fr/consultations/{page.slug}/"
    assert list(traduction.invited_organisations.all()) == [city]
    assert (
        traduction.closes_at == page.closes_at
        or abs((traduction.closes_at - page.closes_at).total_seconds()) < 0.001
    )
    assert client.get(traduction.url).status_code in (302, 404)  # invited only
    client.force_login(people["ngo_editor"])
    assert client.get(traduction.url).status_code == 404
    client.force_login(people["city_member"])
    html = client.get(traduction.url).content.decode()
    assert "Consultation traduite" in html
    assert f'href="/consultations/{page.slug}/" lang="en" hreflang="en"' in html


def test_responding_on_the_translation_answers_the_consultation(
    client, page, traduction, people, city
):
    client.force_login(people["city_editor"])
    url = reverse("consultations:respond", args=[traduction.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, post_data(page, city, action="submit"))
    assert response.status_code == 302
    assert ConsultationResponse.objects.get().consultation_id == page.pk
    client.force_login(people["owner"])
    assert client.get(reverse("consultations:dashboard", args=[traduction.pk])).status_code == 200
    assert traduction.get_thread().pk == page.get_thread().pk


def test_the_list_shows_it_once_in_the_readers_language(client, page, traduction, people):
    client.force_login(people["city_member"])
    english = client.get("/consultations/").content.decode()
    french = client.get("/fr/consultations/").content.decode()
    assert page.title in english and "Consultation traduite" not in english
    assert "Consultation traduite" in french and f">{page.title}<" not in french
