"""StreamField blocks for a consultation's background: text and documents."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        template = "consultations/blocks/document.html"


class BackgroundBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200, icon="title")
    text = blocks.RichTextBlock(
        label=_("text"), features=["bold", "italic", "link", "ol", "ul", "document-link"]
    )
    document = DocumentBlock(label=_("document"))
