"""The site's ASGI application as the real-time tests and the benchmark serve
it: threads owned by an organisation (their stand-in owner) are open to all.
In the site itself no app registers Organisation, so such threads refuse."""

from forum_site.asgi import application
from forum_site.discussions import owners
from forum_site.organisations.models import Organisation
from tests.realtime_support import OpenThreads

owners.register(Organisation, OpenThreads())

__all__ = ["application"]
