"""The facet table (see ``search.models.FacetRow``).

On PostgreSQL a generated ``tokens_vector`` column holds the tokens as a
``tsvector``, so ``ts_stat`` can count them in one pass; Django never reads or
writes it. The rows are kept in step by signals; after every ``migrate`` the objects
that have no row yet get one (``search.apps``), so an upgraded site counts
facets at once, and ``search_index facets`` rebuilds them all.
"""

import django.db.models.deletion
from django.db import migrations, models


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE "search_facetrow" ADD COLUMN "tokens_vector" tsvector '
            "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(\"tokens\", ' '))) STORED"
        )


def drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "search_facetrow" DROP COLUMN "tokens_vector"')


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0001_document_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetRow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.BigIntegerField()),
                ("tokens", models.TextField(blank=True, default="")),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("content_type", "object_id"),
                        name="search_facetrow_unique_object",
                    )
                ]
            },
        ),
        migrations.RunPython(add_vector, drop_vector),
    ]
