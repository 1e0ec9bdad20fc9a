"""Calls for practices: a thematic call under /practices/ that explains what is
sought until a deadline, then shows the practices it gathered (what the viewer
sees: the ``call_for_practices_context`` hook, ``practices.context``)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from forum_site.taxonomy.models import Theme
from forum_site.translatable import kept_from_source
from practices.models.pages import viewer_context


class CallForPracticesPage(Page):
    """A thematic call: explains what is sought, until a deadline, and then
    shows the practices it gathered (pages whose ``call`` points here)."""

    intro = models.TextField(_("what the call is about"), max_length=2000)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    deadline = models.DateField(_("deadline"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls_for_practices",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    override_translatable_fields = kept_from_source(
        "theme", "deadline", "organisation", "opened_by"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("theme"),
        FieldPanel("deadline"),
        FieldPanel("organisation"),
    ]
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types: list = []

    api_fields = [
        APIField("intro"),
        APIField("deadline"),
        APIField(
            "theme", serializer=serializers.SlugRelatedField(read_only=True, slug_field="slug")
        ),  # noqa: E501
    ]

    class Meta:
        verbose_name = _("call for practices")
        verbose_name_plural = _("calls for practices")

    @property
    def is_open(self) -> bool:
        return date.today() <= self.deadline

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(viewer_context("call_for_practices_context", self, request))
        return context
