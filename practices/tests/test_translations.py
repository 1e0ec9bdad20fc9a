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


def _submit(client, page, language_code):
    from wagtail.models import Locale

    locale = Locale.objects.get(language_code=language_code)
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    return client.post(url, {"locales": [locale.pk]})


def _type_translations(page, language_code, words):
    """What the translator types in wagtail-localize's editor (not yet published)."""
    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    locale = Locale.objects.get(language_code=language_code)
    source = TranslationSource.objects.get_for_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = words.get(segment.string.data)
        if text:
            StringTranslation.objects.create(
                translation_of=segment.string, locale=locale, context=segment.context, data=text
            )


def test_a_practice_moderator_translates_a_practice_and_publishes_it(
    client, practice, moderator, django_capture_on_commit_callbacks
):
    """The moderators edit /practices/ in English; they submit a practice for
    translation, edit the French page (in the French tree wagtail-localize made)
    and publish it (docs/i18n.md, "Who may")."""
    client.force_login(moderator)
    response = _submit(client, practice, "fr")
    assert response.status_code == 302 and response["Location"].startswith("/admin/pages/")
    french = PracticePage.objects.get(
        translation_key=practice.translation_key, locale__language_code="fr"
    )
    assert not french.live
    edit = reverse("wagtailadmin_pages:edit", args=[french.pk])
    assert client.get(edit).status_code == 200
    _type_translations(practice, "fr", FRENCH)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {"action": "publish"})
    assert response.status_code == 302
    french.refresh_from_db()
    assert french.live and french.title == "École du soir pour personnes migrantes"
    assert "École du soir" in client.get("/fr/practices/").content.decode()
    # The French /practices/ carries the moderators' page permissions.
    assert french.get_parent().specific.permissions_for_user(moderator).can_add_subpage()


def test_an_ordinary_member_may_not_translate(client, practice, city_member, city_editor):
    for user in (city_member, city_editor):
        client.force_login(user)
        response = _submit(client, practice, "fr")
        assert response.status_code in (302, 403)
        assert not response.get("Location", "").startswith("/admin/pages/")
    assert not PracticePage.objects.filter(locale__language_code="fr").exists()


def test_a_superuser_still_translates(client, practice, make_user):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    assert _submit(client, practice, "es").status_code == 302
    assert PracticePage.objects.filter(
        translation_key=practice.translation_key, locale__language_code="es"
    ).exists()


def test_new_translated_indexes_get_the_section_permissions(index, moderator):
    """The permissions follow a page into every language's tree: at creation
    (post_save) and at each ``ensure_site_structure`` (idempotent)."""
    from wagtail.models import GroupPagePermission, Locale

    from forum_site.site_structure import ensure_site_structure

    english = set(
        GroupPagePermission.objects.filter(page=index).values_list("group_id", "permission_id")
    )
    assert english
    russian = index.copy_for_translation(Locale.objects.get(language_code="ru"), copy_parents=True)
    held = GroupPagePermission.objects.filter(page=russian)
    assert set(held.values_list("group_id", "permission_id")) == english
    held.delete()
    ensure_site_structure()
    ensure_site_structure()
    assert set(held.values_list("group_id", "permission_id")) == english
    assert held.count() == len(english)
