"""Translating a consultation on the front end (``forum_site.content_translation``;
docs/i18n.md, "Translating on the site"): ``/consultations/<pk>/translations/``
and ``/consultations/<pk>/translations/<language>/``. Who may:
``rules.may_translate`` (the consulting organisation's editors), asked of the
translation group's source (``common.page_for``); they publish the translation
as they publish the consultation. Others get what the dashboard gives them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_http_methods

from consultations import rules
from consultations.views.common import page_for
from forum_site.content_translation_views import TranslationPlaces, editor_view, overview_view


def _source_or_refuse(request, pk):
    source = page_for(request, pk)
    if not rules.may_translate(request.user, source):
        raise PermissionDenied
    return source


def _places(source) -> TranslationPlaces:
    return TranslationPlaces.named("consultations", source)


@login_required
def overview(request, pk):
    source = _source_or_refuse(request, pk)
    return overview_view(request, source, _places(source))


@login_required
@require_http_methods(["GET", "POST"])
def editor(request, pk, language):
    source = _source_or_refuse(request, pk)
    return editor_view(request, source, language, _places(source), may_publish=True)
