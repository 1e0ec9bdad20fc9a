"""Models of the good-practice library."""

from practices.taxonomy import (  # noqa: F401  (re-exported: other apps import from here)
    SDG,
    GCMObjective,
    GovernmentLevel,
    GuidingPrinciple,
    SDGTarget,
    StakeholderKind,
    TargetGroup,
    Theme,
)
