import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from forum_site.taxonomy import data as taxonomy_data
from forum_site.taxonomy.models import (
    SDG,
    GCMObjective,
    GovernmentLevel,
    GuidingPrinciple,
    SDGTarget,
    StakeholderKind,
    TargetGroup,
    Theme,
)

pytestmark = pytest.mark.django_db


def test_migration_seeds_every_taxonomy():
    assert Theme.objects.count() == 20
    assert TargetGroup.objects.count() == 11
    assert list(GCMObjective.objects.values_list("number", flat=True)) == list(range(1, 24))
    assert list(SDG.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert GuidingPrinciple.objects.count() == 10
    assert set(GovernmentLevel.objects.values_list("slug", flat=True)) == {
        "local",
        "regional",
        "national",
        "cross-border",
    }
    assert StakeholderKind.objects.count() == 6
    codes = set(SDGTarget.objects.values_list("code", flat=True))
    assert {"10.7", "10.c", "8.8", "5.2", "4.1", "3.8", "16.9", "17.18"} <= codes
    assert SDGTarget.objects.get(code="10.7").sdg.number == 10


def test_seeding_is_idempotent_and_restores_renamed_terms():
    theme = Theme.objects.get(slug="health")
    theme.name = "Something else"
    theme.save()
    before = {m: m.objects.count() for m in (Theme, SDGTarget, GCMObjective, SDG)}
    taxonomy_data.seed(django_apps)
    taxonomy_data.seed(django_apps)
    assert {m: m.objects.count() for m in (Theme, SDGTarget, GCMObjective, SDG)} == before
    assert Theme.objects.get(slug="health").name == "Health"


def test_seeding_migration_uses_historical_models_only():
    module = importlib.import_module("practices.migrations.0002_seed_taxonomies")
    source = Path(module.__file__).read_text()
    assert "taxonomy.models" not in source and "practices.models" not in source
