from django import template

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
