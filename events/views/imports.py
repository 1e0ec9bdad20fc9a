"""Importing events from an .ics file: upload and preview, then confirm.

A small file is imported in the request; a larger one (more than
``importer.BACKGROUND_ABOVE`` events) by the task queue's worker, with a
progress page (and its JSON) that only the person who started it, and
superusers, may see. Parsing and planning are ``events.importer``'s; who may
import for which organisation is ``events.rules``'.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import importer, rules
from events.forms import ImportUploadForm
from events.models import CalendarImport, EventIndexPage


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
                total=len(result.events),
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
    if pending.total > importer.BACKGROUND_ABOVE:
        _queue(pending, CalendarImport.Status.PREVIEWED)
        return redirect("events:import_progress", pk=pending.pk)
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


def _queue(job: CalendarImport, expected: str) -> None:
    """Hand ``job`` to the worker, if it is still in state ``expected`` (a
    second click or a stale page finds it moved on: a 404)."""
    with transaction.atomic():
        moved = CalendarImport.objects.filter(pk=job.pk, status=expected).update(
            status=CalendarImport.Status.QUEUED, finished_at=None, updated_at=timezone.now()
        )
        if not moved:
            raise Http404(_("This import has already been started."))
        transaction.on_commit(lambda: importer.run_import.enqueue(job.pk), robust=True)


def _own_job(request, pk) -> CalendarImport:
    """The import ``pk``, if the requester started it (or is a superuser)."""
    jobs = CalendarImport.objects.select_related("organisation").defer("data")
    if not request.user.is_superuser:
        jobs = jobs.filter(uploaded_by=request.user)
    return get_object_or_404(jobs, pk=pk)


def _progress(job: CalendarImport) -> dict:
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "created": job.summary.get("create", 0),
        "updated": job.summary.get("update", 0),
        "skipped": job.summary.get("skip", 0),
        "errors": list(job.errors),
        "in_progress": job.in_progress and not job.stalled,
        "stalled": job.stalled,
    }


@login_required
def import_progress_view(request, pk):
    job = _own_job(request, pk)
    index = EventIndexPage.objects.first()
    return render(
        request,
        "events/import_progress.html",
        {
            "job": job,
            "progress": _progress(job),
            "events_url": (index.url if index else None) or "/events/",
            "json_url": reverse("events:import_progress_json", args=[job.pk]),
        },
    )


@login_required
def import_progress_json(request, pk):
    return JsonResponse(_progress(_own_job(request, pk)))


@login_required
@require_POST
def import_restart_view(request, pk):
    """Start a failed or stalled import again: it continues where it stopped."""
    job = _own_job(request, pk)
    if not job.can_restart:
        raise Http404(_("This import is not stopped."))
    if not rules.import_organisations(job.uploaded_by).filter(pk=job.organisation_id).exists():
        raise PermissionDenied(_("You can no longer import events for this organisation."))
    _queue(job, job.status)
    return redirect("events:import_progress", pk=job.pk)
