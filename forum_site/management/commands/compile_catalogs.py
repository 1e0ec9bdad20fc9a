from django.core.management.base import BaseCommand

from forum_site import catalogs


class Command(BaseCommand):
    help = (
        "Compile every message catalog whose .mo is missing or older than its .po "
        "(with gettext's msgfmt where installed, else in Python): make install runs it."
    )

    def handle(self, *args, **options):
        written = catalogs.compile_stale()
        self.stdout.write(f"{len(written)} catalog(s) compiled.")
