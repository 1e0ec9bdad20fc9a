"""Delegations to a forum: forming one, its page, inviting members and answering
an invitation. Every permission question goes to ``events.rules``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import rules
from events.forms import (
    ChecklistItemForm,
    DelegationDocumentForm,
    DelegationForm,
    InviteForm,
    PositionPaperForm,
)
from events.models import Delegation, DelegationMember, PositionPaper
from events.views.common import back_to_event, delegation_or_404, group_event_or_404
from forum_site.notifications.service import notify


@login_required
@require_POST
def delegation_create_view(request, event):
    event = group_event_or_404(request.user, event)
    form = DelegationForm(request.POST, user=request.user, event=event)
    if not form.is_valid():
        messages.error(request, _("You cannot form a delegation for that organisation."))
        return back_to_event(event)
    organisation = form.cleaned_data["organisation"]
    if not rules.can_create_delegation(request.user, event, organisation):
        raise PermissionDenied
    try:
        with transaction.atomic():
            delegation = Delegation.objects.create(
                event=event,
                kind=Delegation.Kind.ORGANISATION
                if event.event_type == "city_network"
                else Delegation.Kind.COUNTRY,
                country=organisation.country,
                organisation=organisation,
                head=request.user,
            )
            DelegationMember.objects.create(
                delegation=delegation,
                user=request.user,
                organisation=organisation,
                role=DelegationMember.Role.HEAD,
                status=DelegationMember.Status.CONFIRMED,
                responded_at=timezone.now(),
            )
            PositionPaper.objects.create(delegation=delegation)
    except IntegrityError:
        messages.error(request, _("This organisation already has a delegation to this event."))
        return back_to_event(event)
    messages.success(request, _("The delegation is formed. Invite its members."))
    return redirect(delegation.get_absolute_url())


@login_required
def delegation_view(request, pk):
    delegation = delegation_or_404(pk)
    user = request.user
    member = rules.delegation_membership(user, delegation)
    if not rules.can_view_workspace(user, delegation):
        if member is not None and member.status == DelegationMember.Status.INVITED:
            return render(
                request,
                "events/invitation.html",
                {
                    "delegation": delegation,
                    "member": member,
                    # The event may since have been restricted: its title and
                    # link only for those the events rule lets see it.
                    "event_visible": rules.can_view_event(user, delegation.event),
                },
            )
        raise PermissionDenied(_("The delegation workspace is for its members only."))
    can_manage = rules.can_manage_delegation(user, delegation)
    paper, _created = PositionPaper.objects.get_or_create(delegation=delegation)
    context = {
        "delegation": delegation,
        "event": delegation.event,
        "event_visible": rules.can_view_event(user, delegation.event),
        "member": member,
        "can_manage": can_manage,
        "members": delegation.members.select_related("user", "organisation"),
        "checklist": delegation.checklist.select_related("assignee"),
        "documents": delegation.documents.select_related("uploaded_by"),
        "paper": paper,
        "has_local_authority": delegation.members.filter(
            role=DelegationMember.Role.LOCAL_AUTHORITY, status=DelegationMember.Status.CONFIRMED
        ).exists(),
        "checklist_form": ChecklistItemForm(delegation=delegation),
        "document_form": DelegationDocumentForm(),
        "paper_form": PositionPaperForm(instance=paper, user=user),
        "invite_form": InviteForm(delegation=delegation) if can_manage else None,
        "thread": _thread(delegation),
    }
    return render(request, "events/delegation.html", context)


def _thread(delegation):
    """The delegation's discussion thread (the consultations app's threads)."""
    return delegation.get_thread()


@login_required
@require_POST
def delegation_invite_view(request, pk):
    delegation = delegation_or_404(pk)
    if not rules.can_manage_delegation(request.user, delegation):
        raise PermissionDenied
    form = InviteForm(request.POST, delegation=delegation)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(delegation.get_absolute_url())
    invitee = form.cleaned_data["who"]
    member = DelegationMember.objects.create(
        delegation=delegation,
        user=invitee,
        organisation=form.cleaned_data.get("organisation"),
        role=form.cleaned_data["role"],
    )
    notify(
        [invitee],
        title=lambda: (
            _("You are invited to the %(delegation)s to %(event)s")
            % {"delegation": delegation.name, "event": delegation.event.title}
        ),
        body=lambda: (
            _("%(head)s invites you as %(role)s. Accept or decline on the platform.")
            % {
                "head": request.user.get_full_name() or request.user.get_username(),
                "role": member.get_role_display(),
            }
        ),
        url=delegation.get_absolute_url(),
        kind="delegation_invitation",
        key=f"delegation-invite-{member.pk}",
    )
    messages.success(request, _("The invitation is sent."))
    return redirect(delegation.get_absolute_url())


@login_required
@require_POST
def delegation_respond_view(request, pk):
    delegation = delegation_or_404(pk)
    member = rules.delegation_membership(request.user, delegation)
    if member is None or member.role == DelegationMember.Role.HEAD:
        raise PermissionDenied
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline."))
        return redirect(delegation.get_absolute_url())
    member.status = (
        DelegationMember.Status.CONFIRMED
        if answer == "accept"
        else DelegationMember.Status.DECLINED
    )
    member.responded_at = timezone.now()
    member.save(update_fields=["status", "responded_at"])
    delegation._member_cache = {}
    notify(
        [delegation.head],
        # Whole sentences, not a verb slotted into one: word order and
        # agreement differ between languages.
        title=lambda: (
            (
                _("%(name)s accepted the invitation to the %(delegation)s")
                if answer == "accept"
                else _("%(name)s declined the invitation to the %(delegation)s")
            )
            % {
                "name": request.user.get_full_name() or request.user.get_username(),
                "delegation": delegation.name,
            }
        ),
        url=delegation.get_absolute_url(),
        kind="delegation_response",
        key=f"delegation-response-{member.pk}-{member.status}",
    )
    if answer == "accept":
        messages.success(request, _("Welcome to the delegation."))
        return redirect(delegation.get_absolute_url())
    messages.info(request, _("You declined the invitation."))
    return redirect(delegation.event.url or "/events/")
