"""The taxonomies now belong to the ``taxonomy`` app (see its ``0001_initial``).

State only: the page fields point at ``taxonomy.*`` and the models leave this
app's state. Nothing changes in the database: the terms' tables keep their
names and the many-to-many tables still point at them.
"""

from django.db import migrations, models
import django.db.models.deletion
import modelcluster.fields


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0003_practice_pages"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='callforpracticespage',
                    name='theme',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='calls', to='taxonomy.theme', verbose_name='theme'),
                ),
                migrations.AlterField(
                    model_name='practicepage',
                    name='gcm_objectives',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='practices', to='taxonomy.gcmobjective', verbose_name='GCM objectives'),
                ),
                migrations.AlterField(
                    model_name='practicepage',
                    name='government_levels',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='practices', to='taxonomy.governmentlevel', verbose_name='levels of government'),
                ),
                migrations.AlterField(
                    model_name='practicepage',
                    name='guiding_principles',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='practices', to='taxonomy.guidingprinciple', verbose_name='GCM guiding principles'),
                ),
                migrations.AlterField(
                    model_name='practicepage',
                    name='sdg_targets',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='practices', to='taxonomy.sdgtarget', verbose_name='SDG targets'),
                ),
                migrations.AlterField(
                    model_name='practicepage',
                    name='sdgs',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='practices', to='taxonomy.sdg', verbose_name='Sustainable Development Goals'),
                ),
                migrations.AlterField(
                    model_name='practicepage',
                    name='stakeholder_kinds',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='practices', to='taxonomy.stakeholderkind', verbose_name='stakeholders involved'),
                ),
                migrations.AlterField(
                    model_name='practicepage',
                    name='target_groups',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='practices', to='taxonomy.targetgroup', verbose_name='target groups'),
                ),
                migrations.AlterField(
                    model_name='practicepage',
                    name='themes',
                    field=modelcluster.fields.ParentalManyToManyField(related_name='practices', to='taxonomy.theme', verbose_name='themes'),
                ),
                migrations.DeleteModel(name="SDGTarget"),
                migrations.DeleteModel(name="SDG"),
                migrations.DeleteModel(name="GCMObjective"),
                migrations.DeleteModel(name="GovernmentLevel"),
                migrations.DeleteModel(name="GuidingPrinciple"),
                migrations.DeleteModel(name="StakeholderKind"),
                migrations.DeleteModel(name="TargetGroup"),
                migrations.DeleteModel(name="Theme"),
            ],
            database_operations=[],
        ),
    ]
