"""Make sure the page tree the site relies on exists.

Runs after every ``migrate`` and every ``flush`` (post_migrate), so a fresh
database, a transactional test and ``seed_demo`` all see the same skeleton:
the content locales, Wagtail's root page, the home page and a default site.
Feature apps add their index pages with the ``ensure_site_structure`` hook.
"""

from django.conf import settings
from django.db import transaction


def ensure_site_structure(using: str = "default"):
    from wagtail import hooks
    from wagtail.models import Locale, Page, Site

    from forum_site.models import HomePage

    with transaction.atomic(using=using):
        default_locale = None
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            locale, _ = Locale.objects.using(using).get_or_create(language_code=code)
            if code == settings.LANGUAGE_CODE:
                default_locale = locale

        # Wagtail's migrations make the root collection; a flush (transactional
        # tests) removes it, and uploads need it.
        from wagtail.models import Collection

        if not Collection.objects.using(using).filter(depth=1).exists():
            Collection.add_root(name="Root")

        root = Page.get_first_root_node()
        if root is None:
            root = Page.add_root(
                instance=Page(title="Root", slug="root", locale=default_locale, live=True)
            )

        home = HomePage.objects.using(using).filter(depth=2).first()
        if home is None:
            # Wagtail's initial migration makes a plain "Welcome" page; replace it.
            for page in root.get_children().filter(slug="home"):
                if page.specific_class is Page:
                    page.delete()
            root.refresh_from_db()
            home = root.add_child(
                instance=HomePage(
                    title=settings.WAGTAIL_SITE_NAME,
                    slug="home",
                    locale=default_locale,
                    intro=(
                        "<p>Cities, national governments and their partners share "
                        "good practices, consult on migration policy and meet.</p>"
                    ),
                )
            )
        site = Site.objects.using(using).filter(is_default_site=True).first()
        if site is None:
            Site.objects.using(using).create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save(update_fields=["root_page"])

        for fn in hooks.get_hooks("ensure_site_structure"):
            fn(home)

        # Who edits a section in one language edits its translations too.
        from forum_site.translators import sync_translated_page_permissions

        sync_translated_page_permissions()
    return home


def ensure_child_page(parent, page_class, *, slug: str, title: str, **fields):
    """Get or create the ``page_class`` child of ``parent`` with ``slug``.

    For the apps' ``ensure_site_structure`` hooks (index pages such as
    /practices/). Returns the specific page.
    """
    existing = page_class.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = page_class(title=title, slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    return page
