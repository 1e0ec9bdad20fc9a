from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ForumSiteConfig(AppConfig):
    name = "forum_site"
    verbose_name = _("Forum site")

    def ready(self):
        from django.urls import register_converter

        import forum_site.checks  # noqa: F401 (registers the system checks)
        from forum_site.csp import nonce_wagtail_choosers
        from forum_site.hygiene import DatabaseIdConverter, register_admin_form_hygiene
        from forum_site.spreadsheets import guard_wagtail_exports

        # Before any URLconf is imported: the apps' URLs use <id:...>.
        register_converter(DatabaseIdConverter, "id")
        register_admin_form_hygiene()
        # Wagtail's admin exports write through the site's one spreadsheet guard.
        guard_wagtail_exports()
        nonce_wagtail_choosers()
        import forum_site.i18n  # noqa: F401  (its sign-in receiver)
        import forum_site.translators  # noqa: F401  (its post_save receiver)

        # After migrate and after every flush (transactional tests), make sure
        # the page tree the URLs rely on exists: locales, root, home, site.
        post_migrate.connect(_ensure_site, dispatch_uid="forum_site.ensure_site")


def _ensure_site(sender, using="default", **kwargs):
    # post_migrate is sent once per app; act on the last one, when every
    # app's content types and permissions exist again.
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is not with_models[-1]:
        return
    from django.contrib.contenttypes.models import ContentType

    from forum_site.site_structure import ensure_site_structure

    ContentType.objects.clear_cache()  # a flush gives content types new ids
    ensure_site_structure(using=using)
