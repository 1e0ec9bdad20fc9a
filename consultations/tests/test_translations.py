"""A consultation translated with wagtail-localize (docs/i18n.md, "Translating
content"): served under the language's prefix to those the rule admits, its
front-end actions on the translation act on the consultation (the group's
source), listed once in the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

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


# The questions: translated with the page, answered against the source's.

FRENCH = {
    "Tell us more": "Dites-nous en plus",
    "Pick one": "Choisissez-en un",
    "Red\nGreen\nBlue": "Rouge\nVert\nBleu",
    "Rate it": "Notez-le",
}


@pytest.fixture
def traduite(page):
    return translate_page(page, "fr", {page.title: "Consultation traduite", **FRENCH})


def _french_url(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


def test_the_translation_has_its_own_questions_in_its_words(page, traduite):
    source = {q.translation_key: q for q in page.questions.all()}
    french = list(traduite.questions.all())
    assert len(french) == len(source)
    assert {q.locale.language_code for q in french} == {"fr"}
    assert {q.translation_key for q in french} == set(source)
    texts = {source[q.translation_key].text: q.text for q in french}
    assert texts["Tell us more"] == "Dites-nous en plus"
    assert texts["Pick many"] == "Pick many"  # not translated: the source's words
    pick = next(q for q in french if q.text == "Choisissez-en un")
    assert pick.choice_list == ["Rouge", "Vert", "Bleu"] and pick.kind == "single"


def test_the_french_page_and_form_show_the_french_questions(client, page, traduite, people, city):
    client.force_login(people["city_editor"])
    english = client.get(reverse("consultations:respond", args=[page.pk])).content.decode()
    assert "Tell us more" in english and "Dites-nous" not in english
    html = client.get(traduite.url).content.decode()
    assert "Dites-nous en plus" in html and "Tell us more" not in html
    form = client.get(_french_url("consultations:respond", page.pk)).content.decode()
    pick = page.questions.get(text="Pick one")
    assert "Dites-nous en plus" in form and "Tell us more" not in form
    # The field is the source question's; the choice shows in French, keeps its value.
    assert f'name="q_{pick.pk}" value="Green"' in form
    assert "Vert" in form and ">\n Green</label>" not in form
    # French words on a French page: no lang; an untranslated question says English.
    assert '<span dir="auto">Dites-nous en plus</span>' in form
    assert '<span lang="en" dir="auto">Pick many</span>' not in form  # translated row: fr


def test_answers_given_in_french_belong_to_the_source_questions(
    client, page, traduite, people, city
):
    client.force_login(people["city_editor"])
    url = _french_url("consultations:respond", traduite.pk)
    response = client.post(url, post_data(page, city, action="submit"))
    assert response.status_code == 302 and response.url.startswith("/fr/")
    saved = ConsultationResponse.objects.get()
    assert saved.consultation_id == page.pk
    source = {q.text: str(q.pk) for q in page.questions.all()}
    assert saved.submitted_answers == {
        source["Tell us more"]: "Our view",
        source["Pick one"]: "Green",
        source["Rate it"]: 3,
    }
    assert not set(saved.submitted_answers) & {str(q.pk) for q in traduite.questions.all()}
    # Read back in French: the French words of the source's answer.
    detail = client.get(_french_url("consultations:response", page.pk, saved.pk))
    assert "Vert" in detail.content.decode()
    # The owner's dashboard and export: one response, counted once, per source question.
    client.force_login(people["owner"])
    board = client.get(_french_url("consultations:dashboard", traduite.pk))
    summaries = {s.question.text: s for s in board.context["questions"]}
    assert summaries["Pick one"].answered == 1
    assert [(b.label, b.count) for b in summaries["Pick one"].bars] == [
        ("Red", 0),
        ("Green", 1),
        ("Blue", 0),
    ]
    csv = client.get(reverse("consultations:export_csv", args=[traduite.pk])).content.decode()
    lines = [line for line in csv.splitlines() if line.strip()]
    assert len(lines) == 2 and "Green" in lines[1]


def test_a_question_added_since_the_sync_shows_in_the_sources_words(client, page, traduite, people):
    from consultations.models import Question

    added = Question.objects.create(page=page, sort_order=9, text="One more", kind="text")
    assert added.locale_id == page.locale_id
    client.force_login(people["city_editor"])
    form = client.get(_french_url("consultations:respond", page.pk)).content.decode()
    assert f'name="q_{added.pk}"' in form
    assert '<span lang="en" dir="auto">One more</span>' in form


def test_the_migration_pairs_copied_questions_with_the_sources(page, traduite):
    import importlib
    import uuid

    from django.apps import apps

    from consultations.models import Question

    give_keys = importlib.import_module(
        "consultations.migrations.0012_question_translation_keys"
    ).give_keys
    # As before questions were translatable: the copies had no link to their source.
    for question in traduite.questions.all():
        Question.objects.filter(pk=question.pk).update(translation_key=uuid.uuid4())
    give_keys(apps, None)
    source = [q.translation_key for q in page.questions.order_by("sort_order")]
    french = [q.translation_key for q in traduite.questions.order_by("sort_order")]
    assert source == french


def test_the_authoring_flow_then_a_sync_keeps_the_translations_paired(page, traduite, people):
    from wagtail_localize.models import Translation, TranslationSource

    from consultations import authoring
    from consultations.forms.authoring import question_row

    rows = [question_row(q, keep_id=True) for q in page.questions.all()]
    rows[0]["text"] = "Tell us much more"
    rows.append({**question_row(page.questions.last(), keep_id=False), "text": "A new one"})
    authoring.save_questions(page, rows, people["owner"])
    page.refresh_from_db()
    source = list(page.questions.all())
    assert len(source) == 6 and {q.locale_id for q in source} == {page.locale_id}
    # The translator syncs (wagtail-localize's "Sync translated pages").
    translation_source, _created = TranslationSource.update_or_create_from_instance(page)
    for item in Translation.objects.filter(source=translation_source):
        item.save_target(publish=True)
    french = {q.translation_key: q for q in traduite.questions.all()}
    assert set(french) == {q.translation_key for q in source}
    # Kept translations stay; the reworded and the new question await the translator.
    assert french[source[1].translation_key].text == "Choisissez-en un"
    assert french[source[0].translation_key].text == "Tell us much more"
    assert french[source[5].translation_key].text == "A new one"
