"""The consultations app's models, one concern per module; every name is
re-exported here, so ``from consultations.models import X`` keeps working.

- ``pages``: the index page and the consultation page (status, dates, serving);
- ``invitations``: invitation rules and the reminder log;
- ``questions``: questions and question templates (a snippet);
- ``outcomes``: the published outcome and its items;
- ``responses``: organisations' responses and their submitted versions;
- ``changes``: the public change log of edits made once a consultation is open;
- ``drafts``: the draft policy text, its paragraphs and proposed wordings.
"""

from consultations.models.changes import ChangeLogEntry
from consultations.models.drafts import (
    DraftParagraph,
    DraftText,
    ParagraphKind,
    ParagraphProposal,
)
from consultations.models.invitations import InviteRule, InviteRuleKind, ReminderLog
from consultations.models.outcomes import Outcome, OutcomeItem
from consultations.models.pages import (
    DEFAULT_CONSENT_TEXT,
    Audience,
    ConsultationAdminForm,
    ConsultationIndexPage,
    ConsultationPage,
    Status,
)
from consultations.models.questions import (
    CHOICE_KINDS,
    DEFAULT_TEXT_LIMIT,
    MAX_TEXT_LIMIT,
    SCALE_HIGHEST,
    SCALE_LOWEST,
    Question,
    QuestionKind,
    QuestionTemplate,
    localised_questions,
)
from consultations.models.responses import (
    Consent,
    ConsultationResponse,
    ResponseStatus,
    ResponseVersion,
)

__all__ = [
    "DEFAULT_CONSENT_TEXT",
    "CHOICE_KINDS",
    "SCALE_HIGHEST",
    "SCALE_LOWEST",
    "DEFAULT_TEXT_LIMIT",
    "MAX_TEXT_LIMIT",
    "Audience",
    "ChangeLogEntry",
    "Consent",
    "ConsultationAdminForm",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationResponse",
    "DraftParagraph",
    "DraftText",
    "InviteRule",
    "InviteRuleKind",
    "Outcome",
    "OutcomeItem",
    "ParagraphKind",
    "ParagraphProposal",
    "Question",
    "QuestionKind",
    "QuestionTemplate",
    "ReminderLog",
    "ResponseStatus",
    "ResponseVersion",
    "Status",
    "localised_questions",
]
