"""System checks for the site's own deployment settings (``manage.py check``).

Registered in ``ForumSiteConfig.ready``.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def private_files_served_by_nginx(app_configs=None, **kwargs):
    """With DEBUG off, private files must be handed to nginx (``X-Accel-Redirect``,
    ``forum_site/private_files.py``, docs/deployment.md "Private files"): without
    ``PRIVATE_MEDIA_ACCEL_REDIRECT`` every download holds a Django worker for as
    long as the file takes to send, and the nginx configuration the docs give
    (which has no public location for private files) is not the one in use."""
    if settings.DEBUG:
        return []
    prefix = getattr(settings, "PRIVATE_MEDIA_ACCEL_REDIRECT", "")
    if not prefix:
        return [
            checks.Warning(
                "PRIVATE_MEDIA_ACCEL_REDIRECT is not set while DEBUG is off: private files "
                "are streamed by Django instead of nginx.",
                hint=(
                    "Set PRIVATE_MEDIA_ACCEL_REDIRECT=/_private/ and add the internal nginx "
                    "locations of docs/deployment.md (Private files)."
                ),
                id="forum_site.W001",
            )
        ]
    if not (prefix.startswith("/") and prefix.endswith("/")):
        return [
            checks.Error(
                f"PRIVATE_MEDIA_ACCEL_REDIRECT must be a path that starts and ends with '/' "
                f"(it is {prefix!r}).",
                hint="Use the prefix of the internal nginx locations, e.g. /_private/.",
                id="forum_site.E001",
            )
        ]
    return []
