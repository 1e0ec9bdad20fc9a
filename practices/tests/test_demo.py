"""The demo practices: enough of them, spread out, and idempotent."""

from forum_site.demo import seed_people
from practices.demo import seed
from practices.models import Adoption, CallForPracticesPage, PracticeCountry, PracticePage


def snapshot():
    return (
        sorted(PracticePage.objects.values_list("slug", "live", "status", "latest_revision_id")),
        sorted(Adoption.objects.values_list("practice_id", "organisation_id", "status", "note")),
        sorted(CallForPracticesPage.objects.values_list("slug", "deadline")),
    )


def test_seed_demo_creates_practices_and_is_idempotent(seeded_demo, client):
    live = PracticePage.objects.live()
    assert live.count() >= 60
    assert Adoption.objects.count() >= 15
    assert live.values("status").distinct().count() == 4
    assert PracticeCountry.objects.values("region").distinct().count() >= 4
    assert live.values("themes").distinct().count() >= 15
    assert live.values("organisation").distinct().count() >= 12
    assert PracticePage.objects.filter(live=False).count() == 1  # one waiting for moderation
    assert not Adoption.objects.filter(practice__organisation=models_F("organisation")).exists()
    assert "(fictional)" in live.first().contact_name
    before = snapshot()
    seed(seed_people())
    assert snapshot() == before
    response = client.get("/practices/?sort=adopted")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 60


def models_F(name):
    from django.db.models import F

    return F(name)
