"""The per-user notification socket.

It proves the real-time plumbing (auth, origin check, channel layer) and
carries live notifications ("toasts") to every tab a user has open.
"""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from forum_site.realtime import user_group

CLOSE_UNAUTHENTICATED = 4401


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Accept then close with an application code, so browsers and
            # tests see *why* (a refused handshake only shows 403).
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.get_username()})

    async def disconnect(self, code):
        group = getattr(self, "group", None)
        if group:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json(
                {"type": "error", "code": "unknown_type", "message": "Unknown message type."}
            )

    async def decode_json(self, text_data):
        import json

        try:
            return json.loads(text_data)
        except ValueError:
            return {"type": None}

    async def notify(self, event):
        """Group message ``{"type": "notify", "notification": {...}}``."""
        await self.send_json({"type": "notification", **event.get("notification", {})})
