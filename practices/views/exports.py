"""Open data: the library's filtered practices as CSV, XLSX and JSON (public
fields only, never the contact person), the same query string as the listing.

Every format carries the fields of ``OPEN_DATA_FIELDS``, with the values the
API shows for them (``PracticePage.api_fields``; a test compares both). The
tables join a list's values with "; "; the files are written by
``forum_site.spreadsheets`` (formula guard, UTF-8 BOM). Links start with the
``SITE_URL`` setting.
"""

from collections import defaultdict

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django_countries import countries as all_countries
from rest_framework.fields import DateTimeField

from forum_site.organisations.regions import Region
from forum_site.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, CsvWriter, to_xlsx
from practices.classification import TAXONOMY_RELATIONS
from practices.filtering import filter_practices, sorted_practices
from practices.models import OPEN_DATA_FIELDS, PracticeCountry, PracticePage
from practices.models.pages import split_cities
from practices.views.submissions import index_page

EXPORT_COLUMNS = list(OPEN_DATA_FIELDS)
LIST_SEPARATOR = "; "

# field -> the term model's field used as the exported value
EXPORT_TERMS = {
    "partners": "name",
    **{relation.field: relation.key for relation in TAXONOMY_RELATIONS},
}

_timestamp = DateTimeField()  # as the API writes first_published_at


def _terms_by_practice(field: str, ids) -> dict[int, list]:
    """One query per relation, as plain tuples: exports handle thousands of rows.
    Terms in their own order (as the API lists them), partners by name."""
    relation = getattr(PracticePage, field)
    through = relation.through
    term_model = relation.rel.model
    target = term_model._meta.model_name
    ordering = ["name"] if field == "partners" else [*term_model._meta.ordering, "pk"]
    rows = (
        through.objects.filter(practicepage_id__in=ids)
        .order_by(*(f"{target}__{name}" for name in ordering))
        .values_list("practicepage_id", f"{target}__{EXPORT_TERMS[field]}")
    )
    grouped = defaultdict(list)
    for page_id, value in rows:
        grouped[page_id].append(value)
    return grouped


def _library_url() -> str:
    index = index_page()
    path = index.get_url_parts()[2] if index and index.get_url_parts() else "/practices/"
    return settings.SITE_URL.rstrip("/") + path


def export_rows(request):
    """Public fields of the filtered practices (never the contact person).

    Reads plain values (no model instances or prefetch machinery) so that
    exporting the whole library stays fast.
    """
    result = filter_practices(request.GET, request.user, with_counts=False)
    practices = list(
        sorted_practices(result).values(
            "pk",
            "title",
            "slug",
            "summary",
            "organisation__name",
            "organisation__slug",
            "organisation__kind",
            "cities",
            "start_year",
            "end_year",
            "status",
            "people_reached",
            "budget_band",
            "funding_sources",
            "original_language",
            "adoption_count",
            "first_published_at",
        )
    )
    ids = [p["pk"] for p in practices]
    terms = {field: _terms_by_practice(field, ids) for field in EXPORT_TERMS}
    countries = defaultdict(list)
    regions = defaultdict(dict)  # page -> {code: None}, in the countries' order
    for page_id, country, region in (
        PracticeCountry.objects.filter(page_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "country", "region")
    ):
        countries[page_id].append(str(country))
        if region:
            regions[page_id][region] = None
    base = _library_url()
    for p in practices:
        pk = p["pk"]
        codes = countries.get(pk, [])
        region_codes = list(regions.get(pk, {}))
        yield {
            "id": pk,
            "title": p["title"],
            "url": f"{base}{p['slug']}/",
            "summary": p["summary"],
            "organisation": p["organisation__name"],
            "organisation_slug": p["organisation__slug"],
            "organisation_kind": p["organisation__kind"],
            "partners": terms["partners"].get(pk, []),
            "cities": split_cities(p["cities"]),
            "countries": codes,
            "country_names": [str(all_countries.name(code)) for code in codes],
            "regions": region_codes,
            "region_names": [str(Region(code).label) for code in region_codes],
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "status": p["status"],
            "people_reached": p["people_reached"],
            "budget_band": p["budget_band"],
            "funding_sources": p["funding_sources"],
            "original_language": p["original_language"],
            **{field: terms[field].get(pk, []) for field in EXPORT_TERMS if field != "partners"},
            "adoptions": p["adoption_count"],
            "first_published_at": _timestamp.to_representation(p["first_published_at"])
            if p["first_published_at"]
            else None,
        }


def table_rows(request):
    """The export's rows as table cells: a list's values joined with "; "."""
    for row in export_rows(request):
        yield [
            LIST_SEPARATOR.join(str(v) for v in value) if isinstance(value, list) else value
            for value in (row[column] for column in EXPORT_COLUMNS)
        ]


def export_csv(request):
    """The filtered practices as CSV, through the site's one formula-safe writer."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="practices.csv"'
    writer = CsvWriter(response)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(table_rows(request))
    return response


def export_xlsx(request):
    """The filtered practices as an Excel workbook, every cell text."""
    data = to_xlsx(EXPORT_COLUMNS, table_rows(request), title="practices")
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="practices.xlsx"'
    return response


def export_json(request):
    rows = list(export_rows(request))
    response = JsonResponse(
        {"count": len(rows), "filters": request.GET.dict(), "practices": rows},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Disposition"] = 'inline; filename="practices.json"'
    return response
