"""Load the demo world: organisations, people, and each feature app's content.

Deterministic and idempotent. Feature apps take part by providing
``<app>/demo.py`` with ``seed(world, stdout)`` (found through INSTALLED_APPS,
in that order); ``world`` holds the organisations and users created here,
keyed by slug and username.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forum_site.demo import DEMO_PASSWORD, USERS, seed_people
from forum_site.plugins import app_submodules
from forum_site.search_text import reindex
from forum_site.site_structure import ensure_site_structure


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo organisations, users and content."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (it creates users whose password is 'demo').",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to seed demo users (password 'demo') with DEBUG off. "
                "Use --force if this really is a demo server."
            )
        ensure_site_structure()
        world = seed_people(self.stdout)
        for module in app_submodules("demo", exclude=("forum_site",)):
            module.seed(world, self.stdout)
        # Content seeded before the search's extra text (Chinese character pairs,
        # stems) existed is indexed again with it (forum_site.search_text).
        reindex()
        self.stdout.write(self.style.SUCCESS("Demo world ready. Log in with (password 'demo'):"))
        for spec in USERS:
            roles = ", ".join(f"{role} of {org}" for org, role, _t in spec.memberships)
            if spec.superuser:
                roles = "superuser"
            self.stdout.write(f"  {spec.username:<24} {DEMO_PASSWORD}   {roles}")
