import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from forum_site.organisations.models import Membership, Organisation


def snapshot():
    User = get_user_model()
    return (
        sorted(
            Organisation.objects.values_list(
                "slug",
                "name",
                "kind",
                "country",
                "region",
                "population",
                "parent__slug",
                "updated_at",
            )
        ),
        sorted(User.objects.values_list("username", "password", "is_superuser", "email")),
        sorted(Membership.objects.values_list("user__username", "organisation__slug", "role")),
    )


def test_seed_demo_builds_the_world_and_is_idempotent(seeded_demo, settings, capsys):
    settings.DEBUG = True
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first

    cities = Organisation.objects.filter(kind="city")
    assert cities.count() >= 12
    assert len(set(cities.values_list("country", flat=True))) >= 6
    assert len(set(cities.values_list("region", flat=True))) >= 4
    assert Organisation.objects.filter(kind="national").count() >= 4
    assert Organisation.objects.filter(kind="international").count() >= 2
    assert Organisation.objects.filter(kind__in=["civil_society", "diaspora"]).count() >= 3

    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    roles = {
        (m.user.username, m.organisation.kind, m.role)
        for m in Membership.objects.select_related("user", "organisation")
    }
    assert ("city_editor", "city", "editor") in roles
    assert ("city_member", "city", "member") in roles
    assert ("ministry_editor", "national", "editor") in roles
    assert ("ngo_member", "civil_society", "member") in roles
    assert {role for _, _, role in roles} == {"member", "editor", "admin"}
    for username in ("admin", "city_editor", "city_member", "ministry_editor", "ngo_member"):
        assert User.objects.get(username=username).check_password("demo")
    for out in (seeded_demo, capsys.readouterr().out):
        assert "city_editor" in out and "demo" in out


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_seed_demo_with_force_runs_with_debug_off(seeded_demo, settings):
    settings.DEBUG = False
    get_user_model().objects.filter(username="admin").delete()
    call_command("seed_demo", "--force")
    assert get_user_model().objects.get(username="admin").is_superuser
