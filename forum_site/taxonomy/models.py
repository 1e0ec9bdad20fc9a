"""The managed taxonomies shared by the feature apps (Wagtail snippets).

Practices are classified by all of them, consultations by ``Theme``; they live
on the ground floor so that no feature app imports another for its vocabulary.
Each term has a stable ``slug`` (used in filter URLs, exports and the API),
an English ``name`` that is the msgid of its translation (the seeded names
are marked with ``gettext_noop`` in ``data.py`` so they reach the .po files),
and a ``sort_order`` or official ``number``. ``label`` returns the name in the
active language; ``key_field`` names the value that stands for a term
outside the database (slug, number or code). Keep these models small and
stable.

The tables keep the names they had when these models belonged to
``practices`` (``db_table``): the move changed no table, so the many-to-many
tables of practices and consultations still point at them.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class TaxonomyTerm(models.Model):
    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("In English; translations come from the site's translation files."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    # The unique field whose value stands for a term outside the database:
    # in filter URLs, exports and the API.
    key_field = "slug"

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (the English name is the msgid)."""
        return gettext(self.name) if self.name else ""


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        db_table = "practices_theme"
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        db_table = "practices_targetgroup"
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class NumberedTerm(TaxonomyTerm):
    """A term with an official number (GCM objectives, SDGs)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    key_field = "number"

    class Meta(TaxonomyTerm.Meta):
        abstract = True
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.label}"


class GCMObjective(NumberedTerm):
    """One of the 23 objectives of the Global Compact for Migration."""

    class Meta(NumberedTerm.Meta):
        db_table = "practices_gcmobjective"
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")


class SDG(NumberedTerm):
    """One of the 17 Sustainable Development Goals."""

    class Meta(NumberedTerm.Meta):
        db_table = "practices_sdg"
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")


class SDGTarget(TaxonomyTerm):
    """A target of an SDG, such as 10.7 (well-managed migration policies)."""

    sdg = models.ForeignKey(
        SDG, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="targets"
    )
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("For example 10.7"))

    key_field = "code"

    class Meta(TaxonomyTerm.Meta):
        db_table = "practices_sdgtarget"
        ordering = ["sdg__number", "sort_order"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self):
        return f"{self.code} {self.label}"


class GuidingPrinciple(TaxonomyTerm):
    """One of the GCM's ten cross-cutting guiding principles."""

    class Meta(TaxonomyTerm.Meta):
        db_table = "practices_guidingprinciple"
        verbose_name = _("GCM guiding principle")
        verbose_name_plural = _("GCM guiding principles")


class GovernmentLevel(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        db_table = "practices_governmentlevel"
        verbose_name = _("level of government")
        verbose_name_plural = _("levels of government")


class StakeholderKind(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        db_table = "practices_stakeholderkind"
        verbose_name = _("kind of stakeholder")
        verbose_name_plural = _("kinds of stakeholder")
