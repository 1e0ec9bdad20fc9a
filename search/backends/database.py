"""The database backend: Wagtail's database search (SQLite FTS5, PostgreSQL full text).

Wagtail's backend matches and ranks the words (in every language: the
backend configured, ``forum_site.search_backend``, turns a query into each
word or its stems and Chinese words into character pairs); each type's visible,
facet-filtered queryset (the owning app's rule) decides what may be shown and
counted; facet counts come from the facet table (``search.models.FacetRow``).
On PostgreSQL one statement answers a search (``_search_postgres``); other
databases take a bounded number of queries per type (``_search_per_type``).
Either way a page costs the same few queries whatever the size of the library.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Count, F, FloatField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend

from search import facet_index, registry
from search.backends.common import apply_filters, facet_results, load_hits, types_for
from search.facets import FACETS
from search.models import FacetRow
from search.query import SearchRequest, clean_query
from search.results import SearchResponse

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

    def match(self, search_type, queryset, query: str):
        """``queryset`` narrowed to what a search of ``query`` in this type finds:
        every word, or, when nothing has them all, any of them (as ``search``)."""
        matched, _ = self._matches(search_type, queryset, query, "and")
        if len(query.split()) > 1 and not matched.exists():
            matched, _ = self._matches(search_type, queryset, query, "or")
        return queryset.filter(pk__in=matched.values("pk"))

    def _score_sign(self) -> int:
        # SQLite's BM25 is better when lower; PostgreSQL's ts_rank when higher.
        return -1 if connection.vendor == "sqlite" else 1

    # -- search ----------------------------------------------------------------

    def search(self, search_request: SearchRequest, user, http_request=None) -> SearchResponse:
        # Each type's visibility rule once per search (Wagtail's public() reads
        # the view restrictions each time it is called), one page per
        # translation group (``SearchType.listed``).
        visible = {
            t.key: t.listed(user) for t in types_for(search_request, ignore_type_filter=True)
        }
        response = self._search(search_request, user, http_request, "and", visible)
        if not response.total and len(search_request.query.split()) > 1:
            # Nothing has every word: show what has some of them.
            response = self._search(search_request, user, http_request, "or", visible)
        return response

    def _search(self, search_request, user, http_request, operator, visible) -> SearchResponse:
        if connection.vendor == "postgresql":
            return self._search_postgres(search_request, user, http_request, operator, visible)
        return self._search_per_type(search_request, user, http_request, operator, visible)

    def _search_per_type(self, search_request, user, http_request, operator, visible):
        """Any database: each type matched by Wagtail's backend, counted and faceted.

        Wagtail matches and ranks in the database; the matched ids, scores and
        dates of a type come back in one query, its facets are counted from
        the facet table, and the top rows of the types are merged here.
        """
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

    def _match_rows(self, search_type, matched, facet_counts, by_date=False):
        """All matches of one type in ONE query (id, score, date).

        The text is matched once: the count and the order come from these
        rows, and the facets are counted from the facet table over the matched
        ids, passed as one parameter.
        """
        date = search_type.date_field
        rows = list(matched.values_list("pk", "_score", date)[:MAX_MATCHES])
        if facet_counts is not None and rows:
            self._count_facets(search_type, ids_subquery([row[0] for row in rows]), facet_counts)
        sign = self._score_sign()
        if by_date:
            return len(rows), [(pk, value) for pk, _score, value in rows]
        return len(rows), [(pk, sign * (score or 0)) for pk, score, _date in rows]

    # -- PostgreSQL: one statement -----------------------------------------------

    def _search_postgres(self, search_request, user, http_request, operator, visible):
        """Every type matched, counted, ranked and faceted in ONE statement.

        - ``e``: Wagtail's index entries that match the words, with Wagtail's
          rank (the GIN index on the whole document finds them);
        - ``m``: those entries joined to each type's visible, facet-filtered
          queryset (the owning app's rule, compiled into the statement);
        - then the count per type, the top ``offset + per_page`` rows of the
          wanted types (by relevance or date) and the facet counts, read by
          ``ts_stat`` from the facet table rows of the wanted matches.
        """
        query = search_request.query
        types = types_for(search_request, ignore_type_filter=True)
        wanted = {t.key for t in types_for(search_request)}
        limit = search_request.offset + search_request.per_page
        by_date = search_request.sort == "date" or not query
        # With facet filters, few matches may be left: rank those only, after
        # the join, each fetching its entry again by primary key. Without
        # filters nearly every match is kept, and ranking them in ``e`` costs
        # less than fetching every entry a second time.
        rank_late = not by_date and bool(search_request.filters)
        ctes, params = [], []
        if query:
            entries = self._index_matches(types, query, operator)
            if entries is None:  # nothing left to search for (stop words only)
                return self._empty(search_request, types)
            matched, rank = entries
            if not by_date and not rank_late:
                matched = matched.annotate(score=rank)
            else:
                matched = matched.annotate(score=Cast(Value(None), FloatField()))
            sql, entry_params = (
                matched.values_list("content_type_id", "object_id", "score", "pk")
                .query.get_compiler(connection=connection)
                .as_sql()
            )
            ctes.append(f"e (content_type_id, object_id, score, id) AS MATERIALIZED ({sql})")
            params += entry_params
            if rank_late:
                scored = matched.annotate(late_score=rank).query
                rank_sql, rank_params = scored.get_compiler(connection=connection).compile(
                    scored.annotations["late_score"]
                )
        parts = []
        for i, search_type in enumerate(types):
            filtered = apply_filters(search_type, visible[search_type.key], search_request.filters)
            sql, type_params = (
                filtered.order_by()
                .values_list("pk", search_type.date_field)
                .query.get_compiler(connection=connection)
                .as_sql()
            )
            epoch = _epoch_sql(search_type, "v.d")
            if query:
                join = (
                    f"FROM e JOIN ({sql}) AS v (pk, d) ON e.content_type_id = %s "
                    "AND e.object_id = (v.pk)::varchar"
                )
                join_params = [*type_params, facet_index.content_type_id(search_type)]
                if rank_late and search_type.key in wanted:
                    # The rank reads "wagtailsearch_indexentry": join it by its key.
                    parts.append(
                        f"SELECT {i} AS t, v.pk, {rank_sql} AS score, {epoch} AS d {join} "
                        'JOIN "wagtailsearch_indexentry" ON "wagtailsearch_indexentry"."id" = e.id'
                    )
                    params += [*rank_params, *join_params]
                else:
                    parts.append(f"SELECT {i} AS t, v.pk, e.score, {epoch} AS d {join}")
                    params += join_params
            else:
                parts.append(
                    f"SELECT {i} AS t, v.pk, NULL::float8 AS score, {epoch} AS d "
                    f"FROM ({sql}) AS v (pk, d)"
                )
                params += type_params
        ctes.append("m AS MATERIALIZED (" + " UNION ALL ".join(parts) + ")")
        wanted_indexes = [i for i, t in enumerate(types) if t.key in wanted]
        order = "d DESC NULLS LAST" if by_date else "score DESC NULLS LAST"
        selects = [
            "SELECT 'n' AS part, t, NULL::bigint AS pk, NULL::float8 AS score, "
            "NULL::float8 AS d, NULL::text AS word, count(*) AS n FROM m GROUP BY t",
            f"(SELECT 'h', t, pk, score, d, NULL, NULL FROM m WHERE t = ANY(%s) "
            f"ORDER BY {order}, t, pk DESC LIMIT %s)",
        ]
        params += [wanted_indexes, limit]
        if wanted_indexes:
            # ts_stat takes the query as text: the ids are quoted by format(%L).
            inner = ", ".join(
                "format('SELECT tokens_vector FROM search_facetrow WHERE content_type_id = "
                f"{facet_index.content_type_id(types[i])} AND object_id = ANY(%%L::bigint[])', "
                f"(SELECT array_agg(pk) FROM m WHERE t = {i}))"
                for i in wanted_indexes
            )
            selects.append(
                "SELECT 'f', NULL, NULL, NULL, NULL, word, ndoc "
                f"FROM ts_stat(concat_ws(' UNION ALL ', {inner}))"
            )
        statement = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(selects)
        type_counts = {t.key: 0 for t in types}
        candidates: list[tuple[str, int]] = []
        facet_counts: dict[str, Counter] = defaultdict(Counter)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            for part, i, pk, _score, _d, word, n in cursor.fetchall():
                if part == "n":
                    type_counts[types[i].key] = n
                elif part == "h":
                    candidates.append((types[i].key, pk))
                else:
                    key, value = facet_index.decode(word)
                    facet_counts[key][_cast_facet(key, value)] += n
        page = candidates[search_request.offset : limit]
        return SearchResponse(
            request=search_request,
            hits=load_hits(page, user, query, http_request, visible=visible),
            total=sum(type_counts.get(key, 0) for key in wanted),
            type_counts=type_counts,
            facets=facet_results(facet_counts, search_request),
            backend=self.name,
        )

    def _index_matches(self, types, query: str, operator: str):
        """Wagtail's index entries of ``types`` that match ``query``, and Wagtail's rank.

        Returns (entries, rank expression), or None when nothing is left to
        search for. The match and the rank are built by Wagtail's own
        PostgreSQL query compiler (its parsing of the words, its configuration,
        its weights), applied to the index entries themselves rather than
        joined from each model, so the planner starts from the GIN index.
        Ranking costs more than matching (two ``ts_rank`` per match), so the
        caller decides where, if at all, to rank.
        """
        from wagtail.search.models import IndexEntry

        results = self.wagtail.search(
            query, types[0].model._default_manager.none(), operator=operator
        )
        compiler = getattr(results, "query_compiler", None)
        if compiler is None:
            return None
        config = compiler.get_config(self.wagtail)
        tsquery = compiler.build_tsquery(compiler.query, config=config)
        rank = sum(
            (
                compiler.build_tsrank(vector, compiler.query, config=config) * boost
                for vector, boost in ((F("title"), F("title_norm")), (F("body"), 1.0))
            ),
            start=Value(0.0),
        )
        entries = (
            IndexEntry._default_manager.filter(
                content_type_id__in=[facet_index.content_type_id(t) for t in types]
            )
            .annotate(_vector_=F("title")._combine(F("body"), "||", False))
            .filter(_vector_=tsquery)
        )
        return entries, rank

    def _empty(self, search_request, types) -> SearchResponse:
        return SearchResponse(
            request=search_request,
            hits=[],
            total=0,
            type_counts={t.key: 0 for t in types},
            facets=facet_results({}, search_request),
            backend=self.name,
        )

    def _count_facets(self, search_type, pks, facet_counts) -> None:
        """Facet counts of ``pks`` (a subquery or an id array) from the facet table."""
        tokens = FacetRow.objects.filter(
            content_type_id=facet_index.content_type_id(search_type), object_id__in=pks
        ).values_list("tokens", flat=True)
        for key, counter in facet_index.count_tokens(tokens).items():
            for value, n in counter.items():
                facet_counts[key][_cast_facet(key, value)] += n

    # -- suggestions -----------------------------------------------------------

    def suggest(self, query: str, user, limit: int = 8, http_request=None) -> list[dict]:
        query = clean_query(query)
        if len(query) < 2:
            return []
        suggestions = []
        for search_type in registry.search_types():
            visible = search_type.listed(user)
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
                .filter(pk__in=search_type.listed(user).values("pk"))
                .values("pk")
                .annotate(n=Count("pk"))
                .order_by("-n", "-pk")[: limit * 5]
            )
            weight = 2 if relation == "themes" else 1
            for row in rows:
                score[row["pk"]] += weight * row["n"]
        ranked = [pk for pk, _ in sorted(score.items(), key=lambda i: (-i[1], -i[0]))[:limit]]
        return load_hits([("practice", pk) for pk in ranked], user, "", http_request)


def _epoch_sql(search_type, column: str) -> str:
    """A type's sort date as seconds (float), so every type sorts in one column."""
    field = search_type.model._meta.get_field(search_type.date_field)
    if field.get_internal_type() in ("DateTimeField", "DateField"):
        return f"extract(epoch FROM {column})::float8"
    return f"({column})::float8"


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
