"""Fixtures and service-dependent markers shared by every app's tests.

Markers ``postgres``, ``redis``, ``browser`` and ``elasticsearch`` skip a test
(visibly, with the reason) when the service it needs is not configured.
``seeded_demo`` (tests/seeded_demo.py) is the demo world, seeded once per run.
"""

import os
import shutil

import pytest
from django.conf import settings

pytest_plugins = ["tests.seeded_demo"]

BROWSER_EXECUTABLE = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _skip_reasons():
    engine = settings.DATABASES["default"]["ENGINE"]
    return {
        "postgres": None
        if "postgresql" in engine
        else "needs PostgreSQL: set DATABASE_URL=postgres://...",
        "redis": None if os.environ.get("REDIS_URL") else "needs Redis: set REDIS_URL",
        "browser": None
        if os.environ.get("BROWSER_TESTS") == "1" and shutil.which(BROWSER_EXECUTABLE)
        else f"browser tests run with BROWSER_TESTS=1 and {BROWSER_EXECUTABLE} installed",
        "elasticsearch": None
        if os.environ.get("ELASTICSEARCH_URL")
        else "needs Elasticsearch: set ELASTICSEARCH_URL",
    }


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Skips by marker; and the permission matrix last (after pytest-django's
    own ordering): its module-wide world ends with a flush, which removes what
    migrations created (groups, workflows, seeded templates) that later
    non-transactional tests on the same worker would miss."""
    reasons = _skip_reasons()
    last = [item for item in items if "test_permission_matrix" in item.nodeid]
    if last:
        items[:] = [item for item in items if item not in last] + last
    for item in items:
        for marker, reason in reasons.items():
            if reason and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    """Tests run with the compiled message catalogs, as the site does: any .mo
    missing or older than its .po is compiled first (``make install`` does the
    same; safe with several xdist workers: locked and atomic)."""
    from forum_site.catalogs import compile_stale

    compile_stale()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's default language. A request under /ar/ leaves
    Arabic active in the thread, and ``reverse()`` in the next test would build
    /ar/ URLs (and assertions on English messages fail by test order)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no rate-limit hits (``forum_site.ratelimit``): ids
    are reused between tests, so one test's burst would refuse the next one's
    first post or password reset. The in-memory cache is cleared; on Redis
    only the limiter's keys are deleted."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(match=cache.make_key("rl:*")):
            client.delete(key)
    else:
        cache.clear()
    yield


@pytest.fixture
def media_roots(settings, tmp_path):
    """Uploaded files of a test go to its own folders, public and private, and
    private files are streamed by Django (no X-Accel-Redirect)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = ""
    return tmp_path


@pytest.fixture
def fresh_channel_layer():
    """A channel layer of this test's own: channels-redis binds its locks to
    the event loop that first used them, and every async test has its own."""
    from channels.layers import channel_layers

    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


@pytest.fixture
def make_org(db):
    from forum_site.organisations.models import Organisation, OrganisationKind

    counter = {"n": 0}

    def make(name=None, kind=OrganisationKind.CITY, country="GH", **extra):
        counter["n"] += 1
        name = name or f"Organisation {counter['n']}"
        return Organisation.objects.create(name=name, kind=kind, country=country, **extra)

    return make


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    from forum_site.organisations.models import Membership

    def make(username, *, org=None, role="member", password="pw-for-tests-1", **extra):
        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.org", password=password, **extra
        )
        if org is not None:
            Membership.objects.create(user=user, organisation=org, role=role)
        return user

    return make


@pytest.fixture
def mail_outage(settings, monkeypatch):
    """The mail server is down and tasks wait in the database queue; ``.end()``
    brings the server back, ``.run_worker()`` runs the queued tasks."""
    from forum_site.tests.outage import MailOutage

    return MailOutage(settings, monkeypatch)


@pytest.fixture
def task_queue(settings, monkeypatch):
    """Tasks wait in the database queue; ``.run_worker()`` runs them."""
    from forum_site.tests.outage import TaskQueue

    return TaskQueue(settings, monkeypatch)


@pytest.fixture
def city(make_org):
    return make_org("City of Testville", kind="city", country="GH", population=250_000)


@pytest.fixture
def ministry(make_org):
    return make_org("Ministry of Testing", kind="national", country="GH")


@pytest.fixture
def ngo(make_org):
    return make_org("Testville Migrant Help", kind="civil_society", country="GH")
