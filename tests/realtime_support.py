"""Real Daphne processes for the real-time tests and benchmark.

Each process is a real ``daphne`` on 127.0.0.1 serving the site's ASGI
application (through ``tests.realtime_asgi``, which opens the threads of
organisations, their stand-in owner), started with the environment of the
caller plus overrides (the database it must share with the test,
``REDIS_URL``, tunables). It uses the caller's settings module
(``forum_site.settings.test`` under pytest, development or production in the
benchmark) with DEBUG on where that module allows it, so it serves the static
files. Stopping is by the process id we started, never by
name.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from forum_site.discussions.owners import OwnerPolicy

ROOT = Path(__file__).resolve().parents[1]
DAPHNE = str(Path(sys.executable).with_name("daphne"))
ORIGIN = "http://localhost"


class OpenThreads(OwnerPolicy):
    """The policy of the real-time tests' stand-in owner (an Organisation):
    anyone reads, any signed-in user posts, only superusers moderate."""

    def can_view(self, user, owner) -> bool:
        return True

    def can_post(self, user, owner) -> bool:
        return True


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database Django is connected to (the test
    database during tests), so a subprocess sees the same rows."""
    engine = settings_dict["ENGINE"]
    name = settings_dict["NAME"]
    if "sqlite" in engine:
        return f"sqlite:///{name}"
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{name}"


def free_port() -> int:
    """A port nothing listens on now, so that tests running side by side
    (pytest-xdist) never ask two servers for the same one."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


class DaphneProcess:
    def __init__(
        self,
        port: int,
        env: dict | None = None,
        name: str = "",
        app: str = "tests.realtime_asgi:application",
    ):
        self.port = port
        self.app = app
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "forum_site.settings.development"
            ),
            "DEBUG": "1",
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            # The test and benchmark clients send this Origin to every port.
            "WEBSOCKET_ALLOWED_ORIGINS": "http://localhost",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        # Tests may set this for Playwright; a server must not inherit it.
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open while the server runs)
            prefix=f"daphne-{name or port}-", suffix=".log", delete=False
        )
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://localhost:{self.port}"

    def start(self, timeout: float = 30.0) -> DaphneProcess:
        if port_open(self.port):
            raise RuntimeError(f"port {self.port} is already in use")
        self.proc = subprocess.Popen(
            [DAPHNE, "-b", "127.0.0.1", "-p", str(self.port), self.app],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"daphne exited early: {self.read_log()[-2000:]}")
            if port_open(self.port):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"daphne did not listen on {self.port}: {self.read_log()[-2000:]}")

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        deadline = time.monotonic() + 5
        while port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)

    def restart(self) -> DaphneProcess:
        self.stop()
        return self.start()

    def read_log(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def rss_kib(self) -> int:
        """Resident memory of the process (Linux)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


def session_cookie(user) -> str:
    """A ``Cookie`` header value with a fresh session for ``user``."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
