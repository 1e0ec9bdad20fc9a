"""The facets of the search page, shared by every backend.

A facet has a query-string name (``theme=housing&theme=health``), a label,
and a way to turn stored values (slugs, codes, numbers) into labels in the
active language. Which model field feeds a facet is each content type's
business (see ``registry.SearchType.facets``); a type that lacks a facet is
left out of the results as soon as that facet is filtered on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from forum_site.organisations.models import OrganisationKind
from forum_site.organisations.regions import Region
from forum_site.taxonomy.models import GCMObjective, TargetGroup, Theme


def _taxonomy_labels(model, key: str = "slug"):
    def labels(values: Iterable) -> dict:
        terms = model.objects.filter(**{f"{key}__in": list(values)})
        return {getattr(term, key): str(term) for term in terms}

    return labels


def _choices_labels(choices) -> Callable[[Iterable], dict]:
    mapping = dict(choices)
    return lambda values: {v: str(mapping.get(v, v)) for v in values}


def _country_labels(values: Iterable) -> dict:
    return {v: str(countries.name(v) or v) for v in values}


def _plain_labels(values: Iterable) -> dict:
    return {v: str(v) for v in values}


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    labels: Callable[[Iterable], dict]
    # Values arrive as strings from the query string; ``cast`` turns them into
    # the stored type (numbers for years and GCM objectives) or raises ValueError.
    cast: Callable[[str], object] = str
    # Newest years first; everything else by count.
    sort_by_value_desc: bool = False


def _year(value: str) -> int:
    year = int(value)
    if not 1900 <= year <= 2200:
        raise ValueError(value)
    return year


def _number(value: str) -> int:
    number = int(value)
    if not 0 < number < 1000:
        raise ValueError(value)
    return number


def _code(max_length: int):
    def cast(value: str) -> str:
        value = value.strip()
        if not value or len(value) > max_length:
            raise ValueError(value)
        return value

    return cast


FACETS: dict[str, Facet] = {
    facet.key: facet
    for facet in [
        Facet("theme", _("Theme"), _taxonomy_labels(Theme), _code(100)),
        Facet("target_group", _("Target group"), _taxonomy_labels(TargetGroup), _code(100)),
        Facet("gcm", _("GCM objective"), _taxonomy_labels(GCMObjective, "number"), _number),
        Facet("region", _("Region"), _choices_labels(Region.choices), _code(3)),
        Facet("country", _("Country"), _country_labels, _code(2)),
        Facet(
            "org_kind",
            _("Kind of organisation"),
            _choices_labels(OrganisationKind.choices),
            _code(32),
        ),
        Facet("year", _("Year"), _plain_labels, _year, sort_by_value_desc=True),
    ]
}
