"""Delegation documents move from MEDIA_ROOT (served publicly under /media/) to the
private storage (PRIVATE_MEDIA_ROOT), under a name with a random token.

Each file is copied, the row updated, and only then the public copy deleted, so
nothing is lost if the migration stops half-way (run it again: rows already
moved are found in the private storage and skipped). A row whose file is
missing is left as it is and named in the output; its download is a 404.
"""

import secrets

from django.core.files.storage import default_storage
from django.db import migrations, models

import events.models.workspace
import forum_site.private_files


def _private_name(old_name: str, delegation_id: int) -> str:
    filename = old_name.rsplit("/", 1)[-1]
    return f"delegations/{delegation_id}/{secrets.token_urlsafe(16)}/{filename}"


def move_to_private_storage(apps, schema_editor, out=print):
    DelegationDocument = apps.get_model("events", "DelegationDocument")
    private = forum_site.private_files.private_storage()
    for document in DelegationDocument.objects.order_by("pk").iterator():
        old_name = document.file.name
        if not old_name or private.exists(old_name):
            continue  # already moved (or never had a file)
        if not default_storage.exists(old_name):
            out(f"Delegation document {document.pk}: file {old_name!r} is missing; left as is.")
            continue
        with default_storage.open(old_name, "rb") as handle:
            new_name = private.save(_private_name(old_name, document.delegation_id), handle)
        DelegationDocument.objects.filter(pk=document.pk).update(file=new_name)
        default_storage.delete(old_name)


def move_back_to_media(apps, schema_editor, out=print):
    DelegationDocument = apps.get_model("events", "DelegationDocument")
    private = forum_site.private_files.private_storage()
    for document in DelegationDocument.objects.order_by("pk").iterator():
        name = document.file.name
        if not name or not private.exists(name):
            if name and not default_storage.exists(name):
                out(f"Delegation document {document.pk}: file {name!r} is missing; left as is.")
            continue
        with private.open(name, "rb") as handle:
            new_name = default_storage.save(name, handle)
        DelegationDocument.objects.filter(pk=document.pk).update(file=new_name)
        private.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_import_jobs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="delegationdocument",
            name="file",
            field=models.FileField(
                max_length=255,
                storage=forum_site.private_files.private_storage,
                upload_to=events.models.workspace.delegation_upload_to,
                verbose_name="file",
            ),
        ),
        migrations.RunPython(move_to_private_storage, move_back_to_media),
    ]
