"""Responding: drafts, submit, amend and history, conflicts, consent, bad input."""

import pytest
from django.urls import reverse

from consultations.models import ConsultationResponse, ResponseVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(make_consultation, ministry, city):
    return make_consultation(ministry, audience="invited", invited=[city])


def post_data(page, org, *, version=0, action="save", consent="private", **answers):
    questions = {q.text: q for q in page.questions.all()}
    data = {"organisation": org.pk, "version": version, "consent": consent, "action": action}
    defaults = {"Tell us more": "Our view", "Pick one": "Green", "Rate it": "3"}
    defaults.update(answers)
    for text, value in defaults.items():
        data[f"q_{questions[text].pk}"] = value
    return data


def respond_url(page):
    return reverse("consultations:respond", args=[page.pk])


def test_member_drafts_editor_submits(client, page, city, people):
    client.force_login(people["city_member"])
    response = client.post(respond_url(page), post_data(page, city))
    assert response.status_code == 302
    saved = ConsultationResponse.objects.get()
    assert saved.status == "draft" and saved.version == 1
    # A member cannot submit: refused, nothing submitted, text kept.
    refused = client.post(respond_url(page), post_data(page, city, version=1, action="submit"))
    assert refused.status_code == 403
    assert b"Our view" in refused.content
    saved.refresh_from_db()
    assert saved.submission_count == 0
    client.force_login(people["city_editor"])
    client.post(respond_url(page), post_data(page, city, version=1, action="submit"))
    saved.refresh_from_db()
    assert saved.status == "submitted" and saved.submission_count == 1
    assert ResponseVersion.objects.filter(response=saved).count() == 1


def test_submit_requires_required_answers_but_draft_does_not(client, page, city, people):
    client.force_login(people["city_editor"])
    data = post_data(page, city, action="submit")
    pick_one = page.questions.get(text="Pick one")
    del data[f"q_{pick_one.pk}"]
    response = client.post(respond_url(page), data)
    assert response.status_code == 400
    assert b"needs an answer" in response.content
    assert not ConsultationResponse.objects.exists()
    data["action"] = "save"
    assert client.post(respond_url(page), data).status_code == 302


def test_amend_keeps_every_version(client, page, city, people):
    client.force_login(people["city_editor"])
    client.post(respond_url(page), post_data(page, city, action="submit"))
    client.post(
        respond_url(page), post_data(page, city, version=1, **{"Tell us more": "Amended draft"})
    )
    saved = ConsultationResponse.objects.get()
    assert saved.has_unsubmitted_changes
    # The owner still sees the submitted version, not the draft amendment.
    assert saved.submitted_answers[str(page.questions.get(text="Tell us more").pk)] == "Our view"
    client.post(
        respond_url(page),
        post_data(page, city, version=2, action="submit", **{"Tell us more": "Final"}),
    )
    saved.refresh_from_db()
    versions = list(saved.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    key = str(page.questions.get(text="Tell us more").pk)
    assert [v.answers[key] for v in versions] == ["Our view", "Final"]
    # The owner sees the latest and the history.
    client.force_login(people["owner"])
    detail = client.get(reverse("consultations:response", args=[page.pk, saved.pk]))
    assert detail.status_code == 200
    content = detail.content.decode()
    assert content.index("Final") < content.index("Our view")
    # Someone else does not.
    client.force_login(people["ngo_editor"])
    assert (
        client.get(reverse("consultations:response", args=[page.pk, saved.pk])).status_code == 404
    )


def test_history_of_a_deleted_submitter_still_shows(client, page, city, people):
    """submitted_by is SET_NULL: the history page named the submitter through a
    filter argument on None, which raised (a 500 found by the hostile crawl)."""
    client.force_login(people["city_editor"])
    client.post(respond_url(page), post_data(page, city, action="submit"))
    saved = ConsultationResponse.objects.get()
    ResponseVersion.objects.filter(response=saved).update(submitted_by=None)
    client.force_login(people["owner"])
    detail = client.get(reverse("consultations:response", args=[page.pk, saved.pk]))
    assert detail.status_code == 200
    assert "by <bdi>a deleted account</bdi>" in detail.content.decode()


def test_owner_cannot_see_drafts(client, page, city, people):
    client.force_login(people["city_member"])
    client.post(respond_url(page), post_data(page, city))
    saved = ConsultationResponse.objects.get()
    client.force_login(people["owner"])
    assert (
        client.get(reverse("consultations:response", args=[page.pk, saved.pk])).status_code == 404
    )
    dashboard = client.get(reverse("consultations:dashboard", args=[page.pk]))
    assert b"Our view" not in dashboard.content


def test_concurrent_edit_conflict(client, page, city, people, make_user):
    colleague = make_user("colleague", org=city, role="member")
    client.force_login(people["city_member"])
    client.post(respond_url(page), post_data(page, city, **{"Tell us more": "First"}))
    # Both open the draft at version 1; the colleague saves first.
    client.force_login(colleague)
    assert (
        client.post(
            respond_url(page), post_data(page, city, version=1, **{"Tell us more": "Colleague's"})
        ).status_code
        == 302
    )
    client.force_login(people["city_member"])
    response = client.post(
        respond_url(page), post_data(page, city, version=1, **{"Tell us more": "Mine"})
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Colleague&#x27;s" in content or "Colleague's" in content  # theirs shown
    assert "Mine" in content  # mine kept in the form
    saved = ConsultationResponse.objects.get()
    key = str(page.questions.get(text="Tell us more").pk)
    assert saved.answers[key] == "Colleague's" and saved.version == 2
    # The form now carries version 2: saving again deliberately keeps mine.
    assert 'name="version" value="2"' in content
    client.post(respond_url(page), post_data(page, city, version=2, **{"Tell us more": "Mine"}))
    saved.refresh_from_db()
    assert saved.answers[key] == "Mine" and saved.version == 3


def test_conflict_on_first_creation(client, page, city, people):
    client.force_login(people["city_member"])
    client.post(respond_url(page), post_data(page, city, **{"Tell us more": "Early"}))
    response = client.post(respond_url(page), post_data(page, city, version=0))
    assert response.status_code == 409
    assert ConsultationResponse.objects.count() == 1


@pytest.mark.parametrize("opens,closes", [(2, 5), (-5, -1)])
def test_window_enforced_on_server(
    client, make_consultation, ministry, city, people, opens, closes
):
    page = make_consultation(ministry, invited=[city], opens=opens, closes=closes)
    client.force_login(people["city_editor"])
    response = client.post(respond_url(page), post_data(page, city, action="submit"))
    assert response.status_code == 403
    assert not ConsultationResponse.objects.exists()
    assert b'name="action"' not in client.get(respond_url(page)).content  # read-only


def test_after_closing_submitted_response_is_read_only(client, page, city, people):
    client.force_login(people["city_editor"])
    client.post(respond_url(page), post_data(page, city, action="submit"))
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import ConsultationPage

    ConsultationPage.objects.filter(pk=page.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1),
        opens_at=timezone.now() - timedelta(days=2),
    )
    response = client.post(
        respond_url(page),
        post_data(page, city, version=2, action="submit", **{"Tell us more": "Late"}),
    )
    assert response.status_code == 403
    assert ConsultationResponse.objects.get().submission_count == 1


@pytest.mark.parametrize("who,status", [("ngo_editor", 404), ("outsider", 404), ("owner", 403)])
def test_non_invited_cannot_respond(client, page, city, ngo, people, who, status):
    client.force_login(people[who])
    response = client.post(respond_url(page), post_data(page, city, action="submit"))
    assert response.status_code == status
    assert not ConsultationResponse.objects.exists()


def test_anonymous_goes_to_login(client, page, city):
    response = client.post(respond_url(page), post_data(page, city))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestBadInput:
    def test_invalid_choice(self, client, page, city, people):
        client.force_login(people["city_editor"])
        response = client.post(respond_url(page), post_data(page, city, **{"Pick one": "Purple"}))
        assert response.status_code == 400
        assert b"Select a valid choice" in response.content
        assert not ConsultationResponse.objects.exists()

    def test_invalid_scale_and_multiple(self, client, page, city, people):
        client.force_login(people["city_editor"])
        for answers in ({"Rate it": "6"}, {"Pick many": ["A", "Z"]}, {"Agree?": "maybe"}):
            response = client.post(respond_url(page), post_data(page, city, **answers))
            assert response.status_code == 400
        assert not ConsultationResponse.objects.exists()

    def test_over_long_text(self, client, page, city, people):
        client.force_login(people["city_editor"])
        long_text = "x" * 201  # the question's limit is 200
        response = client.post(
            respond_url(page), post_data(page, city, **{"Tell us more": long_text})
        )
        assert response.status_code == 400
        assert long_text.encode() in response.content  # kept for the user
        assert not ConsultationResponse.objects.exists()

    def test_tampered_question_ids_ignored(
        self, client, page, city, people, make_consultation, ministry
    ):
        other = make_consultation(ministry, invited=[city])
        foreign = other.questions.first()
        client.force_login(people["city_editor"])
        data = post_data(page, city)
        data[f"q_{foreign.pk}"] = "Injected"
        data["q_999999"] = "Injected"
        data["q_abc"] = "Injected"
        assert client.post(respond_url(page), data).status_code == 302
        saved = ConsultationResponse.objects.get()
        assert "Injected" not in str(saved.answers)
        assert set(saved.answers) <= {str(q.pk) for q in page.questions.all()}

    def test_tampered_organisation_and_version(self, client, page, city, ngo, people):
        client.force_login(people["city_editor"])
        data = post_data(page, city)
        data["organisation"] = ngo.pk
        assert client.post(respond_url(page), data).status_code == 403
        data = post_data(page, city)
        data["version"] = "abc"
        assert client.post(respond_url(page), data).status_code == 400
        data["consent"] = "everything"
        assert client.post(respond_url(page), data).status_code == 400
        assert not ConsultationResponse.objects.exists()


def test_ids_past_64_bits_are_not_found(client, people):
    """The database cannot hold such an id; the query raised (a 500 found by the hostile crawl)."""
    client.force_login(people["city_editor"])
    huge = 2**64
    assert client.get(f"/consultations/{huge}/respond/").status_code == 404
    assert client.get(f"/consultations/1/responses/{huge}/").status_code == 404
    assert client.get(f"/consultations/{huge}/export.csv").status_code == 404
