"""The thread socket in the variants that ``bench_realtime`` compares with the
site's own (``tests.realtime_asgi``), chosen by ``BENCH_RT_VARIANT`` in the
Daphne process's environment:

- ``relay``: the site before it adopted channels-redis's pub/sub layer: the
  core ``RedisChannelLayer`` (one Redis list per socket) behind the relay of
  ``tests.perf.rt_relay`` (one relay channel per process per group), with the
  consumer's ``__call__``, join and leave as they were;
- ``plain``: the pub/sub layer with channels' own ``dispatch``, i.e. without
  the thread socket's override that skips the database-thread hop for group
  events and client frames.

Usage: ``daphne tests.perf.rt_variants:application`` (benchmark only).
"""

# Django is set up by the first import (channels.auth needs the app registry).
# ruff: noqa: E402, I001

import asyncio
import contextlib
import os

from django.conf import settings

from tests.realtime_asgi import application as site_application  # sets Django up

from channels.auth import AuthMiddlewareStack
from channels.consumer import AsyncConsumer
from channels.exceptions import StopConsumer
from channels.layers import get_channel_layer
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from channels.utils import await_many_dispatch
from django.urls import path

from forum_site.asgi import django_asgi_app
from forum_site.discussions import realtime as rt
from forum_site.discussions.consumers import ThreadConsumer, logger
from tests.perf import rt_relay

VARIANT = os.environ.get("BENCH_RT_VARIANT", "")


class RelayThreadConsumer(ThreadConsumer):
    """The thread socket as it was with ``forum_site/fanout.py``."""

    async def __call__(self, scope, receive, send):
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.channel_name = await self.channel_layer.new_channel()
        self.inbox = asyncio.Queue(maxsize=rt_relay.SUBSCRIBER_BUFFER)
        self.channel_receive = self.inbox.get
        self.base_send = send
        with contextlib.suppress(StopConsumer):
            await await_many_dispatch([receive, self.channel_receive], self.dispatch)

    async def _join_group(self, quiet: bool = False) -> bool:
        group = getattr(self, "group", None)
        if not group:
            return False
        hub = rt_relay.fanout_for(self.channel_layer)
        relay = hub.relay(group)
        try:
            if self.subscribed and relay is not None:
                await relay.rejoin(min_interval=rt.heartbeat_seconds() / 2)
            else:
                await hub.subscribe(group, self.channel_name, self.inbox)
                self.subscribed = True
        except Exception:
            if not quiet:
                logger.warning("Could not join %s", group, exc_info=True)
            return False
        return True

    async def disconnect(self, code):
        if self.subscribed:
            self.subscribed = False
            await rt_relay.fanout_for(self.channel_layer).unsubscribe(self.group, self.channel_name)
        await super().disconnect(code)


class PlainThreadConsumer(ThreadConsumer):
    """The pub/sub thread socket with channels' own dispatch."""

    async def dispatch(self, message):
        await AsyncConsumer.dispatch(self, message)


if VARIANT == "relay":
    # Before any layer exists: the core layer as the site configured it.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": settings.REDIS_URL, "socket_timeout": 15}],
                "capacity": 1500,
                "expiry": 60,
                "group_expiry": 86400,
                "prefix": os.environ.get("CHANNEL_PREFIX", "forum"),
            },
        }
    }

CONSUMERS = {"relay": RelayThreadConsumer, "plain": PlainThreadConsumer}

application = (
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(
                    URLRouter([path("ws/threads/<int:thread_id>/", CONSUMERS[VARIANT].as_asgi())])
                )
            ),
        }
    )
    if VARIANT in CONSUMERS
    else site_application
)
