"""The events app's models, one concern per module; import them from here."""

from events.models.delegations import Delegation, DelegationMember
from events.models.imports import CalendarImport
from events.models.occurrences import EventOccurrence, refresh_occurrences
from events.models.pages import (
    RESERVED_SLUGS,
    UID_DOMAIN,
    EventAddedDate,
    EventDocument,
    EventException,
    EventFormat,
    EventIndexPage,
    EventPage,
    EventPageForm,
    EventSession,
    EventType,
    ParticipantVisibility,
    SpeakerBlock,
    timezone_choices,
    validate_timezone,
)
from events.models.questions import QuestionKind, RegistrationQuestion
from events.models.registrations import CalendarToken, Registration
from events.models.series import EventSeries
from events.models.workspace import (
    ChecklistItem,
    DelegationDocument,
    PositionPaper,
    delegation_upload_to,
)

__all__ = [
    "RESERVED_SLUGS",
    "UID_DOMAIN",
    "CalendarImport",
    "CalendarToken",
    "ChecklistItem",
    "Delegation",
    "DelegationDocument",
    "DelegationMember",
    "EventAddedDate",
    "EventDocument",
    "EventException",
    "EventFormat",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventPageForm",
    "EventSeries",
    "EventSession",
    "EventType",
    "ParticipantVisibility",
    "PositionPaper",
    "QuestionKind",
    "Registration",
    "RegistrationQuestion",
    "SpeakerBlock",
    "delegation_upload_to",
    "refresh_occurrences",
    "timezone_choices",
    "validate_timezone",
]
