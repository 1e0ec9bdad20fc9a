"""The facet table follows every change that can alter a facet value (both databases)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.http import QueryDict

from search import facet_index, registry, service
from search.models import FacetRow
from search.query import parse_request

from .test_search import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def tokens(obj) -> set[str]:
    row = FacetRow.objects.get(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    )
    return set(row.tokens.split())


def facet_counts(query_string: str) -> dict[str, dict[str, int]]:
    request = parse_request(QueryDict(query_string), [t.key for t in registry.search_types()])
    response = service.search(request, AnonymousUser())
    return {f.key: {str(v.value): v.count for v in f.values} for f in response.facets}


def test_tokens_round_trip_any_value():
    values = {"theme": {"a b", "x=y", "ünï", "50%"}, "year": {"2021"}}
    encoded = facet_index.encode(values)
    assert len(encoded.split()) == 5  # one token per value, whatever the value holds
    counts = facet_index.count_tokens([encoded, encoded])
    assert counts == {"theme": dict.fromkeys(values["theme"], 2), "year": {"2021": 2}}


def test_publishing_writes_every_facet_value(orgs, make_practice, themes):
    practice = make_practice(
        orgs["accra"],
        "Rental guarantees",
        themes=[themes["housing"]],
        countries=["GH", "FR"],
        start_year=2019,
    )
    assert tokens(practice) == {
        "theme=housing",
        "country=GH",
        "country=FR",
        "region=002",
        "region=150",
        "org_kind=city",
        "year=2019",
    }


def test_republishing_with_other_themes_and_countries(orgs, make_practice, themes):
    practice = make_practice(orgs["accra"], "Rental guarantees", themes=[themes["housing"]])
    assert "theme=housing" in tokens(practice)
    from practices.models import PracticeCountry

    practice.themes = [themes["health"]]
    practice.countries = [PracticeCountry(country="IT")]
    practice.save_revision().publish()
    assert {t for t in tokens(practice) if t.split("=")[0] in ("theme", "country")} == {
        "theme=health",
        "country=IT",
    }
    assert facet_counts("q=rental")["theme"] == {"health": 1}


def test_many_to_many_change_outside_publishing(orgs, make_practice, themes):
    practice = make_practice(orgs["accra"], "Rental guarantees", themes=[themes["housing"]])
    # Plain related managers (no page save): m2m_changed keeps the row in step.
    themes["health"].practices.add(practice)
    assert "theme=health" in tokens(practice)
    themes["housing"].practices.remove(practice)
    assert "theme=housing" not in tokens(practice)
    themes["health"].practices.clear()
    assert not any(t.startswith("theme=") for t in tokens(practice))


def test_organisation_kind_change_reaches_its_practices(orgs, make_practice, make_event):
    practice = make_practice(orgs["accra"], "Rental guarantees")
    event = make_event("Housing forum", organisers=[orgs["accra"]])
    assert "org_kind=city" in tokens(practice)
    orgs["accra"].kind = "national"
    orgs["accra"].save()
    assert "org_kind=national" in tokens(practice)
    assert "org_kind=city" not in tokens(practice)
    assert "org_kind=national" in tokens(event)
    assert "org_kind=national" in tokens(orgs["accra"])
    assert facet_counts("q=rental")["org_kind"] == {"national": 1}


def test_theme_slug_change_reaches_tagged_content(orgs, make_practice, themes):
    practice = make_practice(orgs["accra"], "Rental guarantees", themes=[themes["housing"]])
    theme = themes["housing"]
    theme.slug = "housing-and-shelter"
    theme.save()
    assert "theme=housing-and-shelter" in tokens(practice)
    assert "theme=housing" not in tokens(practice)


def test_deleting_content_and_related_rows(orgs, make_practice, themes):
    practice = make_practice(orgs["accra"], "Rental guarantees", countries=["GH", "FR"])
    practice.countries.get(country="FR").delete()
    assert "country=FR" not in tokens(practice)
    assert "country=GH" in tokens(practice)
    ct = ContentType.objects.get_for_model(type(practice))
    pk = practice.pk
    practice.delete()
    assert not FacetRow.objects.filter(content_type=ct, object_id=pk).exists()


def test_fill_missing_and_rebuild_repair_the_table(orgs, make_practice, themes):
    practice = make_practice(orgs["accra"], "Rental guarantees", themes=[themes["housing"]])
    expected = tokens(practice)
    FacetRow.objects.all().delete()
    assert facet_index.fill_missing() >= 1
    assert tokens(practice) == expected
    FacetRow.objects.update(tokens="theme=stale")
    ct = ContentType.objects.get_for_model(type(practice))
    FacetRow.objects.create(content_type=ct, object_id=999_999, tokens="theme=gone")
    counts = facet_index.rebuild()
    assert counts["practice"] == 1
    assert tokens(practice) == expected
    assert not FacetRow.objects.filter(object_id=999_999).exists()


def test_facet_counts_follow_an_edit_at_once(orgs, make_practice, themes):
    make_practice(orgs["accra"], "Rental guarantees one", themes=[themes["housing"]])
    second = make_practice(orgs["milan"], "Rental guarantees two", themes=[themes["housing"]])
    assert facet_counts("q=rental")["theme"] == {"housing": 2}
    second.themes = [themes["health"]]
    second.save_revision().publish()
    assert facet_counts("q=rental")["theme"] == {"housing": 1, "health": 1}
    # Counted over what the filters keep (the filters read the content tables).
    assert facet_counts("q=rental&theme=health")["theme"] == {"health": 1}


def test_search_index_facets_command_rebuilds_without_elasticsearch(
    orgs, make_practice, themes, settings
):
    from io import StringIO

    from django.core.management import call_command

    settings.ELASTICSEARCH_URL = ""
    practice = make_practice(orgs["accra"], "Rental guarantees", themes=[themes["housing"]])
    expected = tokens(practice)
    FacetRow.objects.all().delete()
    out = StringIO()
    call_command("search_index", "facets", stdout=out)
    assert tokens(practice) == expected
    assert "practice: 1 facet rows" in out.getvalue()


def test_signals_leave_the_table_as_a_rebuild_would(world):  # noqa: F811
    """Every row written along the way equals the row a full rebuild computes."""
    rows = {
        (ct, oid): t
        for ct, oid, t in FacetRow.objects.values_list("content_type_id", "object_id", "tokens")
    }
    assert rows, "the world fixture creates searchable content"
    facet_index.rebuild()
    rebuilt = {
        (ct, oid): t
        for ct, oid, t in FacetRow.objects.values_list("content_type_id", "object_id", "tokens")
    }
    assert rows == rebuilt


def test_migrate_gives_rows_to_objects_that_have_none(orgs, make_practice, themes):
    from django.apps import apps

    practice = make_practice(orgs["accra"], "Rental guarantees", themes=[themes["housing"]])
    expected = tokens(practice)
    FacetRow.objects.all().delete()
    facet_index._after_migrate(sender=apps.get_app_config("practices"))
    assert not FacetRow.objects.exists()  # once per migrate: on the search app's signal
    facet_index._after_migrate(sender=apps.get_app_config("search"))
    assert tokens(practice) == expected
