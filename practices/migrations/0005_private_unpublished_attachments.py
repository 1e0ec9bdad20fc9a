"""Files of practices that were never published, uploaded before submission
attachments went to the private collection, move there now
(``practices.attachments.privatise_unpublished``).

This migration calls the app's current code instead of historical models:
the private collection is a treebeard node (``add_child``), which historical
models cannot create, and everything it touches (collections, their view
restrictions, groups, documents, images) is Wagtail's and Django's own. It
changes no schema, and reversing it changes nothing (files stay private
until their practice is published, as for new submissions).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from practices.attachments import privatise_unpublished

    moved = privatise_unpublished()
    if moved:
        print(f"\n  {moved} attachment(s) of unpublished practices made private.")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_taxonomies_moved_to_taxonomy_app"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
