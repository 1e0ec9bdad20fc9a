"""``{% example %}…{% endexample %}``: a live example on the styleguide and,
under it, the markup that made it (rendered once, so the two cannot differ)."""

import textwrap

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


class ExampleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = textwrap.dedent(self.nodelist.render(context)).strip()
        return format_html(
            '<div class="styleguide-example">{}</div>'
            '<details class="styleguide-code"><summary>{}</summary>'
            "<pre><code>{}</code></pre></details>",
            mark_safe(html),  # noqa: S308 - the template's own output
            _("Markup"),
            html,
        )


@register.tag
def example(parser, token):
    nodelist = parser.parse(("endexample",))
    parser.delete_first_token()
    return ExampleNode(nodelist)
