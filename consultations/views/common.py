"""Lookups the consultations views share: a page the viewer may see, or manage."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from consultations import rules
from consultations.models import ConsultationPage


def page_for(request, pk) -> ConsultationPage:
    page = get_object_or_404(ConsultationPage.objects.select_related("owner_organisation"), pk=pk)
    if not rules.can_view_consultation(request.user, page):
        raise Http404
    return page


def managed_page(request, pk) -> ConsultationPage:
    page = page_for(request, pk)
    if not rules.can_manage(request.user, page):
        raise PermissionDenied
    return page
