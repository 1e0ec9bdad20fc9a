"""A swarm of real WebSocket clients for ``bench_realtime`` (one asyncio process).

Started by the benchmark with a JSON config as its only argument; talks to
it over lines on stdin/stdout:

- prints ``READY <json>`` once every client has connected (and got ``hello``);
- reads ``BASE <seq>``: sequence numbers above it are the measured ones;
- reads ``END <seq>``: the last measured sequence number. The swarm waits a
  moment for stragglers, then every client that misses some asks the server
  to ``resume`` and the swarm prints ``RESULT <json>`` and exits.

Latency is the client's receive time minus the server's stamp (``ts``) on
the event, i.e. fan-out time from the broadcast to each client (same clock:
everything runs on this machine).
"""

import asyncio
import json
import sys
import time

import websockets

BUCKET_MS = 0.5


class Client:
    def __init__(self, url, cookie, origin):
        self.url = url
        self.cookie = cookie
        self.origin = origin
        self.ws = None
        self.connect_ms = None
        self.live = {}  # seq -> latency ms (first receipt)
        self.dupes = 0
        self.resumed = asyncio.Event()
        self.resume_sent = 0
        self.error = None

    async def run(self, ready, semaphore):
        try:
            async with semaphore:
                started = time.perf_counter()
                headers = {"Cookie": self.cookie} if self.cookie else {}
                self.ws = await websockets.connect(
                    self.url,
                    origin=self.origin,
                    additional_headers=headers,
                    ping_interval=None,
                    open_timeout=60,
                    max_queue=None,
                )
                while True:
                    message = json.loads(await asyncio.wait_for(self.ws.recv(), 60))
                    if message.get("type") == "hello":
                        break
                self.connect_ms = (time.perf_counter() - started) * 1000
        except Exception as exc:  # counted as a failed connection
            self.error = repr(exc)
            ready()
            return
        ready()
        try:
            async for raw in self.ws:
                now = time.time()
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "comment.created":
                    seq = message["comment"]["seq"]
                    if seq in self.live:
                        self.dupes += 1
                    else:
                        self.live[seq] = (now - message.get("ts", now)) * 1000
                elif kind == "resumed":
                    self.resumed.set()
        except Exception as exc:
            self.error = repr(exc)


async def main(config):
    clients = [
        Client(
            config["urls"][i % len(config["urls"])],
            config["cookies"][i % len(config["cookies"])] if config["cookies"] else "",
            config["origin"],
        )
        for i in range(config["n"])
    ]
    semaphore = asyncio.Semaphore(config.get("concurrency", 10))
    pending = {"n": len(clients)}
    all_ready = asyncio.Event()

    def ready():
        pending["n"] -= 1
        if pending["n"] == 0:
            all_ready.set()

    started = time.perf_counter()
    tasks = [asyncio.ensure_future(c.run(ready, semaphore)) for c in clients]
    await all_ready.wait()
    connect_phase = time.perf_counter() - started
    connected = [c for c in clients if c.connect_ms is not None]
    print(
        "READY "
        + json.dumps(
            {
                "connected": len(connected),
                "failed": len(clients) - len(connected),
                "errors": sorted({c.error for c in clients if c.error})[:3],
                "connect_ms": [round(c.connect_ms, 2) for c in connected],
                "connect_phase_s": round(connect_phase, 2),
            }
        ),
        flush=True,
    )

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    base = last = 0
    while True:
        line = (await reader.readline()).decode().strip()
        if not line:
            return
        word, _, value = line.partition(" ")
        if word == "BASE":
            base = int(value)
        elif word == "END":
            last = int(value)
            break
    await asyncio.sleep(config.get("settle", 3))
    expected = set(range(base + 1, last + 1))

    missed_live = 0
    live_lat = []
    for c in connected:
        got = {s for s in c.live if s > base}
        missed_live += len(expected - got)
        live_lat.extend(c.live[s] for s in got if s <= last)

    async def resume(c):
        missing = expected - set(c.live)
        if not missing or c.ws is None:
            return
        c.resume_sent = len(missing)
        try:
            await c.ws.send(json.dumps({"type": "resume", "last_seq": min(missing) - 1}))
            await asyncio.wait_for(c.resumed.wait(), 60)
        except Exception as exc:
            c.error = repr(exc)

    await asyncio.gather(*(resume(c) for c in connected))
    await asyncio.sleep(0.5)
    missed_after = sum(len(expected - set(c.live)) for c in connected)
    dupes = sum(c.dupes for c in connected)
    histogram = {}
    for value in live_lat:
        bucket = int(value / BUCKET_MS)
        histogram[bucket] = histogram.get(bucket, 0) + 1
    print(
        "RESULT "
        + json.dumps(
            {
                "clients": len(connected),
                "expected_each": len(expected),
                "missed_live": missed_live,
                "missed_after_resume": missed_after,
                "duplicates": dupes,
                "resumed_clients": sum(1 for c in connected if c.resume_sent),
                "histogram": histogram,
                "bucket_ms": BUCKET_MS,
                "errors": sorted({c.error for c in clients if c.error})[:3],
            }
        ),
        flush=True,
    )
    for c in connected:
        await c.ws.close()
    for task in tasks:
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
