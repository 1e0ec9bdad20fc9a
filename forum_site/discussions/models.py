"""Discussion threads and their comments, for any owner object.

A thread belongs to any object (a consultation page, a practice, a delegation
workspace) through a generic foreign key. Nothing here decides who may do
what: ``services`` asks the policy the owner's app registered in ``owners``.

The tables keep the names they had when threads lived in the consultations
app (``db_table`` and constraint names): moving the models moved no data.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum_site.discussions import owners

COMMENT_MAX_LENGTH = 10_000


class Thread(models.Model):
    """A discussion attached to one owner object."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=255, blank=True)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("A locked thread accepts no new comments.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Per-thread sequence counter: each new comment takes the next value, so
    # live clients can notice a missed event and resume.
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        db_table = "consultations_thread"
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="consultations_one_thread_per_owner"
            )
        ]

    def __str__(self):
        return self.title or f"Thread {self.pk}"

    def get_absolute_url(self):
        """Where the thread is shown: on its owner's page when its policy names
        one, else on a page of its own."""
        owner = self.get_owner()
        url = owners.policy_for(owner).url(owner)
        if not url:
            return reverse("discussions:thread", args=[self.pk])
        return f"{url}#thread-{self.pk}"

    @classmethod
    def for_object(cls, obj, *, title: str = "") -> "Thread":
        """The thread of ``obj``, created on first use."""
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        thread, _created = cls.objects.get_or_create(
            content_type=content_type,
            object_id=obj.pk,
            defaults={"title": title or str(obj)[:255]},
        )
        thread._owner_cache = obj
        return thread

    def get_owner(self):
        """The owner object, as its most specific class (Wagtail pages too)."""
        if not hasattr(self, "_owner_cache"):
            owner = self.owner
            if owner is not None and hasattr(owner, "specific"):
                owner = owner.specific
            self._owner_cache = owner
        return self._owner_cache

    @property
    def socket_path(self) -> str:
        return f"/ws/threads/{self.pk}/"


class CommentQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def with_people(self):
        return self.select_related("author", "organisation", "hidden_by")


class Comment(models.Model):
    """One comment; replies are one level deep (a reply has no replies)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation the author speaks for."),
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    body_html = models.TextField(editable=False, blank=True)
    # The language the comment was written in: the interface language of the page
    # it was posted from (a form's request, a socket's page); '' when unknown
    # (comments posted before it was recorded). Templates mark it with
    # {% content_lang comment %} (docs/discussions.md).
    language = models.CharField(_("language"), max_length=12, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seq = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    client_id = models.CharField(max_length=64, blank=True)
    # Last edit, deletion or moderation: a resuming socket replays what
    # changed since the last event its client saw (docs/realtime.md).
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        db_table = "consultations_comment"
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["thread", "parent", "created_at"]),
            models.Index(fields=["thread", "changed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "author", "client_id"],
                condition=~Q(client_id=""),
                name="consultations_comment_client_id_unique",
            ),
            models.UniqueConstraint(
                fields=["thread", "seq"],
                condition=Q(seq__isnull=False),
                name="consultations_comment_seq_unique",
            ),
        ]

    def __str__(self):
        return f"Comment {self.pk} by {self.author_id}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url().split('#')[0]}#comment-{self.pk}"

    @property
    def text_language(self) -> str:
        """The language of the comment's text, for ``content_language``."""
        return self.language

    def clean(self):
        super().clean()
        if self.parent_id:
            parent = self.parent
            if parent.thread_id != self.thread_id:
                raise ValidationError({"parent": _("A reply must be in the same thread.")})
            if parent.parent_id is not None:
                raise ValidationError({"parent": _("Replies cannot be replied to.")})

    @property
    def is_visible_text(self) -> bool:
        return not self.deleted and not self.hidden
