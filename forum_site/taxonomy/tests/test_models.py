import pytest
from django.apps import apps

from forum_site.taxonomy.models import GCMObjective, SDGTarget

pytestmark = pytest.mark.django_db


def test_objective_short_titles_and_str():
    objective = GCMObjective.objects.get(number=23)
    assert "International cooperation" in objective.name
    assert str(objective).startswith("23. ")
    assert str(SDGTarget.objects.get(code="17.18")).startswith("17.18 ")


def test_each_taxonomys_key_field_is_unique():
    # Filter URLs, exports and the API find a term by its key: it must be unique.
    models = apps.get_app_config("taxonomy").get_models()
    assert {model.__name__: model._meta.get_field(model.key_field).unique for model in models} == {
        "Theme": True,
        "TargetGroup": True,
        "GCMObjective": True,
        "SDG": True,
        "SDGTarget": True,
        "GuidingPrinciple": True,
        "GovernmentLevel": True,
        "StakeholderKind": True,
    }
