from wagtail.models import Locale

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


def test_the_milan_translations_show_the_agenda_in_their_languages(seeded_demo, client):
    from icalendar import Calendar

    from events.demo.languages import MILAN_AGENDA
    from events.models import EventSession

    milan = EventPage.objects.get(slug="mayoral-forum-milan", locale__language_code="en")
    english_uids = {s.uid for s in milan.sessions.all()}
    closing = "Closing: messages to the Global Forum"
    for language, words in MILAN_AGENDA.items():
        html = client.get(f"/{language}/events/mayoral-forum-milan/").content.decode()
        assert words[closing] in html and closing not in html
        assert words["Plenary hall"] in html
        ics = Calendar.from_ical(
            client.get(f"/{language}/events/mayoral-forum-milan/event.ics").content
        )
        summaries = {
            str(e["UID"]): str(e["SUMMARY"]) for e in ics.walk("VEVENT") if "RELATED-TO" in e
        }
        assert set(summaries) == english_uids
        assert any(s.startswith(words[closing]) for s in summaries.values())

    # A demo seeded before sessions were translatable: its translations' agenda
    # was the source's words; seeding again translates it.
    arabic = EventPage.objects.get(
        pk=milan.get_translation(Locale.objects.get(language_code="ar")).pk
    )
    for session in arabic.sessions.all():
        source = milan.sessions.get(translation_key=session.translation_key)
        EventSession.objects.filter(pk=session.pk).update(title=source.title, room=source.room)
    rows = sorted(arabic.sessions.values_list("pk", flat=True))
    seed(seed_people())
    assert sorted(arabic.sessions.values_list("pk", flat=True)) == rows
    titles = set(arabic.sessions.values_list("title", flat=True))
    assert MILAN_AGENDA["ar"][closing] in titles and closing not in titles
