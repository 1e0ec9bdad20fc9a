"""Real concurrency in tests: requests in threads, each with a database
connection of its own, on SQLite as on PostgreSQL.

pytest-django's SQLite test database lives in memory, in SQLite's shared
cache, where a writer meets "database table is locked" at once instead of
waiting its turn: not what the site's SQLite file does (``sqlite_options``:
WAL, IMMEDIATE transactions, a busy timeout). ``shared_database()`` copies
the test database into a file and points every new connection at it for the
duration of the block, so threads race as Daphne's request threads do. On
PostgreSQL it changes nothing: the test database already is a real one.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import connection, connections


@contextlib.contextmanager
def shared_database() -> Iterator[None]:
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connection.settings_dict  # shared by every thread's connection
    memory_name = settings_dict["NAME"]
    connection.ensure_connection()
    in_memory = connection.connection
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "concurrent.sqlite3")
        target = sqlite3.connect(path)
        in_memory.backup(target)
        target.close()
        # Detach (not close: closing would drop the in-memory database).
        connection.connection = None
        settings_dict["NAME"] = path
        try:
            yield
        finally:
            connection.close()
            settings_dict["NAME"] = memory_name
            connection.connection = in_memory


def run_in_threads(work: Callable, calls: list[tuple], *, timeout: float = 90) -> list:
    """Run ``work(*args)`` for each ``args`` in ``calls`` in threads that start
    together; each thread closes its connections at the end. Returns what each
    call returned, or the exception it raised, in the order of ``calls``."""
    start = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, args):
        try:
            start.wait()
            outcomes[index] = work(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, args)) for index, args in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is still running"
    return outcomes
