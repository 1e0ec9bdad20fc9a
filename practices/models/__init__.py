"""Models of the good-practice library, one module per concern: the library's
pages (``pages``), calls for practices (``calls``), adoptions between
authorities (``adoptions``) and practices being written (``drafts``).
Re-exported here, so ``practices.models.X`` keeps working for imports and
migrations.

Who may do what is decided in ``practices.rules``, never in a model.
"""

from practices.models.adoptions import Adoption, AdoptionStatus
from practices.models.calls import CallForPracticesPage
from practices.models.drafts import PracticeDraft
from practices.models.pages import (
    LANGUAGE_CHOICES,
    MIN_YEAR,
    OPEN_DATA_API_META,
    OPEN_DATA_FIELDS,
    SUMMARY_MAX_LENGTH,
    BudgetBand,
    PracticeCountry,
    PracticeIndexPage,
    PracticeManager,
    PracticePage,
    PracticeQuerySet,
    Status,
    max_year,
    viewer_context,
)

__all__ = [
    "LANGUAGE_CHOICES",
    "MIN_YEAR",
    "OPEN_DATA_API_META",
    "OPEN_DATA_FIELDS",
    "SUMMARY_MAX_LENGTH",
    "Adoption",
    "AdoptionStatus",
    "BudgetBand",
    "CallForPracticesPage",
    "PracticeCountry",
    "PracticeDraft",
    "PracticeIndexPage",
    "PracticeManager",
    "PracticePage",
    "PracticeQuerySet",
    "Status",
    "max_year",
    "viewer_context",
]
