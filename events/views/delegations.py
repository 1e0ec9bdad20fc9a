"""Actions on events: registration, participants, import, the personal feed
token, and delegations with their workspace. Every permission question goes
to ``events.rules``."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import importer, rules
from events.forms import (
    ChecklistItemForm,
    DelegationDocumentForm,
    DelegationForm,
    ImportUploadForm,
    InviteForm,
    ListedForm,
    PositionPaperForm,
    RegistrationForm,
)
from events.models import (
    CalendarImport,
    CalendarToken,
    ChecklistItem,
    Delegation,
    DelegationDocument,
    DelegationMember,
    EventIndexPage,
    EventPage,
    PositionPaper,
    Registration,
)
from events.registration import RegistrationError, cancel, register
from forum_site.notifications.service import notify


def _event(slug):
    return get_object_or_404(EventPage.objects.live(), slug=slug)


def _back(event):
    return redirect(event.url or "/events/")


# -- registration --------------------------------------------------------------------


@login_required
@require_POST
def register_view(request, slug):
    event = _event(slug)
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisations to register."))
        return _back(event)
    try:
        registration = register(
            request.user,
            event,
            form.cleaned_data["organisation"],
            listed=form.cleaned_data["listed"],
        )
    except RegistrationError as exc:
        messages.error(request, str(exc))
        return _back(event)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request, _("You are registered. A confirmation with the invitation is on its way.")
        )
    else:
        messages.info(
            request,
            _("The event is full: you are on the waiting list and will be told if a place opens."),
        )
    return _back(event)


@login_required
@require_POST
def cancel_registration_view(request, slug):
    event = _event(slug)
    registration = Registration.objects.filter(event=event, user=request.user).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        messages.error(request, _("You are not registered for this event."))
        return _back(event)
    cancel(registration)
    messages.success(request, _("Your registration is cancelled."))
    return _back(event)


@login_required
@require_POST
def listed_view(request, slug):
    event = _event(slug)
    form = ListedForm(request.POST)
    form.is_valid()
    updated = Registration.objects.filter(event=event, user=request.user).update(
        listed=form.cleaned_data.get("listed", False)
    )
    if updated:
        messages.success(request, _("Your choice about the participant list is saved."))
    return _back(event)


def participants_view(request, slug):
    event = _event(slug)
    if not rules.can_view_participants(request.user, event):
        raise PermissionDenied(_("The participant list of this event is not public."))
    return render(
        request,
        "events/participants.html",
        {
            "event": event,
            "participants": rules.visible_participants(request.user, event).order_by(
                "status", "queued_at", "pk"
            ),
            "can_manage": rules.can_manage_event(request.user, event),
        },
    )


@login_required
def participants_csv(request, slug):
    event = _event(slug)
    if not rules.can_manage_event(request.user, event):
        raise PermissionDenied(_("Only the organisers export the participant list."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-participants.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("Email"),
            _("Organisation"),
            _("Country"),
            _("Status"),
            _("Listed"),
            _("Registered at"),
        ]
    )
    for r in rules.visible_participants(request.user, event).order_by("status", "queued_at"):
        writer.writerow(
            [
                _csv_safe(r.user.get_full_name() or r.user.get_username()),
                _csv_safe(r.user.email),
                _csv_safe(r.organisation.name),
                r.organisation.country.code,
                r.get_status_display(),
                _("yes") if r.listed else _("no"),
                r.created_at.isoformat(timespec="minutes"),
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formulas in user-supplied text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# -- personal feed token -------------------------------------------------------------


@login_required
@require_POST
def feed_token_view(request):
    action = request.POST.get("action")
    if action == "revoke":
        CalendarToken.objects.filter(user=request.user).delete()
        messages.success(request, _("Your calendar link is revoked; it no longer works."))
    else:
        CalendarToken.objects.update_or_create(
            user=request.user, defaults={"token": CalendarToken.new_token()}
        )
        messages.success(
            request,
            _("Your new calendar link is ready. The old one, if any, no longer works."),
        )
    return redirect("profile")


# -- import --------------------------------------------------------------------------


@login_required
def import_view(request):
    if not rules.can_import_events(request.user):
        raise PermissionDenied(_("Only editors of an organisation import events."))
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(importer.MAX_BYTES + 1)
        organisation = form.cleaned_data["organisation"]
        try:
            result = importer.plan(importer.parse(data), request.user, organisation)
        except importer.ImportError_ as exc:
            context["error"] = str(exc)
        else:
            pending = CalendarImport.objects.create(
                uploaded_by=request.user,
                organisation=organisation,
                filename=form.cleaned_data["file"].name[:255],
                data=data,
            )
            context.update(result=result, pending=pending)
    return render(request, "events/import.html", context)


@login_required
@require_POST
def import_confirm_view(request, pk):
    pending = get_object_or_404(
        CalendarImport, pk=pk, uploaded_by=request.user, status=CalendarImport.Status.PREVIEWED
    )
    index = EventIndexPage.objects.first()
    allowed = rules.import_organisations(request.user).filter(pk=pending.organisation_id)
    if index is None or not allowed.exists():
        raise PermissionDenied(_("You can no longer import events for this organisation."))
    try:
        with transaction.atomic():
            result = importer.parse(bytes(pending.data))
            counts = importer.apply(result, request.user, pending.organisation, index)
            pending.status = CalendarImport.Status.IMPORTED
            pending.summary = counts
            pending.save(update_fields=["status", "summary"])
    except importer.ImportError_ as exc:
        messages.error(request, _("Nothing was imported: %(e)s") % {"e": exc})
        return redirect("events:import")
    messages.success(
        request,
        _("Imported: %(create)s new, %(update)s updated, %(skip)s unchanged.") % counts,
    )
    return redirect(index.url or "/events/")


# -- delegations ---------------------------------------------------------------------


@login_required
@require_POST
def delegation_create_view(request, slug):
    event = _event(slug)
    form = DelegationForm(request.POST, user=request.user, event=event)
    if not form.is_valid():
        messages.error(request, _("You cannot form a delegation for that organisation."))
        return _back(event)
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
        return _back(event)
    messages.success(request, _("The delegation is formed. Invite its members."))
    return redirect(delegation.get_absolute_url())


def _delegation(pk):
    return get_object_or_404(
        Delegation.objects.select_related("event", "organisation", "head"), pk=pk
    )


@login_required
def delegation_view(request, pk):
    delegation = _delegation(pk)
    user = request.user
    member = rules.delegation_membership(user, delegation)
    if not rules.can_view_workspace(user, delegation):
        if member is not None and member.status == DelegationMember.Status.INVITED:
            return render(
                request, "events/invitation.html", {"delegation": delegation, "member": member}
            )
        raise PermissionDenied(_("The delegation workspace is for its members only."))
    can_manage = rules.can_manage_delegation(user, delegation)
    paper, _created = PositionPaper.objects.get_or_create(delegation=delegation)
    context = {
        "delegation": delegation,
        "event": delegation.event,
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
        "paper_form": PositionPaperForm(instance=paper),
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
    delegation = _delegation(pk)
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
        title=_("You are invited to the %(delegation)s to %(event)s")
        % {"delegation": delegation.name, "event": delegation.event.title},
        body=_("%(head)s invites you as %(role)s. Accept or decline on the platform.")
        % {
            "head": request.user.get_full_name() or request.user.get_username(),
            "role": member.get_role_display(),
        },
        url=delegation.get_absolute_url(),
        kind="delegation_invitation",
        key=f"delegation-invite-{member.pk}",
    )
    messages.success(request, _("The invitation is sent."))
    return redirect(delegation.get_absolute_url())


@login_required
@require_POST
def delegation_respond_view(request, pk):
    delegation = _delegation(pk)
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
        title=_("%(name)s %(answer)s the invitation to the %(delegation)s")
        % {
            "name": request.user.get_full_name() or request.user.get_username(),
            "answer": _("accepted") if answer == "accept" else _("declined"),
            "delegation": delegation.name,
        },
        url=delegation.get_absolute_url(),
        kind="delegation_response",
        key=f"delegation-response-{member.pk}-{member.status}",
    )
    if answer == "accept":
        messages.success(request, _("Welcome to the delegation."))
        return redirect(delegation.get_absolute_url())
    messages.info(request, _("You declined the invitation."))
    return redirect(delegation.event.url or "/events/")


def _workspace(request, pk):
    delegation = _delegation(pk)
    if not rules.can_view_workspace(request.user, delegation):
        raise PermissionDenied(_("The delegation workspace is for its members only."))
    return delegation


@login_required
@require_POST
def checklist_add_view(request, pk):
    delegation = _workspace(request, pk)
    form = ChecklistItemForm(request.POST, delegation=delegation)
    if form.is_valid():
        item = form.save(commit=False)
        item.delegation = delegation
        item.save()
        messages.success(request, _("The task is added."))
    else:
        messages.error(request, _("The task could not be added: check the title and the date."))
    return redirect(delegation.get_absolute_url() + "#checklist")


@login_required
@require_POST
def checklist_toggle_view(request, pk, item_pk):
    delegation = _workspace(request, pk)
    item = get_object_or_404(ChecklistItem, pk=item_pk, delegation=delegation)
    item.done = not item.done
    item.save(update_fields=["done"])
    return redirect(delegation.get_absolute_url() + "#checklist")


@login_required
@require_POST
def document_upload_view(request, pk):
    delegation = _workspace(request, pk)
    form = DelegationDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        DelegationDocument.objects.create(
            delegation=delegation,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            uploaded_by=request.user,
        )
        messages.success(request, _("The document is shared with the delegation."))
    else:
        messages.error(
            request,
            _("The document could not be shared: %(e)s")
            % {"e": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    return redirect(delegation.get_absolute_url() + "#documents")


@login_required
def document_download_view(request, pk, doc_pk):
    delegation = _workspace(request, pk)
    document = get_object_or_404(DelegationDocument, pk=doc_pk, delegation=delegation)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def position_paper_view(request, pk):
    delegation = _workspace(request, pk)
    paper, _created = PositionPaper.objects.get_or_create(delegation=delegation)
    form = PositionPaperForm(request.POST, instance=paper)
    if form.is_valid():
        paper = form.save(commit=False)
        paper.updated_by = request.user
        paper.save()
        messages.success(request, _("The position paper is saved."))
    else:
        messages.error(request, _("The position paper could not be saved."))
    return redirect(delegation.get_absolute_url() + "#position-paper")
