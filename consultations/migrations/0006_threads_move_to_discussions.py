"""Thread and Comment now belong to the discussions app (its 0001 explains):
they leave this app's model state; their tables stay, untouched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_comment_changed_at"),
        ("discussions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="thread", name="content_type"),
                migrations.DeleteModel(name="Comment"),
                migrations.DeleteModel(name="Thread"),
            ],
        )
    ]
