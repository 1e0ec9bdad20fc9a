"""A document a consultation links to is as private as the consultation.

Ministries attach draft strategies and position papers to invited-only
consultations (in the background's document blocks and document links).
Wagtail serves documents by id to anyone and the API lists them, so:

- ``may_download``: a document that consultations use, and no other live
  page, is served only to those who may see one of those consultations
  (``consultations.rules.visible_consultations``); everyone else gets a 404,
  as for a missing document. Documents no consultation uses are not this
  module's business.
- ``hidden_document_ids``: what the API's documents endpoint leaves out:
  documents used only by consultations an anonymous visitor may not see.

Which page uses which document comes from Wagtail's reference index, which is
refreshed in the background; for consultations it is refreshed at once when
one is published or saved (``refresh_references``), so a document attached to
an invited-only consultation is never public in between.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from consultations import rules
from consultations.models import ConsultationPage


def _page_ids_using(document_ids) -> dict[int, set[int]]:
    """document id -> ids of the pages whose live content uses it."""
    page_type = ContentType.objects.get_for_model(Page)
    rows = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        to_object_id__in=[str(pk) for pk in document_ids],
        base_content_type=page_type,
    ).values_list("to_object_id", "object_id")
    using: dict[int, set[int]] = {}
    for document_id, page_id in rows:
        if str(page_id).isdigit():
            using.setdefault(int(document_id), set()).add(int(page_id))
    return using


def _consultation_ids(page_ids) -> set[int]:
    return set(ConsultationPage.objects.filter(pk__in=page_ids).values_list("pk", flat=True))


def may_download(user, document) -> bool | None:
    """None when no consultation uses ``document``; else whether ``user`` may
    download it (another live page using it makes it public; a draft
    consultation's documents are its owners')."""
    page_ids = _page_ids_using([document.pk]).get(document.pk, set())
    consultation_ids = _consultation_ids(page_ids)
    if not consultation_ids:
        return None
    if Page.objects.filter(pk__in=page_ids - consultation_ids, live=True).exists():
        return True
    # Drafts count too: their owners may download, nobody else.
    return rules.visible_consultations(
        user, ConsultationPage.objects.filter(pk__in=consultation_ids)
    ).exists()


def pages_using(document) -> set[int]:
    """Ids of the pages whose content uses ``document``."""
    return _page_ids_using([document.pk]).get(document.pk, set())


def hidden_document_ids() -> set[int]:
    """Documents used by consultations and by nothing an anonymous visitor may see."""
    page_type = ContentType.objects.get_for_model(Page)
    consultation_type = ContentType.objects.get_for_model(ConsultationPage)
    used = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        base_content_type=page_type,
        content_type=consultation_type,
    ).values_list("to_object_id", flat=True)
    document_ids = {int(pk) for pk in used if str(pk).isdigit()}
    if not document_ids:
        return set()
    hidden = set()
    anonymous = AnonymousUser()
    for document_id, page_ids in _page_ids_using(document_ids).items():
        consultation_ids = _consultation_ids(page_ids)
        if Page.objects.filter(pk__in=page_ids - consultation_ids, live=True).exists():
            continue
        visible = rules.visible_consultations(
            anonymous, ConsultationPage.objects.live().filter(pk__in=consultation_ids)
        )
        if not visible.exists():
            hidden.add(document_id)
    return hidden


def refresh_references(page) -> None:
    """Record at once which documents ``page`` uses (the background job would
    get there later)."""
    ReferenceIndex.create_or_update_for_object(page)
