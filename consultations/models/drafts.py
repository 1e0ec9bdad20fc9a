"""A consultation's draft policy text, split into numbered paragraphs.

Each paragraph is a row with a ``key`` that never changes (its discussion
thread, its URL and its comments hang on the key) and a ``position``, its
number in the current text (1, 2, …; ``None`` once the paragraph left the
text). Replacing the text (``consultations.drafts.replace_text``) keeps the
keys of paragraphs that stayed or were reworded, and records each earlier
wording in ``earlier_versions`` so that comments keep the text they were
written about.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.pages import ConsultationPage
from forum_site.discussions.models import Comment, Thread


class DraftText(models.Model):
    consultation = models.OneToOneField(
        ConsultationPage, on_delete=models.CASCADE, related_name="draft_text"
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    source_name = models.CharField(
        _("source file"), max_length=255, blank=True, help_text=_("The uploaded file, if any.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("draft text")
        verbose_name_plural = _("draft texts")

    def __str__(self):
        return self.title or f"Draft text of {self.consultation_id}"


class ParagraphKind(models.TextChoices):
    PARAGRAPH = "p", _("Paragraph")
    HEADING = "heading", _("Heading")
    LIST_ITEM = "li", _("List item")
    TABLE = "table", _("Table")
    QUOTE = "quote", _("Quotation")


class DraftParagraph(models.Model):
    draft = models.ForeignKey(DraftText, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField(max_length=16)
    position = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Its number in the current text; empty once removed.")
    )
    kind = models.CharField(max_length=10, choices=ParagraphKind.choices)
    html = models.TextField()  # sanitised, self-contained (a list item in its own list)
    text = models.TextField()  # plain text, for diffs, search and exports
    # Earlier wordings, oldest first: [{"html", "text", "until"}] (ISO date-time).
    earlier_versions = models.JSONField(default=list, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    # Deleting a paragraph (or its consultation) deletes its thread and comments.
    threads = GenericRelation(Thread, related_query_name="draft_paragraph")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("draft paragraph")
        verbose_name_plural = _("draft paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["draft", "key"], name="consultations_paragraph_key")
        ]
        indexes = [models.Index(fields=["draft", "position"])]

    def __str__(self):
        return f"¶{self.position or '-'} {self.text[:60]}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("consultations:draft_paragraph", args=[self.draft.consultation_id, self.key])

    @property
    def number(self):
        return self.position

    @property
    def consultation(self):
        return self.draft.consultation

    def get_thread(self) -> Thread:
        return Thread.for_object(self, title=f"¶{self.position}: {self.text[:200]}")


class ParagraphProposal(models.Model):
    """New wording proposed for a paragraph, carried by a comment in its thread
    (which is what is moderated, deleted and delivered live)."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="proposal")
    paragraph = models.ForeignKey(
        DraftParagraph, on_delete=models.CASCADE, related_name="proposals"
    )
    original_text = models.TextField()  # the paragraph's wording it was written against
    proposed_text = models.TextField(_("proposed wording"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposed wording")
        verbose_name_plural = _("proposed wordings")

    def __str__(self):
        return f"Proposal {self.pk} for paragraph {self.paragraph_id}"
