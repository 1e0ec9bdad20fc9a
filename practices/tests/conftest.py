import pytest

from forum_site.taxonomy.models import Theme
from practices.testing import make_practice as _make_practice
from practices.testing import practice_index


@pytest.fixture
def index(db):
    return practice_index()


@pytest.fixture
def themes(db):
    return {t.slug: t for t in Theme.objects.all()}


@pytest.fixture
def make_practice(db, index):
    counter = {"n": 0}

    def make(organisation, title=None, **fields):
        counter["n"] += 1
        return _make_practice(
            organisation, title=title or f"Practice number {counter['n']}", index=index, **fields
        )

    return make


@pytest.fixture
def city_editor(make_user, city):
    return make_user("city_editor", org=city, role="editor")


@pytest.fixture
def city_member(make_user, city):
    return make_user("city_member", org=city, role="member")


@pytest.fixture
def other_city(make_org):
    return make_org("City of Otherton", kind="city", country="IT", population=500_000)


@pytest.fixture
def moderator(make_user):
    from django.contrib.auth.models import Group

    user = make_user("moderator", is_staff=True)
    user.groups.add(Group.objects.get(name="Practice moderators"))
    return user


@pytest.fixture
def practice(city, make_practice, themes, city_member):
    return make_practice(
        city, "Night school for migrants", themes=[themes["education"]], user=city_member
    )
