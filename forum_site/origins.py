"""Which web pages may open a WebSocket to the site: the Origin check.

Browsers send the page's origin (scheme, host and port) with every WebSocket
handshake, and cookies go along whatever page opens it, so a socket from
another site's page would act with the visitor's session. The check compares
all three parts of the Origin with the site's configured origins:

- ``SITE_URL``'s origin (the address the site is served at),
- ``CSRF_TRUSTED_ORIGINS`` (what forms are trusted from),
- ``WEBSOCKET_ALLOWED_ORIGINS`` (more, from the environment),
- and, with ``DEBUG`` on, the origin of the address the socket was opened on
  (its Host header), so ``runserver``-style ports work in development.

A handshake without an Origin (not a browser) is refused as well.
Channels' ``AllowedHostsOriginValidator`` compared the host only.
"""

from __future__ import annotations

from urllib.parse import urlparse

from channels.security.websocket import OriginValidator, WebsocketDenier
from django.conf import settings


def _origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def allowed_origins() -> list[str]:
    configured = [
        settings.SITE_URL,
        *getattr(settings, "CSRF_TRUSTED_ORIGINS", []),
        *getattr(settings, "WEBSOCKET_ALLOWED_ORIGINS", []),
    ]
    return sorted({_origin(url) for url in configured if _origin(url)})


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin1")
    return ""


def origin_allowed(scope) -> bool:
    origin = _header(scope, b"origin")
    if not origin:
        return False
    parsed = urlparse(origin.lower())
    patterns = allowed_origins()
    host = _header(scope, b"host")
    if settings.DEBUG and host:
        scheme = "https" if scope.get("scheme") == "wss" else "http"
        patterns.append(f"{scheme}://{host}")
    # Channels' matcher compares scheme, host and port (default ports filled in).
    return OriginValidator(None, patterns).valid_origin(parsed)


class SiteOriginValidator:
    """ASGI middleware: refuse WebSocket handshakes from other origins (403)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
