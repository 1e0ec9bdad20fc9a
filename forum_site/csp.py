"""Content-Security-Policy (django-csp), one policy for the whole site.

Scripts run only from our own origin or with the response's nonce: no
``'unsafe-inline'``, no ``'unsafe-eval'``, no inline event handlers, no
``javascript:`` URLs. The policy itself is in ``settings.base``
(``CONTENT_SECURITY_POLICY``); this module adds what depends on the request:

- ``connect-src`` names the site's own WebSocket origin (``wss://host`` or
  ``ws://host``): CSP Level 3 lets ``'self'`` match it, older browsers
  (Safari before 15.4) do not.
- The Wagtail admin (``/admin/``) also allows inline *style* attributes, which
  its templates and widgets set everywhere, and lets the admin frame its own
  pages (live preview). Its scripts obey the same nonce rule: the few inline
  scripts Wagtail writes get the nonce from :func:`current_nonce`
  (template overrides under ``forum_site/templates/wagtailadmin`` and
  :func:`nonce_wagtail_choosers`), as those are rendered by form widgets that
  never see the request.

``CSP_REPORT_ONLY=1`` in the environment sends the same policy as
``Content-Security-Policy-Report-Only`` instead (see docs/deployment.md).
"""

from __future__ import annotations

import contextvars

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost

ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# What the admin adds to the site's policy (docs/deployment.md says why).
ADMIN_UPDATE = {
    # Wagtail's templates and its JavaScript write style="" attributes; styles
    # cannot run code, so this is allowed in the admin only.
    "style-src": [UNSAFE_INLINE],
}
ADMIN_REPLACE = {
    # Live preview and the page-editor's preview panel frame our own pages.
    "frame-ancestors": [SELF],
}

_request: contextvars.ContextVar = contextvars.ContextVar("csp_request", default=None)


def current_nonce() -> str:
    """The nonce of the response being built, for code that has no request
    (form widgets); empty outside a request, which leaves the script blocked."""
    request = _request.get()
    if request is None:
        return ""
    nonce = getattr(request, "csp_nonce", None)
    # Not ``nonce or ""``: django-csp's lazy nonce is falsy until first read.
    return "" if nonce is None else str(nonce)


def websocket_origin(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


def is_admin(path: str) -> bool:
    return path.startswith(ADMIN_PREFIXES)


class SiteCSPMiddleware(CSPMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request._csp_token = _request.set(request)

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        finally:
            token = getattr(request, "_csp_token", None)
            if token is not None:
                try:
                    _request.reset(token)
                except ValueError:  # set in another context (async hand-over)
                    _request.set(None)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        update = dict(parts.update or {})
        replace = dict(parts.replace or {})
        origin = websocket_origin(request)
        if origin:
            update["connect-src"] = [*update.get("connect-src", []), origin]
        if is_admin(request.path_info):
            for directive, sources in ADMIN_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            replace = {**ADMIN_REPLACE, **replace}
        parts.update = update
        parts.replace = replace
        return parts


def nonce_wagtail_choosers() -> None:
    """Wagtail's chooser widgets (pages, images, documents, snippets, tasks)
    end in an inline ``<script>`` written in Python; give it the nonce."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.render, "_csp_nonce", False):
        return
    original = BaseChooser.render

    def render(self, name, value, attrs=None, renderer=None):
        html = str(original(self, name, value, attrs, renderer))
        nonce = current_nonce()
        head, tag, script = html.rpartition("<script>")  # the one Wagtail appends
        if nonce and tag:
            html = f'{head}<script nonce="{escape(nonce)}">{script}'
        return mark_safe(html)  # noqa: S308 - Wagtail's own output, only the nonce added

    render._csp_nonce = True
    BaseChooser.render = render
