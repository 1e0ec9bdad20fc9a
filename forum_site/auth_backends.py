"""Sign-in throttling (django-axes) for requests only.

``AxesStandaloneBackend`` refuses any ``authenticate()`` call without a
request (it cannot tell the address). Only sign-ins over HTTP need
throttling; calls without a request come from inside the process (the test
client's ``login()``, the benchmarks, management commands), so they go on to
the next backend untouched.
"""

from axes.backends import AxesStandaloneBackend


class ThrottledBackend(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def attempted_username(request, credentials) -> str:
    """The username of a sign-in attempt as django-axes stores it (at most 255
    characters, its column's length), from the credentials or the posted form."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username", "")
    return str(username or "")[:255]
