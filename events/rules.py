"""Who may see and do what with events, registrations and delegations.

The one module views, templates (through ``events.context``), feeds, the
import, the home and organisation sections and search call. Built on
``forum_site.organisations.rules``; role checks are never re-implemented
here. Rules import the models, never the reverse. Every function takes a
``forum_site.viewer.Viewer`` or a user (roles are read once per viewer).

One rule per kind, one shape (a queryset, and the yes/no derived from it):

- events: ``visible_to`` / ``can_view`` (``visible_events`` / ``can_view_event``
  are the older names);
- delegations (their workspace: checklist, documents, position paper, thread):
  ``delegations_visible_to`` / ``can_view_workspace``;
- delegation documents (private files): ``documents_visible_to`` /
  ``can_download_document``.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import (
    Delegation,
    DelegationDocument,
    DelegationMember,
    EventPage,
    Registration,
)
from forum_site.organisations import rules as org_rules
from forum_site.organisations.models import Organisation, Role
from forum_site.restrictions import hidden_by_restrictions
from forum_site.viewer import as_viewer, user_of


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def _organiser_ids(event) -> list[int]:
    cached = getattr(event, "_organiser_ids", None)
    if cached is None:
        cached = [o.pk for o in event.organisers.all()]
        event._organiser_ids = cached
    return cached


# -- events ----------------------------------------------------------------------------


def visible_to(user):
    """The live events ``user`` may see, on every surface: lists, the month grid,
    the home and profile sections, feeds (public, per event, personal), search,
    and every action (registration, cancellation, participants, delegations).

    Wagtail view restrictions are part of it (``forum_site.restrictions``): a
    login one admits signed-in users, a groups one the groups' members, a
    password one nobody off the page itself. Superusers, and editors of an
    organising organisation (those who run the event), see their events
    whatever the restriction. A registration does not widen it: an event that
    becomes restricted leaves the feeds of those who no longer pass."""
    user = as_viewer(user)
    queryset = EventPage.objects.live()
    if _is_superuser(user):
        return queryset
    hidden = hidden_by_restrictions(user)
    managed = managed_event_ids(user)
    if managed is not None:
        hidden &= ~Q(pk__in=managed)
    return queryset.exclude(hidden)


def managed_event_ids(user):
    """Subquery of the ids of events ``user`` runs (editor of an organiser), or None."""
    org_ids = org_rules.organisation_ids_for(user, Role.EDITOR) if user is not None else set()
    if not org_ids:
        return None
    return EventPage.objects.filter(organisers__in=org_ids).values("pk")


def can_view(user, event) -> bool:
    """``visible_to`` for one event (the same answer, by construction; once per viewer)."""
    viewer = as_viewer(user)
    return viewer.memo(
        ("events.can_view", event.pk), lambda: visible_to(viewer).filter(pk=event.pk).exists()
    )


def hidden_event_ids(user):
    """Subquery of event ids ``user`` may not see (for mixed Page querysets)."""
    return EventPage.objects.exclude(pk__in=visible_to(user).values("pk")).values("pk")


# The names every caller used before ``visible_to``/``can_view``.
visible_events = visible_to
can_view_event = can_view


def can_manage_event(user, event) -> bool:
    """Editors of an organising organisation (and superusers) run the event."""
    if _is_superuser(user):
        return True
    return any(org_rules.can_publish_for(user, org_id) for org_id in _organiser_ids(event))


def may_translate(user, event) -> bool:
    """Translate the event on the front end and publish the translation (its
    ``translations/`` routes): whoever may edit it (``can_manage_event``), asked
    of the translation group's source."""
    return can_manage_event(user, event)


def can_import_events(user) -> bool:
    return _is_superuser(user) or bool(org_rules.organisation_ids_for(user, Role.EDITOR))


def can_create_events(user) -> bool:
    """Editors and administrators of some organisation (and superusers) create
    events on the site, in the name of one of those organisations."""
    return can_import_events(user)


def draft_events(user):
    """Never-published events ``user`` runs (editor of an organiser; all, for superusers)."""
    drafts = EventPage.objects.filter(live=False)
    if _is_superuser(user):
        return drafts
    org_ids = org_rules.organisation_ids_for(user, Role.EDITOR)
    return drafts.filter(organisers__in=org_ids).distinct() if org_ids else drafts.none()


def event_organisations(user):
    """The organisations ``user`` may name as an event's organiser: those they
    edit for (any, for superusers). Co-organisers may be any organisation."""
    return import_organisations(user)


def import_organisations(user):
    """The organisations in whose name ``user`` may import events."""
    if _is_superuser(user):
        return Organisation.objects.all()
    return org_rules.organisations_for(user, Role.EDITOR)


def registration_for(user, event):
    if not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(event, "_registration_cache", None)
    if cache is None:
        cache = {}
        event._registration_cache = cache
    if user.pk not in cache:
        cache[user.pk] = event.registrations.filter(user_id=user.pk).first()
    return cache[user.pk]


def is_confirmed_participant(user, event) -> bool:
    registration = registration_for(user, event)
    return registration is not None and registration.status == "confirmed"


def can_see_online_link(user, event) -> bool:
    """The online link is for registered (confirmed) participants and organisers."""
    if not event.online_url:
        return False
    return is_confirmed_participant(user, event) or can_manage_event(user, event)


def registration_closed_reason(event, now=None) -> str | None:
    """Why nobody can register now, or None when registration is open."""
    now = now or timezone.now()
    if event.cancelled:
        return _("This event has been cancelled.")
    if not event.registration_enabled:
        return _("This event does not take registrations.")
    opens = getattr(event, "registration_opens_at", None)
    if opens and now < opens:
        local = timezone.localtime(opens, event.tz)
        return _("Registration opens on %(when)s (%(zone)s).") % {
            "when": formats.date_format(local, "DATETIME_FORMAT"),
            "zone": event.timezone,
        }
    if event.registration_deadline and now > event.registration_deadline:
        return _("Registration closed on the deadline.")
    if event.end < now and not event.recurrence:
        return _("This event is over.")
    return None


# What the registration box says before anyone submits (``registration_state``).
NOT_OPEN_YET, CLOSED, FULL, OPEN = "not_open_yet", "closed", "full", "open"


def places_left(event) -> int | None:
    """Places not yet confirmed, or None when the event has no capacity. Read once
    per event object (the page asks in its context and its form)."""
    if event.capacity is None:
        return None
    cached = getattr(event, "_places_left", None)
    if cached is None:
        confirmed = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).count()
        cached = event._places_left = max(0, event.capacity - confirmed)
    return cached


def is_full(event) -> bool:
    """Every place is taken: whoever registers now joins the waiting list
    (``events.registration.register`` decides the same under a lock)."""
    return places_left(event) == 0


def registration_state(event, now=None) -> str:
    """``NOT_OPEN_YET`` (``registration_opens_at`` is ahead), ``CLOSED`` (cancelled,
    no registrations, deadline passed, over), ``FULL`` (open, but registering joins
    the waiting list) or ``OPEN``; ``registration_closed_reason`` says why in words."""
    now = now or timezone.now()
    if registration_closed_reason(event, now):
        opens = getattr(event, "registration_opens_at", None)
        if event.registration_enabled and not event.cancelled and opens and now < opens:
            return NOT_OPEN_YET
        return CLOSED
    return FULL if is_full(event) else OPEN


def registration_organisations(user):
    """The organisations on whose behalf ``user`` may register (any membership)."""
    return org_rules.organisations_for(user, Role.MEMBER)


def can_register(user, event, organisation=None) -> bool:
    if not getattr(user, "is_authenticated", False) or registration_closed_reason(event):
        return False
    if organisation is None:
        return bool(org_rules.organisation_ids_for(user))
    return org_rules.can_act_for(user, organisation)


def can_view_participants(user, event) -> bool:
    if can_manage_event(user, event):
        return True
    if event.participant_visibility == "public":
        return True
    if event.participant_visibility == "participants":
        return is_confirmed_participant(user, event)
    return False


def visible_participants(user, event):
    """Organisers see everyone; others see only those who chose to be listed."""
    qs = Registration.objects.filter(event=event).select_related("user", "organisation")
    if can_manage_event(user, event):
        return qs.exclude(status=Registration.Status.CANCELLED)
    if not can_view_participants(user, event):
        return qs.none()
    return qs.filter(status=Registration.Status.CONFIRMED, listed=True)


# -- delegations ---------------------------------------------------------------------


def head_organisations(user, event):
    """Organisations for which ``user`` may form a delegation to ``event``.

    A national delegation is headed by an editor of a national ministry; for a
    city-network meeting an editor may also form one for their organisation.
    """
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    editor_of = org_rules.organisations_for(user, Role.EDITOR)
    if event.event_type == "city_network":
        return editor_of
    return editor_of.national_authorities()


def can_create_delegation(user, event, organisation) -> bool:
    if event.cancelled:
        return False
    if event.event_type == "city_network":
        return org_rules.can_publish_for(user, organisation)
    return org_rules.is_national_authority(organisation) and org_rules.can_publish_for(
        user, organisation
    )


def can_manage_delegation(user, delegation) -> bool:
    """The head, and editors of the organisation the delegation belongs to."""
    if _is_superuser(user):
        return True
    if getattr(user, "pk", None) and delegation.head_id == user.pk:
        return True
    return org_rules.can_publish_for(user, delegation.organisation_id)


def delegation_membership(user, delegation):
    if not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(delegation, "_member_cache", None)
    if cache is None:
        cache = {}
        delegation._member_cache = cache
    if user.pk not in cache:
        cache[user.pk] = delegation.members.filter(user_id=user.pk).first()
    return cache[user.pk]


def _workspace_q(viewer, prefix: str = "") -> Q:
    """Q on Delegation (through ``prefix``): the viewer heads it, edits for its
    organisation, or is a confirmed member."""
    confirmed = DelegationMember.objects.filter(
        user_id=viewer.pk, status=DelegationMember.Status.CONFIRMED
    ).values("delegation_id")
    return (
        Q(**{f"{prefix}head_id": viewer.pk})
        | Q(**{f"{prefix}organisation_id__in": viewer.organisation_ids(Role.EDITOR)})
        | Q(**{f"{prefix}pk__in": confirmed})
    )


def delegations_visible_to(user, queryset=None):
    """The delegations whose workspace ``user`` may open (their checklist,
    documents, position paper and discussion): those they head, those of an
    organisation they edit for, those they are a confirmed member of; all of
    them for superusers. (The list of an event's delegations and the indicator
    are public: ``can_see_delegations``.)"""
    viewer = as_viewer(user)
    if queryset is None:
        queryset = Delegation.objects.all()
    if _is_superuser(viewer):
        return queryset
    if not viewer.is_authenticated:
        return queryset.none()
    return queryset.filter(_workspace_q(viewer))


def can_view_workspace(user, delegation) -> bool:
    """``delegations_visible_to`` for one delegation (each part of its Q asked of
    this delegation): its confirmed members and its managers."""
    if can_manage_delegation(user, delegation):
        return True
    member = delegation_membership(user, delegation)
    return member is not None and member.status == "confirmed"


def documents_visible_to(user, queryset=None):
    """The delegation documents (private files) ``user`` may download: those of
    the delegations whose workspace they may open."""
    viewer = as_viewer(user)
    if queryset is None:
        queryset = DelegationDocument.objects.all()
    if _is_superuser(viewer):
        return queryset
    if not viewer.is_authenticated:
        return queryset.none()
    return queryset.filter(_workspace_q(viewer, prefix="delegation__"))


def can_download_document(user, document) -> bool:
    """``documents_visible_to`` for one document: its delegation's workspace rule."""
    return can_view_workspace(user, document.delegation)


def can_respond_to_invitation(user, delegation) -> bool:
    member = delegation_membership(user, delegation)
    return member is not None and member.status in ("invited", "confirmed", "declined")


def can_be_local_authority_representative(organisation) -> bool:
    return organisation is not None and org_rules.represents_local_authorities(organisation)


def delegations_with_indicator(event):
    """The event's delegations, each annotated ``has_local_authority``: whether it
    includes at least one confirmed local-authority representative."""
    confirmed_rep = DelegationMember.objects.filter(
        delegation=OuterRef("pk"),
        role=DelegationMember.Role.LOCAL_AUTHORITY,
        status=DelegationMember.Status.CONFIRMED,
    )
    return (
        Delegation.objects.filter(event=event)
        .select_related("organisation", "head")
        .annotate(has_local_authority=Exists(confirmed_rep))
    )


def local_authority_summary(event) -> dict:
    """Per forum: how many delegations include a local-authority representative,
    the share, and the delegations that do not."""
    delegations = list(delegations_with_indicator(event))
    total = len(delegations)
    with_rep = [d for d in delegations if d.has_local_authority]
    without = [d for d in delegations if not d.has_local_authority]
    return {
        "delegations": delegations,
        "total": total,
        "with_count": len(with_rep),
        "share": round(100 * len(with_rep) / total) if total else None,
        "without": without,
    }


def can_see_delegations(user, event) -> bool:
    """Delegation lists and the indicator are public: accountability is the point."""
    return True


# -- personal feed -------------------------------------------------------------------


def personal_feed_event_ids(user) -> dict[int, bool]:
    """Events in ``user``'s personal feed -> whether the online link may be shown.

    Events they registered for (confirmed or waiting) and their delegations'
    events (confirmed or invited members, and heads). The online link only for
    confirmed registrations.
    """
    user = user_of(user)
    ids: dict[int, bool] = {}
    for event_id, status in (
        Registration.objects.filter(user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("event_id", "status")
    ):
        ids[event_id] = ids.get(event_id, False) or status == Registration.Status.CONFIRMED
    member_events = (
        DelegationMember.objects.filter(user=user)
        .exclude(status=DelegationMember.Status.DECLINED)
        .values_list("delegation__event_id", flat=True)
    )
    head_events = Delegation.objects.filter(head=user).values_list("event_id", flat=True)
    for event_id in [*member_events, *head_events]:
        ids.setdefault(event_id, False)
    return ids
