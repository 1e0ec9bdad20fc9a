"""PostgreSQL specifics of the database backend (second CI pass).

The search page's behaviour is tested on both databases in test_search.py;
here: the match can use the document index, and the one-statement search
agrees with the per-type path that SQLite uses, on the same data.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict

from search import registry
from search.backends.database import DatabaseBackend
from search.query import parse_request

from .test_search import world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_full_text_match_can_use_the_document_index(world):  # noqa: F811
    """The match is ``(title || body) @@ query`` on the entries: the indexed expression."""
    entries, _rank = DatabaseBackend()._index_matches(registry.search_types(), "housing", "and")
    sql, _params = entries.values_list("pk").query.get_compiler(connection=connection).as_sql()
    assert '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@' in sql
    with connection.cursor() as cursor:
        # The test database is tiny: make the planner show that it *can* use it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            'EXPLAIN SELECT id FROM "wagtailsearch_indexentry" WHERE '
            '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") '
            "@@ to_tsquery('housing')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_document_gin" in plan


def _summary(response):
    return {
        "total": response.total,
        "type_counts": response.type_counts,
        "hits": [(hit.type.key, hit.obj.pk) for hit in response.hits],
        "facets": {
            facet.key: sorted((str(v.value), v.count, v.selected) for v in facet.values)
            for facet in response.facets
        },
    }


@pytest.mark.parametrize(
    "query_string",
    [
        "q=housing",
        "q=housing&sort=date",
        "q=migrants",
        "q=migrants+housing",
        "q=xylophone",
        "q=housing&type=practice",
        "q=integration&theme=housing",
        "q=migrants&country=GH&org_kind=city",
        "q=housing&theme=housing&type=practice",
        "q=housing&country=GH&sort=date",
        "type=event",
        "country=GH",
        "q=housing&page=2",
    ],
)
def test_one_statement_agrees_with_the_per_type_path(world, query_string):  # noqa: F811
    backend = DatabaseBackend()
    types = [t.key for t in registry.search_types()]
    search_request = parse_request(QueryDict(query_string), types)
    search_request.per_page = 2  # small pages, so paging and merging are exercised
    user = AnonymousUser()
    visible = {t.key: t.visible(user) for t in registry.search_types()}
    fast = backend._search_postgres(search_request, user, None, "or", visible)
    slow = backend._search_per_type(search_request, user, None, "or", visible)
    assert _summary(fast) == _summary(slow)


def test_filtered_search_ranks_the_matches_it_keeps(orgs, make_practice, themes):
    """With a facet filter the rank is computed after the join: still by relevance."""
    backend = DatabaseBackend()
    housing = themes["housing"]
    weak = make_practice(orgs["accra"], "Tenant support", "Help with housing.", themes=[housing])
    strong = make_practice(
        orgs["milan"], "Housing first: housing for everyone", "Housing, housing.", themes=[housing]
    )
    make_practice(orgs["paris"], "Housing without the theme", "Housing.")
    types = [t.key for t in registry.search_types()]
    user = AnonymousUser()
    visible = {t.key: t.visible(user) for t in registry.search_types()}
    search_request = parse_request(QueryDict("q=housing&theme=housing"), types)
    fast = backend._search_postgres(search_request, user, None, "and", visible)
    slow = backend._search_per_type(search_request, user, None, "and", visible)
    assert [hit.obj.pk for hit in fast.hits] == [strong.pk, weak.pk]
    assert _summary(fast) == _summary(slow)
