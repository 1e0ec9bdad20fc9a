"""Translating a consultation on the front end (docs/i18n.md, "Translating on
the site"): the consulting organisation's editors translate it into French and
publish the translation; others are refused; a source change is flagged."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from consultations.models import ConsultationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(make_consultation, ministry):
    return make_consultation(ministry, audience="public")


def overview_url(page):
    with override("en"):  # a request under /fr/ leaves French active
        return reverse("consultations:translations", args=[page.pk])


def editor_url(page, code="fr"):
    with override("en"):
        return reverse("consultations:translation", args=[page.pk, code])


def field(page, text):
    segment = StringSegment.objects.get(source__object_id=page.translation_key, string__data=text)
    return f"s{segment.pk}"


def test_the_owner_translates_and_publishes(
    client, page, people, django_capture_on_commit_callbacks
):
    client.force_login(people["owner"])
    assert overview_url(page) in client.get(page.url).content.decode()
    html = client.get(overview_url(page)).content.decode()
    assert "Translate into" in html and page.title in html
    html = client.get(editor_url(page)).content.decode()
    assert 'name="s' in html
    title, summary = field(page, page.title), field(page, "A summary.")
    response = client.post(editor_url(page), {title: "Consultation traduite", "action": "draft"})
    assert response.status_code == 302
    french = Locale.objects.get(language_code="fr")
    draft = ConsultationPage.objects.get(translation_key=page.translation_key, locale=french)
    assert not draft.live
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            editor_url(page),
            {title: "Consultation traduite", summary: "Un résumé.", "action": "publish"},
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live and draft.owner_organisation_id == page.owner_organisation_id
    served = client.get(f"/fr/consultations/{page.slug}/").content.decode()
    assert "Consultation traduite" in served and "Un résumé." in served
    overview = client.get(overview_url(page)).content.decode()
    assert "Published" in overview and "Edit the translation into" in overview

    # The source's summary changes: flagged, the earlier translation shown.
    page.summary = "A new summary."
    page.save_revision().publish()
    html = client.get(editor_url(page)).content.decode()
    assert "Changed in the source since your translation" in html
    first = re.search(r'<textarea name="(s\d+)"', html).group(1)
    assert first == field(page, "A new summary.")
    assert "Source changed since: 1 string" in client.get(overview_url(page)).content.decode()


def test_others_are_refused(client, page, people):
    for who, status in (
        ("owner_member", 403),
        ("city_editor", 403),
        ("ngo_editor", 403),
    ):
        client.force_login(people[who])
        assert client.get(overview_url(page)).status_code == status
        assert client.get(editor_url(page)).status_code == status
        assert client.post(editor_url(page), {"action": "publish"}).status_code == status
    client.logout()
    assert client.get(overview_url(page)).status_code == 302
    assert not Translation.objects.exists()


def test_an_invited_only_consultation_is_hidden_from_outsiders(
    client, make_consultation, ministry, city, people
):
    hidden = make_consultation(ministry, audience="invited", invited=[city])
    client.force_login(people["ngo_editor"])
    assert client.get(overview_url(hidden)).status_code == 404
    assert client.get(editor_url(hidden)).status_code == 404


def test_bad_languages(client, page, people):
    client.force_login(people["owner"])
    assert client.get(editor_url(page, "klingon")).status_code == 404
    response = client.get(editor_url(page, "en"))
    assert response.status_code == 302 and response["Location"] == overview_url(page)


def test_the_questions_are_translated_in_the_editor(
    client, page, people, django_capture_on_commit_callbacks
):
    """The questions are child objects: the editor numbers them ("Question 2 ·
    Choices") and the French response form asks them in French."""
    client.force_login(people["owner"])
    html = client.get(editor_url(page)).content.decode()
    assert "Question 2 · Choices" in html and "<strong>Question 5</strong>" in html
    question = field(page, "Pick one")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            editor_url(page),
            {
                field(page, page.title): "Consultation traduite",
                question: "Choisissez-en un",
                "action": "publish",
            },
        )
    assert response.status_code == 302
    client.force_login(people["city_editor"])  # a respondent
    with override("fr"):
        form = client.get(reverse("consultations:respond", args=[page.pk]))
    assert form.status_code == 200
    assert "Choisissez-en un" in form.content.decode()
