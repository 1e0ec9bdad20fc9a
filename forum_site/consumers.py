"""The per-user notification socket.

It proves the real-time plumbing (auth, origin check, channel layer) and
carries live notifications ("toasts") to every tab a user has open.
"""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from forum_site.realtime import user_group

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
MAX_FRAME_CHARS = 4096  # clients only send pings


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Accept then close with an application code, so browsers and
            # tests see *why* (a refused handshake only shows 403).
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user_id = user.pk
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.get_username()})

    async def disconnect(self, code):
        group = getattr(self, "group", None)
        if group:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def websocket_receive(self, message):
        """A frame with neither text nor bytes is an empty frame (the base
        class would raise a KeyError)."""
        await self.receive(text_data=message.get("text"), bytes_data=message.get("bytes"))

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Only JSON text frames carry messages. A binary, empty, oversized or
        malformed frame gets an error frame, and the socket stays open (the
        base class raises on a frame without text, which closed the socket
        with an error)."""
        if not text_data:
            await self._error("bad_json", _("Messages must be JSON text."))
            return
        if len(text_data) > MAX_FRAME_CHARS:
            await self._error("too_long", _("That message is too large."))
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self._error("bad_json", _("That message is not valid JSON."))
            return
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self._error("unknown_type", _("Unknown message type."))

    async def _error(self, code: str, message: str):
        await self.send_json({"type": "error", "code": code, "message": message})

    async def access_recheck(self, event):
        """Group message ``{"type": "access.recheck"}``: the account may have
        been deactivated or deleted; if so the socket ends at once."""
        still_active = await database_sync_to_async(
            get_user_model().objects.filter(pk=self.user_id, is_active=True).exists
        )()
        if not still_active:
            await self.close(code=CLOSE_FORBIDDEN)

    async def notify(self, event):
        """Group message ``{"type": "notify", "notification": {...}}``."""
        await self.send_json({"type": "notification", **event.get("notification", {})})
