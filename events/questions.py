"""Registration questions: the organisers' formset on the event's form (add,
remove and reorder with submit buttons, no JavaScript needed), the answer
fields of the registration form, and the answers as shown to the registrant
and in the participants' CSV.

Questions are children of the page (``RegistrationQuestion``), so they go
through the page's revisions; a question keeps its primary key when edited
because answers are stored under it (``Registration.answers``). Once people
have answered, a question's kind cannot change, an answered question or
choice cannot be removed, and a question cannot become (or be added as)
required while registrations stand: form errors say why.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from events.models import QuestionKind, Registration, RegistrationQuestion
from events.models.questions import (
    MAX_CHOICE,
    MAX_CHOICES,
    MAX_HELP,
    MAX_LABEL,
    MAX_LONG_ANSWER,
    MAX_QUESTIONS,
    MAX_SHORT_ANSWER,
    NO,
    YES,
    choice_lines,
)
from forum_site.hygiene import SingleLineCharField

PREFIX = "questions"
ADD, UP, DOWN, REMOVE = "q-add", "q-up-", "q-down-", "q-remove-"
ANSWER_PREFIX = "answer_"


class QuestionForm(forms.Form):
    id = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )
    label = SingleLineCharField(label=_("Question"), max_length=MAX_LABEL)
    help_text = SingleLineCharField(
        label=_("Help text for the question"), max_length=MAX_HELP, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of answer"), choices=QuestionKind.choices, initial=QuestionKind.SHORT
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=MAX_CHOICES * (MAX_CHOICE + 2),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a single-choice question: one choice per line (2 to 20)."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == QuestionKind.CHOICE:
            found = choice_lines(cleaned.get("choices") or "")
            if len(found) < 2:
                self.add_error("choices", _("A single-choice question needs at least two choices."))
            elif len(found) > MAX_CHOICES:
                self.add_error("choices", _("Give at most %(n)s choices.") % {"n": MAX_CHOICES})
            elif any(len(c) > MAX_CHOICE for c in found):
                self.add_error(
                    "choices",
                    _("Each choice has at most %(n)s characters.") % {"n": MAX_CHOICE},
                )
            else:
                cleaned["choices"] = "\n".join(found)
        else:
            cleaned["choices"] = ""  # only a single-choice question has choices
        return cleaned


def answered_values(page) -> dict[int, set[str]]:
    """{question pk: the values registrants gave} for ``page`` (every
    registration, cancelled ones too: their answers are kept)."""
    found: dict[int, set[str]] = {}
    if page is None or page.pk is None:
        return found
    rows = Registration.objects.filter(event_id=page.pk).exclude(answers={})
    for answers in rows.values_list("answers", flat=True).iterator():
        if not isinstance(answers, dict):
            continue
        for key, value in answers.items():
            if value not in (None, "") and str(key).isdigit():
                found.setdefault(int(key), set()).add(str(value))
    return found


def has_registrations(page) -> bool:
    if page is None or page.pk is None:
        return False
    return (
        Registration.objects.filter(event_id=page.pk)
        .exclude(status=Registration.Status.CANCELLED)
        .exists()
    )


class BaseQuestionFormSet(BaseFormSet):
    """The event's questions; ``page`` is the working copy being edited (None
    when creating)."""

    keep = False  # True: the POST had no questions (the form as it was): keep them
    default_error_messages = {
        "too_many_forms": _("An event has at most %(num)d questions."),
    }

    def __init__(self, *args, page=None, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)

    def existing(self) -> dict[int, RegistrationQuestion]:
        if self.page is None:
            return {}
        return {q.pk: q for q in self.page.registration_questions.all() if q.pk}

    def clean(self):
        if any(self.errors):
            return
        existing = self.existing()
        answered = answered_values(self.page)
        registered = has_registrations(self.page)
        seen: set[int] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data:
                continue
            pk = data.get("id")
            if pk is not None and (pk not in existing or pk in seen):
                raise ValidationError(_("The questions sent do not match the event's; reload it."))
            old = existing.get(pk)
            if pk is not None:
                seen.add(pk)
            if old is not None and pk in answered:
                if data["kind"] != old.kind:
                    form.add_error(
                        "kind",
                        _(
                            "People have already answered this question; its kind cannot "
                            "change. Add a new question instead."
                        ),
                    )
                elif data["kind"] == QuestionKind.CHOICE:
                    gone = sorted(answered[pk] - set(data["choices"].split("\n")))
                    if gone:
                        form.add_error(
                            "choices",
                            _("Registrants chose “%(choices)s”; keep these choices.")
                            % {"choices": "”, “".join(gone[:5])},
                        )
            if data.get("required") and registered and not (old is not None and old.required):
                form.add_error(
                    "required",
                    _(
                        "People have already registered without answering it: while "
                        "registrations stand, only an optional question can be added."
                    ),
                )
        removed = [q for pk, q in existing.items() if pk not in seen and pk in answered]
        if removed:
            raise ValidationError(
                _("“%(label)s” has answers from registrants, so it cannot be removed.")
                % {"label": removed[0].label}
            )

    def apply(self, page) -> None:
        """Put the questions into ``page`` (not saved), keeping each one's key."""
        if self.keep:
            return
        existing = self.existing()
        questions = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data:
                continue
            question = existing.get(data.get("id")) or RegistrationQuestion()
            for name in ("label", "help_text", "kind", "choices", "required"):
                setattr(question, name, data[name])
            question.sort_order = len(questions)
            questions.append(question)
        page.registration_questions = questions


QuestionFormSet = formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=0,
    max_num=MAX_QUESTIONS,
    validate_max=True,
    absolute_max=MAX_QUESTIONS,
)


def _row(question) -> dict:
    return {
        "id": question.pk or "",
        "label": question.label,
        "help_text": question.help_text,
        "kind": question.kind,
        "choices": question.choices,
        "required": question.required,
    }


def question_formset(data, page) -> BaseQuestionFormSet:
    """The formset for a request: bound to ``data`` when it has the questions,
    otherwise the page's questions as they are (and kept as they are)."""
    if data is not None and f"{PREFIX}-TOTAL_FORMS" in data:
        return QuestionFormSet(data, prefix=PREFIX, page=page)
    rows = [_row(q) for q in page.registration_questions.all()] if page is not None else []
    formset = QuestionFormSet(initial=rows, prefix=PREFIX, page=page)
    formset.keep = data is not None
    return formset


def _posted_rows(data) -> list[dict]:
    try:
        total = int(data.get(f"{PREFIX}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    rows = []
    for i in range(max(0, min(total, MAX_QUESTIONS))):
        row = {
            name: str(data.get(f"{PREFIX}-{i}-{name}", ""))[:5000]
            for name in ("id", "label", "help_text", "kind", "choices")
        }
        row["required"] = bool(data.get(f"{PREFIX}-{i}-required"))
        if row["id"] or row["label"].strip() or row["help_text"].strip() or row["choices"].strip():
            rows.append(row)
    return rows


def is_layout_action(action: str) -> bool:
    return action == ADD or action.startswith((UP, DOWN, REMOVE))


def rearranged(data, action: str, page) -> tuple[BaseQuestionFormSet, str | None]:
    """The formset after an "add", "move up", "move down" or "remove" button:
    the rows as typed, rearranged, nothing saved. Returns it and an error
    message when the action was refused."""
    rows = _posted_rows(data)
    extra, error = 0, None
    if action == ADD:
        if len(rows) >= MAX_QUESTIONS:
            error = _("An event has at most %(n)s questions.") % {"n": MAX_QUESTIONS}
        else:
            extra = 1
    else:
        head, _sep, index = action.rpartition("-")
        i = int(index) if index.isdigit() else -1
        if 0 <= i < len(rows):
            if action.startswith(UP) and i > 0:
                rows[i - 1], rows[i] = rows[i], rows[i - 1]
            elif action.startswith(DOWN) and i < len(rows) - 1:
                rows[i + 1], rows[i] = rows[i], rows[i + 1]
            elif action.startswith(REMOVE):
                pk = rows[i]["id"]
                if pk.isdigit() and int(pk) in answered_values(page):
                    error = _(
                        "“%(label)s” has answers from registrants, so it cannot be removed."
                    ) % {"label": rows[i]["label"]}
                else:
                    del rows[i]
    formset = QuestionFormSet(initial=rows, prefix=PREFIX, page=page)
    formset.extra = extra
    return formset, error


# -- the registration form's side ------------------------------------------------------


def answer_field(question: RegistrationQuestion) -> forms.Field:
    common = {
        "label": question.label,
        "required": question.required,
        "help_text": question.help_text,
    }
    if question.kind == QuestionKind.LONG:
        return forms.CharField(
            max_length=MAX_LONG_ANSWER, widget=forms.Textarea(attrs={"rows": 4}), **common
        )
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choice_list], widget=forms.RadioSelect, **common
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
        )
    return SingleLineCharField(max_length=MAX_SHORT_ANSWER, **common)


def add_answer_fields(form: forms.Form, questions) -> list[str]:
    """Add a field per question to ``form``; returns their names."""
    names = []
    for question in questions:
        name = f"{ANSWER_PREFIX}{question.pk}"
        form.fields[name] = answer_field(question)
        names.append(name)
    return names


def answers_from(cleaned: dict, names: list[str]) -> dict[str, str]:
    """{question pk: answer} from the registration form's cleaned data (empty
    answers left out)."""
    answers = {}
    for name in names:
        value = cleaned.get(name)
        if value not in (None, ""):
            answers[name.removeprefix(ANSWER_PREFIX)] = str(value).strip()
    return answers


def shown_answers(event, registration) -> list[tuple[str, str]]:
    """(question, answer) pairs for one registration, in the questions' order."""
    given = registration.answers if isinstance(registration.answers, dict) else {}
    return [
        (q.label, q.display(given.get(str(q.pk))) or "—")
        for q in event.registration_questions.all()
    ]
