"""A consultation's questions, and the saved question sets (templates) a ministry
can start one from.

Questions are translatable children of their page (wagtail-localize): a
translation of a consultation has its own rows, in its locale, each sharing
the ``translation_key`` of the source question it translates. Answers always
point to the source's questions (``localised_questions``)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.snippets.models import register_snippet

from consultations.models.pages import ConsultationPage


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    YES_NO = "yes_no", _("Yes or no")
    SECTION = "section", _("Section heading (with an introduction)")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
DEFAULT_TEXT_LIMIT = 3000
MAX_TEXT_LIMIT = 20_000
SCALE_LOWEST = 0
SCALE_HIGHEST = 10


class Question(TranslatableMixin, Orderable):
    """One question of a consultation. Its words (``text``, ``help_text``,
    ``choices``, the scale's labels) are translated with the page; its kind,
    limits and order are the source's."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(
        _("type"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For choice questions: one choice per line.")
    )
    max_length = models.PositiveIntegerField(
        _("length limit"),
        default=DEFAULT_TEXT_LIMIT,
        validators=[MinValueValidator(10), MaxValueValidator(MAX_TEXT_LIMIT)],
        help_text=_("For free-text questions: the most characters an answer may have."),
    )
    scale_min = models.PositiveSmallIntegerField(
        _("scale from"),
        default=1,
        validators=[MinValueValidator(SCALE_LOWEST), MaxValueValidator(SCALE_HIGHEST)],
    )
    scale_max = models.PositiveSmallIntegerField(
        _("scale to"),
        default=5,
        validators=[MinValueValidator(SCALE_LOWEST), MaxValueValidator(SCALE_HIGHEST)],
    )
    scale_min_label = models.CharField(_("label of the lowest value"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("label of the highest value"), max_length=100, blank=True)

    panels = [
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("required"),
        FieldPanel("help_text"),
        FieldPanel("choices"),
        FieldPanel("max_length"),
        FieldPanel("scale_min"),
        FieldPanel("scale_max"),
        FieldPanel("scale_min_label"),
        FieldPanel("scale_max_label"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        if getattr(self, "_display_only", False):
            raise RuntimeError("A question shown in a translation's words is not saved.")
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.kind in CHOICE_KINDS and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one per line.")})
        if self.kind == QuestionKind.SCALE and self.scale_min >= self.scale_max:
            raise ValidationError({"scale_max": _("The highest value must be above the lowest.")})

    @property
    def is_section(self) -> bool:
        """A section heading: ``text`` is its title, ``help_text`` its introduction;
        nobody answers it."""
        return self.kind == QuestionKind.SECTION

    @property
    def choice_list(self) -> list[str]:
        seen, result = set(), []
        for line in (self.choices or "").splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.add(line)
                result.append(line)
        return result

    def choice_pairs(self) -> list[tuple[str, str]]:
        """(stored value, label shown) of each choice: the value is the source's
        words (what answers hold), the label the translation's when the question is
        shown in another language (``localised_questions``)."""
        values = self.choice_list
        labels = getattr(self, "_choice_labels", None)
        if not labels or len(labels) != len(values):
            labels = values
        return list(zip(values, labels, strict=True))

    def answer_options(self) -> list[str]:
        """The values a choice-like answer may take, in display order."""
        if self.kind in CHOICE_KINDS:
            return self.choice_list
        if self.kind == QuestionKind.SCALE:
            return [str(i) for i in range(self.scale_min, self.scale_max + 1)]
        if self.kind == QuestionKind.YES_NO:
            return ["yes", "no"]
        return []


# The words a translation of a question may change (wagtail-localize's segments).
TRANSLATED_WORDS = ("text", "help_text", "scale_min_label", "scale_max_label")


def localised_questions(source: ConsultationPage, shown: ConsultationPage | None = None):
    """The questions of ``source`` (the consultation answers belong to: their
    primary keys are the answers' keys), in the words of ``shown``, a translation
    of it, where it has a translation of the question (the same
    ``translation_key``). A question the translation does not have yet (added to
    the source since its last sync) keeps the source's words and locale. Choice
    values stay the source's; their translated labels come with ``choice_pairs``.
    The objects are for display: never save them. Two queries."""
    questions = list(source.questions.all())
    if shown is None or shown.pk == source.pk:
        return questions
    translated = {q.translation_key: q for q in shown.questions.all()}
    for question in questions:
        other = translated.get(question.translation_key)
        if other is None:
            continue
        for name in TRANSLATED_WORDS:
            setattr(question, name, getattr(other, name))
        question._choice_labels = other.choice_list
        question.locale_id = other.locale_id
        question._display_only = True
    return questions


@register_snippet
class QuestionTemplate(models.Model):
    """A saved question set a ministry can start a consultation from."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    questions = models.JSONField(
        _("questions"),
        default=list,
        help_text=_(
            'A list of {"text", "kind", "required", "help_text", "choices": [...]} objects; '
            '"max_length", "scale_min", "scale_max", "scale_min_label" and "scale_max_label" '
            "are optional."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("questions"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("question template")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not isinstance(self.questions, list) or not all(
            isinstance(q, dict) and q.get("text") and q.get("kind") in QuestionKind.values
            for q in self.questions
        ):
            raise ValidationError({"questions": _("Each question needs a text and a valid type.")})
