"""An event's actions are routes of its page (``EventPage`` is a ``RoutablePageMixin``
page): found through the page tree in the request's locale, so a translation with
the same slug is its own event; the old ``/events/<slug>.ics`` redirects; the
POST routes keep their CSRF check."""

import pytest
from django.test import Client
from django.utils import translation
from wagtail.models import Locale

from events.models import EventPage, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def french():
    return Locale.objects.get_or_create(language_code="fr")[0]


def translate(page, locale, title):
    """A published translation of ``page`` (and of its ancestors) in ``locale``:
    the same slug, as wagtail-localize makes it."""
    copy = page.copy_for_translation(locale, copy_parents=True)
    for ancestor in copy.get_ancestors(inclusive=True).filter(depth__gt=1).specific():
        if not ancestor.live:
            ancestor.save_revision().publish()
    copy = EventPage.objects.get(pk=copy.pk)
    copy.title = title
    copy.save_revision().publish()
    return EventPage.objects.get(pk=copy.pk)


def test_the_routes_are_the_old_paths_under_the_page(make_event):
    event = make_event("Route Forum")
    assert event.url == f"/events/{event.slug}/"
    names = {
        "register": "register/",
        "cancel_registration": "cancel/",
        "listed": "listed/",
        "participants": "participants/",
        "participants_csv": "participants.csv",
        "delegation_create": "delegations/new/",
        "event_ics": "event.ics",
    }
    for name, tail in names.items():
        assert event.reverse_subpage(name) == tail


def test_register_works_on_each_translation_of_an_event(
    client, make_event, make_user, city, french
):
    """A registration on a translation counts for the event: it belongs to the
    translation group's source (forum_site.translations), whose capacity,
    participants and delegations every translation shows."""
    event = make_event("Bilingual Forum", participant_visibility="public")
    traduction = translate(event, french, "Forum bilingue")
    assert traduction.slug == event.slug and traduction.pk != event.pk
    assert traduction.url == f"/fr/events/{event.slug}/"
    member = make_user("bilingual", org=city)
    other = make_user("bilingual_other", org=city)
    client.force_login(member)

    response = client.post(f"/fr/events/{event.slug}/register/", {"organisation": city.pk})
    assert response.status_code == 302 and response["Location"] == traduction.url
    assert list(Registration.objects.values_list("event_id", "user_id")) == [(event.pk, member.pk)]
    # Registered on the French page: the English page knows it, and the reverse.
    assert b'action="/events/bilingual-forum/cancel/"' in client.get(event.url).content
    client.force_login(other)
    response = client.post(f"/events/{event.slug}/register/", {"organisation": city.pk})
    assert response.status_code == 302 and response["Location"] == event.url
    html = client.get(traduction.url).content.decode()
    assert f'action="/fr/events/{event.slug}/cancel/"' in html
    assert set(Registration.objects.values_list("event_id", flat=True)) == {event.pk}
    participants = client.get(f"{traduction.url}participants/").content.decode()
    assert "bilingual_other" in participants and "Forum bilingue" in participants
    # The other routes answer for each translation too (no ambiguous slug lookup).
    for url in (event.url, traduction.url):
        assert client.get(f"{url}event.ics").status_code == 200
        assert client.get(f"{url}participants/").status_code == 200
    assert client.post(f"{traduction.url}cancel/").status_code == 302
    assert Registration.objects.get(user=other).status == "cancelled"
    assert Registration.objects.get(user=member).status != "cancelled"


def test_the_page_links_to_its_own_routes_in_its_locale(
    client, make_event, make_user, city, french
):
    event = make_event("Linked Forum")
    traduction = translate(event, french, "Forum lié")
    client.force_login(make_user("linker", org=city))
    html = client.get(traduction.url).content.decode()
    assert f'action="/fr/events/{event.slug}/register/"' in html
    assert f'href="/fr/events/{event.slug}/event.ics"' in html


def test_the_participant_list_links_to_its_csv_route(client, make_event, make_user, city):
    organiser = make_user("csv_organiser", org=city, role="editor")
    event = make_event("Exported Forum", organisers=[city])
    client.force_login(organiser)
    html = client.get(f"{event.url}participants/").content.decode()
    assert f'href="/events/{event.slug}/participants.csv"' in html
    response = client.get(f"/events/{event.slug}/participants.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{event.slug}-participants.csv"'
    )


def test_the_old_ics_address_redirects_to_the_route_in_the_current_language(
    client, make_event, french
):
    event = make_event("Moved Forum")
    traduction = translate(event, french, "Forum déplacé")
    response = client.get(f"/events/{event.slug}.ics")
    assert response.status_code == 301
    assert response["Location"] == f"/events/{event.slug}/event.ics"
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert followed["Content-Type"].startswith("text/calendar")
    assert b"Moved Forum" in followed.content

    response = client.get(f"/fr/events/{event.slug}.ics")
    assert response.status_code == 301
    assert response["Location"] == f"/fr/events/{event.slug}/event.ics"
    assert "Forum déplacé".encode() in client.get(response["Location"]).content
    with translation.override("fr"):
        assert traduction.get_url() == response["Location"].removesuffix("event.ics")

    assert client.get("/events/no-such-event.ics").status_code == 404


def test_the_old_ics_address_falls_back_to_another_locale(client, make_event, french):
    """An event that exists only in English: the French address still finds it."""
    event = make_event("English Only Forum")
    response = client.get(f"/fr/events/{event.slug}.ics")
    assert response.status_code == 301
    assert response["Location"] == f"/events/{event.slug}/event.ics"


def test_the_post_routes_check_the_csrf_token(make_event, make_user, city):
    event = make_event("Guarded Forum")
    member = make_user("guarded", org=city)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    for tail in ("register/", "cancel/", "listed/", "delegations/new/"):
        response = client.post(f"/events/{event.slug}/{tail}", {"organisation": city.pk})
        assert response.status_code == 403, tail
    assert not Registration.objects.exists()
    client.get(event.url)  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/events/{event.slug}/register/", {"organisation": city.pk, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Registration.objects.filter(user=member, event=event).exists()


def test_an_unknown_route_or_a_get_on_a_post_route_is_refused(client, make_event, make_user, city):
    event = make_event("Strict Forum")
    client.force_login(make_user("strict", org=city))
    assert client.get(f"/events/{event.slug}/no-such-route/").status_code == 404
    assert client.get(f"/events/{event.slug}/other.csv").status_code == 404
    assert client.get(f"/events/{event.slug}/register/").status_code == 405
    assert client.get(f"/events/{event.slug}/participants.csv/").status_code == 404
