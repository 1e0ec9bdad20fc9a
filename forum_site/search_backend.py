"""Wagtail's database search backend, searching in every language (``WAGTAILSEARCH_BACKENDS``).

Wagtail picks SQLite FTS5 or PostgreSQL full text by the database; this module
gives the backend it picks the queries of ``forum_site.search_text``: a query
string (already cleaned by ``search_words`` or not: it is cleaned again) is
turned into each word OR its stems, Chinese words into their character pairs.
Every caller of Wagtail's search goes through it: the site's search
(``search.backends.database``), an app's own text box (the ``text_search``
hook), the API's ``?search=`` and the admin's searches. A search restricted to
some ``fields`` is left as Wagtail makes it (the extra text is not among them).

On SQLite, Wagtail ranks a query made of ``And``/``Or`` parts by multiplying
or averaging one ``bm25()`` per part, but ``bm25()`` already scores the whole
match, and the product of (1 + a negative score) is not monotonic: such a
query is ranked by ``bm25()`` alone here, as a plain query is.
"""

from __future__ import annotations

from modelsearch.backends import database

from forum_site.hygiene import search_words
from forum_site.search_text import autocomplete_query, search_query


class MultilingualQueries:
    """``search()`` and ``autocomplete()`` of a query string, in every language."""

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        if isinstance(query, str) and fields is None:
            query = search_query(search_words(query), operator)
        return super().search(query, model_or_queryset, fields=fields, operator=operator, **kwargs)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        if isinstance(query, str) and fields is None:
            query = autocomplete_query(search_words(query), operator)
        return super().autocomplete(
            query, model_or_queryset, fields=fields, operator=operator, **kwargs
        )


def _flat_bm25_compiler(compiler_class):
    from modelsearch.backends.database.sqlite.query import BM25

    class FlatBM25Compiler(compiler_class):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            rank = BM25()
            return rank * boost if boost != 1.0 else rank

    FlatBM25Compiler.__name__ = f"FlatBM25{compiler_class.__name__}"
    return FlatBM25Compiler


_CLASSES: dict[type, type] = {}


def _multilingual_class(base: type) -> type:
    cls = _CLASSES.get(base)
    if cls is None:
        attrs = {}
        if base.__name__ == "SQLiteSearchBackend":
            attrs = {
                "query_compiler_class": _flat_bm25_compiler(base.query_compiler_class),
                "autocomplete_query_compiler_class": _flat_bm25_compiler(
                    base.autocomplete_query_compiler_class
                ),
            }
        cls = _CLASSES[base] = type(
            f"Multilingual{base.__name__}", (MultilingualQueries, base), attrs
        )
    return cls


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    backend = database.SearchBackend(params)
    return _multilingual_class(type(backend))(params)
