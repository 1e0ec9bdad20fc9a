"""Development: DEBUG on; what manage.py, asgi.py and wsgi.py use by default.

``DEBUG=0`` in the environment hands over to ``production.py``, as it turned
on the production defaults before the settings were split: a deployment that
sets DEBUG=0 but not DJANGO_SETTINGS_MODULE still gets the strict defaults and
the SECRET_KEY check.
"""

from .base import env_bool

if env_bool("DEBUG", default=True):
    from .base import *  # noqa: F403

    DEBUG = True
else:
    from .production import *  # noqa: F403
