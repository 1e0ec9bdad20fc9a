"""``{% load discussions %}{% discussion_thread thread %}``: render a thread anywhere."""

from django import template

from forum_site.discussions.services import thread_context

register = template.Library()


@register.inclusion_tag("discussions/includes/thread.html", takes_context=True)
def discussion_thread(context, thread):
    data = thread_context(context["request"], thread)
    # A refused post re-renders the page with the error and the text kept.
    for key in ("thread_error", "draft_body"):
        if context.get(key):
            data[key] = context[key]
    if context.get("thread_next_url"):
        data["next_url"] = context["thread_next_url"]
    return data
