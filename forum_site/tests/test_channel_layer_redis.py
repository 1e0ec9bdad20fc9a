"""Second CI pass: the channels-redis layer really carries group messages."""

import os
import uuid

import pytest


@pytest.mark.redis
async def test_group_round_trip_through_redis():
    from channels_redis.pubsub import RedisPubSubChannelLayer

    layer = RedisPubSubChannelLayer(
        hosts=[os.environ["REDIS_URL"]], prefix=f"test-{uuid.uuid4().hex}"
    )
    channel = await layer.new_channel()
    await layer.group_add("roundtrip", channel)
    await layer.group_send("roundtrip", {"type": "hello", "text": "över Redis"})
    message = await layer.receive(channel)
    assert message == {"type": "hello", "text": "över Redis"}
    await layer.group_discard("roundtrip", channel)
    await layer.flush()


@pytest.mark.redis
def test_settings_use_channels_redis():
    from django.conf import settings

    assert (
        settings.CHANNEL_LAYERS["default"]["BACKEND"]
        == "channels_redis.pubsub.RedisPubSubChannelLayer"
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"
