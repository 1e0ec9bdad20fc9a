"""Translating an event on the front end (``forum_site.content_translation``;
docs/i18n.md, "Translating on the site"): the event page's ``translations/``
and ``translations/<language>/`` routes, served by Wagtail like its other
actions. Who may: ``rules.may_translate`` (the organisers' editors and
superusers), asked of the translation group's source; they publish the
translation as they publish the event. An event the viewer may not see is a
404, as for its other actions."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events import rules
from events.views.common import group_event_or_404
from forum_site.content_translation_views import TranslationPlaces, editor_view, overview_view


def _source_or_refuse(request, event):
    source = group_event_or_404(request.user, event)
    if not rules.may_translate(request.user, source):
        raise PermissionDenied(_("Only the event's organisers can translate it."))
    return source


def _places(request, source) -> TranslationPlaces:
    base = source.get_url(request) or ""
    return TranslationPlaces(
        overview=base + source.reverse_subpage("translations"),
        editor=lambda code: base + source.reverse_subpage("translation", kwargs={"language": code}),
        back=base,
    )


@login_required
def overview(request, event):
    source = _source_or_refuse(request, event)
    return overview_view(request, source, _places(request, source))


@login_required
@require_http_methods(["GET", "POST"])
def editor(request, event, language):
    source = _source_or_refuse(request, event)
    return editor_view(request, source, language, _places(request, source), may_publish=True)
