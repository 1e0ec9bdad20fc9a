"""How consultations plug into the shared pages, the page tree and the API."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from consultations import context, documents, rules
from consultations.models import ConsultationIndexPage, ConsultationPage, ConsultationResponse
from forum_site.dates import day_text
from forum_site.organisations import rules as org_rules
from forum_site.site_structure import ensure_child_page
from forum_site.translations import in_reader_language

# What the index and consultation pages show the viewer, and whether they may open a
# consultation at all (the page models call these hooks from get_context and serve;
# they cannot import consultations.context or consultations.rules themselves).
hooks.register("consultation_index_page_context", context.index_page_context)
hooks.register("consultation_page_context", context.consultation_page_context)
hooks.register("consultation_page_visible", rules.can_open_consultation_page)


@hooks.register("filter_visible_pages")
def hide_invisible_consultation_pages(user, queryset):
    """Pickers and choosers of pages (``forum_site.restrictions.visible_pages``) offer
    only the consultations ``user`` may open."""
    return rules.filter_pages(user, queryset)


@hooks.register("pages_with_own_rule")
def consultations_rule_on_restrictions():
    """``rules.filter_pages`` applies view restrictions itself (the consulting
    organisation passes them), so ``forum_site.restrictions`` leaves them to it."""
    return [ConsultationPage]


@hooks.register("before_serve_document")
def refuse_documents_of_hidden_consultations(document, request):
    """A document only invited-only (or otherwise hidden) consultations use is
    a 404 for those who may not see them (``consultations.documents``)."""
    if documents.may_download(request.user, document) is False:
        raise Http404


@hooks.register("filter_public_files")
def hide_documents_of_hidden_consultations(model, queryset):
    """The API lists no document that only hidden consultations use."""
    from wagtail.documents import get_document_model

    if model is get_document_model():
        return queryset.exclude(pk__in=documents.hidden_document_ids())
    return queryset


@hooks.register("ensure_site_structure")
def ensure_consultations_index(home_page):
    ensure_child_page(home_page, ConsultationIndexPage, slug="consultations", title="Consultations")


@hooks.register("filter_api_pages")
def hide_invisible_consultations(request, queryset):
    """The API never lists a consultation the requester could not open."""
    return rules.filter_pages(request.user, queryset)


def _item(page):
    return {
        "title": page.title,
        "url": page.url,
        "meta": _("%(owner)s · closes %(date)s")
        % {
            "owner": page.owner_organisation.name,
            "date": day_text(page.local_closes_at()),
        },
        "summary": page.summary,
        "content": page,
        "summary_content": page,
    }


@hooks.register("home_page_sections")
def open_consultations(request, limit):
    now = timezone.now()
    queryset = (
        in_reader_language(
            rules.visible_consultations(
                request.user,
                ConsultationPage.objects.live().select_related("owner_organisation"),
            )
        )
        .filter(opens_at__lte=now, closes_at__gt=now, outcome__published_at__isnull=True)
        .order_by("closes_at")[:limit]
    )
    return {"key": "consultations", "items": [_item(page) for page in queryset]}


@hooks.register("organisation_profile_sections")
def organisation_consultations(request, organisation):
    opened = list(
        in_reader_language(
            rules.visible_consultations(
                request.user,
                ConsultationPage.objects.live()
                .filter(owner_organisation=organisation)
                .select_related("owner_organisation"),
            )
        ).order_by("-opens_at")[:10]
    )
    items = [_item(page) for page in opened]
    if org_rules.can_act_for(request.user, organisation):
        # Members also see their own organisation's responses.
        for response in (
            rules.responses_visible_to(
                request.user, ConsultationResponse.objects.filter(organisation=organisation)
            )
            .select_related("consultation")
            .order_by("-updated_at")[:10]
        ):
            items.append(
                {
                    "title": _("Our response: %(title)s") % {"title": response.consultation.title},
                    "url": response.consultation.url,
                    "meta": response.get_status_display(),
                }
            )
    if not items and not org_rules.is_national_authority(organisation):
        return None
    return {
        "title": _("Consultations"),
        "items": items,
        "order": 20,
        "empty_text": _("No consultations yet."),
    }
