"""Translating an event with wagtail-localize (docs/i18n.md, "Translating
content"): an editor submits it for translation, translates its text, publishes
it; readers find it under the language's prefix, with "Also available in"
links; the synchronised facts stay the source's; every route of a translation
answers and counts for the same event."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from events.models import EventPage, Registration

pytestmark = pytest.mark.django_db

FRENCH_TEXT = {
    "Translated Forum": "Forum traduit",
    "translated-forum": "translated-forum",
    "Accra": "Accra",
    "We meet to talk about reception.": "Nous nous réunissons pour parler d’accueil.",
}


@pytest.fixture
def french(index_page):
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("translator", "t@example.org", "pw-t-1")


def submit(client, page, locale):
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    return client.post(url, {"locales": [locale.pk]})


def translate_strings(page, locale, words, user=None):
    """What the translator types in wagtail-localize's editor: a translation of
    each string of the source, then Publish."""
    source = TranslationSource.objects.get_for_instance(page)
    translation = Translation.objects.get(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = words.get(segment.string.data)
        if text is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text, "translation_type": "manual", "last_translated_by": user},
            )
    # wagtail-localize publishes once the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(user=user, publish=True)
    return translation


@pytest.fixture
def translated(client, editor, make_event, french):
    """An event translated into French through wagtail-localize's admin."""
    event = make_event(
        "Translated Forum",
        description="<p>We meet to talk about reception.</p>",
        participant_visibility="public",
    )
    client.force_login(editor)
    assert submit(client, event, french).status_code == 302
    translation = translate_strings(event, french, FRENCH_TEXT, editor)
    client.logout()
    return (
        event,
        EventPage.objects.get(translation_key=event.translation_key, locale=french),
        (translation),
    )


def test_submitting_creates_a_draft_translation_in_the_target_locale(
    client, editor, make_event, french
):
    event = make_event("Submitted Forum")
    client.force_login(editor)
    assert submit(client, event, french).status_code == 302
    copy = EventPage.objects.get(translation_key=event.translation_key, locale=french)
    # A draft until the translator publishes it; readers never see it.
    assert not copy.live and copy.url_path.startswith("/home-fr/")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[copy.pk])).status_code == 200
    client.logout()
    assert b"Fran\xc3\xa7ais" not in client.get(event.url).content
    # Under /fr/ the reader gets the English page in the French interface, never the
    # draft (forum_site.page_routes.serve_page falls back to the English tree).
    french_address = client.get(f"/fr/events/{event.slug}/")
    assert french_address.status_code == 200
    assert french_address.context["page"].pk == event.pk


def test_translating_and_publishing(client, translated, french):
    event, copy, translation = translated
    assert copy.live and copy.title == "Forum traduit"
    assert "accueil" in copy.description
    total, done = translation.get_progress()
    assert total == done
    html = client.get(f"/fr/events/{event.slug}/").content.decode()
    assert "Forum traduit" in html and "Translated Forum" not in html
    # Readers of each language are offered the other one, in its own name.
    english = client.get(event.url).content.decode()
    assert f'<a href="/fr/events/{event.slug}/" lang="fr" hreflang="fr">français</a>' in english
    assert (
        f'<link rel="alternate" hreflang="fr" href="http://testserver/fr/events/{event.slug}/">'
        in english
    )
    assert f'<a href="/events/{event.slug}/" lang="en" hreflang="en">English</a>' in html


def test_the_facts_are_synchronised_not_translated(client, editor, translated):
    event, copy, translation = translated
    _total, done_before = translation.get_progress()
    event = EventPage.objects.get(pk=event.pk)
    event.start = event.start + timedelta(days=1)
    event.end = event.end + timedelta(days=1)
    event.title = "Translated Forum, new dates"
    event.capacity = 40
    event.save_revision().publish()
    # "Sync translated pages": the source's new strings, and its facts, reach the
    # translation; what was translated stays; the changed title waits for a translator.
    source = TranslationSource.objects.get_for_instance(event)
    source.update_from_db()
    translation = Translation.objects.get(pk=translation.pk)  # its source, afresh
    _total, done = translation.get_progress()
    assert done == done_before - 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    copy = EventPage.objects.get(pk=copy.pk)
    # (wagtail-localize keeps times to the millisecond)
    assert abs(copy.start - event.start) < timedelta(milliseconds=1) and copy.capacity == 40
    assert "accueil" in copy.description
    # The admin's "Sync translated pages" screen answers for the editor.
    client.force_login(editor)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert client.get(url).status_code == 200


def test_translating_and_syncing_keeps_the_agenda_rows_so_queued_tasks_find_them(
    client, editor, make_event, french, settings
):
    """What the worker sees: every task queued while an event with an agenda is
    translated and synced (Wagtail's reference index among them) finds its rows.
    Synchronising the agenda updates the translation's session rows in place
    instead of replacing them (forum_site.child_rows)."""
    start = timezone.now() + timedelta(days=30)
    event = make_event(
        "Translated Forum",
        start=start,
        end=start + timedelta(hours=8),
        sessions=[
            {"sort_order": n, "title": title, "start": start, "end": start + timedelta(hours=1)}
            for n, title in enumerate(("Opening", "Labour mobility", "Closing"))
        ],
    )
    # Queue the tasks as the database backend does, and run them afterwards as
    # the worker does (the test settings run each task as it is queued).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = default_task_backend
    source_rows = sorted(event.sessions.values_list("pk", "title"))
    client.force_login(editor)
    assert submit(client, event, french).status_code == 302
    translation = translate_strings(event, french, FRENCH_TEXT, editor)
    copy = EventPage.objects.get(translation_key=event.translation_key, locale=french)
    rows = sorted(copy.sessions.values_list("pk", "title"))
    assert [title for _pk, title in rows] == ["Opening", "Labour mobility", "Closing"]
    # "Sync translated pages" after the source's agenda changed.
    event = EventPage.objects.get(pk=event.pk)
    session = event.sessions.get(title="Labour mobility")
    session.room = "Room B"
    session.save()
    event.save_revision().publish()
    TranslationSource.objects.get_for_instance(event).update_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        Translation.objects.get(pk=translation.pk).save_target(publish=True)
    assert sorted(copy.sessions.values_list("pk", "title")) == rows
    assert copy.sessions.get(title="Labour mobility").room == "Room B"
    assert sorted(event.sessions.values_list("pk", "title")) == source_rows

    queued = list(backend.results)
    indexed = [r for r in queued if r.task.name == "update_reference_index_task"]
    assert any(r.args[1] == "eventsession" for r in indexed)
    failures = []
    for result in queued:
        try:
            result.task.call(*result.args, **result.kwargs)
        except Exception as error:  # what the worker records as a failed task
            failures.append((result.task.name, result.args, repr(error)))
    assert failures == []


def test_who_may_translate(client, make_event, make_user, city, french):
    """wagtail-localize's admin: those with its permission and the page's (the
    site's editors); an organisation's editors work on the front end, and the
    admin turns them away."""
    event = make_event("Guarded Forum", organisers=[city])
    client.force_login(make_user("org_editor", org=city, role="editor"))
    response = submit(client, event, french)
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/admin/pages/")
    assert not EventPage.objects.filter(locale=french).exists()
    client.logout()
    assert submit(client, event, french).status_code == 302  # to the login page
    assert not EventPage.objects.filter(locale=french).exists()


def test_every_route_of_a_translation_answers(client, translated, make_user, city):
    event, copy, _translation = translated
    member = make_user("route_member", org=city)
    client.force_login(member)
    base = f"/fr/events/{event.slug}/"
    ics = client.get(f"{base}event.ics")
    assert ics.status_code == 200 and b"Forum traduit" in ics.content
    assert client.get(f"{base}participants/").status_code == 200
    assert client.post(f"{base}register/", {"organisation": city.pk}).status_code == 302
    assert client.post(f"{base}listed/", {"listed": "on"}).status_code == 302
    assert client.post(f"{base}delegations/new/", {"organisation": city.pk}).status_code in (
        302,
        403,
    )
    assert client.get(f"/fr/events/{event.slug}.ics").status_code == 301
    # The registration counts for the event, whichever page it was made on.
    assert list(Registration.objects.values_list("event_id", flat=True)) == [event.pk]
    assert b"cancel/" in client.get(event.url).content
    assert client.post(f"{base}cancel/").status_code == 302
    assert Registration.objects.get().status == "cancelled"


def test_listings_show_one_entry_per_event_in_the_readers_language(client, translated):
    event, copy, _translation = translated
    english = client.get("/events/").content.decode()
    french = client.get("/fr/events/").content.decode()
    assert "Translated Forum" in english and "Forum traduit" not in english
    assert "Forum traduit" in french and "Translated Forum" not in french
    feed = client.get("/events/calendar.ics").content.decode()
    assert feed.count("BEGIN:VEVENT") == 1


def test_an_event_written_in_french_is_listed_everywhere_with_its_language(
    client, index_page, make_event, french
):
    """Written in French (in the French tree) and never translated: the English
    listing shows it, marked as French for screen readers and bidi layout."""
    fr_index = index_page.copy_for_translation(french, copy_parents=True)
    fr_index.save_revision().publish()
    start = make_event("Some English Forum").start
    written = EventPage(
        title="Rencontre des maires",
        start=start,
        end=start + timedelta(hours=2),
        city="Dakar",
        locale=french,
    )
    fr_index.add_child(instance=written)
    english = client.get("/events/").content.decode()
    assert "Rencontre des maires" in english
    assert 'lang="fr" dir="auto"' in english
