"""What the registration box says before anyone submits: open (with the places
left), full (the waiting list, on the page and on the form shown again with
errors), not open yet, closed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import rules
from events.models import Registration
from events.registration import register

pytestmark = pytest.mark.django_db

FULL = "Full — you will be on the waiting list"


def test_open_with_places_left(client, make_event, city, ngo, people):
    event = make_event("Forum", capacity=3)
    register(people[0], event, ngo)
    assert rules.registration_state(event) == rules.OPEN
    client.force_login(people[1])
    page = client.get(event.url).content.decode()
    assert "2 places left" in page
    assert FULL not in page and "Join the waiting list" not in page
    assert ">Register</button>" in page


def test_no_capacity_is_never_full(client, make_event, people):
    event = make_event("Forum")
    assert rules.places_left(event) is None and not rules.is_full(event)
    client.force_login(people[1])
    page = client.get(event.url).content.decode()
    assert "places left" not in page and FULL not in page


def test_full_says_waiting_list_before_registering(client, make_event, city, ngo, people):
    event = make_event("Forum", capacity=1)
    register(people[0], event, ngo)
    assert rules.registration_state(event) == rules.FULL
    client.force_login(people[1])
    page = client.get(event.url).content.decode()
    assert FULL in page
    assert "Full: new registrations join the waiting list" in page
    assert 'aria-describedby="waiting-list-notice">Join the waiting list</button>' in page
    assert ">Register</button>" not in page
    # Registering then joins the waiting list, as announced.
    client.post(f"/events/{event.slug}/register/", {"organisation": city.pk})
    assert Registration.objects.get(user=people[1]).status == "waiting"


def test_full_notice_for_visitors_not_logged_in(client, make_event, ngo, people):
    event = make_event("Forum", capacity=1)
    register(people[0], event, ngo)
    page = client.get(event.url).content.decode()
    assert FULL in page and "Log in to register" in page


def test_full_on_the_form_shown_again(client, make_event, city, ngo, people):
    """The form with errors (a required question unanswered) keeps the notice."""
    from events.models import RegistrationQuestion

    event = make_event("Forum", capacity=1)
    RegistrationQuestion.objects.create(page=event, label="Dietary needs", required=True)
    register(people[0], event, ngo, answers={})
    client.force_login(people[1])
    response = client.post(f"/events/{event.slug}/register/", {"organisation": city.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert FULL in page and "Join the waiting list</button>" in page
    assert not Registration.objects.filter(user=people[1]).exists()


def test_a_cancellation_frees_a_place(client, make_event, city, ngo, people):
    from events.registration import cancel

    event = make_event("Forum", capacity=1)
    first = register(people[0], event, ngo)
    cancel(first)
    client.force_login(people[1])
    page = client.get(event.url).content.decode()
    assert FULL not in page and "1 place left" in page


def test_not_open_yet(client, make_event, people):
    event = make_event("Forum", registration_opens_at=timezone.now() + timedelta(days=2))
    assert rules.registration_state(event) == rules.NOT_OPEN_YET
    client.force_login(people[1])
    page = client.get(event.url).content.decode()
    assert "Registration is not open yet" in page and "Registration opens on" in page
    assert "Register on behalf of" not in page


@pytest.mark.parametrize(
    "fields",
    [
        {"registration_deadline": "past"},
        {"registration_enabled": False},
        {"cancelled": True},
    ],
    ids=["deadline-passed", "no-registrations", "cancelled"],
)
def test_closed(client, make_event, people, fields):
    if fields.get("registration_deadline") == "past":
        fields = {"registration_deadline": timezone.now() - timedelta(hours=1)}
    event = make_event("Forum", capacity=1, **fields)
    assert rules.registration_state(event) == rules.CLOSED
    client.force_login(people[1])
    page = client.get(event.url).content.decode()
    assert "Registration is closed" in page
    assert "Register on behalf of" not in page and FULL not in page
