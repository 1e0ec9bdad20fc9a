"""The registration views: register and cancel on the page, the participant list and CSV."""

import csv
import io

import pytest

from events.models import Registration
from events.registration import register

pytestmark = pytest.mark.django_db


def test_register_through_the_page(client, make_event, city, people):
    event = make_event("Forum", online_url="https://meet.example/r", event_format="hybrid")
    client.force_login(people[1])
    page = client.get(event.url).content.decode()
    assert "meet.example/r" not in page and "Register on behalf of" in page
    response = client.post(f"/events/{event.slug}/register/", {"organisation": city.pk})
    assert response.status_code == 302
    assert "meet.example/r" in client.get(event.url).content.decode()
    client.post(f"/events/{event.slug}/cancel/")
    assert Registration.objects.get().status == "cancelled"
    assert "meet.example/r" not in client.get(event.url).content.decode()


def test_participant_list_visibility_and_opt_out(client, make_event, city, ngo, people, make_user):
    organiser = make_user("org_editor", org=city, role="editor")
    event = make_event("Forum", organisers=[city], participant_visibility="hidden")
    register(people[0], event, ngo, listed=True)
    register(people[1], event, city, listed=False)
    outsider = make_user("outsider")
    url = f"/events/{event.slug}/participants/"
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    event.participant_visibility = "participants"
    event.save()
    assert client.get(url).status_code == 403
    client.force_login(people[1])
    page = client.get(url).content.decode()
    assert "Person-0-Name" in page and "Person-1-Name" not in page  # p1 opted out
    event.participant_visibility = "public"
    event.save()
    client.force_login(outsider)
    page = client.get(url).content.decode()
    assert "Person-0-Name" in page and "Person-1-Name" not in page
    # Organisers see everyone, and export them.
    client.force_login(organiser)
    page = client.get(url).content.decode()
    assert "Person-0-Name" in page and "Person-1-Name" in page
    response = client.get(f"/events/{event.slug}/participants.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name" and len(rows) == 3
    assert {r[1] for r in rows[1:]} == {people[0].email, people[1].email}
    client.force_login(people[0])
    assert client.get(f"/events/{event.slug}/participants.csv").status_code == 403


def test_listed_choice_can_be_changed(client, make_event, city, people):
    event = make_event()
    register(people[1], event, city, listed=True)
    client.force_login(people[1])
    client.post(f"/events/{event.slug}/listed/", {})
    assert Registration.objects.get().listed is False


def test_csv_neutralises_formulas(client, make_event, make_org, make_user):
    org = make_org("=HYPERLINK(evil)")
    editor = make_user("ed", org=org, role="editor")
    event = make_event(organisers=[org])
    register(make_user("m", org=org), event, org)
    client.force_login(editor)
    text = client.get(f"/events/{event.slug}/participants.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text


def test_registering_for_an_id_beyond_a_64_bit_integer_is_refused(client, make_event, city, people):
    event = make_event("Forum")
    client.force_login(people[1])
    response = client.post(
        f"/events/{event.slug}/register/", {"organisation": "99999999999999999999"}
    )
    assert response.status_code < 500
    assert not Registration.objects.exists()
