"""Open data: the library's filtered practices as CSV and JSON (public fields
only, never the contact person), the same query string as the listing."""

from collections import defaultdict

from django.http import HttpResponse, JsonResponse

from forum_site.organisations.regions import Region
from forum_site.spreadsheets import CSV_CONTENT_TYPE, CsvWriter
from practices.classification import TAXONOMY_FIELDS, TAXONOMY_RELATIONS
from practices.filtering import filter_practices, sorted_practices
from practices.models import PracticeCountry, PracticePage
from practices.views.submissions import index_page

EXPORT_COLUMNS = [
    "id",
    "title",
    "url",
    "summary",
    "organisation",
    "organisation_kind",
    "partners",
    "cities",
    "countries",
    "regions",
    "start_year",
    "end_year",
    "status",
    "people_reached",
    "budget_band",
    "funding_sources",
    "original_language",
    *TAXONOMY_FIELDS,
    "adoptions",
    "first_published_at",
]


# field -> (term model's field used as the exported value)
EXPORT_TERMS = {
    "partners": "name",
    **{relation.field: relation.key for relation in TAXONOMY_RELATIONS},
}


def _terms_by_practice(field: str, ids) -> dict[int, list]:
    """One query per relation, as plain tuples: exports handle thousands of rows."""
    relation = getattr(PracticePage, field)
    through = relation.through
    target = relation.rel.model._meta.model_name
    rows = (
        through.objects.filter(practicepage_id__in=ids)
        .order_by(f"{target}__{'name' if field == 'partners' else 'pk'}")
        .values_list("practicepage_id", f"{target}__{EXPORT_TERMS[field]}")
    )
    grouped = defaultdict(list)
    for page_id, value in rows:
        grouped[page_id].append(value)
    return grouped


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
    regions = defaultdict(set)
    region_names = dict(Region.choices)
    for page_id, country, region in (
        PracticeCountry.objects.filter(page_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "country", "region")
    ):
        countries[page_id].append(str(country))
        if region:
            regions[page_id].add(str(region_names.get(region, region)))
    index = index_page()
    base = request.build_absolute_uri(index.url if index else "/practices/")
    for p in practices:
        pk = p["pk"]
        yield {
            "id": pk,
            "title": p["title"],
            "url": f"{base}{p['slug']}/",
            "summary": p["summary"],
            "organisation": p["organisation__name"],
            "organisation_kind": p["organisation__kind"],
            "partners": terms["partners"].get(pk, []),
            "cities": [c.strip() for c in p["cities"].split(",") if c.strip()],
            "countries": countries.get(pk, []),
            "regions": sorted(regions.get(pk, ())),
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "status": p["status"],
            "people_reached": p["people_reached"],
            "budget_band": p["budget_band"],
            "funding_sources": p["funding_sources"],
            "original_language": p["original_language"],
            **{field: terms[field].get(pk, []) for field in EXPORT_TERMS if field != "partners"},
            "adoptions": p["adoption_count"],
            "first_published_at": p["first_published_at"].isoformat()
            if p["first_published_at"]
            else None,
        }


def export_csv(request):
    """The filtered practices as CSV, through the site's one formula-safe writer."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="practices.csv"'
    writer = CsvWriter(response)
    writer.writerow(EXPORT_COLUMNS)
    for row in export_rows(request):
        writer.writerow(
            "; ".join(str(v) for v in value) if isinstance(value, list) else value
            for value in (row[column] for column in EXPORT_COLUMNS)
        )
    return response


def export_json(request):
    rows = list(export_rows(request))
    response = JsonResponse(
        {"count": len(rows), "filters": request.GET.dict(), "practices": rows},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Disposition"] = 'inline; filename="practices.json"'
    return response
