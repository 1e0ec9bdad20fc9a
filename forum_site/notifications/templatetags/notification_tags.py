from django import template

from forum_site.notifications.unread import badge, unread_count

register = template.Library()


@register.simple_tag
def unread_badge(user):
    """``{% unread_badge user as unread %}``: the unread count for the header."""
    return badge(unread_count(user))
