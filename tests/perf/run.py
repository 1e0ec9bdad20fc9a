"""Benchmarks: ``make bench`` (``python -m tests.perf.run``).

Runs every ``tests/perf/bench_*.py`` module against a generated dataset in a
database of its own (never the demo one) and writes a markdown report to
``reports/bench.md``. Each module exposes ``run(report)``; ``report`` is a
:class:`Report`. Select modules with ``--only home,practices``.

Database: with DATABASE_URL pointing at PostgreSQL, a database named
``<name>_bench`` on the same server; otherwise a fresh SQLite file under
``reports/``. Server time is measured in-process through Django's handler
(request in, response out), so it excludes network and client time.

Settings: ``forum_site.settings.development`` (DEBUG on) unless
``BENCH_PRODUCTION=1``, which uses ``forum_site.settings.production`` as a
deployment runs (see ``configure_production``). Daphne processes that a
benchmark starts use the same module.
"""

import argparse
import importlib
import os
import pkgutil
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORT_DIR = ROOT / "reports"


def configure_database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        base, _, name = url.rpartition("/")
        bench_url = f"{base}/{name.split('?')[0]}_bench"
        os.environ["DATABASE_URL"] = bench_url
        return bench_url
    REPORT_DIR.mkdir(exist_ok=True)
    path = REPORT_DIR / "bench.sqlite3"
    if path.exists():
        path.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return os.environ["DATABASE_URL"]


def recreate_postgres_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def configure_production() -> None:
    """``BENCH_PRODUCTION=1``: measure with the production settings (DEBUG off),
    as a deployment runs.

    DEBUG on records every query and renders templates in debug mode, about
    20% of a search page's server time. HTTPS redirects stay off (requests
    are made in-process) and static files are collected under ``reports/``.
    """
    import secrets

    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("STATIC_ROOT", str(REPORT_DIR / "static"))


class Report:
    def __init__(self):
        self.sections: list[str] = []

    def section(self, title: str, text: str = "") -> None:
        self.sections.append(f"## {title}\n\n{text}".rstrip() + "\n")

    def table(self, headers: list[str], rows: list[list]) -> str:
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"

    def render(self, database: str, production: bool = False) -> str:
        head = (
            "# Benchmark report\n\n"
            f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
            f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}\n"
            f"- database: {database.split('@')[-1]}\n"
            "- settings: "
            + ("production (DEBUG off)" if production else "development (DEBUG on)")
            + "\n\n"
        )
        return head + "\n".join(self.sections)


def timed_requests(client, url: str, n: int = 50, warmup: int = 3, **extra) -> dict:
    """Server time of ``n`` GETs of ``url`` in milliseconds (p50/p95/max)."""
    for _ in range(warmup):
        response = client.get(url, **extra)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url, **extra)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "status": response.status_code,
        "p50": round(statistics.median(samples), 1),
        "p95": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 1),
        "max": round(samples[-1], 1),
        "n": n,
    }


def count_queries(client, url: str, **extra) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url, **extra)
    return len(ctx.captured_queries)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated module names (bench_X -> X)")
    args = parser.parse_args(argv)

    database = configure_database()
    if database.startswith("postgres"):
        recreate_postgres_database(database)
    production = os.environ.get("BENCH_PRODUCTION") == "1"
    if production:
        configure_production()
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE",
        "forum_site.settings.production" if production else "forum_site.settings.development",
    )
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if production:
        call_command("collectstatic", interactive=False, verbosity=0)

    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    report = Report()
    package = importlib.import_module("tests.perf")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        if wanted and info.name.removeprefix("bench_") not in wanted:
            continue
        print(f"running {info.name} ...", flush=True)
        module = importlib.import_module(f"tests.perf.{info.name}")
        started = time.perf_counter()
        module.run(report)
        print(f"  done in {time.perf_counter() - started:.1f}s", flush=True)

    REPORT_DIR.mkdir(exist_ok=True)
    out = REPORT_DIR / "bench.md"
    out.write_text(report.render(database, production))
    print(f"report written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
