"""The owner's side: dashboard aggregates, exports, outcome and consent, opening."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultations import dashboard
from consultations.models import (
    Consent,
    ConsultationPage,
    ConsultationResponse,
    Outcome,
    ResponseVersion,
)
from forum_site.notifications.models import Notification

pytestmark = pytest.mark.django_db


def submit(page, organisation, answers_by_text, consent=Consent.PRIVATE):
    questions = {q.text: q for q in page.questions.all()}
    answers = {str(questions[t].pk): v for t, v in answers_by_text.items()}
    response = ConsultationResponse.objects.create(
        consultation=page,
        organisation=organisation,
        answers=answers,
        submitted_answers=answers,
        consent=consent,
        submitted_consent=consent,
        status="submitted",
        submission_count=1,
        submitted_at=timezone.now(),
    )
    ResponseVersion.objects.create(
        response=response, number=1, answers=answers, consent=consent, submitted_at=timezone.now()
    )
    return response


@pytest.fixture
def known(make_consultation, make_org, ministry):
    """Four invited organisations, three responses with known answers."""
    a = make_org("Alpha City", kind="city", country="GH")
    b = make_org("Beta City", kind="city", country="IT")
    c = make_org("Gamma NGO", kind="civil_society", country="GH")
    d = make_org("Delta Town", kind="city", country="GH")
    page = make_consultation(ministry, invited=[a, b, c, d])
    submit(
        page,
        a,
        {
            "Tell us more": "=SUM(1,2)",
            "Pick one": "Red",
            "Pick many": ["A", "B"],
            "Rate it": 5,
            "Agree?": "yes",
        },
        Consent.ATTRIBUTED,
    )
    submit(
        page,
        b,
        {
            "Tell us more": "Ciao, «città»",
            "Pick one": "Red",
            "Pick many": ["B"],
            "Rate it": 2,
            "Agree?": "no",
        },
        Consent.ANONYMISED,
    )
    submit(page, c, {"Pick one": "Blue", "Rate it": 2, "Agree?": "yes"}, Consent.PRIVATE)
    # A draft never counts.
    ConsultationResponse.objects.create(consultation=page, organisation=d, answers={"x": 1})
    return page, {"a": a, "b": b, "c": c, "d": d}


def test_dashboard_aggregates(known):
    page, orgs = known
    data = dashboard.build(page)
    rates = data["rates"]
    assert (rates["overall"].invited, rates["overall"].responded) == (4, 3)
    assert rates["overall"].percent == 75.0
    by_kind = {r.label: (r.invited, r.responded) for r in rates["by_kind"]}
    assert by_kind == {"City or municipality": (3, 2), "Civil society organisation": (1, 1)}
    by_country = {r.label: (r.invited, r.responded) for r in rates["by_country"]}
    assert by_country == {"Ghana": (3, 2), "Italy": (1, 1)}
    by_region = {r.label: (r.invited, r.responded) for r in rates["by_region"]}
    assert by_region == {"Africa": (3, 2), "Europe": (1, 1)}
    summaries = {s.question.text: s for s in data["questions"]}
    pick_one = {b.label: (b.count, b.percent) for b in summaries["Pick one"].bars}
    assert pick_one == {"Red": (2, 66.7), "Green": (0, 0.0), "Blue": (1, 33.3)}
    many = {b.label: (b.count, b.percent) for b in summaries["Pick many"].bars}
    assert many == {"A": (1, 50.0), "B": (2, 100.0), "C": (0, 0.0)}
    rate = summaries["Rate it"]
    assert rate.mean == 3.0
    assert [b.count for b in rate.bars] == [0, 2, 0, 0, 1]
    assert {b.label: b.count for b in summaries["Agree?"].bars} == {"Yes": 2, "No": 1}
    texts = summaries["Tell us more"].texts
    assert sorted(texts) == [("Alpha City", "=SUM(1,2)"), ("Beta City", "Ciao, «città»")]
    assert "<svg" in summaries["Pick one"].chart and "Red" in summaries["Pick one"].chart


def test_dashboard_page_and_chart_escaping(client, known, people, make_consultation, ministry):
    page, _orgs = known
    client.force_login(people["owner"])
    response = client.get(reverse("consultations:dashboard", args=[page.pk]))
    assert response.status_code == 200
    assert response.content.count(b"<svg") >= 5
    evil = make_consultation(
        ministry,
        audience="public",
        questions=[{"text": "<script>x</script>", "kind": "single", "choices": "<b>a</b>\nb"}],
    )
    response = client.get(reverse("consultations:dashboard", args=[evil.pk]))
    assert b"<script>x</script>" not in response.content
    assert b"<b>a</b>" not in response.content


def _expected_rows(page):
    rows = {}
    for response in ConsultationResponse.objects.filter(consultation=page, submission_count__gt=0):
        answers = []
        for question in page.questions.all():
            value = response.submitted_answers.get(str(question.pk), "")
            answers.append("; ".join(value) if isinstance(value, list) else str(value))
        rows[response.organisation.name] = answers
    return rows


def test_exports_parse_back(client, known, people):
    page, _orgs = known
    client.force_login(people["owner"])
    expected = _expected_rows(page)
    n_questions = page.questions.count()

    csv_response = client.get(reverse("consultations:export_csv", args=[page.pk]))
    assert csv_response["Content-Type"].startswith("text/csv")
    reader = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    header, body = reader[0], reader[1:]
    assert len(header) == 6 + n_questions
    parsed = {row[0]: [c[1:] if c.startswith("'=") else c for c in row[6:]] for row in body}
    assert parsed == expected
    # The formula-looking answer is neutralised in CSV.
    assert any(c == "'=SUM(1,2)" for row in body for c in row)

    xlsx_response = client.get(reverse("consultations:export_xlsx", args=[page.pk]))
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == header
    parsed = {row[0]: [("" if c is None else str(c)) for c in row[6:]] for row in rows[1:]}
    assert parsed == expected  # exactly, the formula text included, as text


def test_outcome_publish_with_consent(
    client, known, people, make_user, django_capture_on_commit_callbacks
):
    page, orgs = known
    members = [make_user(f"m-{k}", org=o) for k, o in orgs.items()]
    ConsultationPage.objects.filter(pk=page.pk).update(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(days=1)
    )
    question = page.questions.get(text="Pick one")
    client.force_login(people["owner"])
    url = reverse("consultations:outcome", args=[page.pk])
    data = {
        "summary": "Thanks to all.",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "60",
        "items-0-question": str(question.pk),
        "items-0-heard": "Most prefer red.",
        "items-0-will_do": "We will paint it red.",
        "items-1-question": "",
        "items-1-heard": "",
        "items-1-will_do": "",
        "action": "publish",
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    outcome = Outcome.objects.get(consultation=page)
    assert outcome.published_at and outcome.items.get().question == question
    page_response = client.get(page.url)
    content = page_response.content.decode()
    assert "We will paint it red." in content
    assert "Alpha City" in content  # attributed
    assert "Respondent" in content  # anonymised, name withheld
    public_section = content[content.index("Published responses") :]
    assert "Beta City" not in public_section
    assert "Gamma NGO" not in public_section  # did not consent
    notified = set(
        Notification.objects.filter(kind="consultation_outcome").values_list(
            "user__username", flat=True
        )
    )
    assert {m.username for m in members} <= notified
    # Publishing again notifies nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert Notification.objects.filter(kind="consultation_outcome", user=members[0]).count() == 1
    assert any("Outcome published" in m.subject for m in mail.outbox)


def test_outcome_not_publishable_while_open(client, known, people):
    page, _ = known
    client.force_login(people["owner"])
    data = {
        "summary": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "60",
        "items-0-question": "",
        "items-0-heard": "Early",
        "items-0-will_do": "",
        "action": "publish",
    }
    client.post(reverse("consultations:outcome", args=[page.pk]), data)
    assert not Outcome.objects.filter(consultation=page, published_at__isnull=False).exists()


def test_outcome_bad_input(client, known, people):
    page, _ = known
    client.force_login(people["owner"])
    base = {
        "summary": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "60",
        "items-0-heard": "x",
        "items-0-will_do": "",
        "action": "save",
    }
    for bad in (
        {"items-0-question": "999999"},
        {"items-0-heard": "y" * 5001},
        {"items-TOTAL_FORMS": "abc"},
    ):
        response = client.post(reverse("consultations:outcome", args=[page.pk]), {**base, **bad})
        assert response.status_code == 200
        assert b"Please correct the errors" in response.content
    assert not Outcome.objects.exists()


def test_dashboard_query_count_with_300_responses(
    client, make_consultation, make_org, ministry, people, django_assert_max_num_queries
):
    page = make_consultation(ministry, audience="public")
    questions = list(page.questions.all())
    orgs = [
        make_org(f"Org {i}", kind="city", country=["GH", "IT", "KE"][i % 3]) for i in range(300)
    ]
    ConsultationResponse.objects.bulk_create(
        ConsultationResponse(
            consultation=page,
            organisation=org,
            status="submitted",
            submission_count=1,
            submitted_at=timezone.now(),
            submitted_answers={
                str(questions[0].pk): f"Answer {i}",
                str(questions[1].pk): ["Red", "Green", "Blue"][i % 3],
                str(questions[2].pk): ["A", "C"][: 1 + i % 2],
                str(questions[3].pk): 1 + i % 5,
                str(questions[4].pk): "yes" if i % 4 else "no",
            },
        )
        for i, org in enumerate(orgs)
    )
    client.force_login(people["owner"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("consultations:dashboard", args=[page.pk]))
    assert response.status_code == 200
    assert b"300 of 300 organisations" in response.content
    with django_assert_max_num_queries(12):
        assert client.get(reverse("consultations:export_csv", args=[page.pk])).status_code == 200


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
        ],
    )
    def test_bad_input(self, client, people, ministry, city, bad):
        client.force_login(people["owner"])
        response = client.post(self.url, self.data(ministry, city, **bad))
        assert response.status_code == 200
        assert b"Please correct the errors" in response.content
        assert not ConsultationPage.objects.filter(title="Our new policy").exists()

    def test_template_prefills_questions(self, client, people):
        client.force_login(people["owner"])
        response = client.get(self.url + "?template=migration-marker-review")
        content = response.content.decode()
        assert "disaggregated by migratory status" in content
        assert "questions-8-text" in content  # nine seeded questions
