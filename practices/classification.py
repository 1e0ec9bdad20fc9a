"""How a practice is classified: its relations to the managed taxonomies, listed once.

``PracticePage`` declares the many-to-many fields; ``TAXONOMY_RELATIONS`` says
which they are, in the order the page, the forms, the admin, the exports and
the API show them, with their labels. Everything that walks a practice's
classification reads this list, so adding a taxonomy means adding its field
and one line here.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from forum_site.taxonomy.models import (
    SDG,
    GCMObjective,
    GovernmentLevel,
    GuidingPrinciple,
    SDGTarget,
    StakeholderKind,
    TargetGroup,
    TaxonomyTerm,
    Theme,
)


@dataclass(frozen=True)
class TaxonomyRelation:
    field: str  # the ParentalManyToManyField of PracticePage
    term: type[TaxonomyTerm]
    label: str  # as the practice page shows it
    form_label: str = ""  # when the submission form asks differently
    required: bool = False

    @property
    def key(self) -> str:
        """The term's value in filter URLs, exports and the API: slug, number or code."""
        return self.term.key_field

    @property
    def lookup(self) -> str:
        """A queryset lookup from practices to that value, such as ``themes__slug``."""
        return f"{self.field}__{self.key}"


TAXONOMY_RELATIONS = (
    TaxonomyRelation("themes", Theme, _("Themes"), required=True),
    TaxonomyRelation("target_groups", TargetGroup, _("Target groups")),
    TaxonomyRelation("gcm_objectives", GCMObjective, _("GCM objectives")),
    TaxonomyRelation("sdgs", SDG, _("Sustainable Development Goals")),
    TaxonomyRelation("sdg_targets", SDGTarget, _("SDG targets")),
    TaxonomyRelation("guiding_principles", GuidingPrinciple, _("GCM guiding principles")),
    TaxonomyRelation(
        "government_levels",
        GovernmentLevel,
        _("Level of government"),
        form_label=_("Level of government that implements it"),
    ),
    TaxonomyRelation("stakeholder_kinds", StakeholderKind, _("Stakeholders involved")),
)
TAXONOMY_FIELDS = tuple(relation.field for relation in TAXONOMY_RELATIONS)

_BY_FIELD = {relation.field: relation for relation in TAXONOMY_RELATIONS}


def taxonomy_relation(field: str) -> TaxonomyRelation:
    return _BY_FIELD[field]
