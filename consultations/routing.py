"""WebSocket routes of the consultations app (collected by forum_site/routing.py)."""

from django.urls import path

from consultations.consumers import ThreadConsumer

websocket_urlpatterns = [
    path("ws/threads/<int:thread_id>/", ThreadConsumer.as_asgi()),
]
