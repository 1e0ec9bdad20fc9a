"""A delegation's workspace: checklist, shared documents, position paper.

Only for those ``events.rules.can_view_workspace`` lets in.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import rules
from events.forms import ChecklistItemForm, DelegationDocumentForm, PositionPaperForm
from events.models import ChecklistItem, DelegationDocument, PositionPaper
from events.views.common import delegation_or_404
from forum_site import private_files


def _workspace(request, pk):
    delegation = delegation_or_404(pk)
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
    document = get_object_or_404(
        rules.documents_visible_to(request.user, DelegationDocument.objects.all()),
        pk=doc_pk,
        delegation=delegation,
    )
    return private_files.serve(request, document.file)


@login_required
@require_POST
def position_paper_view(request, pk):
    delegation = _workspace(request, pk)
    paper, _created = PositionPaper.objects.get_or_create(delegation=delegation)
    form = PositionPaperForm(request.POST, instance=paper, user=request.user)
    if form.is_valid():
        paper = form.save(commit=False)
        paper.updated_by = request.user
        paper.save()
        messages.success(request, _("The position paper is saved."))
    else:
        messages.error(request, _("The position paper could not be saved."))
    return redirect(delegation.get_absolute_url() + "#position-paper")
