"""The questions an event's organisers ask people who register (issue #17).

Each question belongs to the event page as a child of its cluster
(``ParentalKey`` + ``InlinePanel``, like ``EventAddedDate``), so it is part of
every Wagtail revision and of the admin's form. The answers are stored on the
``Registration`` itself (``Registration.answers``, see there).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

MAX_QUESTIONS = 20
MAX_LABEL = 200
MAX_HELP = 500
MAX_CHOICES = 20
MAX_CHOICE = 200
MAX_SHORT_ANSWER = 500
MAX_LONG_ANSWER = 5000
YES, NO = "yes", "no"


class QuestionKind(models.TextChoices):
    SHORT = "short", _("Short text")
    LONG = "long", _("Long text")
    CHOICE = "choice", _("Single choice")
    YES_NO = "yes_no", _("Yes or no")


def choice_lines(text: str) -> list[str]:
    """The choices typed one per line: stripped, blank lines and repeats dropped."""
    seen: list[str] = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line and line not in seen:
            seen.append(line)
    return seen


class RegistrationQuestion(Orderable):
    """One question of an event's registration form; its answers are kept under
    its primary key, so the editing form keeps the key of a question it changes."""

    page = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="registration_questions"
    )
    label = models.CharField(_("question"), max_length=MAX_LABEL)
    help_text = models.CharField(_("help text"), max_length=MAX_HELP, blank=True)
    kind = models.CharField(
        _("kind of answer"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.SHORT
    )
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For a single-choice question: one choice per line (at most 20)."),
    )
    required = models.BooleanField(_("answer required"), default=False)

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("kind"),
        FieldPanel("choices"),
        FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return choice_lines(self.choices) if self.kind == QuestionKind.CHOICE else []

    def clean(self):
        super().clean()
        if self.kind == QuestionKind.CHOICE:
            found = choice_lines(self.choices)
            if len(found) < 2:
                raise ValidationError(
                    {"choices": _("A single-choice question needs at least two choices.")}
                )
            if len(found) > MAX_CHOICES:
                raise ValidationError(
                    {"choices": _("Give at most %(n)s choices.") % {"n": MAX_CHOICES}}
                )
            if any(len(c) > MAX_CHOICE for c in found):
                raise ValidationError(
                    {"choices": _("Each choice has at most %(n)s characters.") % {"n": MAX_CHOICE}}
                )

    def display(self, value) -> str:
        """An answer as shown to people (yes/no translated)."""
        if value is None or value == "":
            return ""
        if self.kind == QuestionKind.YES_NO:
            return str(_("Yes")) if value == YES else str(_("No")) if value == NO else str(value)
        return str(value)
