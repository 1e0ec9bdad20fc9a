"""WSGI entry point, for tools that need one; the site is served by Daphne (asgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum_site.settings.development")
application = get_wsgi_application()
