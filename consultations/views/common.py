"""Lookups the consultations views share: a page the viewer may see, or manage."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from consultations import rules
from consultations.models import ConsultationPage
from forum_site.translations import group_source, in_active_language


def page_for(request, pk) -> ConsultationPage:
    """The consultation ``pk`` as the viewer may see it. A translation stands for
    its source (``forum_site.translations.group_source``): responses, the
    dashboard, the draft text and the outcome belong to the consultation, not to
    one of its languages."""
    page = get_object_or_404(ConsultationPage.objects.select_related("owner_organisation"), pk=pk)
    if not rules.can_view_consultation(request.user, page):
        raise Http404
    source = group_source(page)
    if source.pk != page.pk and not rules.can_view_consultation(request.user, source):
        raise Http404
    return source


def managed_page(request, pk) -> ConsultationPage:
    page = page_for(request, pk)
    if not rules.can_manage(request.user, page):
        raise PermissionDenied
    return page


def shown_page(request, source: ConsultationPage) -> ConsultationPage:
    """The page whose words an action on ``source`` shows: its translation in the
    active language when the viewer may see it (the response form under /fr/ is
    in French), else ``source``."""
    shown = in_active_language(source)
    if shown.pk != source.pk and not rules.can_view_consultation(request.user, shown):
        return source
    return shown
