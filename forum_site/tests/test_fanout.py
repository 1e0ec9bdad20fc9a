"""The process-local fan-out (forum_site.fanout) on the in-memory layer."""

import asyncio

import pytest
from channels.layers import InMemoryChannelLayer

from forum_site import fanout


def members(layer, group):
    return set(layer.groups.get(group, {}))


async def test_one_membership_per_process_however_many_subscribers():
    layer = InMemoryChannelLayer()
    hub = fanout.fanout_for(layer)
    queues = [asyncio.Queue() for _ in range(3)]
    for i, queue in enumerate(queues):
        await hub.subscribe("g", f"socket-{i}", queue)
    assert len(members(layer, "g")) == 1
    await layer.group_send("g", {"type": "x", "n": 1})
    for queue in queues:
        assert (await asyncio.wait_for(queue.get(), 2)) == {"type": "x", "n": 1}
    for i in range(3):
        await hub.unsubscribe("g", f"socket-{i}")
    assert members(layer, "g") == set()
    assert hub.relay("g") is None


async def test_last_subscriber_leaving_stops_the_relay():
    layer = InMemoryChannelLayer()
    hub = fanout.fanout_for(layer)
    relay = await hub.subscribe("g", "a", asyncio.Queue())
    await hub.subscribe("g", "b", asyncio.Queue())
    await hub.unsubscribe("g", "a")
    assert not relay.task.done() and members(layer, "g") == {relay.channel}
    await hub.unsubscribe("g", "b")
    assert relay.task.done() and members(layer, "g") == set()


async def test_a_slow_subscriber_loses_messages_alone():
    layer = InMemoryChannelLayer()
    hub = fanout.fanout_for(layer)
    slow, fast = asyncio.Queue(maxsize=2), asyncio.Queue()
    relay = await hub.subscribe("g", "slow", slow)
    await hub.subscribe("g", "fast", fast)
    for n in range(5):
        await layer.group_send("g", {"type": "x", "n": n})
    received = [(await asyncio.wait_for(fast.get(), 2))["n"] for _ in range(5)]
    assert received == [0, 1, 2, 3, 4]
    assert [slow.get_nowait()["n"] for _ in range(slow.qsize())] == [0, 1]
    assert relay.dropped == 3
    await hub.unsubscribe("g", "slow")
    await hub.unsubscribe("g", "fast")


async def test_rejoin_restores_a_forgotten_membership_and_is_throttled():
    layer = InMemoryChannelLayer()
    hub = fanout.fanout_for(layer)
    queue = asyncio.Queue()
    relay = await hub.subscribe("g", "a", queue)
    await layer.flush()  # as a restarted Redis: every group forgotten
    await relay.rejoin(min_interval=3600)  # joined just now: throttled
    assert members(layer, "g") == set()
    await relay.rejoin(min_interval=0)
    assert members(layer, "g") == {relay.channel}
    await layer.group_send("g", {"type": "x"})
    assert (await asyncio.wait_for(queue.get(), 2))["type"] == "x"
    await hub.unsubscribe("g", "a")


async def test_receive_failures_are_retried_and_the_group_rejoined(monkeypatch):
    layer = InMemoryChannelLayer()
    hub = fanout.fanout_for(layer)
    real_receive = layer.receive
    failures = []

    async def flaky(channel):
        if len(failures) < 2:
            failures.append(channel)
            raise ConnectionError("Redis is restarting")
        return await real_receive(channel)

    monkeypatch.setattr(layer, "receive", flaky)
    monkeypatch.setattr(fanout.random, "random", lambda: 0.0)
    queue = asyncio.Queue()
    relay = await hub.subscribe("g", "a", queue)
    await asyncio.sleep(1.7)  # two back-offs: 0.5 s, then 1 s
    assert len(failures) == 2 and not relay.task.done()
    await layer.group_send("g", {"type": "after"})
    assert (await asyncio.wait_for(queue.get(), 2))["type"] == "after"
    await hub.unsubscribe("g", "a")


async def test_subscribing_while_the_layer_is_down_raises_and_leaves_nothing(monkeypatch):
    layer = InMemoryChannelLayer()
    hub = fanout.fanout_for(layer)

    async def down(*args):
        raise ConnectionError("down")

    monkeypatch.setattr(layer, "group_add", down)
    with pytest.raises(ConnectionError):
        await hub.subscribe("g", "a", asyncio.Queue())
    assert hub.relay("g") is None


async def test_stopping_does_not_wait_for_a_receive_that_ignores_its_cancellation(monkeypatch):
    """channels-redis's receive() can take until its BZPOPMIN times out (5 s) to
    honour a cancellation, and may then raise TimeoutError instead. The last
    subscriber's unsubscribe must not wait for it (it holds the group's lock,
    so every socket connecting meanwhile waited), and the stopped relay must
    never join the group again."""
    layer = InMemoryChannelLayer()
    hub = fanout.fanout_for(layer)
    late = asyncio.Event()
    joins = []
    real_group_add = layer.group_add

    async def counting_group_add(group, channel):
        joins.append(channel)
        await real_group_add(group, channel)

    async def stubborn_receive(channel):
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            await late.wait()  # the cancellation is lost until the command times out
            raise TimeoutError("Timeout reading from 127.0.0.1:6379") from None

    monkeypatch.setattr(layer, "group_add", counting_group_add)
    monkeypatch.setattr(layer, "receive", stubborn_receive)
    monkeypatch.setattr(fanout.random, "random", lambda: 0.0)
    relay = await hub.subscribe("g", "a", asyncio.Queue())
    await asyncio.sleep(0)  # the relay is now waiting in receive()
    assert joins == [relay.channel]

    unsubscribing = asyncio.ensure_future(hub.unsubscribe("g", "a"))
    done, _ = await asyncio.wait([unsubscribing], timeout=1)
    if not done:
        late.set()  # let the test end
    assert unsubscribing in done, "the unsubscribe waited for the stuck receive"
    assert hub.relay("g") is None and members(layer, "g") == set()
    assert not relay.task.done()  # still stuck, but nobody waits for it

    # Meanwhile a new socket subscribes at once and gets a relay of its own.
    queue = asyncio.Queue()
    fresh = await asyncio.wait_for(hub.subscribe("g", "b", queue), timeout=2)
    assert fresh is not relay and members(layer, "g") == {fresh.channel}

    late.set()  # the old command times out: the stopped relay ends, without rejoining
    await asyncio.wait_for(asyncio.wait([relay.task]), timeout=2)
    await asyncio.sleep(0.6)  # longer than the retry back-off
    assert joins == [relay.channel, fresh.channel]
    assert members(layer, "g") == {fresh.channel}
    await hub.unsubscribe("g", "b")
    await asyncio.wait_for(asyncio.wait([fresh.task]), timeout=2)
    assert members(layer, "g") == set()
