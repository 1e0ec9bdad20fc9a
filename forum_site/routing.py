"""WebSocket routes of the whole site. Apps add theirs to their own
``routing.py`` with a ``websocket_urlpatterns`` list, collected here."""

from importlib import import_module

from django.urls import path

from forum_site.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]

for _app in ("consultations", "practices", "events", "search"):
    try:
        _module = import_module(f"{_app}.routing")
    except ModuleNotFoundError as exc:
        if exc.name != f"{_app}.routing":
            raise
        continue
    websocket_urlpatterns += getattr(_module, "websocket_urlpatterns", [])
