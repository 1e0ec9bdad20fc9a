"""Tests: fast and deterministic.

pytest uses this module (``pyproject.toml``), and so do the Daphne processes
that tests start. It builds on ``base.py``, not on ``development.py``, so
DEBUG=0 in the shell does not bring production's HTTPS redirects into the
tests. The test runner turns DEBUG off in its own process; the Daphne
processes ask for DEBUG=1 so that they serve static files.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHES, CHANNEL_LAYERS, REDIS_URL, WEBSOCKET_ALLOWED_ORIGINS, env_bool

DEBUG = env_bool("DEBUG")

# The real hashers are slow on purpose and were most of the suite's time;
# test users need no protection.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Channels' test communicator sends no Host header; the socket tests open
# their sockets from this origin.
WEBSOCKET_ALLOWED_ORIGINS = [*WEBSOCKET_ALLOWED_ORIGINS, "http://localhost"]

# Sent mail stays in django.core.mail.outbox, also in processes that the test
# runner does not set up (Daphne).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tasks run at once, in the process that enqueues them, so tests see their
# effects without a worker. The queue's own tests use the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def worker_redis_url(url: str, worker: str) -> str:
    """The Redis database of one pytest-xdist worker ("gw0", "gw1", ...): the
    URL's database number plus the worker's. A worker's ``cache.clear()``
    (FLUSHDB) then cannot empty the cache or channel layer of another."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{database}"))


# pytest-xdist names each worker in PYTEST_XDIST_WORKER; Daphne processes
# started by a test inherit it, so they use their worker's database too.
if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER"):
    REDIS_URL = worker_redis_url(REDIS_URL, os.environ["PYTEST_XDIST_WORKER"])
    CACHES["default"]["LOCATION"] = REDIS_URL
    for host in CHANNEL_LAYERS["default"]["CONFIG"]["hosts"]:
        host["address"] = REDIS_URL
