"""Fixtures for the search tests: a small world of content of every installed type."""

from __future__ import annotations

import pytest
from django.apps import apps

from forum_site.taxonomy.models import Theme


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


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def make_practice(db):
    """A practice page under /practices/ (published unless live=False)."""
    if not _installed("practices.PracticePage"):
        pytest.skip("practices.PracticePage has not landed yet")
    from practices.models import PracticeCountry, PracticeIndexPage, PracticePage

    index = PracticeIndexPage.objects.get()
    counter = {"n": 0}

    def make(
        org,
        title,
        summary="A practice.",
        *,
        live=True,
        countries=None,
        themes=(),
        target_groups=(),
        gcm=(),
        start_year=2020,
        **fields,
    ):
        counter["n"] += 1
        page = PracticePage(
            title=title,
            slug=f"practice-{counter['n']}",
            organisation=org,
            summary=summary,
            start_year=start_year,
            live=False,
            **fields,
        )
        page.themes = list(themes)
        page.target_groups = list(target_groups)
        page.gcm_objectives = list(gcm)
        page.countries = [PracticeCountry(country=c) for c in (countries or [str(org.country)])]
        index.add_child(instance=page)
        return _publish(page) if live else page

    return make


@pytest.fixture
def make_consultation(db):
    if not _installed("consultations.ConsultationPage"):
        pytest.skip("consultations.ConsultationPage has not landed yet")
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import ConsultationIndexPage, ConsultationPage

    index = ConsultationIndexPage.objects.get()
    counter = {"n": 0}

    def make(
        owner,
        title,
        summary="A consultation.",
        *,
        audience="public",
        invited=(),
        live=True,
        opens=-1,
        closes=10,
    ):
        counter["n"] += 1
        now = timezone.now()
        page = ConsultationPage(
            title=title,
            slug=f"consultation-{counter['n']}",
            owner_organisation=owner,
            summary=summary,
            opens_at=now + timedelta(days=opens),
            closes_at=now + timedelta(days=closes),
            audience=audience,
            live=False,
        )
        page.invited_organisations = list(invited)
        index.add_child(instance=page)
        return _publish(page) if live else page

    return make


@pytest.fixture
def make_event(db):
    if not _installed("events.EventPage"):
        pytest.skip("events.EventPage has not landed yet")
    from datetime import timedelta

    from django.utils import timezone

    from events.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.get()
    counter = {"n": 0}

    def make(
        title,
        description="<p>An event.</p>",
        *,
        live=True,
        organisers=(),
        days=10,
        country="GH",
        city="Accra",
        **fields,
    ):
        counter["n"] += 1
        start = timezone.now() + timedelta(days=days)
        page = EventPage(
            title=title,
            slug=f"event-{counter['n']}",
            description=description,
            start=start,
            end=start + timedelta(hours=3),
            country=country,
            city=city,
            live=False,
            **fields,
        )
        page.organisers = list(organisers)
        index.add_child(instance=page)
        return _publish(page) if live else page

    return make


@pytest.fixture
def themes(db):
    return {t.slug: t for t in Theme.objects.all()}
