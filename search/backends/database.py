"""The database backend: Wagtail's database search (SQLite FTS5, PostgreSQL full text).

For each content type the visible, facet-filtered queryset is matched by
Wagtail's backend; the database then counts (``COUNT``/``GROUP BY`` over a
subquery of the matches) and ranks. A page of results is merged from the top
``offset + per_page`` of each type, so a page costs a bounded number of
queries whatever the size of the library.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Count, F
from django.db.models.expressions import RawSQL
from wagtail.search.backends import get_search_backend

from search import registry
from search.backends.common import apply_filters, facet_results, load_hits, types_for
from search.facets import FACETS
from search.query import SearchRequest, clean_query
from search.service import SearchResponse

# Matches of one type loaded at most (ids only); beyond it counts are "at least".
MAX_MATCHES = 20_000


class DatabaseBackend:
    name = "database"

    def __init__(self):
        self.wagtail = get_search_backend("default")

    # -- matching --------------------------------------------------------------

    def _matches(self, search_type, queryset, query: str, operator: str = "and"):
        """``queryset`` narrowed to ``query``, annotated ``_score``.

        Wagtail only accepts filters on indexed FilterFields, so the text is
        matched on the whole model and the visible, facet-filtered queryset is
        applied to the matches as a subquery (still one SQL statement).
        """
        if not query:
            return queryset, False
        results = self.wagtail.search(
            query, search_type.model._default_manager.all(), operator=operator
        )
        matched = results.annotate_score("_score").get_queryset()
        return matched.filter(pk__in=queryset.values("pk")), True

    def _score_sign(self) -> int:
        # SQLite's BM25 is better when lower; PostgreSQL's ts_rank when higher.
        return -1 if connection.vendor == "sqlite" else 1

    # -- search ----------------------------------------------------------------

    def search(self, search_request: SearchRequest, user, http_request=None) -> SearchResponse:
        # Each type's visibility rule once per search (Wagtail's public() reads
        # the view restrictions each time it is called).
        visible = {
            t.key: t.visible(user) for t in types_for(search_request, ignore_type_filter=True)
        }
        response = self._search(search_request, user, http_request, "and", visible)
        if not response.total and len(search_request.query.split()) > 1:
            # Nothing has every word: show what has some of them.
            response = self._search(search_request, user, http_request, "or", visible)
        return response

    def _search(self, search_request, user, http_request, operator, visible) -> SearchResponse:
        query = search_request.query
        wanted = {t.key for t in types_for(search_request)}
        type_counts: dict[str, int] = {}
        candidates: list[tuple[object, str, int]] = []
        facet_counts: dict[str, Counter] = defaultdict(Counter)
        limit = search_request.offset + search_request.per_page

        for search_type in types_for(search_request, ignore_type_filter=True):
            filtered = apply_filters(search_type, visible[search_type.key], search_request.filters)
            if query:
                matched, _ = self._matches(search_type, filtered, query, operator)
                count, rows = self._match_rows(
                    search_type,
                    matched,
                    facet_counts if search_type.key in wanted else None,
                    by_date=search_request.sort == "date",
                    limit=limit if search_type.key in wanted else 0,
                )
                type_counts[search_type.key] = count
                if search_type.key in wanted:
                    candidates += [(order, search_type.key, pk) for pk, order in rows]
            else:
                count = filtered.count()
                type_counts[search_type.key] = count
                if search_type.key not in wanted or not count:
                    continue
                date = search_type.date_field
                rows = filtered.order_by(F(date).desc(nulls_last=True), "-pk").values_list(
                    "pk", date
                )[:limit]
                candidates += [(value, search_type.key, pk) for pk, value in rows]
                self._count_facets(search_type, filtered.order_by().values("pk"), facet_counts)

        if search_request.sort == "date" or not query:
            candidates.sort(key=lambda c: _sortable(c[0]), reverse=True)
        else:
            candidates.sort(key=lambda c: c[0], reverse=True)
        page = candidates[search_request.offset : limit]
        hits = load_hits(
            [(key, pk) for _, key, pk in page], user, query, http_request, visible=visible
        )
        return SearchResponse(
            request=search_request,
            hits=hits,
            total=sum(type_counts.get(key, 0) for key in wanted),
            type_counts=type_counts,
            facets=facet_results(facet_counts, search_request),
            backend=self.name,
        )

    def _match_rows(self, search_type, matched, facet_counts, by_date=False, limit=None):
        """Count, order and facet the matches of one type.

        Returns (count, [(pk, order)]) where order is the relevance (higher
        first) or the date; ``facet_counts`` (when given) is updated with the
        facet counts of every match.
        """
        if connection.vendor == "postgresql" and limit is not None:
            return self._match_summary_postgres(search_type, matched, facet_counts, by_date, limit)
        return self._match_rows_in_python(search_type, matched, facet_counts, by_date)

    def _match_rows_in_python(self, search_type, matched, facet_counts, by_date=False):
        """All matches of one type in ONE query (id, score, date, single-valued facets).

        The text is matched once: the count, the order and the single-valued
        facets come from these rows, and each many-valued facet (themes,
        countries...) is one GROUP BY over the matched ids passed as an array,
        so the full-text match never runs twice.
        """
        single = [k for k in search_type.facets if not search_type.facet_is_multi(k)]
        multi = [k for k in search_type.facets if search_type.facet_is_multi(k)]
        annotations = {f"_f_{k}": search_type.facet_expression(k) for k in single}
        date = search_type.date_field
        rows = list(
            matched.annotate(**annotations).values_list("pk", "_score", date, *annotations.keys())[
                :MAX_MATCHES
            ]
        )
        sign = self._score_sign()
        if facet_counts is not None and rows:
            for i, key in enumerate(single, start=3):
                facet_counts[key].update(row[i] for row in rows)
            if multi:
                self._count_facets(
                    search_type, ids_subquery([row[0] for row in rows]), facet_counts, multi
                )
        ordered = [(pk, sign * (score or 0)) for pk, score, *_ in rows]
        if by_date:
            ordered = [(row[0], row[2]) for row in rows]
        return len(rows), ordered

    def _match_summary_postgres(self, search_type, matched, facet_counts, by_date, limit):
        """PostgreSQL: the count, the top ``limit`` matches and every facet
        count of one type in ONE statement.

        The matches are a materialised CTE, so the text is matched and ranked
        once, and neither the matched ids nor their rows travel to Python:
        only the top rows and the counts come back, whatever the number of
        matches.
        """
        single = [k for k in search_type.facets if not search_type.facet_is_multi(k)]
        multi = [k for k in search_type.facets if search_type.facet_is_multi(k)]
        if facet_counts is None:
            single, multi = [], []
        annotations = {f"_f_{i}": search_type.facet_expression(k) for i, k in enumerate(single)}
        date = search_type.date_field
        rows = (
            matched.order_by()
            .annotate(**annotations)
            .values_list("pk", "_score", date, *annotations.keys())
        )
        sql, params = rows.query.get_compiler(connection=connection).as_sql()
        columns = ", ".join(["pk", "score", "d", *(f"f{i}" for i in range(len(single)))])
        date_field = search_type.model._meta.get_field(date)
        epoch = (
            "extract(epoch FROM d)::float8"
            if date_field.get_internal_type() in ("DateTimeField", "DateField")
            else "d::float8"
        )
        order = "d DESC NULLS LAST" if by_date else "score DESC NULLS LAST"
        parts = [
            "SELECT 't' AS part, NULL::text AS k, count(*) AS n, NULL::float8 AS score, "
            "NULL::float8 AS d, NULL::bigint AS pk FROM m",
            f"(SELECT 'h', NULL, NULL, score::float8, {epoch}, pk FROM m "
            f"ORDER BY {order}, pk DESC LIMIT %s)",
        ]
        part_params = [limit]
        for i, _key in enumerate(single):
            parts.append(f"SELECT 's{i}', f{i}::text, count(*), NULL, NULL, NULL FROM m GROUP BY 2")
        for i, key in enumerate(multi):
            facet_sql, facet_params = (
                facet_count_queryset(search_type, key, RawSQL("SELECT pk FROM m", ()))
                .query.get_compiler(connection=connection)
                .as_sql()
            )
            parts.append(
                f"SELECT 'm{i}', fx._facet::text, fx.n, NULL, NULL, NULL FROM ({facet_sql}) AS fx"
            )
            part_params += facet_params
        statement = (
            f"WITH m AS MATERIALIZED (SELECT * FROM ({sql}) AS q ({columns})) "
            + " UNION ALL ".join(parts)
        )
        total, top = 0, []
        with connection.cursor() as cursor:
            cursor.execute(statement, [*params, *part_params])
            for part, key, n, score, epoch_value, pk in cursor.fetchall():
                if part == "t":
                    total = n
                elif part == "h":
                    top.append((pk, epoch_value if by_date else (score or 0)))
                else:
                    facet = (single if part[0] == "s" else multi)[int(part[1:])]
                    facet_counts[facet][_cast_facet(facet, key)] += n
        return total, top

    def _count_facets(self, search_type, pks, facet_counts, keys=None) -> None:
        """One GROUP BY per facet, over ``pks`` (a subquery or an id array)."""
        for key in keys or search_type.facets:
            for row in facet_count_queryset(search_type, key, pks):
                facet_counts[key][row["_facet"]] += row["n"]

    # -- suggestions -----------------------------------------------------------

    def suggest(self, query: str, user, limit: int = 8, http_request=None) -> list[dict]:
        query = clean_query(query)
        if len(query) < 2:
            return []
        suggestions = []
        for search_type in registry.search_types():
            visible = search_type.visible(user)
            results = self.wagtail.autocomplete(
                query, search_type.model._default_manager.all(), operator="and"
            )
            matched = results.get_queryset().filter(pk__in=visible.values("pk"))
            for obj in matched[:limit]:
                suggestions.append(
                    {
                        "title": search_type.title(obj),
                        "url": search_type.url(obj, http_request),
                        "type": str(search_type.label),
                    }
                )
        # Titles that start with the query first, then shorter titles.
        lowered = query.lower()
        suggestions.sort(
            key=lambda s: (not s["title"].lower().startswith(lowered), len(s["title"]))
        )
        return suggestions[:limit]

    # -- similar practices -----------------------------------------------------

    def similar_practices(self, practice, user, limit: int = 4, http_request=None):
        """Practices sharing the most themes, target groups and GCM objectives."""
        search_type = registry.get_type("practice")
        if search_type is None:
            return []
        model = search_type.model
        through = {
            "themes": list(practice.themes.values_list("pk", flat=True)),
            "target_groups": list(practice.target_groups.values_list("pk", flat=True)),
            "gcm_objectives": list(practice.gcm_objectives.values_list("pk", flat=True)),
        }
        score = Counter()
        for relation, ids in through.items():
            if not ids:
                continue
            rows = (
                model._default_manager.filter(**{f"{relation}__in": ids})
                .exclude(pk=practice.pk)
                .filter(pk__in=search_type.visible(user).values("pk"))
                .values("pk")
                .annotate(n=Count("pk"))
                .order_by("-n", "-pk")[: limit * 5]
            )
            weight = 2 if relation == "themes" else 1
            for row in rows:
                score[row["pk"]] += weight * row["n"]
        ranked = [pk for pk, _ in sorted(score.items(), key=lambda i: (-i[1], -i[0]))[:limit]]
        return load_hits([("practice", pk) for pk in ranked], user, "", http_request)


def facet_count_queryset(search_type, key: str, pks):
    """``{_facet, n}`` rows: how many of ``pks`` have each value of a facet.

    A facet across a to-many relation (``themes__slug``) is counted from the
    related side (the through table joined to the small taxonomy table), so
    the content table itself is never joined; others group the content rows.
    """
    model = search_type.model
    source = search_type.facets[key]
    first, _, rest = source.partition("__") if isinstance(source, str) else ("", "", "")
    relation = model._meta.get_field(first) if first else None
    if relation is not None and (
        relation.one_to_many or (relation.many_to_many and not relation.auto_created)
    ):
        back = relation.field.name if relation.one_to_many else relation.related_query_name()
        return (
            relation.related_model._base_manager.filter(**{f"{back}__in": pks})
            .values(_facet=F(rest or "pk"))
            # A many-to-many pair is unique: no DISTINCT (and its sort) needed.
            .annotate(n=Count(back, distinct=relation.one_to_many))
            .order_by()
        )
    return (
        model._default_manager.filter(pk__in=pks)
        .values(_facet=search_type.facet_expression(key))
        .annotate(n=Count("pk", distinct=search_type.facet_is_multi(key)))
        .order_by()
    )


def _cast_facet(key: str, value: str | None):
    """A facet value read back as text in its stored type (numbers for years)."""
    if value is None:
        return None
    facet = FACETS.get(key)
    try:
        return facet.cast(value) if facet else value
    except ValueError:
        return value


def _sortable(value) -> float:
    if value is None:
        return float("-inf")
    if hasattr(value, "timestamp"):
        return value.timestamp()
    return float(value)


def ids_subquery(ids: list) -> RawSQL:
    """A list of ids as ONE parameter (an array / a JSON list), for ``pk__in``.

    Thousands of ids as separate parameters cost milliseconds to build and
    parse per query; one array parameter costs nothing.
    """
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
