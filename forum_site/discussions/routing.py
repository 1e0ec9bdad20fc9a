"""WebSocket routes of the discussions app (collected by forum_site/routing.py)."""

from django.urls import path

from forum_site.discussions.consumers import ThreadConsumer

websocket_urlpatterns = [
    path("ws/threads/<int:thread_id>/", ThreadConsumer.as_asgi()),
]
