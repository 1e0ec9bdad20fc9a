"""What a search answers: plain data classes shared by the service and its backends.

They live apart from ``search.service`` so that the backends (which build them)
and the service (which picks a backend) import each other in one direction only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search.query import SearchRequest
from search.registry import SearchType


@dataclass
class Hit:
    type: SearchType
    obj: object
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around matches
    facts: list[str] = field(default_factory=list)


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    selected: bool = False


@dataclass
class FacetResult:
    key: str
    label: str
    values: list[FacetValue]


@dataclass
class SearchResponse:
    request: SearchRequest
    hits: list[Hit]
    total: int
    type_counts: dict[str, int]
    facets: list[FacetResult]
    backend: str


class BackendUnavailable(Exception):
    """Raised by a backend that cannot answer now (the service falls back)."""
