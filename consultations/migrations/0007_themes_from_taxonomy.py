"""Consultations' themes point at ``taxonomy.Theme`` (moved from ``practices``).

State only: the many-to-many table and its column are unchanged. Runs before
``practices.0004``, which drops ``practices.Theme`` from the state.
"""

from django.db import migrations
import modelcluster.fields


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0006_threads_move_to_discussions"),
        ("taxonomy", "0001_initial"),
    ]
    run_before = [("practices", "0004_taxonomies_moved_to_taxonomy_app")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='consultationpage',
                    name='themes',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='consultations', to='taxonomy.theme', verbose_name='policy themes'),
                ),
            ],
            database_operations=[],
        ),
    ]
