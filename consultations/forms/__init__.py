"""Forms: opening a consultation, answering it and publishing its outcome.

Every form validates on the server: invalid choices, over-long text and
question ids that do not belong to the consultation are refused with a
message, and nothing is half-saved (views wrap saves in transactions).
The forms live by concern in ``opening``, ``responses`` and ``outcomes``;
they are re-exported here so ``from consultations.forms import …`` works.
"""

from consultations.forms.opening import (
    COMMON_TIMEZONES,
    DATETIME_FORMAT,
    BaseQuestionFormSet,
    ConsultationForm,
    LocalDateTimeInput,
    QuestionForm,
    QuestionFormSet,
    template_initial,
)
from consultations.forms.outcomes import OutcomeForm, OutcomeItemForm, OutcomeItemFormSet
from consultations.forms.responses import ResponseForm, field_name

__all__ = [
    "COMMON_TIMEZONES",
    "DATETIME_FORMAT",
    "BaseQuestionFormSet",
    "ConsultationForm",
    "LocalDateTimeInput",
    "OutcomeForm",
    "OutcomeItemForm",
    "OutcomeItemFormSet",
    "QuestionForm",
    "QuestionFormSet",
    "ResponseForm",
    "field_name",
    "template_initial",
]
