"""Visibility and permissions for every role and state, everywhere the rule applies."""

import pytest
from django.urls import reverse

from consultations import rules
from consultations.models import InviteRule, InviteRuleKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited_page(make_consultation, ministry, city):
    return make_consultation(ministry, audience="invited", invited=[city])


@pytest.fixture
def public_page(make_consultation, ministry):
    return make_consultation(ministry, audience="public")


VIEW_MATRIX = [
    # (user key, sees invited, sees public)
    (None, False, True),
    ("outsider", False, True),
    ("ngo_member", False, True),
    ("ngo_editor", False, True),
    ("city_member", True, True),
    ("city_editor", True, True),
    ("owner", True, True),
    ("owner_member", True, True),
    ("root", True, True),
]


@pytest.mark.parametrize("who,sees_invited,sees_public", VIEW_MATRIX)
def test_visibility_everywhere(
    client, people, invited_page, public_page, who, sees_invited, sees_public
):
    user = people[who] if who else None
    if user:
        client.force_login(user)
    from django.contrib.auth.models import AnonymousUser

    actor = user or AnonymousUser()
    # The rule itself, per object and as a queryset filter.
    assert rules.can_view_consultation(actor, invited_page) is sees_invited
    assert rules.can_view_consultation(actor, public_page) is sees_public
    visible = set(rules.visible_consultations(actor).values_list("pk", flat=True))
    assert (invited_page.pk in visible) is sees_invited
    assert public_page.pk in visible
    # The page.
    response = client.get(invited_page.url)
    if sees_invited:
        assert response.status_code == 200
    else:
        assert response.status_code == (302 if user is None else 404)
        assert invited_page.summary.encode() not in response.content
    assert client.get(public_page.url).status_code == 200
    # The listing.
    listing = client.get("/consultations/")
    assert (invited_page.title.encode() in listing.content) is sees_invited
    assert public_page.title.encode() in listing.content
    # The API.
    api = client.get("/api/v2/pages/", {"limit": 100}).json()
    ids = {item["id"] for item in api["items"]}
    assert (invited_page.pk in ids) is sees_invited
    assert public_page.pk in ids
    assert client.get(f"/api/v2/pages/{invited_page.pk}/").status_code == (
        200 if sees_invited else 404
    )
    # The home page section.
    home = client.get("/")
    assert (invited_page.title.encode() in home.content) is sees_invited
    # The thread.
    thread = invited_page.get_thread()
    thread_response = client.get(reverse("discussions:thread", args=[thread.pk]))
    assert thread_response.status_code == (200 if sees_invited else 404)


def test_drafts_only_for_the_owner(client, make_consultation, ministry, city, people):
    draft = make_consultation(ministry, invited=[city], live=False, audience="public")
    assert rules.can_view_consultation(people["owner_member"], draft)
    for who in ("city_editor", "outsider", "ngo_member"):
        assert not rules.can_view_consultation(people[who], draft)
        assert not rules.visible_consultations(people[who]).filter(pk=draft.pk).exists()
    assert rules.visible_consultations(people["owner"]).filter(pk=draft.pk).exists()


def test_invitation_rules(make_consultation, ministry, make_org, make_user):
    accra = make_org("Accra", kind="city", country="GH")
    association = make_org("Association", kind="lga_association", country="GH")
    member_city = make_org("Member town", kind="city", country="SN", parent=association)
    kenyan_city = make_org("Nairobi", kind="city", country="KE")
    ghana_ngo = make_org("NGO", kind="civil_society", country="GH")
    page = make_consultation(ministry, invited=[])
    InviteRule.objects.create(
        page=page, kind=InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY, country="GH"
    )
    InviteRule.objects.create(
        page=page, kind=InviteRuleKind.MEMBERS_OF_ASSOCIATION, association=association
    )
    invited = set(rules.invited_organisations(page))
    assert invited == {accra, member_city}
    for org, expected in [
        (accra, True),
        (member_city, True),
        (kenyan_city, False),
        (ghana_ngo, False),
    ]:
        user = make_user(f"u{org.pk}", org=org)
        assert rules.can_view_consultation(user, page) is expected
        assert rules.visible_consultations(user).filter(pk=page.pk).exists() is expected
        assert bool(rules.respondable_organisations(user, page)) is expected


@pytest.mark.parametrize(
    "who,can_draft,can_submit",
    [
        ("city_member", True, False),
        ("city_editor", True, True),
        ("ngo_member", False, False),
        ("ngo_editor", False, False),
        ("owner", False, False),
        ("outsider", False, False),
    ],
)
def test_respond_permissions_invited(
    people, invited_page, city, ngo, ministry, who, can_draft, can_submit
):
    user = people[who]
    orgs = rules.respondable_organisations(user, invited_page)
    assert bool(orgs) is can_draft
    for org in (city, ngo, ministry):
        assert rules.can_draft_response(user, invited_page, org) is (can_draft and org == city)
        assert rules.can_submit_response(user, invited_page, org) is (can_submit and org == city)


def test_public_any_organisation_may_respond(people, public_page, ngo, ministry):
    assert rules.can_submit_response(people["ngo_editor"], public_page, ngo)
    assert rules.can_draft_response(people["ngo_member"], public_page, ngo)
    assert not rules.can_draft_response(people["owner"], public_page, ministry)
    assert rules.respondable_organisations(people["outsider"], public_page) == []


@pytest.mark.parametrize("opens,closes", [(2, 5), (-5, -1)])
def test_window_closed_for_scheduled_and_closed(
    people, make_consultation, ministry, city, opens, closes
):
    page = make_consultation(ministry, invited=[city], opens=opens, closes=closes)
    assert not rules.can_draft_response(people["city_editor"], page, city)
    assert not rules.can_submit_response(people["city_editor"], page, city)


@pytest.mark.parametrize(
    "who,status",
    [
        (None, 302),
        ("outsider", 404),
        ("city_editor", 403),
        ("owner_member", 403),
        ("owner", 200),
        ("root", 200),
    ],
)
def test_owner_pages(client, people, invited_page, who, status):
    if who:
        client.force_login(people[who])
    for name in ("dashboard", "export_csv", "export_xlsx", "outcome"):
        response = client.get(reverse(f"consultations:{name}", args=[invited_page.pk]))
        assert response.status_code == status, name
