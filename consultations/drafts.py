"""A consultation's draft text: import (pasted HTML or .docx), splitting into
numbered paragraphs, replacing the text without losing comments, the
comment counts, word-level diffs of proposed wording, and the owner's export.

Paragraphs. The sanitised HTML (``forum_site.sanitise.DRAFT_TEXT``) is cut at
its top-level blocks: each ``<p>``, heading, list item (a list item keeps its
nested lists; it is stored inside a list of its own, an ordered one with the
right ``start``), whole table and whole quotation is one numbered paragraph.
Table rows are not split: a row makes no sense without the header, and a
comment on "the table" is what people write. Headings are numbered too (a
comment on a chapter title is a comment) and shifted down to ``<h3>``… so the
text fits under the page's own headings.

Comments live in one discussion thread per paragraph (``DraftParagraph`` is
the thread's owner; ``consultations.discussion_policy.ParagraphThreads``
answers with ``consultations.rules``): posting, moderation, live delivery
and resuming are the discussions app's, unchanged.
"""

from __future__ import annotations

import difflib
import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from datetime import UTC
from html import escape
from html.parser import HTMLParser

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import (
    ConsultationPage,
    DraftParagraph,
    DraftText,
    ParagraphKind,
    ParagraphProposal,
)
from forum_site.discussions import realtime as rt
from forum_site.discussions import services as discussions
from forum_site.discussions.models import Comment, Thread
from forum_site.sanitise import DRAFT_TEXT, clean_html

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 400
MAX_PASTED_CHARS = 1_000_000
MAX_PARAGRAPHS = 1000
MAX_PROPOSAL_CHARS = 5000


class DraftTextError(Exception):
    """Input refused, with a message for the person who sent it."""


# --- Splitting -------------------------------------------------------------------

_VOID = {"br"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_INLINE = {"b", "strong", "i", "em", "u", "sub", "sup", "a", "br"}


class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs=()):
        self.tag = tag
        self.attrs = list(attrs)
        self.children: list = []


class _TreeBuilder(HTMLParser):
    """A forgiving tree of (already sanitised) HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _serialise(node, tag=None) -> str:
    if isinstance(node, str):
        return escape(node, quote=False)
    tag = tag or node.tag
    attrs = "".join(f' {k}="{escape(v or "", quote=True)}"' for k, v in node.attrs)
    if tag in _VOID:
        return f"<{tag}{attrs}>"
    inner = "".join(_serialise(c) for c in node.children)
    return f"<{tag}{attrs}>{inner}</{tag}>"


_BLOCK = {"p", "li", "ul", "ol", "table", "thead", "tbody", "tfoot", "caption", "blockquote"}


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    if node.tag == "tr":
        cells = (_text(c).strip() for c in node.children)
        return "\n" + " | ".join(c for c in cells if c) + "\n"
    inner = "".join(_text(c) for c in node.children)
    return f"\n{inner}\n" if node.tag in _BLOCK or node.tag in _HEADINGS else inner


def _plain(node) -> str:
    text = re.sub(r"[ \t\r\f\v]+", " ", _text(node))
    return re.sub(r" ?\n[\s]*", "\n", text).strip()


@dataclass
class Block:
    kind: str
    html: str
    text: str


def split_html(html: str) -> list[Block]:
    """Sanitise ``html`` and cut it into paragraph blocks (see the module's docstring)."""
    builder = _TreeBuilder()
    builder.feed(clean_html(html, DRAFT_TEXT))
    builder.close()
    blocks: list[Block] = []
    inline: list = []

    def add(kind, html_text, node):
        text = _plain(node)
        if text:
            blocks.append(Block(kind, clean_html(html_text, DRAFT_TEXT), text))

    def flush_inline():
        if inline:
            wrapper = _Node("p")
            wrapper.children = list(inline)
            add(ParagraphKind.PARAGRAPH, _serialise(wrapper), wrapper)
            inline.clear()

    for child in builder.root.children:
        if isinstance(child, str) or child.tag in _INLINE:
            inline.append(child)
            continue
        flush_inline()
        if child.tag == "p":
            add(ParagraphKind.PARAGRAPH, _serialise(child), child)
        elif child.tag in _HEADINGS:
            level = min(6, _HEADINGS[child.tag] + 2)
            add(ParagraphKind.HEADING, _serialise(child, f"h{level}"), child)
        elif child.tag in ("ul", "ol"):
            try:
                number = int(dict(child.attrs).get("start") or 1)
            except ValueError:
                number = 1
            for item in child.children:
                if isinstance(item, str) or item.tag != "li":
                    continue
                opening = f'<ol start="{number}">' if child.tag == "ol" else "<ul>"
                add(
                    ParagraphKind.LIST_ITEM,
                    f"{opening}{_serialise(item)}</{child.tag}>",
                    item,
                )
                number += 1
        elif child.tag == "table":
            add(ParagraphKind.TABLE, _serialise(child), child)
        elif child.tag == "blockquote":
            add(ParagraphKind.QUOTE, _serialise(child), child)
        else:  # a stray cell or item outside its container: its text as a paragraph
            wrapper = _Node("p")
            wrapper.children = [_plain(child)]
            add(ParagraphKind.PARAGRAPH, _serialise(wrapper), child)
    flush_inline()
    if len(blocks) > MAX_PARAGRAPHS:
        raise DraftTextError(
            _("A draft text can have at most %(max)d paragraphs (this one has %(n)d).")
            % {"max": MAX_PARAGRAPHS, "n": len(blocks)}
        )
    return blocks


# --- .docx ---------------------------------------------------------------------

_MACRO_MARKERS = ("macroenabled", "vbaproject", "vbadata")


def docx_to_html(uploaded) -> str:
    """An uploaded Word document as HTML (mammoth), after checking it is a
    plain .docx that is safe to open: at most ``MAX_UPLOAD_BYTES``, a zip
    whose central directory announces at most ``MAX_ZIP_ENTRIES`` entries and
    ``MAX_UNCOMPRESSED_BYTES`` in all (zipfile never inflates an entry past
    its announced size: a lie ends in a CRC error), nothing encrypted, no
    macros. Anything else raises ``DraftTextError``."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise DraftTextError(_too_big())
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise DraftTextError(_too_big())
    not_docx = _("This file is not a Word document (.docx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise DraftTextError(not_docx) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise DraftTextError(_("This document has too many parts to be read safely."))
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise DraftTextError(
            _("This document would be larger than %(mb)d MB once unpacked; it is refused.")
            % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise DraftTextError(_("Encrypted documents cannot be read."))
    names = {info.filename.lower() for info in infos}
    if "[content_types].xml" not in names or "word/document.xml" not in names:
        raise DraftTextError(not_docx)
    try:
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower()
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError):
        raise DraftTextError(not_docx) from None
    if any(m in content_types for m in _MACRO_MARKERS) or any(
        m in name for name in names for m in _MACRO_MARKERS
    ):
        raise DraftTextError(
            _("Documents with macros are refused. Save it as a plain Word document (.docx).")
        )
    import mammoth

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), external_file_access=False, include_embedded_style_map=False
        )
    except Exception:  # noqa: BLE001 - any failure to read the document is the same answer
        raise DraftTextError(_("This Word document could not be read.")) from None
    return result.value


def _too_big() -> str:
    return _("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}


# --- Storing and replacing ----------------------------------------------------------


def current_paragraphs(page: ConsultationPage) -> list[DraftParagraph]:
    return list(
        DraftParagraph.objects.filter(draft__consultation=page, position__isnull=False).order_by(
            "position"
        )
    )


def _thread_ids(paragraph_ids) -> dict[int, int]:
    """paragraph id -> thread id, for paragraphs that have a thread."""
    ct = ContentType.objects.get_for_model(DraftParagraph)
    return dict(
        Thread.objects.filter(content_type=ct, object_id__in=list(paragraph_ids)).values_list(
            "object_id", "pk"
        )
    )


def comment_count(page: ConsultationPage) -> int:
    """Comments (any, even hidden) on the paragraphs of ``page``'s draft text."""
    ids = DraftParagraph.objects.filter(draft__consultation=page).values_list("pk", flat=True)
    threads = _thread_ids(ids)
    return Comment.objects.filter(thread_id__in=threads.values(), deleted=False).count()


@dataclass
class ReplaceSummary:
    kept: int = 0
    changed: list | None = None  # new numbers of reworded paragraphs that had comments
    removed: list | None = None  # old numbers of removed paragraphs that had comments
    added: int = 0


def _new_key(taken: set) -> str:
    while True:
        key = secrets.token_hex(4)
        if key not in taken:
            taken.add(key)
            return key


@transaction.atomic
def replace_text(page, blocks: list[Block], user, *, source_name="", title="") -> ReplaceSummary:
    """Make ``blocks`` the draft text of ``page``. Paragraphs are matched with
    the current ones (difflib on their plain text): unchanged ones keep their
    key; a reworded one (a "replace" pair) keeps its key and stores its earlier
    wording with the time it was replaced; removed ones with comments stay,
    numberless, with their comments; removed ones without comments go."""
    draft, _created = DraftText.objects.get_or_create(consultation=page)
    draft.source_name = source_name[:255]
    draft.title = title[:255] or draft.title
    draft.updated_by = user if getattr(user, "is_authenticated", False) else None
    draft.save()
    old = list(draft.paragraphs.filter(position__isnull=False).order_by("position"))
    taken = set(draft.paragraphs.values_list("key", flat=True))
    threads = _thread_ids([p.pk for p in old])
    commented = set(
        Comment.objects.filter(thread_id__in=threads.values(), deleted=False)
        .values_list("thread_id", flat=True)
        .distinct()
    )
    has_comments = {pid for pid, tid in threads.items() if tid in commented}
    now = timezone.now()
    summary = ReplaceSummary(changed=[], removed=[])
    matcher = difflib.SequenceMatcher(
        a=[p.text for p in old], b=[b.text for b in blocks], autojunk=False
    )
    updates, creates, removes, deletes = [], [], [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old[i1:i2], list(range(j1, j2))
        if tag == "equal":
            for paragraph, j in zip(olds, news, strict=True):
                paragraph.position, paragraph.html = j + 1, blocks[j].html
                paragraph.kind = blocks[j].kind
                updates.append(paragraph)
                summary.kept += 1
            continue
        pairs = min(len(olds), len(news)) if tag == "replace" else 0
        for paragraph, j in zip(olds[:pairs], news[:pairs], strict=True):
            block = blocks[j]
            paragraph.earlier_versions = [
                *paragraph.earlier_versions,
                {"html": paragraph.html, "text": paragraph.text, "until": now.isoformat()},
            ]
            paragraph.position, paragraph.kind = j + 1, block.kind
            paragraph.html, paragraph.text, paragraph.changed_at = block.html, block.text, now
            updates.append(paragraph)
            if paragraph.pk in has_comments:
                summary.changed.append(j + 1)
        for paragraph in olds[pairs:]:
            if paragraph.pk in has_comments:
                summary.removed.append(paragraph.position)
                paragraph.position, paragraph.removed_at = None, now
                removes.append(paragraph)
            else:
                deletes.append(paragraph.pk)
        for j in news[pairs:]:
            block = blocks[j]
            creates.append(
                DraftParagraph(
                    draft=draft,
                    key=_new_key(taken),
                    position=j + 1,
                    kind=block.kind,
                    html=block.html,
                    text=block.text,
                )
            )
            summary.added += 1
    if deletes:
        Thread.objects.filter(
            content_type=ContentType.objects.get_for_model(DraftParagraph), object_id__in=deletes
        ).delete()
        DraftParagraph.objects.filter(pk__in=deletes).delete()
    fields = ["position", "kind", "html", "text", "earlier_versions", "changed_at", "removed_at"]
    DraftParagraph.objects.bulk_update(updates + removes, fields, batch_size=500)
    DraftParagraph.objects.bulk_create(creates, batch_size=500)
    return summary


@transaction.atomic
def remove_text(page) -> None:
    """Delete a draft text that has no comments (``replace_text`` keeps commented ones)."""
    ct = ContentType.objects.get_for_model(DraftParagraph)
    ids = list(DraftParagraph.objects.filter(draft__consultation=page).values_list("pk", flat=True))
    Thread.objects.filter(content_type=ct, object_id__in=ids).delete()
    DraftText.objects.filter(consultation=page).delete()


# --- Reading: counts, annotated paragraphs, overview ---------------------------------


def paragraphs_with_counts(page: ConsultationPage, *, removed=False) -> list[DraftParagraph]:
    """The paragraphs of ``page`` with ``comment_count`` (shown comments and
    replies: neither deleted nor hidden) and ``proposal_count``: three queries
    whatever their number."""
    queryset = DraftParagraph.objects.filter(draft__consultation=page, position__isnull=removed)
    paragraphs = list(queryset.order_by("position", "pk"))
    if not paragraphs:
        return []
    ct = ContentType.objects.get_for_model(DraftParagraph)
    shown = Q(comments__deleted=False, comments__hidden=False)
    rows = (
        Thread.objects.filter(content_type=ct, object_id__in=[p.pk for p in paragraphs])
        .annotate(n=Count("comments", filter=shown))
        .values_list("object_id", "pk", "n")
    )
    counts = {object_id: (thread_id, n) for object_id, thread_id, n in rows}
    proposals = dict(
        ParagraphProposal.objects.filter(
            paragraph__in=paragraphs, comment__deleted=False, comment__hidden=False
        )
        .values_list("paragraph_id")
        .annotate(n=Count("pk"))
    )
    for paragraph in paragraphs:
        paragraph.thread_id, paragraph.comment_count = counts.get(paragraph.pk, (None, 0))
        paragraph.proposal_count = proposals.get(paragraph.pk, 0)
    return paragraphs


def overview(page: ConsultationPage) -> dict:
    """The owner's overview: every current paragraph with its counts and its
    share of the most discussed one (for the heat strip), and the ranking."""
    paragraphs = paragraphs_with_counts(page)
    top = max((p.comment_count for p in paragraphs), default=0)
    for paragraph in paragraphs:
        # In steps of 5 (CSS classes heat-0 … heat-100: no inline styles under the CSP).
        paragraph.heat = 5 * round(20 * paragraph.comment_count / top) if top else 0
    ranking = sorted(
        (p for p in paragraphs if p.comment_count),
        key=lambda p: (-p.comment_count, -p.proposal_count, p.position),
    )
    return {
        "paragraphs": paragraphs,
        "ranking": ranking,
        "total_comments": sum(p.comment_count for p in paragraphs),
        "total_proposals": sum(p.proposal_count for p in paragraphs),
    }


def earlier_wording_for(paragraph: DraftParagraph, when) -> dict | None:
    """The wording ``paragraph`` had at ``when``, if it changed since (else None)."""
    for version in paragraph.earlier_versions:
        if when.isoformat() < version["until"]:
            return version
    return None


# --- Proposals and diffs -----------------------------------------------------------------

_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff_html(original: str, proposed: str) -> str:
    """A word-level diff as escaped HTML with ``<del>``/``<ins>``."""
    a = _TOKEN.findall(original or "")
    b = _TOKEN.findall(proposed or "")
    out = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def visible_proposals(user, paragraph: DraftParagraph, thread: Thread | None):
    """The proposals on ``paragraph`` whose comment ``user`` may read, with their diff."""
    if thread is None:
        return []
    proposals = list(
        ParagraphProposal.objects.filter(paragraph=paragraph, comment__deleted=False)
        .select_related("comment__author", "comment__organisation")
        .order_by("created_at", "pk")
    )
    may_moderate = discussions.can_moderate(user, thread)
    result = []
    for proposal in proposals:
        comment = proposal.comment
        comment.thread = thread
        if comment.hidden and not (may_moderate or comment.author_id == getattr(user, "pk", None)):
            continue
        proposal.diff_html = word_diff_html(proposal.original_text, proposal.proposed_text)
        result.append(proposal)
    return result


def proposal_body(explanation: str, proposed: str) -> str:
    """The comment that carries a proposal: the explanation, then the wording
    quoted (so the thread, its live delivery and its notifications show it)."""
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in proposed.splitlines())
    heading = _("Proposed wording:")
    return f"{explanation.strip()}\n\n**{heading}**\n\n{quoted}".strip()


def post_proposal(paragraph, thread, user, proposed: str, explanation="", organisation=None):
    """Post a proposal: a comment in the paragraph's thread and its proposal row,
    in one transaction (the comment's live broadcast follows the commit)."""
    proposed = (proposed or "").replace("\r\n", "\n").strip()
    if not proposed:
        raise discussions.DiscussionError("empty", _("Write the wording you propose."))
    if len(proposed) > MAX_PROPOSAL_CHARS:
        raise discussions.DiscussionError(
            "too_long",
            _("A proposed wording can be at most %(max)d characters long.")
            % {"max": MAX_PROPOSAL_CHARS},
        )
    if proposed == paragraph.text:
        raise discussions.DiscussionError(
            "empty", _("The proposed wording is the same as the paragraph's.")
        )
    if paragraph.position is None:
        raise discussions.DiscussionError(
            "locked", _("This paragraph is no longer in the draft text.")
        )
    if not discussions.can_post(user, thread):
        raise discussions.DiscussionError(
            "forbidden", _("You may not take part in this discussion.")
        )
    rt.check_post_rate(user.pk, thread.pk)  # shared with the thread's form and socket
    with transaction.atomic():
        comment = discussions.post_comment(
            thread, user, proposal_body(explanation or "", proposed), organisation=organisation
        )
        ParagraphProposal.objects.create(
            comment=comment,
            paragraph=paragraph,
            original_text=paragraph.text,
            proposed_text=proposed,
        )
    return comment


# --- Export -----------------------------------------------------------------------


def export_rows(page: ConsultationPage):
    """(header, rows) of every paragraph comment and proposal (not deleted), for the owner."""
    header = [
        _("Paragraph"),
        _("Paragraph key"),
        _("Paragraph text"),
        _("Comment id"),
        _("Reply to"),
        _("Date (UTC)"),
        _("Author"),
        _("Organisation"),
        _("Comment"),
        _("Proposed wording"),
        _("Wording it was proposed against"),
        _("Hidden by a moderator"),
    ]
    paragraphs = {p.pk: p for p in DraftParagraph.objects.filter(draft__consultation=page)}
    threads = _thread_ids(paragraphs)
    paragraph_of_thread = {tid: paragraphs[pid] for pid, tid in threads.items()}
    comments = (
        Comment.objects.filter(thread_id__in=list(paragraph_of_thread), deleted=False)
        .select_related("author", "organisation", "proposal")
        .order_by("thread_id", "created_at", "pk")
    )
    rows = []
    for comment in comments:
        paragraph = paragraph_of_thread[comment.thread_id]
        proposal = getattr(comment, "proposal", None)
        rows.append(
            [
                paragraph.position or _("removed"),
                paragraph.key,
                paragraph.text,
                comment.pk,
                comment.parent_id or "",
                comment.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                comment.author.get_full_name() or comment.author.get_username(),
                comment.organisation.name if comment.organisation else "",
                comment.body,
                proposal.proposed_text if proposal else "",
                proposal.original_text if proposal else "",
                _("yes") if comment.hidden else "",
            ]
        )
    rows.sort(key=lambda r: (isinstance(r[0], str), r[0] if isinstance(r[0], int) else 0))
    return header, rows
