"""The shared demo database: seeded once, nothing leaks between tests."""

from django.db import transaction

from forum_site.organisations.models import Organisation
from tests.seeded_demo import SeededDemo

MARK = "Written by a demo test"


def test_the_seed_is_rolled_back_and_test_transactions_nest_inside_it(
    django_db_setup, django_db_blocker
):
    demo = SeededDemo(
        django_db_blocker,
        seed=lambda: Organisation.objects.create(name="Seeded", kind="city", country="GH").name,
    )
    try:
        demo.open()
        assert demo.output == "Seeded"
        with django_db_blocker.unblock():
            with transaction.atomic():  # as a test's own transaction
                Organisation.objects.create(name=MARK, kind="city", country="GH")
                transaction.set_rollback(True)
            assert list(Organisation.objects.values_list("name", flat=True)) == ["Seeded"]
    finally:
        demo.close()
    with django_db_blocker.unblock():
        assert not Organisation.objects.exists()


def test_a_demo_test_writes(seeded_demo):
    Organisation.objects.create(name=MARK, kind="city", country="GH")
    assert Organisation.objects.filter(slug="accra").exists()


def test_the_next_demo_test_sees_the_demo_but_not_that_write(seeded_demo):
    assert Organisation.objects.filter(slug="accra").exists()
    assert not Organisation.objects.filter(name=MARK).exists()


def test_the_demo_has_content_in_each_language_and_translated_pages(seeded_demo, client):
    """A newcomer sees content in the six languages (docs/i18n.md, "Translating
    content"): pages written in each, and English pages translated with
    wagtail-localize, offered in each other's language and listed once."""
    from django.conf import settings
    from django.utils.translation import get_language_info
    from wagtail.models import Page
    from wagtail_localize.models import Translation

    from events.models import EventPage
    from forum_site.content_language import content_language

    written = {
        content_language(page)
        for page in Page.objects.live().exclude(depth__lte=3).specific().iterator()
    }
    assert written >= {code for code, _name in settings.LANGUAGES}
    assert Translation.objects.count() >= 5

    milan = EventPage.objects.get(slug="mayoral-forum-milan", locale__language_code="en")
    translated = {
        t.locale.language_code for t in milan.get_translations().live().select_related("locale")
    }
    assert translated >= {"fr", "ar", "zh-hans"}
    html = client.get(milan.url).content.decode()
    arabic_name = get_language_info("ar")["name_local"]
    assert f'lang="ar" hreflang="ar" dir="rtl">{arabic_name}</a>' in html
    arabic = client.get("/ar/events/mayoral-forum-milan/")
    assert arabic.status_code == 200 and "ميلانو" in arabic.content.decode()
    assert client.get("/ar/events/mayoral-forum-milan/event.ics").status_code == 200
    # Listed once in each language, in that language when translated.
    listing = client.get("/fr/events/").content.decode()
    assert "Forum des maires sur la mobilité" in listing
    assert listing.count("mayoral-forum-milan/") == 1
    english = client.get("/events/").content.decode()
    assert 'lang="ru" dir="auto"' in english and 'lang="zh-hans" dir="auto"' in english


def test_the_demo_translates_a_practice_and_a_consultation(seeded_demo, client):
    """The Accra welcome centre in French and Arabic, the Ecuadorian consultation in
    Spanish; practices written in Russian and Chinese (docs/i18n.md, "Demo")."""
    from consultations.models import ConsultationPage
    from forum_site.content_language import content_language
    from practices.models import PracticePage

    centre = PracticePage.objects.get(
        slug="one-stop-welcome-centre-for-newcomers-accra", locale__language_code="en"
    )
    translated = {
        t.locale.language_code: t for t in centre.get_translations().live().select_related("locale")
    }
    assert set(translated) >= {"fr", "ar"}
    assert translated["fr"].title == "Guichet unique d’accueil des nouveaux arrivants"
    arabic = client.get("/ar/practices/one-stop-welcome-centre-for-newcomers-accra/")
    assert (
        arabic.status_code == 200 and "مركز موحد لاستقبال القادمين الجدد" in arabic.content.decode()
    )

    ecuador = ConsultationPage.objects.get(
        slug="human-mobility-law-regulations-ecuador", locale__language_code="en"
    )
    spanish = ecuador.get_translation(_locale("es"))
    assert spanish.live and spanish.title.startswith("Reglamento de la Ley Orgánica")
    page = client.get("/es/consultations/human-mobility-law-regulations-ecuador/")
    assert page.status_code == 200 and "Por qué consultamos" in page.content.decode()

    written = {
        slug: content_language(PracticePage.objects.get(slug=slug))
        for slug in (
            "tsentr-adaptatsii-trudovykh-migrantov-kazan",
            "yiwu-jingwai-keshang-fuwu-zhongxin",
        )
    }
    assert written == {
        "tsentr-adaptatsii-trudovykh-migrantov-kazan": "ru",
        "yiwu-jingwai-keshang-fuwu-zhongxin": "zh-hans",
    }
    english = client.get("/practices/").content.decode()
    assert 'lang="ru" dir="auto"' in english and 'lang="zh-hans" dir="auto"' in english
    # Search lists the translated practice once, in the reader's language.
    assert (
        client.get("/search/", {"q": "one-stop welcome"})
        .content.decode()
        .count("one-stop-welcome-centre-for-newcomers-accra/")
        == 1
    )
    french_search = client.get("/fr/search/", {"q": "Guichet unique"}).content.decode()
    assert french_search.count("/fr/practices/one-stop-welcome-centre-for-newcomers-accra/") == 1


def _locale(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code)


def test_untranslated_pages_are_served_under_every_language_prefix(seeded_demo, client):
    """Once a language has its own tree (its first translation), the pages nobody
    translated are still served under its prefix, in its interface, with their
    English content marked as such (forum_site.page_routes.serve_page)."""
    for url in (
        "/ar/consultations/",
        "/ar/events/gfmd-summit/",
        "/fr/consultations/",
        "/ru/practices/",
        "/zh-hans/consultations/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get("/ar/consultations/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html and 'lang="en" dir="auto"' in html
    # A translation is still preferred to the English page, and unknown paths are 404s.
    assert "ميلانو" in client.get("/ar/events/mayoral-forum-milan/").content.decode()
    assert client.get("/ar/no-such-page/").status_code == 404
    assert client.get("/ar/events/gfmd-summit/event.ics").status_code == 200
