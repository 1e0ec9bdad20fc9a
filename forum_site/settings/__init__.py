"""Settings modules: ``base`` (shared), ``development`` (the default of
manage.py, asgi.py and wsgi.py), ``production`` and ``test`` (pytest).
Choose one with DJANGO_SETTINGS_MODULE, e.g. ``forum_site.settings.production``.
"""
