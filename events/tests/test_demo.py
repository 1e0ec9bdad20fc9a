from events import rules
from events.demo import seed
from events.models import Delegation, DelegationMember, EventPage, Registration
from forum_site.demo import seed_people


def snapshot():
    return (
        sorted(
            EventPage.objects.values_list(
                "slug", "sequence", "changed_at", "start", "end", "latest_revision_id"
            )
        ),
        sorted(DelegationMember.objects.values_list("delegation_id", "user_id", "role", "status")),
        sorted(Registration.objects.values_list("event_id", "user_id", "status")),
    )


def test_demo_is_complete_and_idempotent(seeded_demo, client):
    first = snapshot()
    seed(seed_people())
    assert snapshot() == first

    series_editions = EventPage.objects.filter(series__slug="mayoral-forum")
    assert series_editions.count() >= 3
    assert any(e.is_past for e in series_editions) and not all(e.is_past for e in series_editions)
    assert all(e.sessions.count() >= 3 for e in series_editions)
    assert EventPage.objects.filter(event_type="regional_process").count() >= 2
    assert EventPage.objects.exclude(recurrence="").exists()
    assert EventPage.objects.filter(slug="gfmd-summit", all_day=True).exists()
    assert Delegation.objects.count() >= 5
    indicators = [
        d.has_local_authority
        for e in EventPage.objects.all()
        for d in rules.delegations_with_indicator(e)
    ]
    assert True in indicators and False in indicators
    # Everything renders.
    for event in EventPage.objects.all():
        assert client.get(event.url).status_code == 200
        assert client.get(f"{event.url}event.ics").status_code == 200
    assert client.get("/events/calendar.ics").status_code == 200
