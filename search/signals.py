"""Keeping the Elasticsearch index in step with publishing (after the commit)."""

from __future__ import annotations


def connect() -> None:
    from search import indexing

    indexing.connect_signals()
