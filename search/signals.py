"""Keeping the facet table (at once) and the Elasticsearch index (after the commit) in step."""

from __future__ import annotations


def connect() -> None:
    from search import facet_index, indexing

    facet_index.connect_signals()
    indexing.connect_signals()
