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
