"""``forum_site.restrictions.visible_pages`` and the pages API: an app's rule decides
on the page models it names (``pages_with_own_rule``), restrictions included;
every other page is filtered by view restrictions per viewer."""

import pytest
from django.contrib.auth.models import Group
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from forum_site.models import HomePage
from forum_site.restrictions import visible_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners():
    return Group.objects.create(name="Partners")


@pytest.fixture
def home():
    return Page.objects.get(depth=2)


def add_restricted(parent, model, slug, partners):
    page = parent.add_child(instance=model(title=f"Hornwort {slug}", slug=slug))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(partners)
    return page


@pytest.fixture
def plain(home, partners):
    return add_restricted(home, Page, "plain", partners)


@pytest.fixture
def cast(make_user, partners):
    insider = make_user("insider")
    insider.groups.add(partners)
    return {"outsider": make_user("outsider"), "insider": insider}


def visible_ids(user):
    return set(visible_pages(user, Page.objects.live()).values_list("pk", flat=True))


def api_ids(client, user):
    if user is not None:
        client.force_login(user)
    response = client.get("/api/v2/pages/", {"search": "Hornwort"})
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def test_restrictions_filter_pages_no_app_rules_on(client, plain, cast):
    assert plain.pk not in visible_ids(cast["outsider"])
    assert plain.pk in visible_ids(cast["insider"])
    assert plain.pk not in api_ids(client, None)
    assert plain.pk not in api_ids(client, cast["outsider"])
    assert plain.pk in api_ids(client, cast["insider"])


def test_the_apps_rule_decides_on_the_models_it_names(client, plain, cast):
    """The rule admits the outsider (an exemption such as an event's organisers):
    neither the chooser's rule nor the API drops the page before the rule runs."""
    outsider = cast["outsider"]
    with (
        hooks.register_temporarily("pages_with_own_rule", lambda: [Page]),
        hooks.register_temporarily("filter_visible_pages", lambda user, qs: qs),
    ):
        assert plain.pk in visible_ids(outsider)
        assert plain.pk in api_ids(client, outsider)


def test_the_apps_rule_can_still_hide_them(client, plain, cast):
    insider = cast["insider"]
    with (
        hooks.register_temporarily("pages_with_own_rule", lambda: [Page]),
        hooks.register_temporarily(
            "filter_visible_pages", lambda user, qs: qs.exclude(pk=plain.pk)
        ),
    ):
        assert plain.pk not in visible_ids(insider)
        assert plain.pk not in api_ids(client, insider)


def test_a_subclass_not_named_is_still_filtered_by_restrictions(home, partners, cast):
    sub = add_restricted(home, HomePage, "sub", partners)
    with (
        hooks.register_temporarily("pages_with_own_rule", lambda: [Page]),
        hooks.register_temporarily("filter_visible_pages", lambda user, qs: qs),
    ):
        assert sub.pk not in visible_ids(cast["outsider"])
        assert sub.pk in visible_ids(cast["insider"])


def test_the_api_lists_only_the_requested_sites_live_pages(client, home, plain, cast):
    draft = home.add_child(instance=Page(title="Hornwort draft", slug="draft", live=False))
    ids = api_ids(client, cast["insider"])
    assert draft.pk not in ids
    # An unknown site is not found, as in Wagtail.
    assert client.get("/api/v2/pages/", {"site": "nowhere.example"}).status_code == 404
