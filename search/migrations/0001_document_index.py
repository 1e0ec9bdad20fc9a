"""A GIN index on the whole document of Wagtail's PostgreSQL search index.

Wagtail's PostgreSQL backend matches ``(title || body) @@ query``, and its
own indexes are on ``title`` and ``body`` separately, so every search read
every index entry (about 50 ms per content type at 10,000 practices, even
when nothing matched). PostgreSQL uses an expression index when the query
repeats the expression, as Wagtail's does. Nothing to do on SQLite (FTS5).
"""

from django.db import migrations

INDEX = "search_indexentry_document_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "wagtailsearch_indexentry" '
            'USING GIN (("title" || "body"))'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
