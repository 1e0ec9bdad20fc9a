"""Importing events from an .ics file: upload and preview, then confirm.

Parsing and planning are ``events.importer``'s; who may import for which
organisation is ``events.rules``'.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
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
