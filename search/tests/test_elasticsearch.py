"""The Elasticsearch backend without a server: mappings and query bodies checked
exactly, the fallback when the server is unreachable, and the indexing signals.
Integration tests against a real server are at the end (marked ``elasticsearch``).
"""

from __future__ import annotations

import logging
import os
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from elasticsearch_dsl import Q

from search import indexing, service
from search.backends.elastic import (
    build_match,
    build_search,
    build_similar,
    build_suggest,
    viewer_filter,
)
from search.documents import content_index
from search.query import SearchRequest
from search.tests.conftest import requires

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: connection refused at once

LANG = {
    "en": {"analyzer": "english", "type": "text"},
    "fr": {"analyzer": "french", "type": "text"},
    "es": {"analyzer": "spanish", "type": "text"},
    "ar": {"analyzer": "arabic", "type": "text"},
    "ru": {"analyzer": "russian", "type": "text"},
    "zh": {"analyzer": "cjk", "type": "text"},
}
TEXT = {"type": "text", "analyzer": "folding", "fields": LANG}
KEYWORD = {"type": "keyword"}
TEXT_FIELDS = [
    "title^3",
    "title.en^3",
    "title.fr^3",
    "title.es^3",
    "title.ar^3",
    "title.ru^3",
    "title.zh^3",
    "body",
    "body.en",
    "body.fr",
    "body.es",
    "body.ar",
    "body.ru",
    "body.zh",
]
FACET_AGGS = {
    key: {"terms": {"field": key, "size": 50}}
    for key in ("theme", "target_group", "gcm", "region", "country", "org_kind", "year")
}
HIGHLIGHT = {
    "fields": {"body": {}},
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fragment_size": 200,
    "number_of_fragments": 1,
}


def test_index_mapping_and_analysers():
    assert content_index("forum_content").to_dict() == {
        "settings": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": {
                "analyzer": {
                    "folding": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"],
                    }
                }
            },
        },
        "mappings": {
            "properties": {
                "kind": KEYWORD,
                "object_id": KEYWORD,
                "title": TEXT,
                "title_suggest": {"type": "search_as_you_type", "analyzer": "folding"},
                "body": TEXT,
                "language": KEYWORD,
                "url": {"type": "keyword", "index": False},
                "date": {"type": "date"},
                "public": {"type": "boolean"},
                "signed_in": {"type": "boolean"},
                "theme": KEYWORD,
                "target_group": KEYWORD,
                "gcm": KEYWORD,
                "region": KEYWORD,
                "country": KEYWORD,
                "org_kind": KEYWORD,
                "year": KEYWORD,
            }
        },
    }


@requires("practices.PracticePage")
@pytest.mark.django_db
def test_search_body_with_query_facets_type_and_audience():
    request = SearchRequest(
        query="housing refugees",
        filters={"theme": ["housing"], "year": [2022]},
        types=["practice"],
        page=2,
    )
    assert build_search(request, _signed_in_with("consultation-3"), "forum_content").to_dict() == {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": "housing refugees",
                            "fields": TEXT_FIELDS,
                            "type": "best_fields",
                            "operator": "or",
                            "minimum_should_match": "2<75%",
                        }
                    }
                ],
                "filter": [
                    {
                        "bool": {
                            "should": [
                                {"term": {"public": True}},
                                {"term": {"signed_in": True}},
                                {"ids": {"values": ["consultation-3"]}},
                            ],
                            "minimum_should_match": 1,
                        }
                    },
                    # Only practices and consultations have themes.
                    {"terms": {"kind": ["practice", "consultation"]}},
                    {"terms": {"theme": ["housing"]}},
                    {"terms": {"year": ["2022"]}},
                ],
            }
        },
        "post_filter": {"terms": {"kind": ["practice"]}},
        "aggs": {
            "types": {"terms": {"field": "kind", "size": 10}},
            "facets": {"filter": {"terms": {"kind": ["practice"]}}, "aggs": FACET_AGGS},
        },
        "highlight": HIGHLIGHT,
        "_source": ["kind", "object_id"],
        "from": 20,
        "size": 20,
    }


@pytest.mark.django_db
def test_browse_body_for_anonymous_and_superuser_sorted_by_date():
    from search import registry

    kinds = [t.key for t in registry.search_types()]
    request = SearchRequest(filters={"country": ["GH"]}, sort="date")
    anonymous = build_search(request, viewer_filter(AnonymousUser()), "forum_content").to_dict()
    # No words: match_all, which a filtered bool query leaves implicit.
    assert anonymous["query"] == {
        "bool": {
            "filter": [
                {"bool": {"should": [{"term": {"public": True}}], "minimum_should_match": 1}},
                {"terms": {"kind": kinds}},
                {"terms": {"country": ["GH"]}},
            ],
        }
    }
    assert anonymous["sort"] == [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
    assert "post_filter" not in anonymous
    assert anonymous["aggs"]["facets"]["filter"] == {"match_all": {}}
    superuser = build_search(request, None, "forum_content").to_dict()
    assert superuser["query"]["bool"]["filter"] == [
        {"terms": {"kind": kinds}},
        {"terms": {"country": ["GH"]}},
    ]


def test_match_body_matches_the_words_as_search_does():
    """The text_search hook's query: the same text query as build_search, one kind, ids only."""
    assert build_match("practice", "housing refugees", "forum_content").to_dict() == {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": "housing refugees",
                            "fields": TEXT_FIELDS,
                            "type": "best_fields",
                            "operator": "or",
                            "minimum_should_match": "2<75%",
                        }
                    }
                ],
                "filter": [{"terms": {"kind": ["practice"]}}],
            }
        },
        "_source": ["object_id"],
        "size": 10_000,
    }


def test_suggest_body():
    assert build_suggest("hou", viewer_filter(AnonymousUser()), "forum_content", 8).to_dict() == {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": "hou",
                            "type": "bool_prefix",
                            "fields": [
                                "title_suggest",
                                "title_suggest._2gram",
                                "title_suggest._3gram",
                            ],
                        }
                    }
                ],
                "filter": [
                    {"bool": {"should": [{"term": {"public": True}}], "minimum_should_match": 1}}
                ],
            }
        },
        "_source": ["kind", "object_id", "title", "url"],
        "size": 8,
    }


def test_similar_body():
    assert build_similar(7, _signed_in_with("event-4"), "forum_content", 4).to_dict() == {
        "query": {
            "bool": {
                "must": [
                    {
                        "more_like_this": {
                            "fields": ["title", "body", "theme", "target_group", "gcm"],
                            "like": [{"_index": "forum_content", "_id": "practice-7"}],
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "max_query_terms": 25,
                        }
                    }
                ],
                "filter": [
                    {"term": {"kind": "practice"}},
                    {
                        "bool": {
                            "should": [
                                {"term": {"public": True}},
                                {"term": {"signed_in": True}},
                                {"ids": {"values": ["event-4"]}},
                            ],
                            "minimum_should_match": 1,
                        }
                    },
                ],
            }
        },
        "_source": ["kind", "object_id"],
        "size": 4,
    }


def _signed_in_with(*ids):
    """The filter ``viewer_filter`` builds for a signed-in viewer who alone may
    also see the documents ``ids``."""
    return Q(
        "bool",
        should=[Q("term", public=True), Q("term", signed_in=True), Q("ids", values=list(ids))],
        minimum_should_match=1,
    )


@pytest.mark.django_db
def test_viewer_filter_asks_the_rule(orgs, make_user, make_consultation):
    invited = make_consultation(
        orgs["ministry"], "Invited only", "Closed.", audience="invited", invited=[orgs["accra"]]
    )
    member = make_user("member", org=orgs["accra"])
    public_only = {"bool": {"should": [{"term": {"public": True}}], "minimum_should_match": 1}}
    assert viewer_filter(AnonymousUser()).to_dict() == public_only
    assert viewer_filter(member) == _signed_in_with(f"consultation-{invited.pk}")
    assert viewer_filter(make_user("plain")) == Q(
        "bool",
        should=[Q("term", public=True), Q("term", signed_in=True)],
        minimum_should_match=1,
    )
    assert viewer_filter(make_user("root", is_superuser=True)) is None


@pytest.mark.django_db
def test_index_fields_and_viewer_filter_give_the_database_rule(
    orgs, make_user, make_practice, make_consultation, make_event
):
    """What the Elasticsearch filter lets through (``public``, ``signed_in``,
    the viewer's own ids) is, for every role and every state that hides
    something, exactly what the database backend's rule shows."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from search import registry
    from search.adapters import beyond_signed_in, is_open_to_signed_in, is_public

    delegates = Group.objects.create(name="Delegates")
    make_practice(orgs["accra"], "Open practice", "Public.")
    login_only = make_practice(orgs["accra"], "Login practice", "Members.")
    PageViewRestriction.objects.create(page=login_only, restriction_type="login")
    grouped = make_practice(orgs["accra"], "Group practice", "Delegates.")
    restriction = PageViewRestriction.objects.create(page=grouped, restriction_type="groups")
    restriction.groups.set([delegates])
    make_consultation(orgs["ministry"], "Open consultation", "All.", audience="public")
    make_consultation(
        orgs["ministry"], "Invited only", "Closed.", audience="invited", invited=[orgs["accra"]]
    )
    make_event("Open event")
    secret = make_event("Password event")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
    roles = {
        "anonymous": AnonymousUser(),
        "plain": make_user("plain"),
        "accra member": make_user("accra_member", org=orgs["accra"]),
        "ministry editor": make_user("ministry_editor", org=orgs["ministry"], role="editor"),
        "delegate": make_user("delegate"),
    }
    roles["delegate"].groups.add(delegates)
    compared = 0
    for search_type in registry.search_types():
        indexed = list(indexing.indexable(search_type))
        flags = {
            obj.pk: (is_public(search_type, obj), is_open_to_signed_in(search_type, obj))
            for obj in indexed
        }
        for role, user in roles.items():
            own = set()
            if user.is_authenticated:
                own = set(beyond_signed_in(search_type, user).values_list("pk", flat=True))
            through_index = {
                pk
                for pk, (public, signed_in) in flags.items()
                if public or (signed_in and user.is_authenticated) or pk in own
            }
            by_rule = set(
                search_type.visible(user)
                .filter(pk__in=[o.pk for o in indexed])
                .values_list("pk", flat=True)
            )
            assert through_index == by_rule, (search_type.key, role)
            compared += len(indexed)
    assert compared > 40


# -- fallback ----------------------------------------------------------------------------


@pytest.fixture
def unreachable_es(settings):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    service.reset_backend_state()
    yield
    service.reset_backend_state()


@pytest.mark.django_db
def test_unreachable_server_falls_back_to_the_database(unreachable_es, orgs, client, caplog):
    with caplog.at_level(logging.WARNING, logger="search.service"):
        response = client.get("/search/", {"q": "refugiati integrazione"})
    assert response.status_code == 200
    assert response.context["response"].backend == "database"
    assert [h.title for h in response.context["response"].hits] == ["Comune di Milano"]
    assert "elasticsearch unavailable" in caplog.text.lower()
    # Later requests go straight to the database for a while (no timeout per request).
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="search.service"):
        data = client.get("/search/suggest/", {"q": "Comune"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Comune di Milano"]
    assert caplog.text == ""


@pytest.mark.django_db
def test_each_entry_point_falls_back(unreachable_es, orgs, caplog):
    for call in (
        lambda: service.suggest("Comune", AnonymousUser()),
        lambda: service.search(SearchRequest(query="Milano"), AnonymousUser()),
    ):
        service.reset_backend_state()
        with caplog.at_level(logging.WARNING, logger="search.service"):
            assert call()
        assert "unavailable" in caplog.text
        caplog.clear()


@requires("practices.PracticePage")
@pytest.mark.django_db
def test_text_search_hook_falls_back(unreachable_es, orgs, make_practice, caplog):
    from practices.models import PracticePage

    make_practice(orgs["accra"], "Night school for migrants")
    make_practice(orgs["accra"], "Housing desk")
    with caplog.at_level(logging.WARNING, logger="search.service"):
        matched = service.text_matches(PracticePage.objects.all(), "school")
    assert [p.title for p in matched] == ["Night school for migrants"]
    assert "unavailable" in caplog.text


@pytest.mark.django_db
def test_management_command_reports_an_unreachable_server(unreachable_es):
    with pytest.raises(CommandError, match="did not answer"):
        call_command("search_index", "status")


@pytest.mark.django_db
def test_management_command_without_elasticsearch(settings, capsys):
    settings.ELASTICSEARCH_URL = ""
    call_command("search_index", "status")
    assert "not configured" in capsys.readouterr().out
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("search_index", "rebuild")


# -- indexing ------------------------------------------------------------------------------


@pytest.fixture
def updates(settings, monkeypatch):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    calls = []
    monkeypatch.setattr(indexing, "update_object", lambda t, pk: calls.append((t.key, pk)))
    return calls


@pytest.mark.django_db
def test_organisation_changes_are_indexed_after_commit(
    updates, make_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        org = make_org("New city")
    assert updates == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert updates == [("organisation", org.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        pk = org.pk
        org.delete()
    assert updates[-1] == ("organisation", pk)


@pytest.mark.django_db
def test_publish_edit_unpublish_delete_are_indexed(
    updates, orgs, make_practice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_practice(orgs["accra"], "Indexed practice")
    assert ("practice", page.pk) in updates
    updates.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Edited practice"
        page.save_revision().publish()
    assert updates == [("practice", page.pk)]
    updates.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert ("practice", page.pk) in updates
    updates.clear()
    pk = page.pk
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert ("practice", pk) in updates


@pytest.mark.django_db
def test_a_related_change_reindexes_the_content_it_reaches(
    updates, orgs, make_practice, make_event, themes, django_capture_on_commit_callbacks
):
    """An organisation's kind or a theme's slug is a facet of other content."""
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice(orgs["accra"], "Indexed practice", themes=[themes["housing"]])
        event = make_event("Indexed event", organisers=[orgs["accra"]])
    updates.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        orgs["accra"].kind = "national"
        orgs["accra"].save()
    assert updates == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert {("organisation", orgs["accra"].pk), ("practice", practice.pk)} <= set(updates)
    assert ("event", event.pk) in updates
    updates.clear()
    with django_capture_on_commit_callbacks(execute=True):
        themes["housing"].slug = "housing-and-shelter"
        themes["housing"].save()
    assert updates == [("practice", practice.pk)]


@pytest.mark.django_db
def test_no_indexing_without_elasticsearch(
    settings, monkeypatch, make_org, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = ""
    calls = []
    monkeypatch.setattr(indexing, "update_object", lambda t, pk: calls.append(pk))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_org("Quiet city")
    assert calls == [] and callbacks == []


class FakeClient:
    def __init__(self):
        self.calls = []

    def index(self, **kwargs):
        self.calls.append(("index", kwargs["index"], kwargs["id"], kwargs.get("body")))
        return {
            "_id": kwargs["id"],
            "_index": kwargs["index"],
            "_version": 1,
            "_seq_no": 1,
            "_primary_term": 1,
            "result": "created",
        }

    def delete(self, **kwargs):
        self.calls.append(("delete", kwargs["index"], kwargs["id"], None))
        return {"result": "deleted"}


@pytest.fixture
def fake_client(settings, monkeypatch):
    from search.backends import elastic

    settings.ELASTICSEARCH_URL = UNREACHABLE
    client = FakeClient()
    monkeypatch.setattr(elastic, "get_client", lambda: client)
    return client


@pytest.mark.django_db
def test_update_object_indexes_visible_and_deletes_hidden(
    fake_client, orgs, make_practice, make_consultation, themes
):
    from search import registry

    practice = make_practice(orgs["accra"], "Shared", "Housing help.", themes=[themes["housing"]])
    draft = make_practice(orgs["accra"], "Draft", "Secret.", live=False)
    invited = make_consultation(
        orgs["ministry"], "Invited only", "Closed.", audience="invited", invited=[orgs["accra"]]
    )
    fake_client.calls.clear()
    indexing.update_object(registry.get_type("practice"), practice.pk)
    indexing.update_object(registry.get_type("practice"), draft.pk)
    indexing.update_object(registry.get_type("consultation"), invited.pk)
    (op, index, doc_id, body), deleted, consultation = fake_client.calls
    assert (op, index, doc_id) == ("index", "forum_content", f"practice-{practice.pk}")
    assert body["title"] == "Shared" and body["kind"] == "practice"
    assert body["public"] is True and body["theme"] == ["housing"]
    assert body["country"] == ["GH"] and body["org_kind"] == ["city"]
    assert body["year"] == ["2020"]
    assert "Housing help." in body["body"]
    assert deleted[:3] == ("delete", "forum_content", f"practice-{draft.pk}")
    assert consultation[2] == f"consultation-{invited.pk}"
    assert body["signed_in"] is True
    assert consultation[3]["public"] is False and consultation[3]["signed_in"] is False


@pytest.mark.django_db
def test_update_object_survives_an_unreachable_server(settings, orgs, caplog):
    from search import registry

    settings.ELASTICSEARCH_URL = UNREACHABLE
    with caplog.at_level(logging.WARNING, logger="search.indexing"):
        indexing.update_object(registry.get_type("organisation"), orgs["accra"].pk)
    assert "not updated" in caplog.text


# -- against a real server (ELASTICSEARCH_URL) ------------------------------------------------


@pytest.fixture
def live_index(settings):
    settings.ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test_{uuid.uuid4().hex[:8]}"
    service.reset_backend_state()
    from search.backends.elastic import get_client

    yield get_client()
    get_client().indices.delete(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}_content*")


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_real_server_search_permissions_and_languages(
    live_index, orgs, make_user, make_consultation
):
    make_consultation(
        orgs["ministry"],
        "Consultation fermée",
        "Logement des réfugiés.",
        audience="invited",
        invited=[orgs["accra"]],
    )
    call_command("search_index", "rebuild")
    anonymous = service.search(SearchRequest(query="réfugiés"), AnonymousUser())
    assert anonymous.backend == "elasticsearch"
    assert {h.title for h in anonymous.hits} == {"Ville de Paris"}
    member = make_user("member", org=orgs["accra"])
    seen = service.search(SearchRequest(query="refugie"), member)
    assert {h.title for h in seen.hits} == {"Ville de Paris", "Consultation fermée"}
    assert service.suggest("Consultation fer", AnonymousUser()) == []
    assert service.suggest("Consultation fer", member)[0]["title"] == "Consultation fermée"
