"""Faceted filtering of practices, shared by the listing, the exports and the tests.

Filters come from the query string (so a filtered URL can be shared):
``theme``, ``target``, ``gcm``, ``sdg``, ``region``, ``country``, ``kind``,
``status`` (each may repeat: values of one facet are OR-ed, facets are
AND-ed), ``year_from``/``year_to`` (the practice ran at some point in that
range) and ``q`` (free text). Unknown or malformed values are dropped with a
notice instead of failing.

The practices come from ``rules.visible_practices``. The free text is matched
by the search service, so the library finds what /search/ finds: search (a floor
above) registers a ``text_search`` hook, ``fn(queryset, text) -> queryset or
None`` (None: it does not search that model); without one, the words are
matched in the title, summary, cities and owner's name.

Counts are computed by the database: one grouped query per facet, each over
the practices that match all *other* facets, whatever the number of practices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django_countries import countries as all_countries
from wagtail import hooks

from forum_site.organisations.models import OrganisationKind
from forum_site.organisations.regions import Region
from forum_site.translations import in_reader_language
from practices import rules
from practices.classification import TaxonomyRelation, taxonomy_relation
from practices.models import MIN_YEAR, PracticeCountry, PracticePage, Status, max_year

MAX_QUERY_LENGTH = 200
SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "adopted": ("-adoption_count", "-first_published_at", "-pk"),
    "title": ("title", "pk"),
}
DEFAULT_SORT = "newest"


@dataclass
class Option:
    value: str
    label: str
    count: int = 0
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)

    @property
    def selected_count(self) -> int:
        return sum(1 for o in self.options if o.selected)


class M2MFacet:
    """A facet over one of the practice's taxonomy relations."""

    def __init__(self, name, label, relation: TaxonomyRelation):
        self.name, self.label = name, label
        self.model, self.relation, self.key = relation.term, relation.field, relation.key

    @property
    def through(self):
        return getattr(PracticePage, self.relation).through

    @property
    def term_column(self) -> str:
        return f"{self.model._meta.model_name}_id"

    def parse(self, raw: list[str]) -> tuple[list, list[str]]:
        wanted = {value.strip() for value in raw if value.strip()}
        if not wanted:
            return [], []
        if self.key == "number":
            numbers = {int(v) for v in wanted if v.isdigit() and len(v) < 4}
            found = dict(self.model.objects.filter(number__in=numbers).values_list("number", "pk"))
            valid = [str(n) for n in sorted(found)]
            ids = list(found.values())
        else:
            terms = self.model.objects.filter(**{f"{self.key}__in": wanted})
            found = dict(terms.values_list(self.key, "pk"))
            valid = sorted(found)
            ids = list(found.values())
        bad = sorted(wanted - set(valid))
        return ([(valid, ids)] if ids else []), bad

    def apply(self, queryset, parsed):
        (_values, ids) = parsed[0]
        pages = self.through.objects.filter(**{f"{self.term_column}__in": ids}).values(
            "practicepage_id"
        )
        return queryset.filter(pk__in=pages)

    def counts(self, queryset) -> dict:
        rows = (
            self.through.objects.filter(practicepage_id__in=queryset.values("pk"))
            .values(self.term_column)
            .annotate(n=Count("practicepage_id", distinct=True))
            .values_list(self.term_column, "n")
        )
        return dict(rows)

    def options(self, counts, selected_values) -> list[Option]:
        options = []
        for term in self.model.objects.all():
            value = str(getattr(term, self.key))
            options.append(
                Option(
                    value=value,
                    label=str(term),
                    count=counts.get(term.pk, 0),
                    selected=value in selected_values,
                )
            )
        return options


class ChoiceFacet:
    """A facet over a column with fixed choices (status, owner's kind, region, country)."""

    def __init__(self, name, label, choices, lookup, count_field=None, through_countries=False):
        self.name, self.label, self.choices, self.lookup = name, label, choices, lookup
        self.through_countries = through_countries
        self.count_field = count_field or lookup

    def valid_values(self):
        return {str(value) for value, _label in self.choices()}

    def parse(self, raw):
        wanted = {value.strip() for value in raw if value.strip()}
        if self.name == "country":
            wanted = {value.upper() for value in wanted}
        valid_values = self.valid_values()
        valid = sorted(wanted & valid_values)
        bad = sorted(wanted - valid_values)
        return ([(valid, valid)] if valid else []), bad

    def apply(self, queryset, parsed):
        values = parsed[0][0]
        if self.through_countries:
            pages = PracticeCountry.objects.filter(**{f"{self.lookup}__in": values}).values(
                "page_id"
            )
            return queryset.filter(pk__in=pages)
        return queryset.filter(**{f"{self.lookup}__in": values})

    def counts(self, queryset) -> dict:
        if self.through_countries:
            rows = (
                PracticeCountry.objects.filter(page_id__in=queryset.values("pk"))
                .values(self.lookup)
                .annotate(n=Count("page_id", distinct=True))
                .values_list(self.lookup, "n")
            )
        else:
            rows = (
                queryset.order_by()
                .values(self.count_field)
                .annotate(n=Count("pk"))
                .values_list(self.count_field, "n")
            )
        return {str(key): n for key, n in rows}

    def options(self, counts, selected_values) -> list[Option]:
        options = []
        for value, label in self.choices():
            value = str(value)
            if self.name == "country" and not counts.get(value) and value not in selected_values:
                continue  # 250 countries: list only those with practices
            options.append(
                Option(
                    value=value,
                    label=str(label),
                    count=counts.get(value, 0),
                    selected=value in selected_values,
                )
            )
        return options


def facet_definitions():
    return [
        M2MFacet("theme", _("Theme"), taxonomy_relation("themes")),
        M2MFacet("target", _("Target group"), taxonomy_relation("target_groups")),
        M2MFacet("gcm", _("GCM objective"), taxonomy_relation("gcm_objectives")),
        M2MFacet("sdg", _("Sustainable Development Goal"), taxonomy_relation("sdgs")),
        ChoiceFacet(
            "region", _("Region"), lambda: Region.choices, "region", through_countries=True
        ),
        ChoiceFacet(
            "country", _("Country"), lambda: list(all_countries), "country", through_countries=True
        ),
        ChoiceFacet(
            "kind",
            _("Kind of organisation"),
            lambda: OrganisationKind.choices,
            "organisation__kind",
        ),
        ChoiceFacet("status", _("Status"), lambda: Status.choices, "status"),
    ]


@dataclass
class FilterResult:
    queryset: object  # the filtered (unsorted) practices
    facets: list[Facet]
    notices: list[str]
    params: dict  # the valid filters, as cleaned strings
    sort: str
    query: str
    year_from: int | None
    year_to: int | None

    @property
    def active(self) -> bool:
        return bool(self.params)


def _parse_year(raw: str | None, end: str, notices: list[str]) -> int | None:
    """A year filter's value, or None with a notice; ``end`` is "from" or "to"."""
    if raw is None or raw.strip() == "":
        return None
    raw = raw.strip()
    if raw.isdigit() and MIN_YEAR <= int(raw) <= max_year():
        return int(raw)
    if end == "from":
        message = _(
            "The start year “%(value)s” was ignored: use a year between %(min)s and %(max)s."
        )
    else:
        message = _("The end year “%(value)s” was ignored: use a year between %(min)s and %(max)s.")
    notices.append(message % {"value": raw[:20], "min": MIN_YEAR, "max": max_year()})
    return None


def clean_text_query(raw: str | None) -> str:
    """Free text, trimmed and without characters that break search backends."""
    text = (raw or "").replace('"', " ").replace("\x00", " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def match_text(queryset, text: str):
    """``queryset`` narrowed to the practices whose text matches ``text``: by the
    search service when it registered a ``text_search`` hook, else word by word."""
    for search in hooks.get_hooks("text_search"):
        matched = search(queryset, text)
        if matched is not None:
            return matched
    # Words without a letter or digit ("'", "-") would only ever exclude results.
    words = [w for w in text.split() if any(c.isalnum() for c in w)][:8]
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(cities__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return queryset


def filter_practices(get, user, *, with_counts: bool = True, queryset=None) -> FilterResult:
    """Apply the filters in ``get`` (a QueryDict) to the practices ``user`` may
    see (of ``queryset`` when given) and count each facet's values."""
    notices: list[str] = []
    params: dict = {}
    # One entry per translation group, in the reader's language (forum_site.translations).
    base = in_reader_language(rules.visible_practices(user, queryset))

    query = clean_text_query(get.get("q"))
    if query:
        params["q"] = query
        base = match_text(base, query)

    year_from = _parse_year(get.get("year_from"), "from", notices)
    year_to = _parse_year(get.get("year_to"), "to", notices)
    if year_from and year_to and year_from > year_to:
        notices.append(
            _("The year range was reversed; it now reads %(a)s–%(b)s.")
            % {"a": year_to, "b": year_from}
        )
        year_from, year_to = year_to, year_from
    if year_from:
        params["year_from"] = str(year_from)
        base = base.filter(Q(end_year__isnull=True) | Q(end_year__gte=year_from))
    if year_to:
        params["year_to"] = str(year_to)
        base = base.filter(start_year__lte=year_to)

    definitions = facet_definitions()
    parsed = {}
    for facet in definitions:
        raw = get.getlist(facet.name) if hasattr(get, "getlist") else get.get(facet.name, [])
        if isinstance(raw, str):
            raw = [raw]
        value, bad = facet.parse(raw[:50])
        for item in bad:
            notices.append(
                _("The %(facet)s “%(value)s” is unknown and was ignored.")
                % {"facet": facet.label.lower(), "value": item[:40]}
            )
        if value:
            parsed[facet.name] = value
            params[facet.name] = value[0][0]

    def apply_all(queryset, skip=None):
        for facet in definitions:
            if facet.name in parsed and facet.name != skip:
                queryset = facet.apply(queryset, parsed[facet.name])
        return queryset

    filtered = apply_all(base)
    facets = []
    if with_counts:
        for facet in definitions:
            others = apply_all(base, skip=facet.name)
            selected = set(params.get(facet.name, []))
            facets.append(
                Facet(
                    name=facet.name,
                    label=facet.label,
                    options=facet.options(facet.counts(others), selected),
                )
            )

    sort = get.get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        notices.append(
            _("The sort order “%(value)s” is unknown; showing newest first.") % {"value": sort[:20]}
        )
        sort = DEFAULT_SORT

    return FilterResult(
        queryset=filtered,
        facets=facets,
        notices=notices,
        params=params,
        sort=sort,
        query=query,
        year_from=year_from,
        year_to=year_to,
    )


def sorted_practices(result: FilterResult):
    """The filtered practices in the chosen order, each with its adoption count."""
    return result.queryset.with_adoption_count().order_by(*SORTS[result.sort])
