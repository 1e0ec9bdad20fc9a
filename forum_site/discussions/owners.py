"""Who may read, post in and moderate a thread: the owner's app says.

A thread belongs to any object. Each feature app registers a policy for its
owner models in its ``AppConfig.ready()``::

    owners.register(PracticePage, PracticeThreads())

and the policy answers by calling that app's own rules. The registry refuses
by default: a thread whose owner's model has no policy is shown to nobody and
takes no comments (superusers, who may do anything, are let through by
``services`` before any policy is asked).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


class OwnerPolicy:
    """The answers for one kind of owner. This base refuses everything:
    a policy overrides what its app allows."""

    def can_view(self, user, owner) -> bool:
        """``visible_to`` for one owner (the app's yes/no rule built from the same Q)."""
        return False

    def visible_to(self, viewer, model):
        """The owners of ``model`` whose threads ``viewer`` may read (the app's
        queryset rule): nothing by default."""
        return model._default_manager.none()

    def can_post(self, user, owner) -> bool:
        """Asked only of signed-in users who may view the thread."""
        return False

    def can_moderate(self, user, owner) -> bool:
        """Asked only of signed-in users."""
        return False

    def url(self, owner) -> str | None:
        """The page that shows the thread; None for the thread's own page."""
        return None


REFUSE = OwnerPolicy()

_policies: dict[type, OwnerPolicy] = {}


def register(model: type, policy: OwnerPolicy) -> None:
    """Make ``policy`` answer for the threads of ``model`` (and its subclasses)."""
    registered = _policies.get(model)
    if registered is not None and registered is not policy:
        raise ImproperlyConfigured(f"{model.__name__} already has a thread owner policy.")
    _policies[model] = policy


def unregister(model: type) -> None:
    _policies.pop(model, None)


def registered() -> dict[type, OwnerPolicy]:
    """Every owner model and its policy."""
    return dict(_policies)


def policy_for(owner) -> OwnerPolicy:
    """The policy registered for ``owner``'s model, or one that refuses everything."""
    if owner is None:
        return REFUSE
    for cls in type(owner).__mro__:
        if cls in _policies:
            return _policies[cls]
    return REFUSE
