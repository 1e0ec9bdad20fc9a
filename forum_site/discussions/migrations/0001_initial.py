"""Thread and Comment move here from the consultations app, with their data.

The tables stay where they are (``consultations_thread``,
``consultations_comment``, with their index and constraint names): only
Django's model state moves, so no row is copied and nothing can be lost. On a
new database the consultations app's own migrations create the tables first.

The content types of the two models move to this app too, keeping their ids,
so permissions, admin log entries and anything else that points at them
follows.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ("thread", "comment")


def _move_content_types(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if content_types.filter(app_label=target, model=model).exists():
            continue  # already there (never both: post_migrate runs after this)
        content_types.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "consultations", "discussions")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "discussions", "consultations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("consultations", "0005_comment_changed_at"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Thread",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("title", models.CharField(blank=True, max_length=255, verbose_name="title")),
                        ("locked", models.BooleanField(default=False, help_text="A locked thread accepts no new comments.", verbose_name="locked")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("last_seq", models.PositiveBigIntegerField(default=0, editable=False)),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype")),
                    ],
                    options={
                        "verbose_name": "discussion thread",
                        "verbose_name_plural": "discussion threads",
                        "db_table": "consultations_thread",
                    },
                ),
                migrations.CreateModel(
                    name="Comment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("body", models.TextField(max_length=10000, verbose_name="comment")),
                        ("body_html", models.TextField(blank=True, editable=False)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("edited_at", models.DateTimeField(blank=True, null=True)),
                        ("deleted", models.BooleanField(default=False)),
                        ("hidden", models.BooleanField(default=False)),
                        ("seq", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                        ("client_id", models.CharField(blank=True, max_length=64)),
                        ("changed_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ("author", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="comments", to=settings.AUTH_USER_MODEL)),
                        ("hidden_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("organisation", models.ForeignKey(blank=True, help_text="The organisation the author speaks for.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="organisations.organisation")),
                        ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="replies", to="discussions.comment")),
                        ("thread", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="comments", to="discussions.thread")),
                    ],
                    options={
                        "verbose_name": "comment",
                        "verbose_name_plural": "comments",
                        "db_table": "consultations_comment",
                        "ordering": ["created_at", "pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="thread",
                    constraint=models.UniqueConstraint(fields=("content_type", "object_id"), name="consultations_one_thread_per_owner"),
                ),
                migrations.AddIndex(
                    model_name="comment",
                    index=models.Index(fields=["thread", "parent", "created_at"], name="consultatio_thread__397457_idx"),
                ),
                migrations.AddIndex(
                    model_name="comment",
                    index=models.Index(fields=["thread", "changed_at"], name="consultatio_thread__c277ed_idx"),
                ),
                migrations.AddConstraint(
                    model_name="comment",
                    constraint=models.UniqueConstraint(condition=models.Q(("client_id", ""), _negated=True), fields=("thread", "author", "client_id"), name="consultations_comment_client_id_unique"),
                ),
                migrations.AddConstraint(
                    model_name="comment",
                    constraint=models.UniqueConstraint(condition=models.Q(("seq__isnull", False)), fields=("thread", "seq"), name="consultations_comment_seq_unique"),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
