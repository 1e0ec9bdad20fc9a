"""Every session has a locale and a translation key (0011 gave them)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_session_translation_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="eventsession",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="eventsession",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="eventsession",
            unique_together={("translation_key", "locale")},
        ),
    ]
