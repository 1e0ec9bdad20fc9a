"""The reference for ``bench_realtime``: a bare broadcast server written with
the ``websockets`` library alone (no Django, no auth, no database, no
channel layer). It speaks just enough of our protocol for the same swarm
and poster: ``hello``, ``comment.post`` -> ``ack`` + broadcast
``comment.created`` (stamped ``ts``), ``resume`` from memory. Its figures are
the ceiling for Python asyncio fan-out on this machine.

Usage: ``python -m tests.perf.rt_reference PORT``
"""

import asyncio
import json
import sys
import time

import websockets

clients = set()
history = []  # encoded comment.created events, index = seq - 1


async def handler(ws):
    clients.add(ws)
    try:
        await ws.send(json.dumps({"type": "hello", "last_seq": len(history), "ts": time.time()}))
        async for raw in ws:
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "comment.post":
                seq = len(history) + 1
                event = {
                    "type": "comment.created",
                    "comment": {"id": seq, "seq": seq, "html": f"<p>{message['body']}</p>"},
                    "ts": time.time(),
                }
                text = json.dumps(event)
                history.append(text)
                await ws.send(
                    json.dumps({"type": "ack", "client_id": message["client_id"], "seq": seq})
                )
                websockets.broadcast(clients, text)
            elif kind == "resume":
                start = int(message.get("last_seq") or 0)
                for text in history[start:]:
                    await ws.send(text)
                await ws.send(json.dumps({"type": "resumed", "last_seq": len(history)}))
    except websockets.ConnectionClosed:
        pass
    finally:
        clients.discard(ws)


async def main(port):
    async with websockets.serve(handler, "127.0.0.1", port, ping_interval=None, max_queue=None):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
