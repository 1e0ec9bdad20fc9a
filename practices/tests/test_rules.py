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
