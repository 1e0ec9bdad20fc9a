"""The demo data: idempotent, and every side of a consultation is shown."""

import pytest
from django.urls import reverse

from consultations import rules
from consultations.demo import seed
from consultations.models import ConsultationPage, ConsultationResponse, Status
from forum_site.demo import seed_people
from forum_site.discussions.models import Comment

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_shows_every_side(seeded_demo, client):
    world = seed_people()
    counts = (
        ConsultationPage.objects.count(),
        ConsultationResponse.objects.count(),
        Comment.objects.count(),
    )
    seed(world)
    assert counts == (
        ConsultationPage.objects.count(),
        ConsultationResponse.objects.count(),
        Comment.objects.count(),
    )
    assert counts[0] >= 4 and counts[1] >= 30 and counts[2] >= 5
    statuses = {page.status for page in ConsultationPage.objects.all()}
    assert {Status.OPEN, Status.OUTCOME_PUBLISHED, Status.SCHEDULED} <= statuses
    invited = ConsultationPage.objects.get(slug="national-labour-migration-strategy-ghana")
    assert invited.status == Status.OPEN and invited.audience == "invited"
    users = world["users"]
    assert rules.can_manage(users["ministry_editor"], invited)
    assert rules.can_view_consultation(users["city_editor"], invited)
    assert not rules.can_view_consultation(users["ngo_member"], invited)
    assert rules.can_submit_response(users["city_editor"], invited, world["organisations"]["accra"])
    client.force_login(users["ngo_member"])
    assert client.get(invited.url).status_code == 404
    client.force_login(users["city_editor"])
    assert client.get(invited.url).status_code == 200
    assert client.get(reverse("consultations:respond", args=[invited.pk])).status_code == 200


def test_the_invited_consultation_carries_a_commented_draft_text(seeded_demo, client):
    from consultations import drafts
    from consultations.models import ParagraphProposal, QuestionKind

    world = seed_people()
    users = world["users"]
    page = ConsultationPage.objects.get(slug="national-labour-migration-strategy-ghana")
    paragraphs = drafts.paragraphs_with_counts(page)
    assert len(paragraphs) >= 15
    assert {"heading", "p", "li", "table"} <= {p.kind for p in paragraphs}
    assert sum(p.comment_count for p in paragraphs) >= 10
    proposals = ParagraphProposal.objects.filter(paragraph__draft__consultation=page)
    assert proposals.count() >= 3
    assert {p.comment.organisation.slug for p in proposals} == {"accra", "kumasi"}
    kinds = set(page.questions.values_list("kind", flat=True))
    assert kinds == set(QuestionKind.values)
    client.force_login(users["kumasi_editor"])
    html = client.get(page.url).content.decode()
    assert 'data-paragraph="15"' in html
    paragraph_url = reverse("consultations:draft_paragraph", args=[page.pk, paragraphs[8].key])
    assert "<ins>" in client.get(paragraph_url).content.decode()
    client.force_login(users["ngo_member"])
    assert client.get(paragraph_url).status_code == 404
    client.force_login(users["ministry_editor"])
    overview = reverse("consultations:draft_overview", args=[page.pk])
    assert client.get(overview).status_code == 200


def test_the_spanish_ecuadorian_consultation_asks_in_spanish(seeded_demo, client):
    from django.utils import translation

    source = ConsultationPage.objects.get(
        slug="human-mobility-law-regulations-ecuador", locale__language_code="en"
    )
    spanish = ConsultationPage.objects.get(
        translation_key=source.translation_key, locale__language_code="es"
    )
    keys = {q.translation_key for q in source.questions.all()}
    assert {q.translation_key for q in spanish.questions.all()} == keys
    assert not spanish.questions.filter(text__startswith="Does the policy").exists()
    client.force_login(seed_people()["users"]["quito_editor"])
    page = client.get(spanish.url).content.decode()
    assert "¿Se basa la política en datos desglosados por situación migratoria?" in page
    with translation.override("es"):
        url = reverse("consultations:respond", args=[spanish.pk])
    form = client.get(url).content.decode()
    assert "Sí, y los datos se publican" in form
    assert 'value="Yes, and the data are published"' in form  # the answers' values: English
