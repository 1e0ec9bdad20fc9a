"""The benchmark's copy of the relay the site used before the pub/sub layer.

This was ``forum_site/fanout.py`` until the site moved to channels-redis's
``RedisPubSubChannelLayer``, which gives the same thing (one subscription per
process per group). It stays here only so that ``bench_realtime`` can measure
both side by side (mode ``relay``, served by ``tests.perf.rt_variants``);
nothing in the site imports it. What follows is the relay's own account.

Process-local fan-out of channel-layer groups.

channels-redis delivers a ``group_send`` by writing one copy of the message
per member channel into Redis, and each Daphne process then pops those copies
one at a time: a comment on a thread with 500 open sockets costs 500 writes
and 500 reads, and that work, not the WebSockets, bounded the fan-out latency.

Here a process joins a group once, with one relay channel, and hands each
message to its local subscribers in memory, so a message costs one copy per
process whatever the number of sockets. The channel layer (in-memory or
Redis), its groups, capacity and expiry are used unchanged; only the members
of a group are now processes rather than sockets.

A relay re-joins its group when asked (consumers' heartbeats, throttled), so a
Redis restart, which forgets every group, heals within one heartbeat; and its
receive loop survives a layer outage, retrying with backoff.

A relay that stops does not wait for its receive to end. Cancelling a
channels-redis ``receive()`` blocked in ``BZPOPMIN`` sometimes takes effect
only when that command times out (5 s; seen with redis-py 8.1 on Python
3.11, where the cancellation can also come back as a ``TimeoutError``), and
the unsubscribe that waited held the group's lock: every socket connecting to
the thread in that process waited too, about 10 s, until Daphne killed the
disconnected consumer. A stopped relay never joins again, whatever its
receive raises later.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import weakref

logger = logging.getLogger(__name__)

# Messages waiting for one slow socket before further ones are dropped for it
# (its client notices the gap at the next heartbeat and resumes).
SUBSCRIBER_BUFFER = 500

# How long a stopping relay waits for its cancelled receive before leaving it
# to end on its own (see the module docstring).
STOP_GRACE_SECONDS = 0.1


class GroupRelay:
    """One group's membership in this process: a channel and its receive loop."""

    def __init__(self, layer, group: str):
        self.layer = layer
        self.group = group
        self.channel: str | None = None
        self.subscribers: dict[str, asyncio.Queue] = {}
        self.task: asyncio.Task | None = None
        self.joined_at = 0.0
        self.dropped = 0
        self.stopped = False
        self._join_lock = asyncio.Lock()

    async def join(self, quiet: bool = False) -> bool:
        """``group_add`` the relay channel (idempotent); False if the layer is
        down or the relay has stopped."""
        async with self._join_lock:
            if self.stopped:
                return False
            try:
                await self.layer.group_add(self.group, self.channel)
            except Exception:
                if not quiet:
                    logger.warning("Could not join %s", self.group, exc_info=True)
                return False
            self.joined_at = time.monotonic()
            return True

    async def rejoin(self, min_interval: float) -> None:
        """Join again unless done within ``min_interval`` seconds."""
        if time.monotonic() - self.joined_at >= min_interval:
            await self.join(quiet=True)

    async def stop(self) -> None:
        """Leave the group; the receive is cancelled but not waited for."""
        async with self._join_lock:  # a join in progress finishes first
            self.stopped = True
        if self.task is not None:
            self.task.cancel()
            self.task.add_done_callback(_retrieve_outcome)
            await asyncio.wait([self.task], timeout=STOP_GRACE_SECONDS)
        try:
            await self.layer.group_discard(self.group, self.channel)
        except Exception:
            logger.warning("Could not leave %s", self.group, exc_info=True)

    async def _run(self) -> None:
        delay = 0.5
        while not self.stopped:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                if self.stopped:  # a late cancellation, turned into an error
                    return
                logger.warning("Channel layer receive failed for %s; retrying", self.group)
                await asyncio.sleep(delay + random.random() * delay)
                delay = min(delay * 2, 5.0)
                await self.join(quiet=True)
                continue
            delay = 0.5
            self.deliver(message)

    def deliver(self, message: dict) -> None:
        for queue in list(self.subscribers.values()):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                self.dropped += 1
                if self.dropped % 100 == 1:
                    logger.warning("A socket on %s is too slow; dropping messages", self.group)


class LocalFanout:
    """The relays of one channel layer on one event loop."""

    def __init__(self, layer):
        self.layer = layer
        self.relays: dict[str, GroupRelay] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def subscribe(self, group: str, key: str, queue: asyncio.Queue) -> GroupRelay:
        """Deliver the group's messages to ``queue`` until ``unsubscribe``.

        Returns once the process is a member of the group (the first
        subscriber waits for the ``group_add``), so a message sent after
        this returns reaches ``queue``. Raises if the layer is down and the
        group had no relay yet; the caller may retry later.
        """
        lock = self._locks.setdefault(group, asyncio.Lock())
        async with lock:
            relay = self.relays.get(group)
            if relay is None:
                relay = GroupRelay(self.layer, group)
                relay.channel = await self.layer.new_channel()
                if not await relay.join():
                    raise ConnectionError(f"Could not join {group}")
                relay.task = asyncio.ensure_future(relay._run())
                self.relays[group] = relay
            relay.subscribers[key] = queue
            return relay

    async def unsubscribe(self, group: str, key: str) -> None:
        lock = self._locks.setdefault(group, asyncio.Lock())
        async with lock:
            relay = self.relays.get(group)
            if relay is None:
                return
            relay.subscribers.pop(key, None)
            if not relay.subscribers:
                del self.relays[group]
                await relay.stop()

    def relay(self, group: str) -> GroupRelay | None:
        return self.relays.get(group)


def _retrieve_outcome(task: asyncio.Task) -> None:
    """Consume a stopped relay's late exception, so asyncio does not log it."""
    if not task.cancelled():
        task.exception()


_fanouts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fanout_for(layer) -> LocalFanout:
    """The fan-out of ``layer`` on the running event loop.

    Keyed by loop as well as layer: relay tasks belong to one loop, and tests
    (and ``async_to_sync``) run several.
    """
    loop = asyncio.get_running_loop()
    per_layer = _fanouts.setdefault(loop, {})
    fanout = per_layer.get(id(layer))
    if fanout is None or fanout.layer is not layer:
        fanout = per_layer[id(layer)] = LocalFanout(layer)
    return fanout
