import pytest

from forum_site.organisations import rules
from forum_site.organisations.models import Membership, Organisation
from forum_site.viewer import Viewer, viewer_scope


@pytest.mark.django_db
class TestKinds:
    def test_local_and_national_authorities(self, make_org):
        city = make_org(kind="city")
        region = make_org(kind="local_government")
        association = make_org(kind="lga_association")
        ministry = make_org(kind="national")
        ngo = make_org(kind="civil_society")
        assert [
            rules.is_local_authority(o) for o in (city, region, association, ministry, ngo)
        ] == [
            True,
            True,
            False,
            False,
            False,
        ]
        assert rules.represents_local_authorities(association)
        assert not rules.represents_local_authorities(ngo)
        assert rules.is_national_authority(ministry) and not rules.is_national_authority(city)
        assert set(Organisation.objects.local_authorities()) == {city, region}
        assert list(Organisation.objects.national_authorities()) == [ministry]


@pytest.mark.django_db
class TestRoles:
    @pytest.mark.parametrize(
        "role,act,publish,administer",
        [
            ("member", True, False, False),
            ("editor", True, True, False),
            ("admin", True, True, True),
        ],
    )
    def test_role_ladder(self, city, make_user, role, act, publish, administer):
        user = make_user("someone", org=city, role=role)
        assert rules.can_act_for(user, city) is act
        assert rules.can_publish_for(user, city) is publish
        assert rules.can_administer(user, city) is administer

    def test_no_membership_no_rights(self, city, ministry, make_user):
        user = make_user("outsider", org=ministry, role="admin")
        assert not rules.can_act_for(user, city)
        assert rules.role_in(user, city) is None

    def test_anonymous_has_no_rights(self, city):
        from django.contrib.auth.models import AnonymousUser

        assert not rules.can_act_for(AnonymousUser(), city)
        assert rules.organisation_ids_for(AnonymousUser()) == set()

    def test_superuser_may_do_anything(self, city, make_user):
        boss = make_user("boss", is_superuser=True)
        assert rules.can_administer(boss, city)

    def test_inactive_superuser_gets_nothing(self, city, make_user):
        boss = make_user("gone", is_superuser=True, is_active=False)
        assert not rules.can_act_for(boss, city)

    def test_several_organisations(self, city, ngo, make_user):
        user = make_user("both", org=city, role="editor")
        Membership.objects.create(user=user, organisation=ngo, role="member")
        rules.forget_cached_roles(user)
        assert rules.organisation_ids_for(user) == {city.pk, ngo.pk}
        assert rules.organisation_ids_for(user, "editor") == {city.pk}

    def test_roles_cost_one_query_per_viewer(self, city, ngo, make_user, django_assert_num_queries):
        user = make_user("cached", org=city, role="editor")
        with viewer_scope(), django_assert_num_queries(1):
            for _ in range(5):
                rules.can_publish_for(user, city)
                rules.can_act_for(user, ngo)
        viewer = Viewer(user)
        with django_assert_num_queries(1):
            for _ in range(5):
                rules.can_publish_for(viewer, city)
                rules.can_act_for(viewer, ngo)

    def test_nothing_is_cached_on_the_user_outside_a_scope(self, city, make_user):
        """Outside a request or a socket message each question reads afresh, so a
        removed membership is seen at once (and nothing lands on the user object)."""
        user = make_user("fresh", org=city, role="editor")
        assert rules.can_publish_for(user, city)
        Membership.objects.filter(user=user).delete()
        assert not rules.can_publish_for(user, city)
        assert not [name for name in vars(user) if name.startswith("_forum")]

    def test_consultation_and_practice_rules(self, city, ministry, ngo, make_user):
        ministry_editor = make_user("me", org=ministry, role="editor")
        ministry_member = make_user("mm", org=ministry, role="member")
        city_member = make_user("cm", org=city, role="member")
        ngo_member = make_user("nm", org=ngo, role="admin")
        assert rules.can_open_consultation(ministry_editor, ministry)
        assert not rules.can_open_consultation(ministry_member, ministry)
        assert rules.can_share_practice(city_member, city)
        assert not rules.can_share_practice(ngo_member, ngo)


@pytest.mark.django_db
def test_region_follows_country(make_org):
    org = make_org(country="EC")
    assert org.region == "019"
    assert org.get_region_display() == "Americas"


@pytest.mark.django_db
def test_parent_cycle_is_refused(make_org):
    from django.core.exceptions import ValidationError

    a = make_org("A")
    b = make_org("B", parent=a)
    a.parent = b
    with pytest.raises(ValidationError):
        a.full_clean()


@pytest.mark.django_db
def test_slug_is_unique_and_derived_from_name(make_org):
    first = make_org("Ciudad de México")
    second = make_org("Ciudad de México")
    assert first.slug == "ciudad-de-méxico"
    assert second.slug == "ciudad-de-méxico-2"


@pytest.mark.django_db
def test_wagtail_admin_searches_and_filters_organisations(client, make_org, make_user):
    make_org("City of Testville", kind="city")
    make_org("Ministry of Testing", kind="national")
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    url = "/admin/snippets/organisations/organisation/"
    html = client.get(url, {"q": "Testville"}).content.decode()
    assert "City of Testville" in html and "Ministry of Testing" not in html
    html = client.get(url, {"kind": "national"}).content.decode()
    assert "Ministry of Testing" in html and "City of Testville" not in html
    response = client.get("/admin/snippets/organisations/membership/", {"role": "admin"})
    assert response.status_code == 200
