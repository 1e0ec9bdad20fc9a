"""Property-based: whatever text arrives, the search page and suggestions answer 200."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.query import MAX_QUERY_CHARS, clean_query

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Arbitrary unicode, biased towards what search syntaxes give meaning to.
_tokens = st.sampled_from(
    list("\"()[]{}*:^~-+!|&\\/'%_") + ["AND", "OR", "NOT", "NEAR", "housing", "Accra"]
)
noisy_text = st.lists(
    st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30), _tokens),
    max_size=12,
).map(" ".join) | st.sampled_from(["", "x" * 5000, "\u202eمرحبا\u200f", "🙂" * 100, '"' * 7])


@FUZZ
@given(q=noisy_text, page=st.text(max_size=5), year=st.text(max_size=6), sort=st.text(max_size=8))
@pytest.mark.django_db
def test_search_page_never_fails(client, orgs, q, page, year, sort):
    response = client.get(
        "/search/", {"q": q, "page": page, "year": year, "sort": sort, "country": q[:3]}
    )
    assert response.status_code == 200


@FUZZ
@given(q=noisy_text)
@pytest.mark.django_db
def test_suggestions_never_fail(client, orgs, q):
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


@given(st.text())
def test_clean_query_keeps_only_words(raw):
    cleaned = clean_query(raw)
    assert len(cleaned) <= MAX_QUERY_CHARS
    assert all(ch.isalnum() or ch == " " for ch in cleaned)
    assert cleaned == clean_query(cleaned)


def test_clean_query_examples():
    assert clean_query('"housing" AND (refugees') == "housing refugees"
    assert clean_query("réfugiés-logement") == "réfugiés logement"
    assert clean_query("\u200fاللّاجئين") == "اللاجئين"
    assert clean_query("🙂 💥") == ""
    assert clean_query(None) == ""
