from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from forum_site.translations import published_translations

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (None removes one).

    Keeps filters in paginated and sorted links, so filtered URLs stay shareable.
    """
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def csp_nonce():
    """The response's Content-Security-Policy nonce (forum_site/csp.py), also in
    templates rendered without a request, such as Wagtail's form widgets."""
    from forum_site.csp import current_nonce

    return current_nonce()


@register.filter
def bdi(value):
    """A name, title or other user text set inside a sentence, isolated in
    ``<bdi>`` so its direction does not reorder the words and punctuation
    around it ("Response of <bdi>مدينة عمان</bdi>." in an English page).
    Use on the variables of ``blocktranslate``: ``with org=org.name|bdi``;
    the message (and its translations) stay the same. Not for text-only
    places (``<title>``, attributes, ``<option>``)."""
    if value is None or value == "":
        return value
    return format_html("<bdi>{}</bdi>", value)


@register.simple_tag
def date_range(start, end=None, all_day=False, local=False):
    """``{% date_range start end all_day=event.all_day %}``: a date or time
    range in the page's language, each end in ``<time>`` (forum_site/dates.py).
    Convert to the right time zone first (``{% timezone %}`` or ``|timezone``)."""
    from django.utils.safestring import mark_safe

    from forum_site.dates import date_range_html

    return mark_safe(date_range_html(start, end, all_day=bool(all_day), local=bool(local)))  # noqa: S308 - built with format_html


@register.simple_tag(takes_context=True)
def page_translations(context, page=None):
    """The other published translations of the page being shown that the viewer may
    see (``forum_site.translations.published_translations``), asked once per
    request: ``base.html`` uses them twice (``<link rel="alternate">`` in the head,
    "Also available in" under the content)."""
    page = page or context.get("page")
    request = context.get("request")
    if page is None or request is None or not hasattr(page, "translation_key"):
        return []
    memo = getattr(request, "_page_translations", None)
    if memo is None:
        memo = request._page_translations = {}
    if page.pk not in memo:
        memo[page.pk] = [
            {**t, "absolute_url": request.build_absolute_uri(t["url"])}
            for t in published_translations(request.user, page)
        ]
    return memo[page.pk]


@register.simple_tag(takes_context=True)
def content_lang(context, obj):
    """``<h3{% content_lang practice %}>``: the attributes of an element showing
    ``obj``'s text (a page's title, summary, body): `` lang="fr" dir="auto"``
    when the content is in another language than the page, `` dir="auto"``
    otherwise (forum_site/content_language.py). ``obj`` may also be a language
    code, for text whose language is stored with it (notifications)."""
    from forum_site.content_language import (
        content_language,
        differs_from_interface,
        request_cache,
    )

    if obj is None:
        return ""
    if isinstance(obj, str):  # a language code (a notification's, say); '' for unknown
        code = obj
    else:
        code = content_language(obj, request_cache(context.get("request")))
    if differs_from_interface(code):
        return format_html(' lang="{}" dir="auto"', code)
    return mark_safe(' dir="auto"')


@register.filter
def bdi_of(value, obj):
    """``event.title|bdi_of:event``: like ``bdi``, and the ``<bdi>`` carries
    ``obj``'s content language when it differs from the page's (a title set
    inside a translated sentence: "Participants: <bdi lang="en" dir="auto">…</bdi>")."""
    from forum_site.content_language import content_language, differs_from_interface

    if value is None or value == "":
        return value
    code = content_language(obj) if obj is not None else ""
    if differs_from_interface(code):
        return format_html('<bdi lang="{}" dir="auto">{}</bdi>', code, value)
    return format_html("<bdi>{}</bdi>", value)
