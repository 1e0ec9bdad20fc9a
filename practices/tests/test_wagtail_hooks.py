"""The sections practices add to the home page and organisation profiles, and the API filter."""

import pytest

from practices.models import Adoption

pytestmark = pytest.mark.django_db


def test_organisation_profiles_list_shared_and_adopted(client, practice, city, other_city):
    Adoption.objects.create(practice=practice, organisation=other_city, status="implemented")
    shared = client.get(city.get_absolute_url()).content.decode()
    assert "Practices shared" in shared and practice.title in shared
    adopted = client.get(other_city.get_absolute_url()).content.decode()
    assert "Practices adopted" in adopted and practice.title in adopted and "Implemented" in adopted


def test_home_page_lists_practices(client, practice):
    html = client.get("/").content.decode()
    assert practice.title in html
