"""Registering for an event, cancelling, the participant list and its CSV export.

Every permission question goes to ``events.rules``; capacity and the waiting
list are ``events.registration``'s.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import rules
from events.forms import ListedForm, RegistrationForm
from events.models import Registration
from events.registration import RegistrationError, cancel, register
from events.views.common import back_to_event, group_event_or_404
from forum_site.spreadsheets import CSV_CONTENT_TYPE, CsvWriter


@login_required
@require_POST
def register_view(request, event):
    event = group_event_or_404(request.user, event)
    form = RegistrationForm(request.POST, user=request.user, event=event)
    if not form.is_valid():
        if "organisation" in form.errors:
            messages.error(request, _("Choose one of your organisations to register."))
            return back_to_event(event)
        # Answers to the event's questions: the form again, with its errors.
        return render(
            request,
            "events/register.html",
            {"event": event.shown, "form": form, "waiting_list": rules.is_full(event)},
        )
    try:
        registration = register(
            request.user,
            event,
            form.cleaned_data["organisation"],
            listed=form.cleaned_data["listed"],
            answers=form.answers,
        )
    except RegistrationError as exc:
        messages.error(request, str(exc))
        return back_to_event(event)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request, _("You are registered. A confirmation with the invitation is on its way.")
        )
    else:
        messages.info(
            request,
            _("The event is full: you are on the waiting list and will be told if a place opens."),
        )
    return back_to_event(event)


@login_required
@require_POST
def cancel_registration_view(request, event):
    event = group_event_or_404(request.user, event)
    registration = Registration.objects.filter(event=event, user=request.user).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        messages.error(request, _("You are not registered for this event."))
        return back_to_event(event)
    cancel(registration)
    messages.success(request, _("Your registration is cancelled."))
    return back_to_event(event)


@login_required
@require_POST
def listed_view(request, event):
    event = group_event_or_404(request.user, event)
    form = ListedForm(request.POST)
    form.is_valid()
    updated = Registration.objects.filter(event=event, user=request.user).update(
        listed=form.cleaned_data.get("listed", False)
    )
    if updated:
        messages.success(request, _("Your choice about the participant list is saved."))
    return back_to_event(event)


def participants_view(request, event):
    event = group_event_or_404(request.user, event)
    if not rules.can_view_participants(request.user, event):
        raise PermissionDenied(_("The participant list of this event is not public."))
    return render(
        request,
        "events/participants.html",
        {
            "event": event.shown,
            "participants": rules.visible_participants(request.user, event).order_by(
                "status", "queued_at", "pk"
            ),
            "can_manage": rules.can_manage_event(request.user, event),
        },
    )


@login_required
def participants_csv(request, event):
    event = group_event_or_404(request.user, event)
    if not rules.can_manage_event(request.user, event):
        raise PermissionDenied(_("Only the organisers export the participant list."))
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-participants.csv"'
    writer = CsvWriter(response)
    questions = list(event.registration_questions.all())
    writer.writerow(
        [
            _("Name"),
            _("Email"),
            _("Organisation"),
            _("Country"),
            _("Status"),
            _("Listed"),
            _("Registered at"),
            *(q.label for q in questions),
        ]
    )
    for r in rules.visible_participants(request.user, event).order_by("status", "queued_at"):
        writer.writerow(
            [
                r.user.get_full_name() or r.user.get_username(),
                r.user.email,
                r.organisation.name,
                r.organisation.country.code,
                r.get_status_display(),
                _("yes") if r.listed else _("no"),
                r.created_at.isoformat(timespec="minutes"),
                *(q.display(_answers(r).get(str(q.pk))) for q in questions),
            ]
        )
    return response


def _answers(registration) -> dict:
    return registration.answers if isinstance(registration.answers, dict) else {}
