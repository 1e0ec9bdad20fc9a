"""Save practices from the front-end form (create, or update through moderation),
and the drafts of the step-by-step form (``PracticeDraft``): what was typed,
the files uploaded, the preview, deletion.

Views call these inside a transaction, so a failure leaves nothing half-saved.
"""

import json
import uuid

from django.db import transaction

from forum_site.sanitise import to_plain_text, to_rich_text
from forum_site.slugs import unique_child_slug
from practices import attachments as private_attachments
from practices.classification import TAXONOMY_FIELDS
from practices.models import PracticeCountry, PracticeDraft, PracticePage
from practices.moderation import submit_for_moderation

SIMPLE_FIELDS = [
    "title",
    "summary",
    "cities",
    "start_year",
    "end_year",
    "status",
    "people_reached",
    "budget_band",
    "funding_sources",
    "original_language",
    "contact_name",
    "contact_role",
    "contact_email",
]
M2M_FIELDS = ["partners", *TAXONOMY_FIELDS]
TEXT_SECTIONS = ["challenge", "approach", "lessons", "transfer"]
KEPT_BLOCKS = {"image", "document"}


def unique_slug(parent, title: str, exclude_pk=None) -> str:
    """A slug for a practice (or call) page under ``parent``; unicode titles keep their script."""
    return unique_child_slug(
        parent, title, default="practice", allow_unicode=True, exclude_pk=exclude_pk
    )


def _store_attachments(attachments, user) -> list[dict]:
    """Private Wagtail images/documents for validated uploads (public once the
    practice is published: ``practices.attachments``); return body blocks."""
    blocks = []
    for kind, upload, extension in attachments:
        stored = private_attachments.store(kind, upload, extension, user)
        if kind == "image":
            blocks.append(
                {"type": "image", "value": {"image": stored.pk, "alt": "", "caption": ""}}
            )
        else:
            blocks.append({"type": "document", "value": {"document": stored.pk, "description": ""}})
    return blocks


def build_body(data, kept_blocks=(), new_blocks=()) -> str:
    """The StreamField's JSON from the form's sections (sanitised) and media blocks."""
    body = []

    def section(name):
        html = to_rich_text(data.get(name, ""))
        if html:
            body.append({"type": name, "value": html})

    section("challenge")
    section("approach")
    results = to_rich_text(data.get("results", ""))
    if results or data.get("figures"):
        # List items in Wagtail's block format (each with an id), as the admin saves
        # them: wagtail-localize offers only those to translators (figure labels).
        figures = [
            {"type": "item", "value": figure, "id": str(uuid.uuid4())}
            for figure in data.get("figures", [])
        ]
        body.append({"type": "results", "value": {"text": results, "figures": figures}})
    section("lessons")
    section("transfer")
    body.extend(kept_blocks)
    body.extend(new_blocks)
    body.extend({"type": "link", "value": link} for link in data.get("links", []))
    return json.dumps(body)


def _set_fields(page, data):
    for name in SIMPLE_FIELDS:
        value = data.get(name)
        if name in {"cities", "funding_sources", "contact_name", "contact_role", "contact_email"}:
            value = (value or "").strip()
        if name == "budget_band":
            value = value or ""
        setattr(page, name, value)
    page.organisation = data["organisation"]
    page.call = data.get("call")
    for name in M2M_FIELDS:
        setattr(page, name, list(data.get(name) or []))
    page.countries = [PracticeCountry(country=code) for code in data["countries"]]


def _apply(page, data, user, kept_blocks=()):
    _set_fields(page, data)
    new_blocks = _store_attachments(data.get("attachments") or [], user)
    page.body = build_body(data, kept_blocks, new_blocks)


@transaction.atomic
def create_practice(index, data, user, kept_blocks=()) -> PracticePage:
    """A draft page under ``index``, submitted to the moderation workflow.
    ``kept_blocks``: image and document blocks of files stored already (a
    draft's, ``draft_blocks``), before those of ``data["attachments"]``."""
    page = PracticePage(
        slug=unique_slug(index, data["title"]),
        owner=user,
        live=False,
        submitted_by=user,
        locale=index.locale,
    )
    _apply(page, data, user, kept_blocks=kept_blocks)
    index.add_child(instance=page)
    submit_for_moderation(page, user)
    return page


@transaction.atomic
def update_practice(page, data, user) -> PracticePage:
    """A new revision of ``page`` (the live version stays until approved)."""
    draft = page.get_latest_revision_as_object()
    kept = [
        {"type": block.block_type, "value": block.block.get_prep_value(block.value)}
        for block in draft.body
        if block.block_type in KEPT_BLOCKS
    ]
    data = {**data, "organisation": draft.organisation}
    _apply(draft, data, user, kept_blocks=kept)
    submit_for_moderation(draft, user)
    return draft


def initial_from_page(page) -> dict:
    """The edit form's initial values, from the latest revision."""
    draft = page.get_latest_revision_as_object()
    initial = {name: getattr(draft, name) for name in SIMPLE_FIELDS}
    initial["organisation"] = draft.organisation_id
    initial["call"] = draft.call_id
    for name in M2M_FIELDS:
        initial[name] = [obj.pk for obj in getattr(draft, name).all()]
    initial["countries"] = [str(c.country) for c in draft.countries.all()]
    figures, links = [], []
    for block in draft.body:
        if block.block_type in TEXT_SECTIONS:
            initial[block.block_type] = to_plain_text(block.value.source)
        elif block.block_type == "results":
            initial["results"] = to_plain_text(block.value["text"].source)
            figures += [f"{f['value']} | {f['label']}" for f in block.value["figures"]]
        elif block.block_type == "link":
            links.append(f"{block.value['url']} {block.value['title']}")
    initial["figures"] = "\n".join(figures)
    initial["links"] = "\n".join(links)
    return initial


# Drafts of the step-by-step form -------------------------------------------------

MAX_DRAFTS_PER_USER = 20
MAX_VALUE_CHARS = 20_000  # a stored value; the form's own limits are lower
MAX_LIST_ITEMS = 300  # more than the countries there are


def _clip(value):
    """A posted value as it can be stored (bounded; no NUL, which PostgreSQL's
    jsonb and text refuse) and shown again."""
    if isinstance(value, list | tuple):
        return [str(item).replace("\x00", "")[:100] for item in value[:MAX_LIST_ITEMS]]
    return str(value).replace("\x00", "")[:MAX_VALUE_CHARS]


def update_draft(draft, values: dict, step: str, organisation=None) -> PracticeDraft:
    """Keep what was typed on a step (valid or not: the step shows it again with
    its errors), and the organisation once the form accepted it."""
    draft.data = {**draft.data, **{name: _clip(value) for name, value in values.items()}}
    draft.title = " ".join(str(draft.data.get("title", "")).split())[:200]
    draft.step = step
    if organisation is not None:
        draft.organisation = organisation
    draft.save()
    return draft


@transaction.atomic
def add_draft_files(draft, checked, user) -> None:
    """Store checked uploads (``(kind, upload, extension)``) as private images and
    documents (``practices.attachments``: the uploader and the moderators may
    open them) and list them on the draft."""
    for kind, upload, extension in checked:
        name = upload.name.rsplit("/", 1)[-1][:255]
        stored = private_attachments.store(kind, upload, extension, user)
        draft.files = [*draft.files, {"kind": kind, "id": stored.pk, "name": name}]
    draft.save(update_fields=["files", "updated_at"])


def _file_models():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return {"image": get_image_model(), "document": get_document_model()}


def _delete_files(draft, entries) -> None:
    """Delete a draft's own stored files (still private, uploaded by its author)."""
    models = _file_models()
    for kind, model in models.items():
        ids = [entry["id"] for entry in entries if entry.get("kind") == kind]
        if ids:
            # One by one: Wagtail deletes an image's or document's file on delete.
            for obj in model.objects.filter(
                pk__in=ids,
                uploaded_by_user_id=draft.user_id,
                collection__name=private_attachments.PRIVATE_COLLECTION,
            ):
                obj.delete()


@transaction.atomic
def remove_draft_files(draft, keys) -> None:
    """Remove the files named by ``keys`` (``"<kind>:<id>"``) from the draft."""
    keys = set(keys)
    gone = [entry for entry in draft.files if f"{entry['kind']}:{entry['id']}" in keys]
    if gone:
        _delete_files(draft, gone)
        draft.files = [entry for entry in draft.files if entry not in gone]
        draft.save(update_fields=["files", "updated_at"])


def draft_files(draft) -> list[dict]:
    """The draft's files that still exist, each with its stored object (``obj``)."""
    models = _file_models()
    found = {
        kind: model.objects.in_bulk(
            [entry["id"] for entry in draft.files if entry.get("kind") == kind]
        )
        for kind, model in models.items()
    }
    return [
        {**entry, "obj": found[entry["kind"]][entry["id"]]}
        for entry in draft.files
        if entry.get("kind") in found and entry["id"] in found[entry["kind"]]
    ]


def draft_blocks(draft) -> list[dict]:
    """Body blocks (image, document) for the draft's files, as a submission makes them."""
    blocks = []
    for entry in draft_files(draft):
        if entry["kind"] == "image":
            blocks.append(
                {"type": "image", "value": {"image": entry["id"], "alt": "", "caption": ""}}
            )
        else:
            blocks.append(
                {"type": "document", "value": {"document": entry["id"], "description": ""}}
            )
    return blocks


@transaction.atomic
def delete_draft(draft) -> None:
    """The draft and its files (never submitted, so no page uses them)."""
    _delete_files(draft, draft.files)
    draft.delete()


@transaction.atomic
def submit_draft(index, draft, data, user) -> PracticePage:
    """The practice ``create_practice`` makes from the one-page form, with the
    draft's stored files; the draft goes (its files now belong to the page)."""
    page = create_practice(
        index, {**data, "attachments": []}, user, kept_blocks=draft_blocks(draft)
    )
    draft.delete()
    return page


def preview_practice(data, draft) -> PracticePage:
    """An unsaved page from the validated draft, for the review step: what the
    practice page will show once published (nothing is stored)."""
    page = PracticePage(title=data["title"], live=False)
    _set_fields(page, data)
    page.body = build_body(data, kept_blocks=draft_blocks(draft))
    return page
