"""Images of practice submissions still in the private collection get the
private media mark: their files (and renditions) move from ``MEDIA_ROOT`` to
``PRIVATE_MEDIA_ROOT/media/`` and are served only by
``forum_site.private_media.serve_private_image``
(``practices.attachments.mark_private_images``).

Like 0005, this calls the app's current code (files and Wagtail's own models).
Each file is copied first and the old copy deleted only once the row points to
the new one; a missing file is left as it is. Reversing moves the files back.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from practices.attachments import mark_private_images

    moved = mark_private_images()
    if moved:
        print(f"\n  {moved} image(s) of unpublished practices moved to the private media.")


def backwards(apps, schema_editor):
    from wagtail.images import get_image_model

    from forum_site.private_files import PRIVATE_MARK
    from practices.attachments import set_image_privacy

    for image in get_image_model().objects.filter(file__contains=PRIVATE_MARK):
        set_image_privacy(image, private=False)


class Migration(migrations.Migration):
    dependencies = [("practices", "0005_private_unpublished_attachments")]

    operations = [migrations.RunPython(forwards, backwards)]
