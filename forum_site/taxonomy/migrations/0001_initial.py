"""The taxonomies move here from ``practices``, keeping their tables.

The models were created by ``practices.0001_taxonomies`` (and seeded by
``practices.0002_seed_taxonomies``); this migration only takes them into this
app's state (``db_table`` keeps the table names) and moves their content types,
so snippet revisions, log entries and permissions that point at them follow.
``practices.0004`` then drops them from the practices state.
"""

from django.db import migrations, models
import django.db.models.deletion

MODELS = [
    "theme",
    "targetgroup",
    "gcmobjective",
    "sdg",
    "sdgtarget",
    "guidingprinciple",
    "governmentlevel",
    "stakeholderkind",
]


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    moving = ContentType.objects.filter(app_label=old, model__in=MODELS)
    # A row under the new label already exists only if code asked for it before
    # this migration ran (get_for_model creates on demand, e.g. Wagtail's
    # post_migrate handler after a partial or backward migrate): an empty
    # duplicate. The original, which everything points at, takes its place.
    ContentType.objects.filter(app_label=new, model__in=moving.values("model")).delete()
    moving.update(app_label=new)
    ContentType.objects.clear_cache()


def content_types_to_taxonomy(apps, schema_editor):
    _relabel(apps, "practices", "taxonomy")


def content_types_to_practices(apps, schema_editor):
    _relabel(apps, "taxonomy", "practices")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("practices", "0002_seed_taxonomies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GCMObjective',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="In English; translations come from the site's translation files.", max_length=255, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                    ],
                    options={
                        'verbose_name': 'GCM objective',
                        'verbose_name_plural': 'GCM objectives',
                        'db_table': 'practices_gcmobjective',
                        'ordering': ['number'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='GovernmentLevel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="In English; translations come from the site's translation files.", max_length=255, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                    ],
                    options={
                        'verbose_name': 'level of government',
                        'verbose_name_plural': 'levels of government',
                        'db_table': 'practices_governmentlevel',
                        'ordering': ['sort_order', 'name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='GuidingPrinciple',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="In English; translations come from the site's translation files.", max_length=255, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                    ],
                    options={
                        'verbose_name': 'GCM guiding principle',
                        'verbose_name_plural': 'GCM guiding principles',
                        'db_table': 'practices_guidingprinciple',
                        'ordering': ['sort_order', 'name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='SDG',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="In English; translations come from the site's translation files.", max_length=255, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                    ],
                    options={
                        'verbose_name': 'Sustainable Development Goal',
                        'verbose_name_plural': 'Sustainable Development Goals',
                        'db_table': 'practices_sdg',
                        'ordering': ['number'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='StakeholderKind',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="In English; translations come from the site's translation files.", max_length=255, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                    ],
                    options={
                        'verbose_name': 'kind of stakeholder',
                        'verbose_name_plural': 'kinds of stakeholder',
                        'db_table': 'practices_stakeholderkind',
                        'ordering': ['sort_order', 'name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='TargetGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="In English; translations come from the site's translation files.", max_length=255, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                    ],
                    options={
                        'verbose_name': 'target group',
                        'verbose_name_plural': 'target groups',
                        'db_table': 'practices_targetgroup',
                        'ordering': ['sort_order', 'name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Theme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="In English; translations come from the site's translation files.", max_length=255, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                    ],
                    options={
                        'verbose_name': 'theme',
                        'verbose_name_plural': 'themes',
                        'db_table': 'practices_theme',
                        'ordering': ['sort_order', 'name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='SDGTarget',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="In English; translations come from the site's translation files.", max_length=255, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                        ('code', models.CharField(help_text='For example 10.7', max_length=8, unique=True, verbose_name='code')),
                        ('sdg', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='taxonomy.sdg', verbose_name='goal')),
                    ],
                    options={
                        'verbose_name': 'SDG target',
                        'verbose_name_plural': 'SDG targets',
                        'db_table': 'practices_sdgtarget',
                        'ordering': ['sdg__number', 'sort_order'],
                        'abstract': False,
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_taxonomy, content_types_to_practices),
    ]
