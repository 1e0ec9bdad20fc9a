"""The site shell's Wagtail hooks: the admin's page chooser offers only what the
user may see or edit (``forum_site.restrictions.choosable_pages``, which asks every
app's ``filter_visible_pages`` hook)."""

from wagtail import hooks

from forum_site.restrictions import choosable_pages


@hooks.register("construct_page_chooser_queryset")
def hide_unseeable_pages_from_chooser(pages, request):
    return choosable_pages(request.user, pages)
