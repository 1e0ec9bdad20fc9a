import pytest

from forum_site.taxonomy.models import GCMObjective, SDGTarget

pytestmark = pytest.mark.django_db


def test_objective_short_titles_and_str():
    objective = GCMObjective.objects.get(number=23)
    assert "International cooperation" in objective.name
    assert str(objective).startswith("23. ")
    assert str(SDGTarget.objects.get(code="17.18")).startswith("17.18 ")
