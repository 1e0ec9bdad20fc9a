"""The ``seeded_demo`` fixture: the demo world, seeded once per test run.

Seeding the whole demo takes many seconds, so the tests that read it share
one seed. It lives in a transaction that stays open while consecutive tests
use it (each test in a savepoint of its own, rolled back as usual) and is
rolled back before any other test runs, so no other test sees the demo data.
The demo tests run first and one after the other, so the demo is seeded once;
with ``-n 2`` they fall into the first batch of one worker (pytest-xdist's
load scheduling sends each worker a run of consecutive tests to start with),
and should they be split, each worker seeds its own. Works the same on SQLite
and PostgreSQL: only transactions are involved.

Loaded by the root ``conftest.py`` (``pytest_plugins``).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import transaction

SEEDED_DEMO = "seeded_demo"


def seed_demo() -> str:
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


class SeededDemo:
    """An outer transaction holding seeded data, opened and rolled back
    between tests (hence the unblocking of pytest-django's database guard)."""

    def __init__(self, django_db_blocker, seed: Callable[[], str] = seed_demo):
        self.blocker = django_db_blocker
        self.seed = seed
        self.atomic = None
        self.output = ""

    def open(self) -> None:
        if self.atomic is not None:
            return
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.output = self.seed()

    def close(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_demo: SeededDemo | None = None


def _reads_demo(item) -> bool:
    return item is not None and SEEDED_DEMO in item.fixturenames


@pytest.fixture(scope="session")
def _seeded_demo_transaction(django_db_setup, django_db_blocker):
    # Session scope: set up before the function-scoped `db` fixture opens the
    # first demo test's own transaction, which must nest inside this one.
    global _demo
    _demo = SeededDemo(django_db_blocker)
    _demo.open()
    yield _demo
    _demo.close()
    _demo = None


@pytest.fixture
def seeded_demo(_seeded_demo_transaction, db):
    """The demo world of ``seed_demo --force``, shared by the tests that ask
    for it; what a test changes is rolled back. Returns what seed_demo printed."""
    return _seeded_demo_transaction.output


# tryfirst: before pytest-django's own ordering (database tests first), which
# keeps the relative order of the tests it does not move.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not _reads_demo(item))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # A demo test after other tests (the demo was rolled back): seed again,
    # before `db` opens the test's own transaction.
    if _demo is not None and _reads_demo(item):
        _demo.open()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    # After the test's own transaction was rolled back: roll the demo back
    # too, unless the next test reads it.
    if _demo is not None and not _reads_demo(nextitem):
        _demo.close()
