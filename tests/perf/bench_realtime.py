"""Live threads under load: fan-out to a swarm of real WebSocket clients.

For each group size (100, 500, 1,000 clients in one thread) and each setup
(``memory``: the in-memory channel layer with one Daphne process; ``redis``:
the site as it is, channels-redis's pub/sub layer with two Daphne processes
sharing a Redis of our own; ``relay``: the site before it, channels-redis's
core layer behind the relay of ``tests.perf.rt_relay``; ``redis-plain``: the
pub/sub layer without the thread socket's ``dispatch`` override;
``reference``: a bare ``websockets`` broadcast server), a swarm of real ``websockets`` clients
(session cookie and Origin header, in two asyncio processes) joins the
thread; one poster posts 200-byte comments at 10 per second, first for a
warm-up, then for the measured period. The server stamps each event; the
clients count what arrives against the sequence numbers, and after the run
each client that missed something resumes. A fault run restarts Redis in
the middle of a Redis case (once per mode in ``BENCH_RT_FAULT_MODES``).

Configuration (environment):

- ``BENCH_RT_SECONDS`` (60): measured posting period per case;
- ``BENCH_RT_WARMUP`` (5): warm-up posting before it;
- ``BENCH_RT_RATE`` (10): posts per second;
- ``BENCH_RT_SIZES`` (``100,500,1000``): group sizes;
- ``BENCH_RT_MODES`` (``reference,memory,relay,redis``; ``redis-plain`` too on request);
- ``BENCH_RT_FAULT`` (``1``), ``BENCH_RT_FAULT_SIZE`` (500) and
  ``BENCH_RT_FAULT_MODES`` (``relay,redis``): the fault runs;
- ``BENCH_RT_REDIS_PORT`` (6390): the Redis server this benchmark starts and
  restarts (never the shared one);
- ``BENCH_RT_PORT`` (8440): first of the ports the servers listen on;
- ``BENCH_RT_SWARMS`` (2): client processes.

A quick run: ``BENCH_RT_SECONDS=10 BENCH_RT_SIZES=100 python -m tests.perf.run --only realtime``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env_int(name, default):
    return int(os.environ.get(name, default))


SECONDS = float(os.environ.get("BENCH_RT_SECONDS", "60"))
WARMUP = float(os.environ.get("BENCH_RT_WARMUP", "5"))
RATE = float(os.environ.get("BENCH_RT_RATE", "10"))
SIZES = [int(s) for s in os.environ.get("BENCH_RT_SIZES", "100,500,1000").split(",") if s]
MODES = [
    m for m in os.environ.get("BENCH_RT_MODES", "reference,memory,relay,redis").split(",") if m
]
FAULT = os.environ.get("BENCH_RT_FAULT", "1") == "1"
FAULT_MODES = [m for m in os.environ.get("BENCH_RT_FAULT_MODES", "relay,redis").split(",") if m]
FAULT_SIZE = _env_int("BENCH_RT_FAULT_SIZE", 500)
REDIS_PORT = _env_int("BENCH_RT_REDIS_PORT", 6390)
PORT = _env_int("BENCH_RT_PORT", 8440)
SWARMS = _env_int("BENCH_RT_SWARMS", 2)
SOCKETS_PER_USER = 20
ORIGIN = "http://localhost"
BODY = ("Live benchmark comment. " * 10)[:200]


# --- Servers --------------------------------------------------------------------


class RedisServer:
    """A redis-server of our own (started and restarted by pid)."""

    def __init__(self, port):
        self.port = port
        self.dir = tempfile.mkdtemp(prefix="bench-redis-")
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        from tests.realtime_support import port_open

        deadline = time.monotonic() + 10
        while not port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def restart(self):
        self.stop()
        self.start()


class ReferenceServer:
    def __init__(self, port):
        self.port = port
        self.proc = None

    def start(self):
        from tests.realtime_support import port_open

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.perf.rt_reference", str(self.port)], cwd=ROOT
        )
        deadline = time.monotonic() + 20
        while not port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def rss_kib(self):
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


# Setups with Daphne: (processes, channel layer, variant of tests.perf.rt_variants).
SETUPS = {
    "memory": (1, "memory", ""),
    "relay": (2, "redis", "relay"),
    "redis-plain": (2, "redis", "plain"),
    "redis": (2, "redis", ""),
}
LABELS = {
    "reference": "reference (bare websockets)",
    "memory": "in-memory, 1 Daphne",
    "relay": "old relay + core layer, 2 Daphne",
    "redis-plain": "pub/sub, channels' dispatch, 2 Daphne",
    "redis": "pub/sub (the site), 2 Daphne",
}


def _daphnes(mode, redis):
    from django.db import connection

    from tests.realtime_support import DaphneProcess, database_url

    count, layer, variant = SETUPS[mode]
    env = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "CONN_MAX_AGE": "600",
        "REALTIME_RATE_LIMIT": "100000/10",
        "REALTIME_MAX_SOCKETS_PER_USER": str(SOCKETS_PER_USER),
        "REDIS_URL": redis.url if layer == "redis" else "",
        "CHANNEL_PREFIX": f"bench-{uuid.uuid4().hex[:6]}",
        "LOG_LEVEL": "ERROR",
        "BENCH_RT_VARIANT": variant,
    }
    app = "tests.perf.rt_variants:application" if variant else "tests.realtime_asgi:application"
    return [DaphneProcess(PORT + i, env, f"bench-{mode}-{i}", app) for i in range(count)]


# --- Data -------------------------------------------------------------------------


def _prepare(max_clients):
    """A thread, the poster and enough users for the swarm (each user holds
    up to SOCKETS_PER_USER sockets), with sessions."""
    from django.contrib.auth import get_user_model

    from forum_site.discussions.models import Thread
    from forum_site.organisations.models import Organisation
    from tests.realtime_support import session_cookie

    User = get_user_model()
    org, _ = Organisation.objects.get_or_create(
        slug="bench-realtime", defaults={"name": "Bench realtime", "kind": "city", "country": "GH"}
    )
    users = []
    for i in range(-(-max_clients // SOCKETS_PER_USER) + SWARMS):
        user, _ = User.objects.get_or_create(username=f"bench_rt_{i}")
        users.append(user)
    poster, _ = User.objects.get_or_create(username="bench_rt_poster")
    return org, Thread, [session_cookie(u) for u in users], session_cookie(poster)


def _new_thread(org, Thread):
    from django.contrib.contenttypes.models import ContentType

    # One fresh thread per case (owner: the organisation; visible to all).
    Thread.objects.filter(
        content_type=ContentType.objects.get_for_model(org), object_id=org.pk
    ).delete()
    return Thread.for_object(org, title="Benchmark thread")


# --- One case -----------------------------------------------------------------------


class Swarm:
    def __init__(self, config):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.perf.rt_swarm", json.dumps(config)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def read(self, prefix, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("swarm process ended early")
            if line.startswith(prefix + " "):
                return json.loads(line[len(prefix) + 1 :])
        raise TimeoutError(prefix)

    def say(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


async def _poster(url, cookie, seconds, rate, on_half=None):
    """Post at ``rate`` per second for ``seconds``; return the acked seqs."""
    import websockets

    headers = {"Cookie": cookie} if cookie else {}
    acks = {}
    async with websockets.connect(
        url, origin=ORIGIN, additional_headers=headers, ping_interval=None
    ) as ws:
        while json.loads(await ws.recv()).get("type") != "hello":
            pass

        async def read():
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "ack":
                    acks[message["client_id"]] = message["seq"]

        reader = asyncio.ensure_future(read())
        total = int(seconds * rate)
        started = time.perf_counter()
        half_done = False
        for i in range(total):
            target = started + i / rate
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if on_half and not half_done and i >= total // 2:
                half_done = True
                await asyncio.get_running_loop().run_in_executor(None, on_half)
            await ws.send(
                json.dumps({"type": "comment.post", "body": BODY, "client_id": uuid.uuid4().hex})
            )
        deadline = time.monotonic() + 30
        while len(acks) < total and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        reader.cancel()
    return sorted(acks.values()), total


async def _touch(urls, cookie):
    import websockets

    headers = {"Cookie": cookie} if cookie else {}
    for url in urls:
        async with websockets.connect(url, origin=ORIGIN, additional_headers=headers) as ws:
            while json.loads(await ws.recv()).get("type") != "hello":
                pass


def _percentile(histogram, bucket_ms, fraction):
    total = sum(histogram.values())
    if not total:
        return None
    target = fraction * total
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= target:
            return round((bucket + 0.5) * bucket_ms, 1)
    return None


def run_case(mode, size, cookies, poster_cookie, thread_path, redis, fault=False):
    servers = []
    if mode == "reference":
        servers = [ReferenceServer(PORT + 10).start()]
        urls = [f"ws://localhost:{PORT + 10}/"]
        cookies = []
        poster_url = urls[0]
    else:
        servers = [s.start() for s in _daphnes(mode, redis)]
        urls = [f"{s.ws_url}{thread_path}" for s in servers]
        poster_url = urls[0]
    swarms = []
    try:
        # One connection to each server first: imports and caches that load
        # on first use are not counted as per-connection memory.
        asyncio.run(_touch(urls, cookies[0] if cookies else ""))
        time.sleep(1)
        rss_before = sum(s.rss_kib() for s in servers)
        per = [size // SWARMS + (1 if i < size % SWARMS else 0) for i in range(SWARMS)]
        offset = 0
        for n in per:
            # Each swarm takes its own users, so no user goes over the socket cap.
            users_needed = -(-n // SOCKETS_PER_USER)
            swarm_cookies = cookies[offset : offset + users_needed] if cookies else []
            offset += users_needed
            swarms.append(Swarm({"urls": urls, "cookies": swarm_cookies, "n": n, "origin": ORIGIN}))
        ready = [s.read("READY", 600) for s in swarms]
        time.sleep(1)
        rss_after = sum(s.rss_kib() for s in servers)
        connected = sum(r["connected"] for r in ready)
        connect_ms = sorted(ms for r in ready for ms in r["connect_ms"])

        load_before = os.getloadavg()[0]
        acked, _ = asyncio.run(_poster(poster_url, poster_cookie, WARMUP, RATE))
        base = max(acked) if acked else 0
        for s in swarms:
            s.say(f"BASE {base}")
        fault_at = {}

        def restart_redis():
            fault_at["t"] = time.time()
            redis.restart()
            fault_at["down_s"] = round(time.time() - fault_at["t"], 2)

        acked, total = asyncio.run(
            _poster(poster_url, poster_cookie, SECONDS, RATE, restart_redis if fault else None)
        )
        last = max(acked) if acked else base
        load_after = os.getloadavg()[0]
        for s in swarms:
            s.say(f"END {last}")
        results = [s.read("RESULT", 300) for s in swarms]
    finally:
        for s in swarms:
            s.stop()
        for s in servers:
            s.stop()

    histogram = {}
    for r in results:
        for bucket, count in r["histogram"].items():
            histogram[int(bucket)] = histogram.get(int(bucket), 0) + count
    bucket_ms = results[0]["bucket_ms"]
    expected_total = sum(r["expected_each"] * r["clients"] for r in results)
    missed_after = sum(r["missed_after_resume"] for r in results)
    return {
        "mode": mode,
        "size": size,
        "connected": connected,
        "posted": total,
        "acked": len(acked),
        "expected": expected_total,
        "missed_live": sum(r["missed_live"] for r in results),
        "missed_after": missed_after,
        "delivery": round((expected_total - missed_after) / expected_total, 5)
        if expected_total
        else None,
        "duplicates": sum(r["duplicates"] for r in results),
        "resumed_clients": sum(r["resumed_clients"] for r in results),
        "p50": _percentile(histogram, bucket_ms, 0.50),
        "p95": _percentile(histogram, bucket_ms, 0.95),
        "p99": _percentile(histogram, bucket_ms, 0.99),
        "connect_p50": round(statistics.median(connect_ms), 1) if connect_ms else None,
        "connect_p95": round(connect_ms[int(len(connect_ms) * 0.95) - 1], 1)
        if connect_ms
        else None,
        "connect_phase_s": max(r["connect_phase_s"] for r in ready),
        "kib_per_conn": round((rss_after - rss_before) / max(connected, 1), 1),
        "errors": sorted({e for r in results + ready for e in r.get("errors", [])})[:2],
        "fault": fault_at,
        "load": f"{load_before:.1f}/{load_after:.1f}",
    }


def _keep(row):
    """Each case's figures as soon as they exist (a long run that is stopped
    still leaves what it measured): reports/bench_realtime_rows.jsonl."""
    out = ROOT / "reports" / "bench_realtime_rows.jsonl"
    out.parent.mkdir(exist_ok=True)
    with out.open("a") as fh:
        fh.write(json.dumps(row) + "\n")


def _ratio(value, reference):
    if value is None or not reference:
        return "–"
    return f"{value / reference:.1f}×"


def run(report):
    from forum_site.site_structure import ensure_site_structure

    ensure_site_structure()
    org, Thread, cookies, poster_cookie = _prepare(max(SIZES + [FAULT_SIZE if FAULT else 0]))
    redis = RedisServer(REDIS_PORT)
    needs_redis = any(SETUPS.get(m, (0, ""))[1] == "redis" for m in MODES) or FAULT
    if needs_redis:
        redis.start()
    rows = []
    try:
        for size in SIZES:
            for mode in MODES:
                thread = _new_thread(org, Thread)
                print(f"  realtime: {mode} x {size} ...", flush=True)
                rows.append(run_case(mode, size, cookies, poster_cookie, thread.socket_path, redis))
                print(f"    {rows[-1]}", flush=True)
                _keep(rows[-1])
        fault_rows = []
        for mode in FAULT_MODES if FAULT else []:
            thread = _new_thread(org, Thread)
            print(f"  realtime: fault run (redis restart), {mode} x {FAULT_SIZE} ...", flush=True)
            fault_rows.append(
                run_case(
                    mode, FAULT_SIZE, cookies, poster_cookie, thread.socket_path, redis, fault=True
                )
            )
            print(f"    {fault_rows[-1]}", flush=True)
            _keep({**fault_rows[-1], "fault_run": True})
    finally:
        redis.stop()

    reference = {r["size"]: r for r in rows if r["mode"] == "reference"}
    table = []
    for r in rows:
        ref = reference.get(r["size"], {})
        table.append(
            [
                LABELS[r["mode"]],
                r["size"],
                r["connected"],
                f"{r['acked']}/{r['posted']}",
                r["delivery"],
                r["missed_live"],
                r["missed_after"],
                r["duplicates"],
                r["p50"],
                r["p95"],
                r["p99"],
                r["connect_p50"],
                r["connect_p95"],
                r["connect_phase_s"],
                r["kib_per_conn"],
                _ratio(r["p99"], ref.get("p99")) if r["mode"] != "reference" else "1×",
                _ratio(r["kib_per_conn"], ref.get("kib_per_conn"))
                if r["mode"] != "reference"
                else "1×",
                r["load"],
            ]
        )
    text = (
        f"{RATE:g} posts/s of {len(BODY)}-byte comments for {SECONDS:g} s after a "
        f"{WARMUP:g} s warm-up; clients in {SWARMS} asyncio processes on this machine. "
        "Expected = the posts acknowledged within 30 s of the end of posting, times the "
        "clients (a saturated server acknowledges fewer; see acked/posted). "
        "Delivery = received over expected after resume; 'missed live' = events not "
        "received before the resume; latency = client receipt minus the server's stamp "
        "(ms); connect = until the `hello` frame (ms); memory = server RSS growth per "
        "connection (KiB, all server processes); load avg = the machine's 1-minute load "
        "average before/after the measured period (other work on the machine skews "
        "the figures when it is above the core count).\n\n"
    )
    text += report.table(
        [
            "setup",
            "clients",
            "connected",
            "acked/posted",
            "delivery",
            "missed live",
            "missed after resume",
            "duplicates",
            "p50",
            "p95",
            "p99",
            "connect p50",
            "connect p95",
            "connect phase s",
            "KiB/conn",
            "p99 vs ref",
            "mem vs ref",
            "load avg",
        ],
        table,
    )
    for f in fault_rows:
        text += (
            f"\n**Fault run** ({LABELS[f['mode']]}, {f['size']} clients): Redis restarted "
            f"half-way (down {f['fault'].get('down_s', '?')} s). Posted {f['posted']}, acked "
            f"{f['acked']} (expected = the acked posts; a post acked late is still saved). "
            f"Missed before resume: {f['missed_live']} of {f['expected']} "
            f"deliveries ({f['resumed_clients']} clients resumed); missed after resume: "
            f"{f['missed_after']}; duplicates: {f['duplicates']}; "
            f"p50/p95/p99 {f['p50']}/{f['p95']}/{f['p99']} ms; load avg {f['load']}.\n"
        )
    errors = sorted({e for r in rows + fault_rows for e in r["errors"]})
    if errors:
        text += "\nClient errors seen: " + "; ".join(errors[:5]) + "\n"
    report.section("Real-time threads (WebSocket fan-out)", text)
