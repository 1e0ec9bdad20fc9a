"""Organisations, and the people who act for them.

Every feature app asks the same questions of these models ("may this user
publish for this city?"); the answers live in ``rules.py``, not here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.search import index

from forum_site.organisations.regions import Region, region_for_country
from forum_site.search_text import MultilingualSearchMixin, multilingual_search_fields
from forum_site.slugs import unique_slug


class OrganisationKind(models.TextChoices):
    CITY = "city", _("City or municipality")
    LOCAL_GOVERNMENT = "local_government", _("Regional or local government")
    LOCAL_GOVERNMENT_ASSOCIATION = "lga_association", _("Association of local governments")
    NATIONAL = "national", _("National ministry or agency")
    INTERNATIONAL = "international", _("International organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    DIASPORA = "diaspora", _("Migrant or diaspora association")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    ACADEMIA = "academia", _("Academia")


# Which kinds are local or national authorities: facts about the kinds, kept
# beside them so that the model and ``rules.py`` read the same sets.
LOCAL_AUTHORITY_KINDS = frozenset({OrganisationKind.CITY, OrganisationKind.LOCAL_GOVERNMENT})
# Those who may speak for local authorities: the authorities and their associations.
LOCAL_AUTHORITY_REPRESENTATIVE_KINDS = LOCAL_AUTHORITY_KINDS | {
    OrganisationKind.LOCAL_GOVERNMENT_ASSOCIATION
}
NATIONAL_AUTHORITY_KINDS = frozenset({OrganisationKind.NATIONAL})


class OrganisationQuerySet(models.QuerySet):
    def local_authorities(self):
        return self.filter(kind__in=LOCAL_AUTHORITY_KINDS)

    def national_authorities(self):
        return self.filter(kind=OrganisationKind.NATIONAL)


class Organisation(MultilingualSearchMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = CountryField(_("country"))
    region = models.CharField(
        _("UN M49 region"),
        max_length=3,
        choices=Region.choices,
        blank=True,
        help_text=_("Filled in from the country when left empty."),
    )
    population = models.PositiveBigIntegerField(
        _("population"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For cities, municipalities and regions."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked by the platform team to be who it says it is."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("country"),
        index.FilterField("region"),
        *multilingual_search_fields(),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "country"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        if not self.region and self.country:
            self.region = region_for_country(str(self.country))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})
        ancestor, seen = self.parent, set()
        while ancestor is not None and self.pk:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": _("This parent would create a cycle.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        if not self.region and self.country and not region_for_country(self.country.code):
            raise ValidationError({"region": _("Choose the region for this country.")})

    def _unique_slug(self):
        return unique_slug(
            Organisation.objects.all(),
            self.name,
            default="organisation",
            max_length=180,
            allow_unicode=True,
            exclude_pk=self.pk,
        )

    @property
    def is_local_authority(self) -> bool:
        """A city, municipality, or regional or local government."""
        return self.kind in LOCAL_AUTHORITY_KINDS

    @property
    def is_national_authority(self) -> bool:
        """A national ministry or agency."""
        return self.kind in NATIONAL_AUTHORITY_KINDS


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Administrator")


ROLE_RANK = {Role.MEMBER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(
        _("job title"), max_length=200, blank=True, help_text=_("For example: Deputy Mayor.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def rank(self) -> int:
        return ROLE_RANK.get(self.role, 0)
