"""What search offers the apps below it, through hooks (they cannot import search)."""

from wagtail import hooks

from search import service

# fn(queryset, text) -> queryset or None: the practice library's text box.
hooks.register("text_search", service.text_matches)
