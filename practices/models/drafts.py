"""A practice being written in the step-by-step form (``views/drafts.py``),
saved at every step so that nothing typed is lost, and not yet submitted.

What was typed is kept as typed (``data``: field name -> the posted text or
list of values, valid or not), so a step shows it again with its errors; the
form validates it again on the review step and on submission. Uploaded files
are stored at once as private Wagtail images and documents
(``practices.attachments.store``, the same as a submission's) and listed in
``files``. Submitting turns the draft into a ``PracticePage`` in moderation and
deletes the draft (its files then belong to the page).

Who may see a draft is decided in ``practices.rules`` (its author only).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeDraft(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="practice_drafts",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # [{"kind": "image" | "document", "id": <pk>, "name": <the uploaded file's name>}]
    files = models.JSONField(default=list, blank=True)
    step = models.CharField(max_length=20, default="about")  # the last step saved
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("practice draft")

    def __str__(self):
        return self.title or str(_("Untitled practice"))
