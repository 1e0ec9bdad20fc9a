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
