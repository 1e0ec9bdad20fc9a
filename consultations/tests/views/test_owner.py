"""The owner's pages: the dashboard, the exports, the outcome and its consent."""

import codecs
import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultations.models import ConsultationPage, ConsultationResponse, Outcome
from forum_site.notifications.models import Notification

pytestmark = pytest.mark.django_db


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
    assert csv_response.content.startswith(codecs.BOM_UTF8)  # Excel then reads UTF-8
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
