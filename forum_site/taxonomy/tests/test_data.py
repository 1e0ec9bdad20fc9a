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


def test_objective_short_titles_and_str():
    objective = GCMObjective.objects.get(number=23)
    assert "International cooperation" in objective.name
    assert str(objective).startswith("23. ")
    assert str(SDGTarget.objects.get(code="17.18")).startswith("17.18 ")


def test_seeding_is_idempotent_and_restores_renamed_terms():
    theme = Theme.objects.get(slug="health")
    theme.name = "Something else"
    theme.save()
    before = {m: m.objects.count() for m in (Theme, SDGTarget, GCMObjective, SDG)}
    taxonomy_data.seed(django_apps)
    taxonomy_data.seed(django_apps)
    assert {m: m.objects.count() for m in (Theme, SDGTarget, GCMObjective, SDG)} == before
    assert Theme.objects.get(slug="health").name == "Health"


def test_migration_module_uses_historical_models_only():
    module = importlib.import_module("practices.migrations.0002_seed_taxonomies")
    source = Path(module.__file__).read_text()
    assert "practices.models" not in source and "practices.taxonomy import" not in source


def test_taxonomies_are_managed_as_snippets(client, make_user):
    from django.urls import reverse

    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("wagtailsnippets_taxonomy_gcmobjective:list"))
    assert response.status_code == 200
    assert "Screening, assessment and referral" in response.content.decode()


def test_site_structure_restores_missing_terms_without_undoing_edits():
    from forum_site.site_structure import ensure_site_structure

    Theme.objects.filter(slug="youth").delete()
    health = Theme.objects.get(slug="health")
    health.name = "Health and well-being"
    health.save()
    ensure_site_structure()
    assert Theme.objects.filter(slug="youth").exists()
    assert Theme.objects.get(slug="health").name == "Health and well-being"


def test_practice_edit_form_renders_in_the_wagtail_admin(client, make_user, make_org):
    from django.urls import reverse

    from practices.testing import make_practice

    admin = make_user("root2", is_superuser=True, is_staff=True)
    practice = make_practice(make_org(kind="city"), title="Admin practice")
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[practice.pk]))
    assert response.status_code == 200
    assert 'name="themes"' in response.content.decode()
    add_call = reverse(
        "wagtailadmin_pages:add",
        args=["practices", "callforpracticespage", practice.get_parent().pk],
    )
    assert client.get(add_call).status_code == 200
