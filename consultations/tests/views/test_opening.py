"""Opening a consultation from the front end: who may, for whom, and bad input."""

import pytest
from django.urls import reverse

from consultations.models import (
    ConsultationPage,
)
from forum_site.notifications.models import Notification

pytestmark = pytest.mark.django_db

BIG_ID = "99999999999999999999"  # beyond a 64-bit integer


class TestOpenConsultation:
    url = "/consultations/open/"

    def data(self, ministry, city, **extra):
        base = {
            "owner_organisation": ministry.pk,
            "title": "Our new policy",
            "summary": "Tell us.",
            "background": "Some **background**. <script>x</script>",
            "timezone": "Africa/Accra",
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2099-01-31T17:00",
            "audience": "invited",
            "invited_organisations": [city.pk],
            "questions-TOTAL_FORMS": "2",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "40",
            "questions-0-text": "Which colour?",
            "questions-0-kind": "single",
            "questions-0-choices": "Red\nGreen",
            "questions-0-max_length": "3000",
            "questions-1-text": "",
            "questions-1-kind": "text",
            "questions-1-max_length": "3000",
            "action": "publish",
        }
        base.update(extra)
        return base

    def test_national_editor_opens(
        self, client, people, ministry, city, django_capture_on_commit_callbacks
    ):
        client.force_login(people["owner"])
        assert client.get(self.url).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url, self.data(ministry, city))
        assert response.status_code == 302
        page = ConsultationPage.objects.get(title="Our new policy")
        assert page.live and page.owner_organisation == ministry
        assert list(page.invited_organisations.all()) == [city]
        assert [q.text for q in page.questions.all()] == ["Which colour?"]
        assert page.questions.get().choice_list == ["Red", "Green"]
        assert page.opens_at.utcoffset() is not None
        assert page.local_opens_at().hour == 9 and page.timezone == "Africa/Accra"
        html = str(page.background[0].value)
        assert "<strong>background</strong>" in html and "<script>" not in html
        # It is open, so the invited city hears about it.
        assert Notification.objects.filter(
            user=people["city_editor"], kind="consultation_invitation"
        ).exists()

    def test_draft_is_not_live(
        self, client, people, ministry, city, django_capture_on_commit_callbacks
    ):
        client.force_login(people["owner"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.url, self.data(ministry, city, action="draft"))
        page = ConsultationPage.objects.get(title="Our new policy")
        assert not page.live
        assert not Notification.objects.filter(kind="consultation_invitation").exists()
        client.post(reverse("consultations:publish", args=[page.pk]))
        assert ConsultationPage.objects.get(pk=page.pk).live

    def test_same_title_gets_a_free_slug(self, client, people, ministry, city):
        client.force_login(people["owner"])
        for _ in range(2):
            client.post(self.url, self.data(ministry, city, action="draft"))
        assert sorted(
            ConsultationPage.objects.filter(title="Our new policy").values_list("slug", flat=True)
        ) == ["our-new-policy", "our-new-policy-2"]
        client.post(self.url, self.data(ministry, city, action="draft", title="!!!"))
        assert ConsultationPage.objects.get(title="!!!").slug == "consultation"

    @pytest.mark.parametrize("who", ["city_editor", "owner_member", "ngo_editor"])
    def test_others_cannot_open(self, client, people, ministry, city, who):
        client.force_login(people[who])
        assert client.get(self.url).status_code == 403
        assert client.post(self.url, self.data(ministry, city)).status_code == 403
        assert not ConsultationPage.objects.filter(title="Our new policy").exists()

    def test_cannot_open_for_another_ministry(self, client, people, ministry, city, make_org):
        other = make_org("Other ministry", kind="national")
        client.force_login(people["owner"])
        response = client.post(self.url, self.data(other, city))
        assert response.status_code == 200
        assert not ConsultationPage.objects.filter(title="Our new policy").exists()

    @pytest.mark.parametrize(
        "bad",
        [
            {"closes_at": "2025-12-31T09:00"},
            {"opens_at": "not a date"},
            {"timezone": "Mars/Olympus"},
            {"questions-0-kind": "essay"},
            {"questions-0-choices": "Only one"},
            {"questions-0-text": "q" * 501},
            {"questions-0-text": ""},
            {"questions-TOTAL_FORMS": "x"},
            {"invited_organisations": [], "audience": "invited"},
            {"audience": "everyone"},
            {"title": ""},
            {"title": "\r\n\x00"},
            {"opens_at": "0001-01-01T00:00"},
            {"closes_at": "9999-12-31T23:59"},
            {"opens_at": "2201-01-01T09:00", "closes_at": "2202-01-01T09:00"},
            {"owner_organisation": BIG_ID},
            {"invited_organisations": [BIG_ID]},
            {"themes": [BIG_ID]},
            {"invite_members_of": BIG_ID},
        ],
    )
    def test_bad_input(self, client, people, ministry, city, bad):
        client.force_login(people["owner"])
        response = client.post(self.url, self.data(ministry, city, **bad))
        assert response.status_code == 200
        assert b"Please correct the errors" in response.content
        assert not ConsultationPage.objects.filter(title="Our new policy").exists()

    def test_title_and_question_with_line_breaks_are_put_on_one_line(
        self, client, people, ministry, city
    ):
        client.force_login(people["owner"])
        data = self.data(
            ministry,
            city,
            title="Our new\r\npolicy\u2028",
            **{"questions-0-text": "Which\ncolour?\x00"},
        )
        assert client.post(self.url, data).status_code == 302
        page = ConsultationPage.objects.get(title="Our new policy")
        assert page.questions.get().text == "Which colour?"

    def test_template_prefills_questions(self, client, people):
        client.force_login(people["owner"])
        response = client.get(self.url + "?template=migration-marker-review")
        content = response.content.decode()
        assert "disaggregated by migratory status" in content
        assert "questions-8-text" in content  # nine seeded questions
