"""The owner's edit forms: the consultation's details (the "open" form without
the owner) and the questionnaire builder (a formset of questions and section
headings).

The builder works without JavaScript: its buttons ("add another", remove,
duplicate, move up/down) are submit buttons that re-render the formset with
the operation applied (``apply_operation``); only "save" writes anything.
A formset refuses more than ``MAX_QUESTIONS`` forms with a form error, before
any form is built from the POST.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from consultations.forms.opening import ConsultationForm
from consultations.models import (
    CHOICE_KINDS,
    DEFAULT_TEXT_LIMIT,
    MAX_TEXT_LIMIT,
    SCALE_HIGHEST,
    SCALE_LOWEST,
    QuestionKind,
)
from forum_site.hygiene import SingleLineCharField
from forum_site.organisations.models import Organisation
from forum_site.private_files import check_upload

MAX_QUESTIONS = 100
# Ids above this are not ids of ours (and must never reach the database).
MAX_ID = 2**63 - 1


class ConsultationEditForm(ConsultationForm):
    """What "Open a consultation" sets, except the consulting organisation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, owner_choices=Organisation.objects.none(), **kwargs)
        del self.fields["owner_organisation"]
        self.fields["background"].help_text = format_lazy(
            "{} {}",
            self.fields["background"].help_text,
            _(
                "Links to documents and pages keep their “document:” or “page:” address. "
                "Headings and documents added in the administration are kept as they are."
            ),
        )


class ConsultationDocumentForm(forms.Form):
    """A document added from the edit page: checked by its content like every
    upload on the site (``forum_site.private_files.check_upload``, as the
    admin's ``forum_site.document_forms``), and an extension Wagtail serves."""

    file = forms.FileField(
        label=_("Document"),
        help_text=_(
            "PDF, Word, OpenDocument, Excel, PowerPoint, CSV or plain text; at most 10 MB."
        ),
    )
    title = SingleLineCharField(
        label=_("Title shown with the link"),
        max_length=255,
        required=False,
        help_text=_("Empty: the file's name."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        limit = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
        if limit and upload.size > limit:
            raise ValidationError(
                _("The file is too large: at most %(size)s."),
                params={"size": filesizeformat(limit)},
            )
        extension = check_upload(upload)
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []
        if allowed and extension not in allowed:
            raise ValidationError(
                _("“%(name)s” is not a document the site shares (%(allowed)s)."),
                params={"name": upload.name, "allowed": ", ".join(allowed)},
            )
        stem = upload.name.rsplit(".", 1)[0] if "." in upload.name else upload.name
        upload.name = f"{stem or 'document'}.{extension}"
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and not data.get("title"):
            data["title"] = upload.name.rsplit(".", 1)[0][:255]
        return data


def split_choices(text: str) -> list[str]:
    seen, result = set(), []
    for line in (text or "").splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.add(line)
            result.append(line)
    return result


class QuestionBuilderForm(forms.Form):
    """One item of the questionnaire: a question of any kind, or a section
    heading (its text is the heading, its help text the introduction)."""

    FIELDS = (
        "id",
        "text",
        "kind",
        "required",
        "help_text",
        "choices",
        "max_length",
        "scale_min",
        "scale_max",
        "scale_min_label",
        "scale_max_label",
    )

    id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    text = SingleLineCharField(
        label=_("Question (or section heading)"), max_length=500, required=False
    )
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    help_text = SingleLineCharField(
        label=_("Help text (or the section's introduction)"), max_length=500, required=False
    )
    choices = forms.CharField(
        label=_("Choices (one per line)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For single and multiple choice questions: at least two."),
    )
    max_length = forms.IntegerField(
        label=_("Length limit (characters)"),
        min_value=10,
        max_value=MAX_TEXT_LIMIT,
        initial=DEFAULT_TEXT_LIMIT,
        required=False,
        help_text=_("For free-text questions."),
    )
    scale_min = forms.IntegerField(
        label=_("Scale from"),
        min_value=SCALE_LOWEST,
        max_value=SCALE_HIGHEST,
        initial=1,
        required=False,
    )
    scale_max = forms.IntegerField(
        label=_("Scale to"),
        min_value=SCALE_LOWEST,
        max_value=SCALE_HIGHEST,
        initial=5,
        required=False,
    )
    scale_min_label = SingleLineCharField(
        label=_("Label of the lowest value"), max_length=100, required=False
    )
    scale_max_label = SingleLineCharField(
        label=_("Label of the highest value"), max_length=100, required=False
    )

    def clean_id(self):
        value = (self.cleaned_data.get("id") or "").strip()
        if not value:
            return None
        if not value.isdigit() or int(value) > MAX_ID or int(value) < 1:
            raise ValidationError(_("This question does not belong to this consultation."))
        return int(value)

    def clean(self):
        data = super().clean()
        if "id" in self.errors:
            # A hidden field: say it where it is seen.
            self.add_error(None, _("This question does not belong to this consultation."))
        if self.is_blank():
            return data
        if not data.get("text"):
            self.add_error("text", _("Write the question, or remove it."))
        kind = data.get("kind")
        if kind in CHOICE_KINDS and len(split_choices(data.get("choices"))) < 2:
            self.add_error("choices", _("Give at least two choices, one per line."))
        if kind == QuestionKind.SCALE:
            low = data.get("scale_min")
            high = data.get("scale_max")
            low = 1 if low is None else low
            high = 5 if high is None else high
            if low >= high:
                self.add_error("scale_max", _("The highest value must be above the lowest."))
            data["scale_min"], data["scale_max"] = low, high
        if kind == QuestionKind.SECTION:
            data["required"] = False
        return data

    def is_blank(self) -> bool:
        """A new row left empty ("add another" pressed once too often): ignored."""
        data = getattr(self, "cleaned_data", {})
        return not data.get("id") and not (data.get("text") or "").strip()


class BaseQuestionBuilderFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        ids = [f.cleaned_data["id"] for f in self.forms if f.cleaned_data.get("id")]
        if len(ids) != len(set(ids)):
            raise ValidationError(_("The same question appears twice."))
        kept = [f for f in self.forms if not f.is_blank()]
        if not any(f.cleaned_data.get("kind") != QuestionKind.SECTION for f in kept):
            raise ValidationError(_("Ask at least one question."))

    def items(self) -> list[dict]:
        """The cleaned items to save, in order (blank new rows left out)."""
        return [dict(f.cleaned_data) for f in self.forms if not f.is_blank()]


QuestionBuilderFormSet = forms.formset_factory(
    QuestionBuilderForm,
    formset=BaseQuestionBuilderFormSet,
    extra=0,
    max_num=MAX_QUESTIONS,
    absolute_max=MAX_QUESTIONS,
    validate_max=True,
)

BUILDER_PREFIX = "q"


def raw_rows(formset) -> list[dict]:
    """What each form of a bound formset holds, as typed (valid or not)."""
    return [{name: form[name].data for name in QuestionBuilderForm.FIELDS} for form in formset]


def question_row(question, *, keep_id: bool) -> dict:
    return {
        "id": question.pk if keep_id else "",
        "text": question.text,
        "kind": question.kind,
        "required": question.required,
        "help_text": question.help_text,
        "choices": question.choices,
        "max_length": question.max_length,
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "scale_min_label": question.scale_min_label,
        "scale_max_label": question.scale_max_label,
    }


def template_rows(template) -> list[dict]:
    """Builder rows (new questions) from a ``QuestionTemplate``."""
    rows = []
    for q in template.questions:
        if not isinstance(q, dict):
            continue
        choices = q.get("choices") or []
        rows.append(
            {
                "id": "",
                "text": str(q.get("text", "")),
                "kind": q.get("kind", QuestionKind.TEXT),
                "required": bool(q.get("required")),
                "help_text": str(q.get("help_text", "")),
                "choices": "\n".join(map(str, choices)) if isinstance(choices, list) else "",
                "max_length": q.get("max_length") or DEFAULT_TEXT_LIMIT,
                "scale_min": q.get("scale_min", 1),
                "scale_max": q.get("scale_max", 5),
                "scale_min_label": str(q.get("scale_min_label", "")),
                "scale_max_label": str(q.get("scale_max_label", "")),
            }
        )
    return rows


def blank_row() -> dict:
    return {
        "id": "",
        "text": "",
        "kind": QuestionKind.TEXT,
        "required": False,
        "help_text": "",
        "choices": "",
        "max_length": DEFAULT_TEXT_LIMIT,
        "scale_min": 1,
        "scale_max": 5,
        "scale_min_label": "",
        "scale_max_label": "",
    }


class OperationRefused(Exception):
    """A builder operation that may not be applied; the message says why."""


def parse_operation(value: str, count: int) -> tuple[str, int | None] | None:
    """``"add"``, ``"save"`` or ``"<op>-<index>"`` (remove, duplicate, up, down)."""
    value = (value or "").strip()
    if value in ("add", "save"):
        return value, None
    name, _sep, index = value.partition("-")
    if name in ("remove", "duplicate", "up", "down") and index.isdigit() and len(index) < 5:
        position = int(index)
        if position < count:
            return name, position
    return None


def apply_operation(rows: list[dict], op: str, index: int | None, *, locked_ids=()) -> list[dict]:
    """The rows after ``op``; ``locked_ids`` are questions that may no longer be
    removed (answered ones). Raises ``OperationRefused``."""
    rows = [dict(row) for row in rows]
    if op == "add":
        if len(rows) >= MAX_QUESTIONS:
            raise OperationRefused(
                _("A questionnaire has at most %(n)d items.") % {"n": MAX_QUESTIONS}
            )
        row = blank_row()
        if locked_ids:
            row["required"] = False
        rows.append(row)
    elif op == "remove":
        if str(rows[index].get("id") or "") in {str(i) for i in locked_ids}:
            raise OperationRefused(
                _(
                    "This question cannot be removed: organisations have already answered it. "
                    "You may reword it or make it optional."
                )
            )
        del rows[index]
    elif op == "duplicate":
        if len(rows) >= MAX_QUESTIONS:
            raise OperationRefused(
                _("A questionnaire has at most %(n)d items.") % {"n": MAX_QUESTIONS}
            )
        copy = dict(rows[index], id="")
        if locked_ids:
            # Once answered, new questions are optional and go at the end.
            copy["required"] = False
            rows.append(copy)
        else:
            rows.insert(index + 1, copy)
    elif op == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    elif op == "down" and index < len(rows) - 1:
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
    return rows
