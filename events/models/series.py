"""Event series: every edition of a recurring forum belongs to one."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class EventSeries(models.Model):
    """Every edition of a recurring forum (the Mayoral Forum) belongs to one series."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self):
        return self.name
