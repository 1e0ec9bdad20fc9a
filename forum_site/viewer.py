"""Who is looking: one ``Viewer`` per request (and per socket message).

Every rule function (``<app>/rules.py``, ``forum_site.organisations.rules``,
``forum_site.restrictions``) asks the viewer for what it knows about the
person: whether they are signed in, their roles per organisation, their
organisations' kinds and countries, their groups, whether they moderate
practices. The viewer loads each of these at most once and also keeps the
rules' own answers for its lifetime (``memo``), so one request asks the
database once however many surfaces ask the same question.

Nothing is cached on the user object. A viewer lives as long as its scope:

- a request (``ViewerMiddleware`` opens the scope around the view;
  ``get_viewer(request)`` is the viewer of ``request.user``);
- one socket message (the consumers' database helpers are ``in_viewer_scope``:
  they read the user afresh and their viewer ends with the message, so a
  revoked membership is seen by the next message);
- outside any scope (tasks, the shell, tests calling a rule directly) a rule
  builds a new viewer on each call, so it never reads stale data.

Rule functions accept a viewer or a user (``as_viewer`` wraps a user, and
within a scope returns the same viewer for the same user object).
"""

from __future__ import annotations

import contextvars
import functools
from contextlib import contextmanager

from django.contrib.auth.models import AnonymousUser

from forum_site.organisations.models import ROLE_RANK, Membership, Organisation, Role

PRACTICE_MODERATORS_GROUP = "Practice moderators"

_scope: contextvars.ContextVar[dict | None] = contextvars.ContextVar("forum_viewers", default=None)


class Viewer:
    """The person a request or a socket message acts for, with what the rules
    need to know about them, each part loaded once (lazily)."""

    def __init__(self, user):
        self.user = user if user is not None else AnonymousUser()
        self._roles: dict[int, str] | None = None
        self._organisations: list[dict] | None = None
        self._groups: dict[int, str] | None = None
        self._memo: dict = {}

    def __repr__(self) -> str:
        return f"<Viewer {self.user!r}>"

    # -- the user's flags, under the names rules already read on users --------

    @property
    def pk(self):
        return getattr(self.user, "pk", None)

    id = pk

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_anonymous(self) -> bool:
        return not self.is_authenticated

    @property
    def is_active(self) -> bool:
        return bool(getattr(self.user, "is_active", False))

    @property
    def signed_in(self) -> bool:
        """Authenticated and active: what every rule means by "signed in"."""
        return self.is_authenticated and self.is_active

    @property
    def is_superuser(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False))

    @property
    def is_staff(self) -> bool:
        return bool(getattr(self.user, "is_staff", False))

    @property
    def acts_as_superuser(self) -> bool:
        return self.signed_in and self.is_superuser

    # -- organisations and roles --------------------------------------------

    @property
    def roles(self) -> dict[int, str]:
        """Organisation id -> role (one query, for authenticated users)."""
        if self._roles is None:
            if not self.is_authenticated or self.pk is None:
                self._roles = {}
            else:
                self._roles = dict(
                    Membership.objects.filter(user_id=self.pk).values_list(
                        "organisation_id", "role"
                    )
                )
        return self._roles

    def role_in(self, organisation_id: int) -> str | None:
        return self.roles.get(organisation_id)

    def organisation_ids(self, minimum: str = Role.MEMBER) -> set[int]:
        floor = ROLE_RANK[minimum]
        return {org_id for org_id, role in self.roles.items() if ROLE_RANK[role] >= floor}

    @property
    def organisations(self) -> list[dict]:
        """The organisations the viewer is a member of (active users only), as
        dicts with ``pk``, ``kind``, ``country`` and ``parent_id``."""
        if self._organisations is None:
            ids = self.organisation_ids() if self.signed_in else set()
            self._organisations = (
                list(
                    Organisation.objects.filter(pk__in=ids).values(
                        "pk", "kind", "country", "parent_id"
                    )
                )
                if ids
                else []
            )
        return self._organisations

    # -- groups ---------------------------------------------------------------

    def _group_map(self) -> dict[int, str]:
        if self._groups is None:
            if not self.is_authenticated or self.pk is None:
                self._groups = {}
            else:
                self._groups = dict(self.user.groups.values_list("pk", "name"))
        return self._groups

    @property
    def group_ids(self) -> set[int]:
        return set(self._group_map())

    def in_group(self, name: str) -> bool:
        return name in self._group_map().values()

    @property
    def is_practice_moderator(self) -> bool:
        """Superusers and the members of the practice moderators' group."""
        if not self.is_authenticated:
            return False
        return self.is_superuser or self.in_group(PRACTICE_MODERATORS_GROUP)

    # -- the rules' answers -----------------------------------------------

    def memo(self, key, compute):
        """``compute()``, once per viewer for ``key`` (a rule's answer)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def forget(self) -> None:
        """Drop everything loaded (after changing the viewer's memberships or groups)."""
        self._roles = None
        self._organisations = None
        self._groups = None
        self._memo.clear()


def as_viewer(user_or_viewer) -> Viewer:
    """The viewer for a user (or the viewer itself). Within a scope the same user
    object always gets the same viewer; outside one, a new viewer."""
    if isinstance(user_or_viewer, Viewer):
        return user_or_viewer
    viewers = _scope.get()
    if viewers is None:
        return Viewer(user_or_viewer)
    key = id(user_or_viewer)
    found = viewers.get(key)
    if found is None or found.user is not user_or_viewer:
        # The scope keeps the viewer (and so its user) alive: an id is not reused
        # within the scope.
        found = viewers[key] = Viewer(user_or_viewer)
    return found


def user_of(user_or_viewer):
    """The user behind a viewer (or the user itself), for queries on user fields."""
    if isinstance(user_or_viewer, Viewer):
        return user_or_viewer.user
    return user_or_viewer if user_or_viewer is not None else AnonymousUser()


def forget(user_or_viewer) -> None:
    """Make the next rule asked about this user read their data afresh."""
    if isinstance(user_or_viewer, Viewer):
        user_or_viewer.forget()
        return
    viewers = _scope.get()
    if viewers is not None:
        found = viewers.get(id(user_or_viewer))
        if found is not None and found.user is user_or_viewer:
            found.forget()


@contextmanager
def viewer_scope():
    """Within the block, one viewer per user object; none survives it."""
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def in_viewer_scope(fn):
    """Decorator: run ``fn`` in its own viewer scope (one socket message)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with viewer_scope():
            return fn(*args, **kwargs)

    return wrapper


def get_viewer(request) -> Viewer:
    """The viewer of ``request.user``, built once per request."""
    viewer = getattr(request, "_forum_viewer", None)
    user = getattr(request, "user", None)
    if viewer is None or viewer.user is not user:
        viewer = as_viewer(user)
        request._forum_viewer = viewer
    return viewer


class ViewerMiddleware:
    """Opens the request's viewer scope (after ``AuthenticationMiddleware``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with viewer_scope():
            return self.get_response(request)
