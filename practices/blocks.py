"""The body of a practice: the sections that make it transferable.

Challenge, approach, results and evidence (with figures), lessons learned
and conditions for transfer, plus images, documents and links. The order of
sections is free but the submission form fills them in this order.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3"]

SECTION_KINDS = (
    ("challenge", _("Challenge")),
    ("approach", _("Approach")),
    ("lessons", _("Lessons learned")),
    ("transfer", _("Conditions for transfer")),
)


class SectionBlock(blocks.RichTextBlock):
    """A section of text; the page template writes its heading from the block label."""


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=40, help_text=_("For example 1,200"))
    label = blocks.CharBlock(
        label=_("What it measures"), max_length=200, help_text=_("For example: people trained")
    )


class ResultsBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("Results and evidence"), features=TEXT_FEATURES)
    figures = blocks.ListBlock(FigureBlock(), label=_("Key figures"), required=False)

    class Meta:
        icon = "form"
        template = "practices/blocks/results.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Text alternative"),
        max_length=250,
        required=False,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "practices/blocks/image.html"


class LinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("Address"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)

    class Meta:
        icon = "link"
        template = "practices/blocks/link.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), max_length=250, required=False)

    class Meta:
        icon = "doc-full"
        template = "practices/blocks/document.html"


class PracticeBodyBlock(blocks.StreamBlock):
    challenge = SectionBlock(label=_("Challenge"), features=TEXT_FEATURES, icon="warning")
    approach = SectionBlock(label=_("Approach"), features=TEXT_FEATURES, icon="cogs")
    results = ResultsBlock(label=_("Results and evidence"))
    lessons = SectionBlock(label=_("Lessons learned"), features=TEXT_FEATURES, icon="help")
    transfer = SectionBlock(
        label=_("Conditions for transfer"), features=TEXT_FEATURES, icon="resubmit"
    )
    image = ImageBlock(label=_("Image"))
    document = DocumentBlock(label=_("Document"))
    link = LinkBlock(label=_("Link"))
