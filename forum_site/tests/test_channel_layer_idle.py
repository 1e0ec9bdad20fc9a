"""Second CI pass: the configured channels-redis layer survives idle sockets.

redis-py 8 reads with a 5 s socket timeout by default, the same as
channels-redis's blocking pop; without a longer read timeout in settings,
every idle consumer's receive fails after 5 s (and sockets drop)."""

import asyncio

import pytest
from channels.layers import get_channel_layer


@pytest.mark.redis
async def test_idle_receive_on_the_configured_layer_does_not_fail():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    with pytest.raises(asyncio.TimeoutError):
        # Nothing arrives: the receive must simply still be waiting after 7 s.
        await asyncio.wait_for(layer.receive(channel), 7)
    await layer.send(channel, {"type": "still.alive"})
    assert (await asyncio.wait_for(layer.receive(channel), 5))["type"] == "still.alive"
