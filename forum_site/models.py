"""The home page: the front door that shows what is new everywhere; and each
user's profile (preferred language)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

HOME_SECTION_LIMIT = 5


class HomePage(Page):
    """Root of the site. Its three sections are filled by the feature apps
    through the ``home_page_sections`` hook, so this model does not import
    them: each hook returns ``{"key": ..., "items": [...]}``."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = {"practices": [], "consultations": [], "events": []}
        for fn in hooks.get_hooks("home_page_sections"):
            result = fn(request, limit=HOME_SECTION_LIMIT)
            if result:
                sections[result["key"]] = result["items"]
        context["sections"] = sections
        return context


def _site_languages():
    return settings.LANGUAGES


class UserProfile(models.Model):
    """What the site keeps about a person beyond Django's user: the language
    of the emails it sends them (forum_site.i18n). Created when first needed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=15,
        choices=_site_languages,
        blank=True,
        help_text=_("Emails from the platform are written in this language."),
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return str(self.user)
