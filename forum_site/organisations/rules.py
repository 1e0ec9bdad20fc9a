"""The domain rules about organisations and roles, in one place.

Views, forms, templates, search, feeds, APIs and WebSocket consumers call
these functions; none of them re-implements "who may do what". Each takes a
``forum_site.viewer.Viewer`` or a user (wrapped on entry): memberships are
loaded once per viewer, so asking many questions in one request (or one
socket message) costs one query, and nothing is cached on the user object.
"""

from __future__ import annotations

from collections.abc import Iterable

# The kind sets are re-exported: callers ask this module which kinds count.
from forum_site.organisations.models import (
    LOCAL_AUTHORITY_KINDS as LOCAL_AUTHORITY_KINDS,
)
from forum_site.organisations.models import (
    LOCAL_AUTHORITY_REPRESENTATIVE_KINDS,
    ROLE_RANK,
    Membership,
    Organisation,
    Role,
)
from forum_site.organisations.models import (
    NATIONAL_AUTHORITY_KINDS as NATIONAL_AUTHORITY_KINDS,
)
from forum_site.viewer import as_viewer
from forum_site.viewer import forget as forget_viewer


def is_local_authority(organisation: Organisation) -> bool:
    """A city, municipality, or regional or local government."""
    return organisation.is_local_authority


def represents_local_authorities(organisation: Organisation) -> bool:
    """A local authority or an association of local governments."""
    return organisation.kind in LOCAL_AUTHORITY_REPRESENTATIVE_KINDS


def is_national_authority(organisation: Organisation) -> bool:
    """A national ministry or agency."""
    return organisation.is_national_authority


def _roles(user) -> dict[int, str]:
    """Organisation id -> role for ``user`` (a viewer or a user), loaded once per viewer."""
    if user is None:
        return {}
    return as_viewer(user).roles


def forget_cached_roles(user) -> None:
    """Call after changing a user's memberships within the same request."""
    forget_viewer(user)


def _org_id(organisation: Organisation | int) -> int:
    return organisation if isinstance(organisation, int) else organisation.pk


def role_in(user, organisation: Organisation | int) -> str | None:
    """The user's role in the organisation, or None."""
    return _roles(user).get(_org_id(organisation))


def has_role(user, organisation: Organisation | int, minimum: str) -> bool:
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    role = role_in(user, organisation)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def can_act_for(user, organisation: Organisation | int) -> bool:
    """Any member may act for the organisation (draft, comment, register)."""
    return has_role(user, organisation, Role.MEMBER)


def can_publish_for(user, organisation: Organisation | int) -> bool:
    """Editors and administrators publish and submit in the organisation's name."""
    return has_role(user, organisation, Role.EDITOR)


def can_administer(user, organisation: Organisation | int) -> bool:
    """Administrators manage the organisation's members."""
    return has_role(user, organisation, Role.ADMIN)


def organisation_ids_for(user, minimum: str = Role.MEMBER) -> set[int]:
    """Ids of the organisations in which ``user`` holds at least ``minimum``.

    Superusers get only their real memberships here: this answers "for whom
    may I act", not "what may I see".
    """
    floor = ROLE_RANK[minimum]
    return {org_id for org_id, role in _roles(user).items() if ROLE_RANK[role] >= floor}


def organisations_for(user, minimum: str = Role.MEMBER):
    return Organisation.objects.filter(pk__in=organisation_ids_for(user, minimum))


def can_open_consultation(user, organisation: Organisation) -> bool:
    """Only editors of a national ministry or agency open consultations for it."""
    return is_national_authority(organisation) and can_publish_for(user, organisation)


def can_share_practice(user, organisation: Organisation) -> bool:
    """Members of local authorities (or their associations) share practices."""
    return represents_local_authorities(organisation) and can_act_for(user, organisation)


def can_manage_member(actor, membership: Membership) -> bool:
    return can_administer(actor, membership.organisation_id)


def would_remove_last_admin(membership: Membership, new_role: str | None) -> bool:
    """True when changing/removing ``membership`` leaves its organisation without admins."""
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return False
    return not (
        Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


def any_can_act_for(user, organisations: Iterable[Organisation | int]) -> bool:
    return any(can_act_for(user, o) for o in organisations)
