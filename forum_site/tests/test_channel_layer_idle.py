"""Second CI pass: the configured channels-redis layer survives idle sockets.

redis-py 8 reads with a 5 s socket timeout by default, the same as
channels-redis's blocking pop; without a longer read timeout in settings,
every idle consumer's receive fails after 5 s (and sockets drop)."""

import asyncio

import pytest
from channels.layers import get_channel_layer


@pytest.mark.redis
async def test_idle_receive_on_the_configured_layer_does_not_fail():
    """A receive left waiting 7 s with nothing to read is still waiting (not failed),
    and gets the next message. The receive is not cancelled in between: the pub/sub
    layer unsubscribes a channel whose receive is cancelled, as a closed socket's."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    receiving = asyncio.ensure_future(layer.receive(channel))
    try:
        done, _pending = await asyncio.wait({receiving}, timeout=7)
        assert not done, "an idle receive ended on its own: " + repr(receiving)
        await layer.send(channel, {"type": "still.alive"})
        assert (await asyncio.wait_for(receiving, 5))["type"] == "still.alive"
    finally:
        receiving.cancel()
