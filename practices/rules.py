"""Who may do what with practices: the app's one permission module.

Built on ``forum_site.organisations.rules``; views, templates (through their
context), exports, the API, search and the hooks call these functions and
nothing else. Every function takes a ``forum_site.viewer.Viewer`` or a user;
memberships and groups are loaded once per viewer (request or socket message),
so these are cheap to repeat.

Which practices a viewer may see is one rule in one shape: ``visible_to``
(a queryset, for every surface that lists practices: the library, exports,
the API, feeds, search, adoptions) and ``can_view`` (one practice, for its
page and its discussion), built from the same Q (``_listed_q``), plus the
drafts and restricted practices of those who edit or moderate them.
``visible_practices`` and ``can_view_practice`` are the older names.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Q

from forum_site.organisations import rules as org_rules
from forum_site.organisations.models import Organisation, Role
from forum_site.restrictions import hidden_by_restrictions, hidden_by_restrictions_for
from forum_site.viewer import PRACTICE_MODERATORS_GROUP, as_viewer
from practices.models import CallForPracticesPage, PracticeDraft, PracticePage

MODERATORS_GROUP = PRACTICE_MODERATORS_GROUP


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


def may_translate(user, practice) -> bool:
    """Translate the practice on the front end (``practices.views.translations``):
    whoever may edit it (``can_edit_practice``), asked of the translation
    group's source."""
    return can_edit_practice(user, practice)


def may_publish_translation(user) -> bool:
    """Publish a translation at once: the practice moderators (and superusers);
    the editors' translations go to the moderators, as their edits do."""
    return is_moderator(user)


def can_see_contact(user, practice=None) -> bool:
    """The contact person is shown to signed-in users only."""
    return bool(getattr(user, "is_authenticated", False))


def _listed_q(viewer) -> Q:
    """Q on PracticePage: live, and under no view restriction ``viewer`` fails."""
    return Q(live=True) & ~hidden_by_restrictions(viewer)


def visible_to(viewer, qs=None, *, drafts: bool = False):
    """The practices ``viewer`` may find in the library, exports, the API, feeds and
    search: live ones, narrowed from ``qs`` when given, without those under a
    Wagtail view restriction ``viewer`` does not pass (``forum_site.restrictions``:
    a login one admits signed-in users, a groups one its members, a password one
    nobody off the page).

    A draft (or a restricted practice) is opened by its editors and moderators,
    never listed: ``drafts=True`` adds those (what ``can_view`` answers, for the
    surfaces that open a practice rather than list it: its discussion thread)."""
    if qs is None:
        qs = PracticePage.objects.all()
    viewer = as_viewer(viewer)
    if not drafts:
        return qs.filter(_listed_q(viewer))
    if is_moderator(viewer):
        return qs
    return qs.filter(_listed_q(viewer) | Q(organisation_id__in=_edited_organisation_ids(viewer)))


def _edited_organisation_ids(viewer) -> set[int]:
    """The organisations whose practices ``viewer`` edits (``can_edit_practice``)."""
    if not viewer.is_authenticated:
        return set()
    return org_rules.organisation_ids_for(viewer, Role.EDITOR)


def hidden_practice_ids(viewer):
    """Subquery of the practice ids ``viewer`` may NOT find (for mixed Page querysets)."""
    return PracticePage.objects.exclude(_listed_q(as_viewer(viewer))).values("pk")


def can_view(viewer, practice) -> bool:
    """``visible_to(viewer, drafts=True)`` for one practice: what it lists (the
    same predicate as ``_listed_q``: live, no failed restriction on its path);
    besides, a draft or a restricted practice to those who may edit or moderate it."""
    viewer = as_viewer(viewer)
    if practice.live and not hidden_by_restrictions_for(viewer, practice):
        return True
    return can_edit_practice(viewer, practice) or is_moderator(viewer)


# The names every caller used before ``visible_to``/``can_view``.
visible_practices = visible_to
can_view_practice = can_view


def drafts_visible_to(viewer, qs=None):
    """The practice drafts (``PracticeDraft``: the step-by-step form's saved
    input, not yet submitted) ``viewer`` may open, continue, preview, submit or
    delete: their own, and nobody else's. Not the organisation's editors nor the
    practice moderators (nor superusers): a draft is unfinished work of one
    person; the organisation and the moderators see it once submitted, as the
    ``PracticePage`` draft that ``can_view`` opens to them. Its uploaded files
    follow ``practices.attachments`` (the uploader and the moderators)."""
    if qs is None:
        qs = PracticeDraft.objects.all()
    viewer = as_viewer(viewer)
    if not viewer.signed_in:
        return qs.none()
    return qs.filter(user_id=viewer.pk)


def can_view_draft(viewer, draft) -> bool:
    """``drafts_visible_to`` for one draft: its author (signed in, active)."""
    viewer = as_viewer(viewer)
    return viewer.signed_in and draft.user_id == viewer.pk


def can_join_discussion(user, practice) -> bool:
    """Any signed-in person who can see the practice may ask its owners a question."""
    return bool(getattr(user, "is_authenticated", False)) and can_view_practice(user, practice)


def can_moderate_discussion(user, practice) -> bool:
    """The owning organisation's editors and the practice moderators."""
    return can_edit_practice(user, practice) or is_moderator(user)


def is_moderator(user) -> bool:
    """Superusers and the practice moderators' group (read once per viewer)."""
    return as_viewer(user).is_practice_moderator


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


def visible_calls(viewer):
    """The calls for practices ``viewer`` may find (the library's open calls, the
    submission form's choice of call): live ones under no Wagtail view restriction
    ``viewer`` does not pass, as for practices."""
    return CallForPracticesPage.objects.filter(live=True).exclude(hidden_by_restrictions(viewer))


def can_open_call(user) -> bool:
    """Moderators, and editors of any organisation."""
    return is_moderator(user) or organisations_that_can_open_calls(user).exists()


def moderators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    return group
