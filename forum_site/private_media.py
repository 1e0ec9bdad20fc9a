"""Wagtail images in a restricted collection: who may see them, and the view that
serves their files (``forum_site.private_files.MediaStorage`` gives such files,
originals and renditions, the URL of ``serve_private_image``).

One rule, one shape: ``images_visible_to(viewer)`` (a queryset) and
``can_view_image(viewer, image)`` (the same predicate for one image). An image
is visible when every view restriction of its collection (and of the
collection's ancestors) admits the viewer — a login one anyone signed in, a
groups one the groups' members and superusers, a password one nobody (no page
can ask for it) — and always to the person who uploaded it.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, CollectionViewRestriction

from forum_site import private_files
from forum_site.viewer import as_viewer, get_viewer


def _passes(restriction, viewer) -> bool:
    kind = restriction.restriction_type
    if kind == BaseViewRestriction.NONE:
        return True
    if kind == BaseViewRestriction.LOGIN:
        return viewer.signed_in
    if kind == BaseViewRestriction.GROUPS:
        if viewer.acts_as_superuser:
            return True
        return bool(viewer.group_ids & {g.pk for g in restriction.groups.all()})
    return False  # PASSWORD: nothing asks for it


def _hidden_collection_paths(viewer) -> list[str]:
    def compute():
        restrictions = CollectionViewRestriction.objects.select_related(
            "collection"
        ).prefetch_related("groups")
        return sorted({r.collection.path for r in restrictions if not _passes(r, viewer)})

    return viewer.memo("private_media.hidden_collection_paths", compute)


def images_visible_to(viewer, queryset=None):
    """The images ``viewer`` may see (their files and renditions)."""
    viewer = as_viewer(viewer)
    if queryset is None:
        queryset = get_image_model().objects.all()
    hidden = Q(pk__in=[])
    for path in _hidden_collection_paths(viewer):
        hidden |= Q(collection__path__startswith=path)
    if viewer.signed_in:
        hidden &= ~Q(uploaded_by_user_id=viewer.pk)
    return queryset.exclude(hidden)


def can_view_image(viewer, image) -> bool:
    """``images_visible_to`` for one image."""
    viewer = as_viewer(viewer)
    if viewer.signed_in and image.uploaded_by_user_id == viewer.pk:
        return True
    path = image.collection.path
    return not any(path.startswith(hidden) for hidden in _hidden_collection_paths(viewer))


def serve_private_image(request, name):
    """The file of a private image or of one of its renditions, to those
    ``can_view_image`` admits; a 404 for everyone else, as for a missing file."""
    if not private_files.is_private_name(name):
        raise Http404
    image_model = get_image_model()
    image = image_model.objects.select_related("collection").filter(file=name).first()
    fieldfile = image.file if image is not None else None
    if image is None:
        rendition_model = image_model.get_rendition_model()
        rendition = (
            rendition_model.objects.select_related("image__collection").filter(file=name).first()
        )
        if rendition is None:
            raise Http404
        image, fieldfile = rendition.image, rendition.file
    if not can_view_image(get_viewer(request), image):
        raise Http404
    return private_files.serve(request, fieldfile)
