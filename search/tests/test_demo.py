"""The demo data shows what the search does: queries in French, Spanish, Arabic
and Russian find the practices that cities wrote in those languages."""

from search.tests.test_search import SEARCH, result_titles


def test_demo_practices_written_in_other_languages_are_found_in_them(seeded_demo, client):
    from practices.demo import WRITTEN_IN_OTHER_LANGUAGES
    from practices.models import PracticePage

    slugs = [slug for _owner, _language, slug, *_rest in WRITTEN_IN_OTHER_LANGUAGES]
    written_in = dict(
        PracticePage.objects.live().filter(slug__in=slugs).values_list("original_language", "title")
    )
    assert set(written_in) == {"fr", "es", "ar", "ru", "zh-hans"}
    for language, query in [
        ("fr", "réinsertion"),
        ("fr", "logement formation"),
        ("es", "acogida"),
        ("es", "refugiadas vivienda"),
        ("ar", "اللاجئين"),
        ("ar", "المجتمع المضيف"),
        ("ru", "адаптации"),
        ("ru", "патент посредникам"),
        # Other forms of the words, and a Chinese word inside a clause.
        ("ar", "مضيف"),  # the text has "المضيف"
        ("ru", "мигрант адаптация"),  # "мигрантов", "адаптации"
        ("zh-hans", "纠纷调解"),
        ("zh-hans", "居留登记"),
    ]:
        titles = result_titles(client.get(SEARCH, {"q": query}))
        assert titles[:1] == [written_in[language]], (query, titles)
