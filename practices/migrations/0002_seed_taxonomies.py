"""Seed the practice taxonomies (idempotent: update_or_create by slug)."""

from django.db import migrations


def seed(apps, schema_editor):
    from forum_site.taxonomy.data import seed as seed_terms

    # The terms belonged to this app when this migration was written.
    seed_terms(apps, app_label="practices")


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_taxonomies")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
