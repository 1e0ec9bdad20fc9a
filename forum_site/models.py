"""The home page: the front door that shows what is new everywhere."""

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
