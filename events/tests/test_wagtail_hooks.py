"""The home page and organisation profile sections events/wagtail_hooks.py adds."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_home_and_organisation_sections(client, make_event, city):
    make_event("Mayoral Forum 2027", organisers=[city])
    make_event(
        "Past regional gathering", start=timezone.now() - timedelta(days=50), organisers=[city]
    )
    home = client.get("/").content.decode()
    assert "Mayoral Forum 2027" in home and "Past regional gathering" not in home
    profile = client.get(city.get_absolute_url()).content.decode()
    assert "Events organised" in profile and "Mayoral Forum 2027" in profile
