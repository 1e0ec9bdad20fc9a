"""WebSocket routes of the whole site. Apps add theirs to their own
``routing.py`` with a ``websocket_urlpatterns`` list, collected here from
every installed app that has one."""

from django.urls import path

from forum_site.consumers import NotificationConsumer
from forum_site.plugins import app_submodules

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]

for _module in app_submodules("routing", exclude=("forum_site",)):
    websocket_urlpatterns += getattr(_module, "websocket_urlpatterns", [])
