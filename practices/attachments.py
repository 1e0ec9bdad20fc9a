"""Attachments of practice submissions stay private until the practice is published.

A submission's files become Wagtail documents and images in the collection
"Practice submissions (private)", which has a view restriction for the practice
moderators (superusers pass every restriction). So until a moderator publishes
the practice:

- **documents**: Wagtail's document view (``WAGTAILDOCS_SERVE_METHOD =
  "serve_view"``) refuses them to everyone but moderators, superusers and, through
  ``let_uploader_download`` below, the person who uploaded them;
- **images**: their files (and renditions) carry ``private_files.PRIVATE_MARK``,
  so the default storage keeps them in ``PRIVATE_MEDIA_ROOT`` and gives them
  the URL of ``forum_site.private_media.serve_private_image``, which admits the
  same people as the collection (moderators, superusers) and the uploader;
  nothing lists them either (the API leaves out restricted collections,
  ``forum_site.api``);
- both get a stored name with the extension of the type their content showed.

When the practice is published (Wagtail's ``page_published``, which approval in
the moderation workflow sends), the files its body uses move to the root
collection and are public from then on (an image's file moves to ``MEDIA_ROOT``
and its renditions are made afresh there). Rejected or abandoned submissions'
files stay private. When a practice is unpublished, the files its body uses go
back to the private collection, unless another live page uses them too.
``privatise_unpublished`` does the same for practices that were never
published (a migration ran it for files uploaded before this module existed).
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction
from wagtail.signals import page_published, page_unpublished

from forum_site import private_files
from practices import rules
from practices.models import PracticePage

PRIVATE_COLLECTION = "Practice submissions (private)"


@transaction.atomic
def private_collection() -> Collection:
    """The restricted collection (created, with its restriction, when first needed)."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PRIVATE_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=PRIVATE_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
    if restriction.restriction_type != BaseViewRestriction.GROUPS:
        restriction.restriction_type = BaseViewRestriction.GROUPS
        restriction.save(update_fields=["restriction_type"])
    restriction.groups.add(rules.moderators_group())
    return collection


def is_private(obj) -> bool:
    return obj.collection.name == PRIVATE_COLLECTION and bool(
        obj.collection.get_view_restrictions()
    )


def store(kind: str, upload, extension: str, user):
    """A private Wagtail image or document for a checked upload."""
    title = upload.name.rsplit("/", 1)[-1][:255]
    upload.name = private_files.unguessable_name(upload.name, extension)
    if kind == "image":
        upload.name = private_files.with_privacy(upload.name, private=True)
    model = get_image_model() if kind == "image" else get_document_model()
    obj = model(title=title, file=upload, uploaded_by_user=user, collection=private_collection())
    obj.save()
    return obj


def attachments_of(page):
    """The images and documents a practice's body uses."""
    images, documents = [], []
    for block in page.body:
        if block.block_type == "image" and block.value.get("image") is not None:
            images.append(block.value["image"])
        elif block.block_type == "document" and block.value.get("document") is not None:
            documents.append(block.value["document"])
    return images, documents


def set_image_privacy(image, private: bool) -> bool:
    """Move ``image``'s file into (``private``) or out of the private media, and
    drop its renditions (made again where the file now is). The old file is
    deleted once the transaction commits; whether anything moved."""
    name = image.file.name
    new_name = private_files.with_privacy(name, private)
    if not name or new_name == name:
        return False
    storage = image.file.storage
    if not storage.exists(name):
        return False
    with storage.open(name, "rb") as handle:
        new_name = storage.save(new_name, handle)
    type(image).objects.filter(pk=image.pk).update(file=new_name)
    for rendition in image.renditions.all():
        rendition.delete()  # Wagtail deletes its file
    transaction.on_commit(lambda: storage.delete(name))
    image.file.name = new_name
    return True


@transaction.atomic
def publish_attachments(page) -> int:
    """Move the private files ``page`` uses to the root collection; how many moved."""
    images, documents = attachments_of(page)
    private = Collection.objects.filter(name=PRIVATE_COLLECTION)
    root = Collection.get_first_root_node()
    moved = 0
    for model, objs in ((get_image_model(), images), (get_document_model(), documents)):
        moving = model.objects.filter(pk__in=[obj.pk for obj in objs], collection__in=private)
        if model is get_image_model():
            for image in moving:
                set_image_privacy(image, private=False)
        moved += moving.update(collection=root)
    return moved


def _used_by_other_live_pages(obj, page) -> bool:
    from wagtail.models import Page, ReferenceIndex

    page_ids = [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(obj)
        .filter(base_content_type__model="page", base_content_type__app_label="wagtailcore")
        .values_list("object_id", flat=True)
        if str(object_id).isdigit() and int(object_id) != page.pk
    ]
    return Page.objects.filter(pk__in=page_ids, live=True).exists()


def withdraw_attachments(page) -> int:
    """Move the public files ``page`` uses back to the private collection,
    except those another live page also uses; how many moved."""
    images, documents = attachments_of(page)
    collection = private_collection()
    moved = 0
    for model, objs in ((get_image_model(), images), (get_document_model(), documents)):
        for obj in model.objects.filter(pk__in=[o.pk for o in objs]).exclude(collection=collection):
            if _used_by_other_live_pages(obj, page):
                continue
            if model is get_image_model():
                set_image_privacy(obj, private=True)
            moved += model.objects.filter(pk=obj.pk).update(collection=collection)
    return moved


def mark_private_images() -> int:
    """Give the private media mark to every image already in the private
    collection (files stored before images had one); how many moved."""
    moved = 0
    for image in get_image_model().objects.filter(collection__name=PRIVATE_COLLECTION):
        moved += set_image_privacy(image, private=True)
    return moved


def privatise_unpublished() -> int:
    """Make private the files of every practice that was never published."""
    moved = 0
    for page in PracticePage.objects.filter(live=False, first_published_at__isnull=True):
        moved += withdraw_attachments(page)
    return moved


@receiver(page_published)
def attachments_become_public(sender, instance, **kwargs):
    if isinstance(instance, PracticePage):
        publish_attachments(instance)


@receiver(page_unpublished)
def attachments_become_private(sender, instance, **kwargs):
    if isinstance(instance, PracticePage):
        withdraw_attachments(instance.specific)


def let_uploader_download(document, request):
    """``before_serve_document`` (runs before Wagtail's collection check): the
    submitter may download a private attachment they uploaded themselves."""
    user = request.user
    if (
        user.is_authenticated
        and document.uploaded_by_user_id == user.pk
        and user.is_active
        and is_private(document)
    ):
        # Wagtail uses a hook's answer only if it is an HttpResponse (not streamed).
        return private_files.serve(
            request, document.file, filename=document.filename, buffered=True
        )
    return None
