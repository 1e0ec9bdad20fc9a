"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSocket handshakes are checked against the site's origins (scheme, host
and port: ``forum_site.origins``) and get the Django session user, so
consumers can apply the same permission rules as views.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum_site.settings.development")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from forum_site.origins import SiteOriginValidator  # noqa: E402
from forum_site.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SiteOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
