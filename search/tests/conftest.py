"""Fixtures for the search tests: a small world of content of every installed type."""

from __future__ import annotations

import pytest
from django.apps import apps


def _installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


@pytest.fixture
def orgs(make_org):
    return {
        "accra": make_org(
            "Accra Metropolitan Assembly",
            kind="city",
            country="GH",
            description="Coastal capital city working on integration of migrants and housing.",
        ),
        "milan": make_org(
            "Comune di Milano",
            kind="city",
            country="IT",
            description="Città che accoglie: integrazione e lavoro per i rifugiati.",
        ),
        "ministry": make_org(
            "Ghana Ministry of the Interior",
            kind="national",
            country="GH",
            description="National migration policy and consular affairs.",
        ),
        "paris": make_org(
            "Ville de Paris",
            kind="city",
            country="FR",
            description="Accueil des réfugiés et logement solidaire dans les quartiers.",
        ),
        "ngo": make_org(
            "Migrant Rights Accra",
            kind="civil_society",
            country="GH",
            description="Legal aid for migrant workers.",
        ),
    }


def requires(label: str):
    return pytest.mark.skipif(not _installed(label), reason=f"{label} has not landed yet")
