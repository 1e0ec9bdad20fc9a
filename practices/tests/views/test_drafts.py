"""The submission form in steps: navigation without JavaScript, the draft kept at
every step (errors and files too), resumed and deleted, private to its author,
the review with its preview, and the drafts list's queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.forms import STEPS
from practices.models import PracticeDraft, PracticePage
from practices.tests.helpers import SUBMIT, png_file, step_post, valid_post, walk_steps

pytestmark = pytest.mark.django_db

STEP = {step.slug: step for step in STEPS}


def _url(draft, slug):
    return reverse("practices:draft_step", args=[draft.pk, slug])


def _current_step(html) -> str:
    return re.search(r'<span aria-current="step">([^<]+)</span>', html).group(1)


@pytest.fixture
def draft(client, city_member, city):
    """A draft with step 1 done (posted with "Next")."""
    client.force_login(city_member)
    response = client.post(SUBMIT, step_post(STEP["about"], valid_post(city)))
    draft = PracticeDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(draft, "where")
    return draft


# Steps, one page each ---------------------------------------------------------------


def test_step_one_is_a_page_of_its_own_with_a_step_indicator(client, city_member):
    client.force_login(city_member)
    response = client.get(SUBMIT)
    html = response.content.decode()
    assert response.status_code == 200
    assert _current_step(html) == "About the practice"
    assert "Step 1 of 6" in html
    assert 'id="id_title"' in html and 'id="id_countries"' not in html
    assert 'value="next"' in html and 'value="save"' in html and 'value="back"' not in html
    assert not PracticeDraft.objects.exists()  # asking for the form stores nothing


def test_next_and_back_move_between_steps(client, draft, city):
    html = client.get(_url(draft, "where")).content.decode()
    assert _current_step(html) == "Where and who"
    assert 'id="id_countries"' in html and 'id="id_title"' not in html
    assert f'href="{_url(draft, "about")}"' in html  # the indicator links the steps
    response = client.post(_url(draft, "where"), step_post(STEP["where"], {}, action="back"))
    assert response["Location"] == _url(draft, "about")
    html = client.get(_url(draft, "about")).content.decode()
    assert valid_post(city)["title"] in html  # what step 1 saved is shown again


def test_every_step_then_the_review(client, draft, city):
    data = valid_post(city)
    for slug, following in (
        ("where", "classification"),
        ("classification", "results"),
        ("results", "files"),
        ("files", "review"),
    ):
        response = client.post(_url(draft, slug), step_post(STEP[slug], data))
        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == _url(draft, following)
    assert not PracticePage.objects.exists()


def test_an_unknown_step_is_not_found(client, draft):
    assert client.get(f"/practices/drafts/{draft.pk}/nowhere/").status_code == 404


# Nothing is lost -----------------------------------------------------------------------


def test_errors_are_shown_on_the_step_with_a_summary_and_the_input_kept(client, draft, city):
    data = valid_post(city, start_year="soon", cities="Testville, Otherville")
    response = client.post(_url(draft, "where"), step_post(STEP["where"], data))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-errors error-summary"' in html
    assert 'href="#id_start_year"' in html
    assert "nothing was lost" in html
    assert _current_step(html) == "Where and who"
    draft.refresh_from_db()
    assert draft.data["start_year"] == "soon"
    assert draft.data["cities"] == "Testville, Otherville"
    assert draft.data["countries"] == ["GH"]
    # Coming back later shows it as typed.
    html = client.get(_url(draft, "where")).content.decode()
    assert 'value="soon"' in html and 'value="Testville, Otherville"' in html


def test_back_and_save_keep_input_without_checking_it(client, draft):
    posted = {"challenge": "Half a thought", "figures": "no bar", "action": "back"}
    response = client.post(_url(draft, "results"), posted)
    assert response["Location"] == _url(draft, "classification")
    draft.refresh_from_db()
    assert draft.data["challenge"] == "Half a thought" and draft.data["figures"] == "no bar"


def test_save_draft_and_continue_later(client, city_member, city):
    client.force_login(city_member)
    response = client.post(SUBMIT, {"title": "Winter shelter for newcomers", "action": "save"})
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:contributions")
    draft = PracticeDraft.objects.get()
    assert draft.user == city_member and draft.title == "Winter shelter for newcomers"
    html = client.get(reverse("practices:contributions")).content.decode()
    assert "Winter shelter for newcomers" in html
    assert f'href="{_url(draft, "about")}"' in html  # Continue
    assert f'href="{reverse("practices:draft_delete", args=[draft.pk])}"' in html
    # ... and on the profile page's "My contributions".
    assert "Winter shelter for newcomers" in client.get(reverse("profile")).content.decode()
    html = client.get(_url(draft, "about")).content.decode()
    assert 'value="Winter shelter for newcomers"' in html


def test_the_organisation_is_kept_with_the_draft(client, draft, city):
    draft.refresh_from_db()
    assert draft.organisation == city


def test_uploaded_files_are_kept_with_the_draft_and_removable(client, draft, city):
    from wagtail.images import get_image_model

    from practices import attachments

    response = client.post(
        _url(draft, "files"),
        {"links": "not a link", "attachments": [png_file()], "action": "next"},
    )
    assert response.status_code == 200  # the links were wrong ...
    draft.refresh_from_db()
    assert [f["kind"] for f in draft.files] == ["image"]  # ... the picture is kept
    image = get_image_model().objects.get()
    assert attachments.is_private(image) and image.uploaded_by_user_id == draft.user_id
    html = client.get(_url(draft, "files")).content.decode()
    assert "photo.png" in html and f'value="image:{image.pk}"' in html
    client.post(_url(draft, "files"), {"remove_files": [f"image:{image.pk}"], "action": "save"})
    draft.refresh_from_db()
    assert draft.files == [] and not get_image_model().objects.exists()


def test_bad_files_are_reported_and_good_ones_kept(client, draft):
    from practices.tests.helpers import fake_pdf, pdf_file

    response = client.post(
        _url(draft, "files"), {"attachments": [pdf_file(), fake_pdf()], "action": "next"}
    )
    assert "checked by its content" in " ".join(response.context["form"].errors["attachments"])
    draft.refresh_from_db()
    assert [f["name"] for f in draft.files] == ["report.pdf"]


def test_deleting_a_draft_deletes_its_files(client, draft):
    from wagtail.images import get_image_model

    client.post(_url(draft, "files"), {"attachments": [png_file()], "action": "save"})
    url = reverse("practices:draft_delete", args=[draft.pk])
    response = client.get(url)
    assert response.status_code == 200 and "cannot be undone" in response.content.decode()
    assert PracticeDraft.objects.exists()  # asking deletes nothing
    response = client.post(url)
    assert response["Location"] == reverse("practices:contributions")
    assert not PracticeDraft.objects.exists() and not get_image_model().objects.exists()


# Private to its author -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["same_org_editor", "other_city_member", "moderator", "superuser"])
def test_nobody_else_sees_or_resumes_a_draft(client, draft, make_user, other_city, moderator, who):
    title = draft.title
    if who == "same_org_editor":
        other = make_user("editor2", org=draft.organisation, role="editor")
    elif who == "other_city_member":
        other = make_user("otherone", org=other_city, role="member")
    elif who == "moderator":
        other = moderator
    else:
        other = make_user("root2", is_superuser=True, is_staff=True)
    client.force_login(other)
    for slug in ("about", "where", "files", "review"):
        assert client.get(_url(draft, slug)).status_code == 404
    hijack = {"title": "Hijacked", "action": "save"}
    assert client.post(_url(draft, "about"), hijack).status_code == 404
    assert client.post(_url(draft, "review"), {"action": "submit"}).status_code == 404
    delete = reverse("practices:draft_delete", args=[draft.pk])
    assert client.get(delete).status_code == 404 and client.post(delete).status_code == 404
    assert title not in client.get(reverse("practices:contributions")).content.decode()
    draft.refresh_from_db()
    assert draft.title == title and not PracticePage.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, draft):
    client.logout()
    response = client.get(_url(draft, "about"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_rules_drafts_visible_to_and_can_view_draft_agree(draft, city_member, city_editor):
    from django.contrib.auth.models import AnonymousUser

    from practices import rules

    for who, expected in ((city_member, True), (city_editor, False), (AnonymousUser(), False)):
        assert rules.drafts_visible_to(who).filter(pk=draft.pk).exists() is expected
        assert rules.can_view_draft(who, draft) is expected


# Review, preview, submit ----------------------------------------------------------------


def test_the_review_previews_the_practice_and_submits_it(client, city_member, city, moderator):
    client.force_login(city_member)
    data = valid_post(city)
    data["attachments"] = [png_file()]
    response = walk_steps(client, data)
    assert response["Location"].endswith("/review/")
    review = client.get(response["Location"])
    html = review.content.decode()
    assert review.status_code == 200
    assert _current_step(html) == "Review and submit"
    assert 'class="practice-preview"' in html
    for text in (data["title"], data["summary"], "Newcomers visited six offices.", "4,200"):
        assert text in html
    assert "ama.contact@example.org" in html and "Ama Example" in html
    assert 'value="submit"' in html
    draft = PracticeDraft.objects.get()
    for step in STEPS:  # every step can be changed from the review
        assert f'href="{_url(draft, step.slug)}"' in html
    assert not PracticePage.objects.exists()  # a preview stores nothing

    response = client.post(response["Location"], {"action": "submit"})
    assert response["Location"] == reverse("practices:contributions")
    page = PracticePage.objects.get().get_latest_revision_as_object()
    assert page.submitted_by == city_member and not page.live
    assert page.current_workflow_state is not None  # in moderation, as before
    assert [b.block_type for b in page.body].count("image") == 1
    assert not PracticeDraft.objects.exists()


def test_the_review_lists_what_is_missing_and_refuses_to_submit(client, draft):
    review = _url(draft, "review")
    html = client.get(review).content.decode()
    assert 'class="practice-preview"' not in html and 'value="submit"' not in html
    assert f'href="{_url(draft, "where")}#id_countries"' in html
    assert f'href="{_url(draft, "results")}#id_challenge"' in html
    response = client.post(review, {"action": "submit"})
    assert response.status_code == 200
    assert "Some steps need attention" in response.content.decode()
    assert not PracticePage.objects.exists() and PracticeDraft.objects.exists()


def test_a_draft_for_an_organisation_one_left_cannot_be_submitted(client, draft, city_member):
    from forum_site.organisations.models import Membership

    # No longer a member of any local authority: the form is closed to them.
    Membership.objects.filter(user=city_member).delete()
    response = client.get(_url(draft, "review"))
    assert response.status_code == 403
    assert not PracticePage.objects.exists()
    # Deleting one's draft stays possible.
    assert client.post(reverse("practices:draft_delete", args=[draft.pk])).status_code == 302


# The drafts list --------------------------------------------------------------------------


def test_the_drafts_list_takes_the_same_queries_for_one_or_many(client, city_member, city):
    client.force_login(city_member)
    url = reverse("practices:contributions")
    PracticeDraft.objects.create(user=city_member, organisation=city, title="Draft 0")
    client.get(url)  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 8):
        PracticeDraft.objects.create(user=city_member, organisation=city, title=f"Draft {n}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Draft 7" in html
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_a_user_has_at_most_so_many_drafts(client, city_member, city):
    from practices.services import MAX_DRAFTS_PER_USER

    client.force_login(city_member)
    PracticeDraft.objects.bulk_create(
        PracticeDraft(user=city_member, title=f"D{n}") for n in range(MAX_DRAFTS_PER_USER)
    )
    response = client.post(SUBMIT, {"title": "One more", "action": "save"})
    assert response.status_code == 302
    assert PracticeDraft.objects.count() == MAX_DRAFTS_PER_USER
