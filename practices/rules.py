"""Who may do what with practices: the app's one permission module.

Built on ``forum_site.organisations.rules``; views, templates (through their
context), exports, the API, search and the hooks call these functions and
nothing else. Memberships are cached on the user, so these are cheap to repeat.

Which practices a viewer may see is one rule in two forms: ``visible_practices``
(a queryset, for every surface that lists practices) and ``can_view_practice``
(one practice, for its page and its discussion).
"""

from __future__ import annotations

from django.contrib.auth.models import Group

from forum_site.organisations import rules as org_rules
from forum_site.organisations.models import Organisation, Role
from forum_site.restrictions import hidden_by_restrictions, passes_restrictions
from practices.models import PracticePage

MODERATORS_GROUP = "Practice moderators"


def organisations_that_can_share(user):
    """Organisations for which ``user`` may submit a practice."""
    ids = org_rules.organisation_ids_for(user, Role.MEMBER)
    return Organisation.objects.filter(
        pk__in=ids, kind__in=org_rules.LOCAL_AUTHORITY_REPRESENTATIVE_KINDS
    ).order_by("name")


def can_submit_practice(user) -> bool:
    """Members of a local or regional authority, or of an association of them."""
    return organisations_that_can_share(user).exists()


def can_submit_for(user, organisation: Organisation) -> bool:
    return org_rules.can_share_practice(user, organisation)


def can_edit_practice(user, practice) -> bool:
    """Editors of the owning organisation, and nobody else (changes are moderated)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return org_rules.can_publish_for(user, practice.organisation_id)


def can_see_contact(user, practice=None) -> bool:
    """The contact person is shown to signed-in users only."""
    return bool(getattr(user, "is_authenticated", False))


def visible_practices(user, qs=None):
    """The practices ``user`` may find in the library, exports, the API, feeds and
    search: live ones, narrowed from ``qs`` when given, without those under a
    Wagtail view restriction ``user`` does not pass (``forum_site.restrictions``:
    a login one admits signed-in users, a groups one its members, a password one
    nobody off the page). A draft is opened by its editors and moderators
    (``can_view_practice``), never listed."""
    if qs is None:
        qs = PracticePage.objects.all()
    return qs.live().exclude(hidden_by_restrictions(user))


def hidden_practice_ids(user):
    """Subquery of the practice ids ``user`` may NOT find (for mixed Page querysets)."""
    return PracticePage.objects.exclude(pk__in=visible_practices(user).values("pk")).values("pk")


def can_view_practice(user, practice) -> bool:
    """What ``visible_practices`` lists, for one practice; besides, a draft or a
    restricted practice to those who may edit or moderate it."""
    if practice.live and passes_restrictions(user, practice):
        return True
    return can_edit_practice(user, practice) or is_moderator(user)


def can_join_discussion(user, practice) -> bool:
    """Any signed-in person who can see the practice may ask its owners a question."""
    return bool(getattr(user, "is_authenticated", False)) and can_view_practice(user, practice)


def can_moderate_discussion(user, practice) -> bool:
    """The owning organisation's editors and the practice moderators."""
    return can_edit_practice(user, practice) or is_moderator(user)


def is_moderator(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_practice_moderator", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        user._practice_moderator = cached
    return cached


def organisations_that_can_adopt(user, practice):
    """Local authorities ``user`` acts for, other than the practice's owner."""
    ids = org_rules.organisation_ids_for(user, Role.MEMBER) - {practice.organisation_id}
    return Organisation.objects.filter(
        pk__in=ids, kind__in=org_rules.LOCAL_AUTHORITY_KINDS
    ).order_by("name")


def can_adopt(user, practice, organisation: Organisation | None = None) -> bool:
    """A member of another local authority records interest or adoption."""
    if not getattr(user, "is_authenticated", False) or not practice.live:
        return False
    if organisation is None:
        return organisations_that_can_adopt(user, practice).exists()
    return (
        organisation.pk != practice.organisation_id
        and org_rules.is_local_authority(organisation)
        and org_rules.can_act_for(user, organisation)
    )


def organisations_that_can_open_calls(user):
    """Organisations for which ``user`` may open a call (their editors)."""
    return Organisation.objects.filter(
        pk__in=org_rules.organisation_ids_for(user, Role.EDITOR)
    ).order_by("name")


def can_open_call(user) -> bool:
    """Moderators, and editors of any organisation."""
    return is_moderator(user) or organisations_that_can_open_calls(user).exists()


def moderators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    return group
