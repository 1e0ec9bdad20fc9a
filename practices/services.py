"""Save practices from the front-end form (create, or update through moderation).

Views call these inside a transaction, so a failure leaves nothing half-saved.
"""

import json

from django.db import transaction

from forum_site.sanitise import to_plain_text, to_rich_text
from forum_site.slugs import unique_child_slug
from practices import attachments as private_attachments
from practices.classification import TAXONOMY_FIELDS
from practices.models import PracticeCountry, PracticePage
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
        body.append(
            {"type": "results", "value": {"text": results, "figures": data.get("figures", [])}}
        )
    section("lessons")
    section("transfer")
    body.extend(kept_blocks)
    body.extend(new_blocks)
    body.extend({"type": "link", "value": link} for link in data.get("links", []))
    return json.dumps(body)


def _apply(page, data, user, kept_blocks=()):
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
    new_blocks = _store_attachments(data.get("attachments") or [], user)
    page.body = build_body(data, kept_blocks, new_blocks)


@transaction.atomic
def create_practice(index, data, user) -> PracticePage:
    """A draft page under ``index``, submitted to the moderation workflow."""
    page = PracticePage(
        slug=unique_slug(index, data["title"]),
        owner=user,
        live=False,
        submitted_by=user,
        locale=index.locale,
    )
    _apply(page, data, user)
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
