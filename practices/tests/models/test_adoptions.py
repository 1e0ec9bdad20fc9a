"""The Adoption model's validation."""

import pytest
from django.core.exceptions import ValidationError

from practices.models import Adoption

pytestmark = pytest.mark.django_db


def test_adoption_of_own_practice_is_invalid(city, make_practice):
    page = make_practice(city)
    with pytest.raises(ValidationError):
        Adoption(practice=page, organisation=city).full_clean()
