"""The embedded SQLite default takes concurrent writes without "database is locked".

Each test opens a SQLite file of its own with the options ``base.py`` gives the
default database, and runs read-then-write transactions from several threads,
as Daphne's request threads do (two saves of one response, registrations for
the last seat). SQLite's default DEFERRED transactions fail such a race at
once; IMMEDIATE ones queue.
"""

import threading
import time

import pytest
from django.db import connections, transaction

from forum_site.settings.base import sqlite_options

ALIAS = "concurrent_sqlite"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A database alias of its own (not the test database pytest-django sets up)."""
    configured = connections.configure_settings(
        {
            "default": {"ENGINE": "django.db.backends.dummy"},
            ALIAS: {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "concurrent.sqlite3"),
                "OPTIONS": sqlite_options(),
            },
        }
    )
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
            cursor.execute("INSERT INTO counter (n) VALUES (0)")
        connections[ALIAS].close()
        yield ALIAS
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def _increment(alias: str, errors: list, start: threading.Barrier):
    """Read the counter, wait a little (a form being validated), write it back."""
    try:
        start.wait()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            (n,) = cursor.fetchone()
            time.sleep(0.02)
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as exc:  # noqa: BLE001 - the test reports what a writer met
        errors.append(exc)
    finally:
        connections[alias].close()


def test_options_turn_on_wal_immediate_transactions_and_a_busy_timeout(sqlite_file):
    options = sqlite_options()
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    with connections[sqlite_file].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_parallel_read_then_write_transactions_queue_and_lose_nothing(sqlite_file):
    writers = 6
    errors: list = []
    start = threading.Barrier(writers)
    threads = [
        threading.Thread(target=_increment, args=(sqlite_file, errors, start))
        for _ in range(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with connections[sqlite_file].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone()[0] == writers


def test_the_default_database_gets_the_options(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the default database is not SQLite")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
