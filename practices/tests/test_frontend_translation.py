"""Translating a practice on the front end (docs/i18n.md, "Translating on the
site"): the owning organisation's editors start, save and publish a French
translation through plain forms written on wagtail-localize's models; their
"Publish" goes to the moderators, who publish at once; others are refused;
a change of the source is flagged."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Locale, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from practices.models import PracticePage

pytestmark = pytest.mark.django_db

TITLE = "Night school for migrants"


@pytest.fixture
def practice(city, make_practice, themes, city_member):
    return make_practice(
        city,
        TITLE,
        themes=[themes["education"]],
        user=city_member,
        summary="Evening classes & advice.",
    )


def overview_url(page):
    with override("en"):  # a request under /fr/ leaves French active
        return reverse("practices:translations", args=[page.pk])


def editor_url(page, code="fr"):
    with override("en"):
        return reverse("practices:translation", args=[page.pk, code])


def fields_of(html):
    """{textarea name: (source text shown, current value)} of the editor."""
    return dict(re.findall(r'<textarea name="(s\d+)"[^>]*>([^<]*)</textarea>', html))


def segment_field(page, text):
    segment = StringSegment.objects.get(source__object_id=page.translation_key, string__data=text)
    return f"s{segment.pk}"


def test_the_practice_page_offers_translate_to_its_editors_only(
    client, practice, city_editor, city_member
):
    client.force_login(city_editor)
    assert overview_url(practice) in client.get(practice.url).content.decode()
    client.force_login(city_member)
    assert overview_url(practice) not in client.get(practice.url).content.decode()


def test_the_overview_lists_the_five_other_languages(client, practice, city_editor):
    client.force_login(city_editor)
    html = client.get(overview_url(practice)).content.decode()
    for code in ("fr", "es", "ar", "ru", "zh-hans"):
        assert editor_url(practice, code) in html
    assert editor_url(practice, "en") not in html
    assert html.count("Translate into") == 5


def test_an_editor_saves_a_draft_then_sends_it_to_the_moderators(
    client, practice, city_editor, moderator, django_capture_on_commit_callbacks
):
    client.force_login(city_editor)
    html = client.get(editor_url(practice)).content.decode()
    assert TITLE in html and 'lang="fr"' in html
    title = segment_field(practice, TITLE)
    summary = segment_field(practice, "Evening classes &amp; advice.")
    assert title in fields_of(html)
    response = client.post(
        editor_url(practice), {title: "École du soir", summary: "", "action": "draft"}
    )
    assert response.status_code == 302
    french = Locale.objects.get(language_code="fr")
    draft = PracticePage.objects.get(translation_key=practice.translation_key, locale=french)
    assert not draft.live
    assert draft.get_latest_revision_as_object().title == "École du soir"
    assert Translation.objects.get(target_locale=french).source.object_id == (
        practice.translation_key
    )
    html = client.get(editor_url(practice)).content.decode()
    assert ">École du soir</textarea>" in html
    assert "Not translated yet" in html  # the summary and the slug
    assert (
        client.get(f"/fr/practices/{practice.slug}/").content.decode().count("École du soir") == 0
    )  # a draft is never served

    # The summary, with its ampersand typed as text; "Publish" asks the moderators.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            editor_url(practice),
            {title: "École du soir", summary: "Cours du soir & conseils.", "action": "publish"},
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    state = WorkflowState.objects.get(object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert StringTranslation.objects.get(locale=french, data__startswith="Cours").data == (
        "Cours du soir &amp; conseils."
    )
    assert "Waiting for moderation" in client.get(overview_url(practice)).content.decode()

    # A moderator approves it (in the admin, as every practice): served under /fr/.
    state.current_task_state.approve(user=moderator)
    draft.refresh_from_db()
    assert draft.live and draft.title == "École du soir"
    page = client.get(draft.url).content.decode()
    assert "École du soir" in page and "Cours du soir &amp; conseils." in page
    assert draft.organisation_id == practice.organisation_id


@pytest.fixture
def root(make_user):
    return make_user("root", is_superuser=True, is_staff=True)


def test_a_source_change_is_flagged_and_listed_first(
    client, practice, city_editor, root, django_capture_on_commit_callbacks
):
    client.force_login(root)
    title = segment_field_after_open(client, practice)
    summary = segment_field(practice, "Evening classes &amp; advice.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            editor_url(practice),
            {title: "École du soir", summary: "Cours du soir.", "action": "publish"},
        )
    client.force_login(city_editor)
    assert "Up to date" not in client.get(overview_url(practice)).content.decode()  # slug

    # The source's summary changes (a moderator approved an edit).
    revision = practice.get_latest_revision_as_object()
    revision.summary = "Evening classes, advice and childcare."
    revision.save_revision().publish()
    html = client.get(editor_url(practice)).content.decode()
    assert "Changed in the source since your translation" in html
    assert "Cours du soir." in html  # the earlier translation, for reference
    names = list(fields_of(html))
    new_summary = segment_field(practice, "Evening classes, advice and childcare.")
    assert names[0] == new_summary  # listed first
    overview = client.get(overview_url(practice)).content.decode()
    assert "Source changed since: 1 string" in overview


def segment_field_after_open(client, practice):
    client.get(editor_url(practice))
    return segment_field(practice, TITLE)


@pytest.mark.parametrize("who", ["anonymous", "member", "other_editor", "moderator"])
def test_others_are_refused(client, practice, who, make_user, city, other_city, moderator):
    if who == "moderator":
        client.force_login(moderator)  # moderators translate in the admin
    elif who == "member":
        client.force_login(make_user("someone", org=city, role="member"))
    elif who == "other_editor":
        client.force_login(make_user("elsewhere", org=other_city, role="editor"))
    for url in (overview_url(practice), editor_url(practice)):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
        assert client.post(url, {"action": "publish"}).status_code in (302, 403)
    assert not Translation.objects.exists()


def test_bad_input(client, practice, city_editor):
    client.force_login(city_editor)
    assert client.get(editor_url(practice, "xx")).status_code == 404
    assert client.get(editor_url(practice, "de")).status_code == 404
    own = client.get(editor_url(practice, "en"))
    assert own.status_code == 302 and own["Location"] == overview_url(practice)
    assert client.post(editor_url(practice), {}).status_code == 400
    title = segment_field_after_open(client, practice)
    response = client.post(editor_url(practice), {title: "x" * 300, "action": "draft"})
    assert response.status_code == 400 and "at most 255" in response.content.decode()
    response = client.post(
        editor_url(practice), {title: "<script>alert(1)</script>École", "action": "draft"}
    )
    assert response.status_code == 302
    french = Locale.objects.get(language_code="fr")
    saved = StringTranslation.objects.get(locale=french)
    assert "<script>" not in saved.data
    assert (
        client.get(reverse("practices:translations", args=[practice.get_parent().pk])).status_code
        == 404
    )


def test_the_overview_has_a_bounded_number_of_queries(
    client, practice, root, django_capture_on_commit_callbacks
):
    """As many queries for two translations as for five (a superuser, whom no
    notification reaches meanwhile)."""
    client.force_login(root)
    title = segment_field_after_open(client, practice)

    def translate(*codes):
        for code in codes:
            with django_capture_on_commit_callbacks(execute=True):
                client.post(
                    editor_url(practice, code), {title: f"{code} title", "action": "publish"}
                )

    translate("fr", "es")
    client.get(overview_url(practice))
    with CaptureQueriesContext(connection) as two:
        assert client.get(overview_url(practice)).status_code == 200
    translate("ar", "ru", "zh-hans")
    client.get(overview_url(practice))  # the messages of the last post shown
    with CaptureQueriesContext(connection) as five:
        html = client.get(overview_url(practice)).content.decode()
    assert html.count("Published") == 5
    assert len(five) == len(two) <= 25


def test_a_source_change_while_translating_is_reported_not_an_error(client, practice, city_editor):
    client.force_login(city_editor)
    title = segment_field_after_open(client, practice)
    summary = segment_field(practice, "Evening classes &amp; advice.")
    revision = practice.get_latest_revision_as_object()
    revision.summary = "Evening classes and more."
    revision.save_revision().publish()
    client.get(overview_url(practice))  # someone opens the list: the source is taken again
    response = client.post(
        editor_url(practice),
        {title: "École du soir", summary: "Cours du soir.", "action": "draft"},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 box was not saved" in response.content.decode()
    french = Locale.objects.get(language_code="fr")
    assert list(StringTranslation.objects.filter(locale=french).values_list("data", flat=True)) == [
        "École du soir"
    ]
