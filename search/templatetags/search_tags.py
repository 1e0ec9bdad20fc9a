"""``{% similar_practices page %}``: the practices like this one that the visitor may see."""

from django import template

from search import service

register = template.Library()


@register.inclusion_tag("search/includes/similar_practices.html", takes_context=True)
def similar_practices(context, practice, limit=4):
    request = context.get("request")
    user = getattr(request, "user", None)
    hits = service.similar_practices(practice, user, limit, request) if practice else []
    return {"similar": hits, "practice": practice}
