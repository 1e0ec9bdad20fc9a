"""``visible_practices`` and ``can_view_practice``: one rule, and every surface that
lists practices (library, exports, API, home and profile sections, exchange,
search, a call's gathered practices) follows it."""

import json

import pytest
from wagtail.models import PageViewRestriction

from practices.models import Adoption
from practices.rules import can_view_practice, visible_practices

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(city, other_city, make_practice):
    """A published practice, a draft, and one behind a password."""
    shown = make_practice(city, "Shown practice")
    draft = make_practice(city, "Draft practice", publish=False)
    hidden = make_practice(city, "Hidden practice")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for page in (shown, hidden):
        Adoption.objects.create(practice=page, organisation=other_city, status="implemented")
    return shown, draft, hidden


def test_visible_practices_are_live_and_public(three, city_editor, moderator):
    shown, draft, hidden = three
    for user in (None, city_editor, moderator):
        assert list(visible_practices(user)) == [shown]
    assert list(visible_practices(None, type(shown).objects.filter(pk=hidden.pk))) == []


def test_can_view_practice_admits_drafts_to_their_editors_and_moderators(
    three, city_editor, city_member, moderator
):
    from django.contrib.auth.models import AnonymousUser

    shown, draft, hidden = three
    assert can_view_practice(AnonymousUser(), shown)
    assert not can_view_practice(AnonymousUser(), draft)
    assert not can_view_practice(city_member, hidden)
    assert can_view_practice(city_editor, draft) and can_view_practice(moderator, hidden)


def test_every_surface_lists_only_visible_practices(client, three, city, other_city):
    def listed(html):
        return {t for t in ("Shown", "Draft", "Hidden") if f"{t} practice" in html}

    assert listed(client.get("/practices/").content.decode()) == {"Shown"}
    assert listed(client.get("/practices/export.csv").content.decode()) == {"Shown"}
    exported = json.loads(client.get("/practices/export.json").content)
    assert [p["title"] for p in exported["practices"]] == ["Shown practice"]
    api = client.get("/api/v2/pages/?type=practices.PracticePage").json()
    assert [i["title"] for i in api["items"]] == ["Shown practice"]
    assert listed(client.get("/").content.decode()) == {"Shown"}
    assert listed(client.get(city.get_absolute_url()).content.decode()) == {"Shown"}
    assert listed(client.get(other_city.get_absolute_url()).content.decode()) == {"Shown"}
    assert listed(client.get("/practices/exchange/").content.decode()) == {"Shown"}
    found = client.get("/search/", {"q": "practice", "type": "practice"}).context["response"]
    assert [hit.title for hit in found.hits] == ["Shown practice"]


@pytest.mark.django_db
def test_the_library_reads_the_viewer_once_and_costs_the_same_for_more_practices(
    client, city, city_editor, make_practice
):
    """The library lists ``rules.visible_to``: one request reads the viewer's
    memberships and groups once, however many practices (and rule calls) there
    are, and more practices cost no more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(city_editor)

    def library_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/practices/").status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    make_practice(city)
    library_queries()  # warm caches (site, locales, content types)
    few = library_queries()
    for _ in range(4):
        make_practice(city)
    many = library_queries()
    assert len(many) == len(few)
    memberships = [sql for sql in many if 'FROM "organisations_membership"' in sql]
    assert len(memberships) == 1
