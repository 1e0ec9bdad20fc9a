"""Translating a practice on the front end (``forum_site.content_translation``;
docs/i18n.md, "Translating on the site"): ``/practices/<id>/translations/`` and
``/practices/<id>/translations/<language>/``. Who may: ``rules.may_translate``
(the practice's editors), asked of the translation group's source; a practice
the viewer may not see is a 404. The editors' "Publish" sends the translation
to the moderators, as their edits go; the moderators publish at once."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forum_site.content_translation import source_page
from forum_site.content_translation_views import TranslationPlaces, editor_view, overview_view
from practices import rules
from practices.models import PracticePage
from practices.moderation import submit_translation_for_moderation


def _source_or_refuse(request, page_id) -> PracticePage:
    page = get_object_or_404(PracticePage.objects.select_related("locale"), pk=page_id)
    if not rules.can_view(request.user, page):
        raise Http404
    source = source_page(page)
    if source.pk != page.pk and not rules.can_view(request.user, source):
        raise Http404
    if not rules.may_translate(request.user, source):
        raise PermissionDenied(_("Only editors of the owning organisation may translate it."))
    return source


def _places(source) -> TranslationPlaces:
    return TranslationPlaces.named("practices", source)


@login_required
def overview(request, page_id):
    source = _source_or_refuse(request, page_id)
    return overview_view(request, source, _places(source))


@login_required
@require_http_methods(["GET", "POST"])
def editor(request, page_id, language):
    source = _source_or_refuse(request, page_id)
    return editor_view(
        request,
        source,
        language,
        _places(source),
        may_publish=rules.may_publish_translation(request.user),
        submit_for_review=submit_translation_for_moderation,
    )
