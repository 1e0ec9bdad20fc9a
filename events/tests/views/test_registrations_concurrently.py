"""Six people registering for the last seat at the same moment, in threads
with connections of their own (issue #14): exactly one gets it, the others
are on the waiting list, nobody meets a 500. SQLite and PostgreSQL."""

import pytest
from django.test import Client

from events.models import Registration
from events.registration import register
from forum_site.tests.concurrency import run_in_threads, shared_database

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 6


def test_parallel_registrations_for_the_last_seat(make_event, city, make_user):
    event = make_event("Forum", capacity=3)
    for n in range(2):
        register(make_user(f"early{n}", org=city), event, city)
    racers = [make_user(f"racer{n}", org=city) for n in range(RACERS)]

    def register_through_the_page(user):
        client = Client()
        client.force_login(user)
        response = client.post(f"/events/{event.slug}/register/", {"organisation": city.pk})
        return response.status_code

    with shared_database():
        outcomes = run_in_threads(register_through_the_page, [(user,) for user in racers])
        statuses = dict(
            Registration.objects.filter(user__in=racers).values_list("user__username", "status")
        )
        confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    assert outcomes == [302] * RACERS
    assert len(statuses) == RACERS
    assert sorted(statuses.values()) == ["confirmed"] + ["waiting"] * (RACERS - 1)
    assert confirmed == 3
