"""PostgreSQL specifics of the database backend (second CI pass).

The search page's behaviour is tested on both databases in test_search.py;
here: the document index is there and used, and the one-statement summary
(count, top matches, facet counts) agrees with reading every match.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from search import registry
from search.backends.database import DatabaseBackend, _sortable

from .test_search import world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_full_text_match_can_use_the_document_index(world):  # noqa: F811
    """Wagtail matches ``(title || body) @@ query``: exactly the indexed expression."""
    backend = DatabaseBackend()
    practice = registry.get_type("practice")
    matched, _ = backend._matches(
        practice, practice.visible(AnonymousUser()), "housing", operator="and"
    )
    sql, _params = matched.values_list("pk").query.get_compiler(connection=connection).as_sql()
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


@pytest.mark.parametrize("by_date", [False, True])
@pytest.mark.parametrize("query", ["housing", "migrants", "xylophone"])
def test_one_statement_summary_agrees_with_reading_every_match(
    world,  # noqa: F811
    query,
    by_date,
):
    backend = DatabaseBackend()
    for search_type in registry.search_types():
        matched, _ = backend._matches(
            search_type, search_type.visible(AnonymousUser()), query, operator="or"
        )
        slow_facets: dict[str, Counter] = defaultdict(Counter)
        count, rows = backend._match_rows_in_python(search_type, matched, slow_facets, by_date)
        fast_facets: dict[str, Counter] = defaultdict(Counter)
        total, top = backend._match_summary_postgres(
            search_type, matched, fast_facets, by_date, limit=2
        )
        assert total == count
        expected = sorted(rows, key=lambda r: (_sortable(r[1]), r[0]), reverse=True)[:2]
        assert [pk for pk, _ in top] == [pk for pk, _ in expected]
        assert {k: +v for k, v in fast_facets.items()} == {k: +v for k, v in slow_facets.items()}
