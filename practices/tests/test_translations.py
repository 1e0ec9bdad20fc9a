"""A practice translated with wagtail-localize (docs/i18n.md, "Translating
content"): its page and actions answer under the language's prefix, adoptions
and the discussion belong to the practice (the group's source), the library
lists it once, in the reader's language."""

import pytest
from django.urls import reverse

from forum_site.translations import translate_page
from practices.models import Adoption, PracticePage

pytestmark = pytest.mark.django_db

FRENCH = {"Night school for migrants": "École du soir pour personnes migrantes"}


@pytest.fixture
def traduction(practice):
    return translate_page(practice, "fr", FRENCH)


def test_the_translation_is_served_under_its_prefix_with_the_facts_of_the_source(
    client, practice, traduction
):
    assert traduction.locale.language_code == "fr" and traduction.live
    assert traduction.url == f"/fr/practices/{practice.slug}/"
    html = client.get(traduction.url).content.decode()
    assert "École du soir pour personnes migrantes" in html
    assert f'href="/practices/{practice.slug}/" lang="en" hreflang="en"' in html
    assert traduction.organisation_id == practice.organisation_id
    assert set(traduction.themes.values_list("pk", flat=True)) == set(
        practice.themes.values_list("pk", flat=True)
    )
    english = client.get(practice.url).content.decode()
    assert f'href="/fr/practices/{practice.slug}/" lang="fr" hreflang="fr"' in english


def test_an_adoption_on_the_translation_counts_for_the_practice(
    client, practice, traduction, other_city, make_user
):
    client.force_login(make_user("otherton", org=other_city))
    assert "Your city is learning" in client.get(practice.url).content.decode()
    response = client.post(
        reverse("practices:adopt", args=[traduction.pk]),
        {"organisation": other_city.pk, "status": "preparing", "note": "En mai."},
    )
    assert response.status_code == 302
    assert Adoption.objects.get().practice_id == practice.pk
    assert client.get(traduction.url).status_code == 200


def test_one_discussion_for_every_translation(practice, traduction):
    assert traduction.get_thread().pk == practice.get_thread().pk


def test_the_library_lists_the_practice_once_in_the_readers_language(client, traduction):
    english = client.get("/practices/").content.decode()
    french = client.get("/fr/practices/").content.decode()
    assert "Night school for migrants" in english and "École du soir" not in english
    assert "École du soir" in french and "Night school for migrants" not in french


def test_a_draft_translation_is_never_offered(client, practice, moderator):
    from wagtail.models import Locale

    spanish = Locale.objects.get(language_code="es")
    draft = practice.copy_for_translation(spanish, copy_parents=True)
    PracticePage.objects.filter(pk=draft.pk).update(live=False)
    assert 'hreflang="es"' not in client.get(practice.url).content.decode()
    client.force_login(moderator)
    assert 'hreflang="es"' not in client.get(practice.url).content.decode()
