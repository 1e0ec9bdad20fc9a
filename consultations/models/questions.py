"""A consultation's questions, and the saved question sets (templates) a ministry
can start one from."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
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


class Question(Orderable):
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

    def __str__(self):
        return self.text

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

    def answer_options(self) -> list[str]:
        """The values a choice-like answer may take, in display order."""
        if self.kind in CHOICE_KINDS:
            return self.choice_list
        if self.kind == QuestionKind.SCALE:
            return [str(i) for i in range(self.scale_min, self.scale_max + 1)]
        if self.kind == QuestionKind.YES_NO:
            return ["yes", "no"]
        return []


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
