"""Nothing a user may not see appears in results, counts, facets, suggestions or similar items."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forum_site.discussions.models import Comment, Thread
from search import service
from search.query import SearchRequest

SECRET = "zanzibarsecret"


def everything_for(user, query=SECRET):
    return service.search(SearchRequest(query=query), user)


def titles(response):
    return {hit.title for hit in response.hits}


@pytest.fixture
def cast(orgs, make_user):
    return {
        "anonymous": AnonymousUser(),
        "outsider": make_user("outsider"),
        "ngo_member": make_user("ngo_member", org=orgs["ngo"]),
        "city_member": make_user("city_member", org=orgs["accra"]),
        "owner": make_user("owner", org=orgs["ministry"], role="editor"),
        "root": make_user("root", is_superuser=True),
    }


@pytest.mark.django_db
def test_invited_only_consultation_hidden_from_the_uninvited(cast, orgs, make_consultation, client):
    make_consultation(
        orgs["ministry"],
        f"Closed {SECRET} consultation",
        f"Only for invited cities {SECRET}.",
        audience="invited",
        invited=[orgs["accra"]],
    )
    for name in ("anonymous", "outsider", "ngo_member"):
        response = everything_for(cast[name])
        assert response.hits == [], name
        assert response.total == 0, name
        assert response.type_counts.get("consultation") == 0, name
        assert all(v.count == 0 for f in response.facets for v in f.values), name
        assert service.suggest(f"Closed {SECRET}", cast[name]) == [], name
    for name in ("city_member", "owner", "root"):
        response = everything_for(cast[name])
        assert titles(response) == {f"Closed {SECRET} consultation"}, name
        assert response.type_counts["consultation"] == 1
    # And through HTTP, for an anonymous visitor.
    html = client.get("/search/", {"q": SECRET}).content.decode()
    assert "Closed" not in html
    assert client.get(reverse("search:suggest"), {"q": f"Closed {SECRET}"}).json() == {
        "suggestions": []
    }


@pytest.mark.django_db
def test_unpublished_drafts_never_appear(cast, orgs, make_practice, make_consultation, make_event):
    make_practice(orgs["accra"], f"Draft {SECRET} practice", SECRET, live=False)
    make_consultation(orgs["ministry"], f"Draft {SECRET} consultation", SECRET, live=False)
    make_event(f"Draft {SECRET} event", f"<p>{SECRET}</p>", live=False)
    for name, user in cast.items():
        response = everything_for(user)
        assert response.hits == [] and response.total == 0, name
        assert service.suggest(f"Draft {SECRET}", user) == [], name


@pytest.mark.django_db
def test_unpublishing_removes_a_page(cast, orgs, make_practice):
    page = make_practice(orgs["accra"], f"Once {SECRET}", SECRET)
    assert titles(everything_for(cast["anonymous"])) == {f"Once {SECRET}"}
    page.unpublish()
    assert everything_for(cast["anonymous"]).total == 0


@pytest.mark.django_db
def test_pages_behind_a_view_restriction_appear_only_to_those_who_pass(
    cast, orgs, make_practice, make_event
):
    """The owning app's rule decides (#13 item 4): a login restriction admits signed-in
    users, a password one nobody off the page but superusers (and an event's organisers)."""
    from wagtail.models import PageViewRestriction

    practice = make_practice(orgs["accra"], f"Restricted {SECRET}", SECRET)
    event = make_event(f"Members {SECRET}", f"<p>{SECRET}</p>")
    PageViewRestriction.objects.create(page=practice, restriction_type="login")
    PageViewRestriction.objects.create(page=event, restriction_type="password", password="x")
    expected = {"anonymous": 0, "root": 2}
    for name, user in cast.items():
        assert everything_for(user).total == expected.get(name, 1), name


@pytest.mark.django_db
def test_a_login_restricted_consultation_is_found_by_everyone_signed_in(
    cast, orgs, make_consultation
):
    """``consultations.rules`` applies the restriction per viewer, as the listing
    does; Wagtail's ``.public()`` hid it from everyone."""
    from wagtail.models import PageViewRestriction

    page = make_consultation(orgs["ministry"], f"Members {SECRET} consultation", SECRET)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    for name, user in cast.items():
        expected = 0 if name == "anonymous" else 1
        response = everything_for(user)
        assert response.total == expected, name
        assert response.type_counts.get("consultation", 0) == expected, name
        assert len(service.suggest(f"Members {SECRET}", user)) == expected, name


@pytest.mark.django_db
def test_similar_practices_respect_visibility(cast, orgs, make_practice, themes):
    housing = themes["housing"]
    shown = make_practice(orgs["accra"], "Shown practice", "x", themes=[housing])
    make_practice(orgs["accra"], "Draft twin", "x", themes=[housing], live=False)
    restricted = make_practice(orgs["milan"], "Restricted twin", "x", themes=[housing])
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    public_twin = make_practice(orgs["milan"], "Public twin", "x", themes=[housing])
    similar = service.similar_practices(shown, cast["anonymous"])
    assert [hit.title for hit in similar] == [public_twin.title]


@pytest.mark.django_db
def test_delegation_workspaces_are_not_searchable(cast, orgs, make_event):
    """Delegations (and their workspace notes) are not a searchable type at all."""
    from search import registry

    assert {t.model_label for t in registry.search_types()}.isdisjoint(
        {"events.Delegation", "events.DelegationMember"}
    )
    try:
        from events.models import Delegation
    except ImportError:
        pytest.skip("events.Delegation has not landed yet")
    event = make_event("Global forum", "<p>Plenary.</p>")
    delegation = Delegation.objects.create(
        event=event, organisation=orgs["ministry"], head=cast["owner"]
    )
    # The workspace discussion of the delegation, with the secret in it.
    thread = Thread.for_object(delegation, title=f"{SECRET} workspace")
    Comment.objects.create(thread=thread, author=cast["owner"], body=f"Our {SECRET} position")
    for name, user in cast.items():
        assert everything_for(user).total == 0, name
        assert service.suggest(SECRET, user) == [], name
