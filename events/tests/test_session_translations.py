"""An event's agenda in its translations (docs/i18n.md, "Translating content"):
each session's words are translated with the page (wagtail-localize segments of
``EventSession``, a translatable child); its times, order and calendar UID are
the source's; syncing updates the translation's rows in place."""

import importlib
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from events.models import UID_DOMAIN, EventPage, EventSession
from events.tests.test_translations import translate_strings
from forum_site.translations import translate_page

pytestmark = pytest.mark.django_db

FRENCH = {
    "Agenda Forum": "Forum de l’agenda",
    "Opening": "Ouverture",
    "Labour mobility": "Mobilité de la main-d’œuvre",
    "Closing": "Clôture",
    "Plenary hall": "Salle plénière",
    "Mayors speak first.": "Les maires parlent d’abord.",
    "Mayor": "Maire",
}


@pytest.fixture
def agenda_event(make_event):
    start = timezone.now().replace(microsecond=0) + timedelta(days=30)
    return make_event(
        "Agenda Forum",
        start=start,
        end=start + timedelta(hours=8),
        participant_visibility="public",
        sessions=[
            {
                "sort_order": n,
                "title": title,
                "start": start + timedelta(hours=n),
                "end": start + timedelta(hours=n + 1),
                "room": "Plenary hall",
                "description": "Mayors speak first." if n == 0 else "",
                "speakers": [("speaker", {"name": "Ana Lima", "role": "Mayor"})] if n == 0 else [],
            }
            for n, title in enumerate(("Opening", "Labour mobility", "Closing"))
        ],
    )


@pytest.fixture
def french_event(agenda_event):
    return translate_page(agenda_event, "fr", FRENCH)


def ics_sessions(client, url):
    response = client.get(url)
    assert response.status_code == 200
    cal = Calendar.from_ical(response.content)
    return {str(e["UID"]): str(e["SUMMARY"]) for e in cal.walk("VEVENT") if "RELATED-TO" in e}


def test_a_translation_shows_its_sessions_in_its_language(client, agenda_event, french_event):
    rows = list(french_event.sessions.all())
    assert [s.title for s in rows] == ["Ouverture", "Mobilité de la main-d’œuvre", "Clôture"]
    assert {s.room for s in rows} == {"Salle plénière"}
    assert rows[0].description == "Les maires parlent d’abord."
    assert rows[0].speakers[0].value["role"] == "Maire"
    assert rows[0].speakers[0].value["name"] == "Ana Lima"  # kept: no translation given
    # Each row translates one of the source's: same key, the page's locale, the same times.
    source_rows = list(agenda_event.sessions.all())
    assert [s.translation_key for s in rows] == [s.translation_key for s in source_rows]
    assert {s.locale_id for s in rows} == {french_event.locale_id}
    assert {s.locale_id for s in source_rows} == {agenda_event.locale_id}
    assert [s.start for s in rows] == [s.start for s in source_rows]

    html = client.get(f"/fr/events/{agenda_event.slug}/").content.decode()
    assert "Mobilité de la main-d’œuvre" in html and "Salle plénière" in html
    assert "Labour mobility" not in html and "Plenary hall" not in html
    english = client.get(agenda_event.url).content.decode()
    assert "Labour mobility" in english and "Mobilité" not in english


def test_the_translation_calendar_file_has_the_same_session_uids_in_its_words(
    client, agenda_event, french_event
):
    english = ics_sessions(client, f"/events/{agenda_event.slug}/event.ics")
    french = ics_sessions(client, f"/fr/events/{agenda_event.slug}/event.ics")
    assert len(english) == len(french) == 3
    assert set(french) == set(english)  # one calendar item per session, whatever the language
    assert set(english) == {s.uid for s in agenda_event.sessions.all()}
    assert sorted(english.values())[0].startswith("Closing (Agenda Forum)")
    assert "Ouverture (Forum de l’agenda)" in french.values()
    assert not any("Opening" in summary for summary in french.values())


def test_syncing_flags_the_changed_session_and_keeps_the_rows(
    client, agenda_event, french_event, settings
):
    french = Locale.objects.get(language_code="fr")
    rows_before = {s.translation_key: s.pk for s in french_event.sessions.all()}
    uids_before = ics_sessions(client, f"/fr/events/{agenda_event.slug}/event.ics")
    source = TranslationSource.objects.get_for_instance(agenda_event)
    translation = Translation.objects.get(source=source, target_locale=french)
    _total, done_before = translation.get_progress()

    event = EventPage.objects.get(pk=agenda_event.pk)
    labour = event.sessions.get(title="Labour mobility")
    labour.title = "Labour mobility and skills"
    labour.start += timedelta(minutes=30)
    labour.save()
    event.sessions.get(title="Closing").delete()
    added_start = event.start + timedelta(hours=5)
    press = EventSession.objects.create(
        page=event,
        locale=event.locale,
        sort_order=9,
        title="Press",
        start=added_start,
        end=added_start + timedelta(hours=1),
    )
    event = EventPage.objects.get(pk=event.pk)
    event.save_revision().publish()
    source.update_from_db()
    translation = Translation.objects.get(pk=translation.pk)
    total, done = translation.get_progress()
    # The changed title waits for a translator; the unchanged words keep theirs.
    assert done < done_before and done < total
    translation = translate_strings(event, french, {"Press": "Presse"})

    rows = {s.translation_key: s for s in EventPage.objects.get(pk=french_event.pk).sessions.all()}
    source_rows = {s.translation_key: s for s in event.sessions.all()}
    assert set(rows) == set(source_rows)
    for key, row in rows.items():
        if key in rows_before:
            assert row.pk == rows_before[key]  # updated in place
        assert row.start == source_rows[key].start and row.locale_id == french.pk
    assert rows[labour.translation_key].title == "Labour mobility and skills"  # not yet translated
    assert [r.title for r in rows.values() if r.sort_order == 0] == ["Ouverture"]
    assert rows[press.translation_key].title == "Presse"
    # The sessions kept keep their UIDs; the closing one is gone; Press is new in both files.
    uids = ics_sessions(client, f"/fr/events/{agenda_event.slug}/event.ics")
    english = ics_sessions(client, f"/events/{agenda_event.slug}/event.ics")
    assert set(uids) == set(english) and len(uids) == 3
    assert len(set(uids) & set(uids_before)) == 2


def test_a_copy_of_an_event_gets_session_uids_of_its_own(agenda_event):
    session = agenda_event.sessions.first()
    EventSession.objects.filter(pk=session.pk).update(
        legacy_uid=f"session-{session.pk}@{UID_DOMAIN}", legacy_uid_key=session.translation_key
    )
    agenda_event = EventPage.objects.get(pk=agenda_event.pk)
    copy = agenda_event.copy(update_attrs={"slug": "copied-agenda", "title": "Copied"})
    french = translate_page(agenda_event, "fr", FRENCH)
    original = {s.uid for s in agenda_event.sessions.all()}
    assert f"session-{session.pk}@{UID_DOMAIN}" in original
    assert {s.uid for s in french.sessions.all()} == original
    assert not {s.uid for s in copy.sessions.all()} & original


def test_the_agenda_costs_the_same_queries_for_any_number_of_sessions(
    client, make_event, city, index_page
):
    start = timezone.now() + timedelta(days=40)

    def event_with(n, title):
        event = make_event(
            title,
            start=start,
            end=start + timedelta(hours=12),
            participant_visibility="public",
            sessions=[
                {
                    "sort_order": i,
                    "title": f"Session {i}",
                    "start": start + timedelta(hours=i),
                    "end": start + timedelta(hours=i + 1),
                    "speakers": [
                        ("speaker", {"name": f"Speaker {i}", "role": "Mayor", "organisation": city})
                    ],
                    "related_pages": [("page", index_page)],
                }
                for i in range(n)
            ],
        )
        return translate_page(event, "fr", {title: f"{title} (fr)"})

    counts = []
    for n, title in ((2, "Small Agenda"), (8, "Large Agenda")):
        page = event_with(n, title)
        url = f"/fr/events/{page.slug}/"
        client.get(url)  # warm the caches (site, locales)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("Session ") >= n and html.count(f">{city.name}</a>") == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_migration_pairs_a_translation_with_its_source_and_keeps_the_uids(
    client, agenda_event, french_event
):
    """Sessions from before they were translatable: a translation's rows had
    keys of their own (as if unpaired) and the revisions none. The migration
    pairs them with the source's in order and keeps the UIDs calendars were
    given ("session-<id>" of the source's rows)."""
    migration = importlib.import_module("events.migrations.0011_session_translation_keys")

    for session in EventSession.objects.filter(page=french_event):
        EventSession.objects.filter(pk=session.pk).update(translation_key=uuid.uuid4())
    revision = french_event.get_latest_revision()
    for item in revision.content["sessions"]:
        del item["translation_key"], item["locale"]
    revision.save(update_fields=["content"])

    migration.give_keys(apps, None)

    source_rows = list(agenda_event.sessions.order_by("sort_order"))
    rows = list(EventPage.objects.get(pk=french_event.pk).sessions.order_by("sort_order"))
    assert [s.translation_key for s in rows] == [
        EventSession.objects.get(pk=s.pk).translation_key for s in source_rows
    ]
    expected = {f"session-{s.pk}@{UID_DOMAIN}" for s in source_rows}
    assert {s.uid for s in EventSession.objects.filter(page=agenda_event)} == expected
    assert {s.uid for s in rows} == expected
    assert set(ics_sessions(client, f"/fr/events/{agenda_event.slug}/event.ics")) == expected
    revision.refresh_from_db()
    keys = {item["translation_key"] for item in revision.content["sessions"]}
    assert keys == {str(s.translation_key) for s in rows}
    # Publishing that revision keeps the rows and their UIDs.
    revision.publish()
    assert {s.uid for s in EventPage.objects.get(pk=french_event.pk).sessions.all()} == expected


def test_a_related_page_is_linked_in_the_readers_language_where_translated(client, make_event):
    related = make_event("Related Hearing", participant_visibility="public")
    french_related = translate_page(related, "fr", {"Related Hearing": "Audition liée"})
    untranslated = make_event("Only English", participant_visibility="public")
    start = timezone.now() + timedelta(days=50)
    event = make_event(
        "Linking Forum",
        start=start,
        end=start + timedelta(hours=3),
        participant_visibility="public",
        sessions=[
            {
                "title": "Opening",
                "start": start,
                "end": start + timedelta(hours=1),
                "related_pages": [("page", related), ("page", untranslated)],
            }
        ],
    )
    translate_page(event, "fr", {"Opening": "Ouverture"})
    html = client.get(f"/fr/events/{event.slug}/").content.decode()
    assert f'href="{french_related.url}">Audition liée</a>' in html
    assert f'href="{untranslated.url}">Only English</a>' in html
    english = client.get(event.url).content.decode()
    assert f'href="{related.url}">Related Hearing</a>' in english


def test_the_translation_editor_lists_the_session_strings(client, agenda_event, french_event):
    client.force_login(get_user_model().objects.create_superuser("t", "t@example.org", "pw-t-1"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[french_event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Labour mobility" in html and "Mobilit\\u00e9 de la main-d\\u2019\\u0153uvre" in html
