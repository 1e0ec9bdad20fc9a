"""Attachments of practice submissions are private until the practice is published
(practices/attachments.py): documents refused by Wagtail's document view, images
under unguessable names, neither listed by the API; public once approved; still
private after a rejection."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from practices.attachments import PRIVATE_COLLECTION, is_private
from practices.models import PracticePage
from practices.tests.helpers import approve, pdf_file, png_file, reject, submit, valid_post

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unrelated user", "submitter", "moderator", "superuser"]
BEFORE = {  # who may download an unpublished attachment document
    "anonymous": False,
    "unrelated user": False,
    "submitter": True,
    "moderator": True,
    "superuser": True,
}


@pytest.fixture
def roots(media_roots):
    return media_roots


@pytest.fixture
def users(city_member, moderator, make_user, other_city):
    return {
        "anonymous": None,
        "unrelated user": make_user("unrelated", org=other_city, role="admin"),
        "submitter": city_member,
        "moderator": moderator,
        "superuser": get_user_model().objects.create_superuser("root", "root@e.org", "pw"),
    }


@pytest.fixture
def submitted(client, roots, city_member, city):
    client.force_login(city_member)
    response = submit(client, city, files=[pdf_file("Annual report.pdf"), png_file("site.png")])
    assert response.status_code == 302
    client.logout()
    return (
        PracticePage.objects.get(),
        get_document_model().objects.get(),
        get_image_model().objects.get(),
    )


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def downloaded(client, document) -> bool:
    response = client.get(document.url)
    if response.status_code != 200:
        return False
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"
    return True


def api_ids(client, endpoint):
    return {item["id"] for item in client.get(f"/api/v2/{endpoint}/").json()["items"]}


def test_attachments_start_private_with_unguessable_names(submitted):
    _page, document, image = submitted
    for obj in (document, image):
        assert obj.collection.name == PRIVATE_COLLECTION and is_private(obj)
        assert obj.uploaded_by_user.username == "city_member"
    assert document.title == "Annual report.pdf"
    stem, token = document.filename.removesuffix(".pdf").split("-", 1)
    assert stem == "Annual_report" and len(token) >= 22
    image_name = image.file.name.rsplit("/", 1)[-1]
    assert image_name.endswith(".png") and len(image_name.removesuffix(".png")) >= 22 + 5
    assert "site.png" not in image.file.name


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_attachments_by_role(client, submitted, users, role):
    _page, document, image = submitted
    as_user(client, users[role])
    assert downloaded(client, document) is BEFORE[role]
    # The API lists only what an anonymous visitor may download, whoever asks.
    assert document.pk not in api_ids(client, "documents")
    assert image.pk not in api_ids(client, "images")
    assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_published_attachments_are_public(client, submitted, users, moderator, role):
    page, document, image = submitted
    approve(page, moderator)
    page.refresh_from_db()
    assert page.live
    document.refresh_from_db()
    image.refresh_from_db()
    root = Collection.get_first_root_node()
    assert document.collection == root and image.collection == root
    as_user(client, users[role])
    assert downloaded(client, document)
    assert document.pk in api_ids(client, "documents")
    assert image.pk in api_ids(client, "images")


@pytest.mark.parametrize("role", ROLES)
def test_rejected_attachments_stay_private(client, submitted, users, moderator, role):
    page, document, image = submitted
    reject(page, moderator, comment="Please add figures.")
    document.refresh_from_db()
    image.refresh_from_db()
    assert is_private(document) and is_private(image)
    as_user(client, users[role])
    assert downloaded(client, document) is BEFORE[role]
    assert document.pk not in api_ids(client, "documents")
    assert image.pk not in api_ids(client, "images")


def test_the_submitter_cannot_download_someone_elses_private_attachment(
    client, submitted, make_user, city
):
    _page, document, _image = submitted
    colleague = make_user("colleague", org=city, role="editor")
    as_user(client, colleague)
    assert not downloaded(client, document)


def test_a_later_revision_keeps_new_attachments_private_until_it_is_published(
    client, submitted, city_editor, moderator
):
    page, first_document, _image = submitted
    approve(page, moderator)
    as_user(client, city_editor)
    data = valid_post(page.organisation, title=page.title)
    data["attachments"] = [pdf_file("Update.pdf")]
    response = client.post(f"/practices/{page.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    new = get_document_model().objects.exclude(pk=first_document.pk).get()
    assert is_private(new)
    as_user(client, None)
    assert not downloaded(client, new)
    approve(PracticePage.objects.get(pk=page.pk), moderator)
    new.refresh_from_db()
    assert not is_private(new)
    assert downloaded(client, new)


@pytest.mark.parametrize(
    "name,content",
    [
        ("report.pdf", b"<!DOCTYPE html><script>alert(1)</script>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    ],
)
def test_html_and_svg_attachments_are_refused(client, roots, city_member, city, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(city_member)
    response = submit(client, city, files=[SimpleUploadedFile(name, content)])
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["attachments"])
    assert "web page, SVG, XML or script" in errors
    assert not PracticePage.objects.exists()
    assert not get_document_model().objects.exists() and not get_image_model().objects.exists()


def test_unpublishing_a_practice_makes_its_attachments_private_again(client, submitted, moderator):
    page, document, image = submitted
    approve(page, moderator)
    page.refresh_from_db()
    page.unpublish(user=moderator)
    for obj in (document, image):
        obj.refresh_from_db()
        assert is_private(obj)
    as_user(client, None)
    assert not downloaded(client, document)
    assert document.pk not in api_ids(client, "documents")


def test_files_of_never_published_practices_are_made_private(submitted):
    """What the migration practices 0005 runs, for files uploaded before
    attachments started private (here: moved to the root collection by hand)."""
    from practices.attachments import privatise_unpublished

    page, document, image = submitted
    root = Collection.get_first_root_node()
    for obj in (document, image):
        type(obj).objects.filter(pk=obj.pk).update(collection=root)
    assert privatise_unpublished() == 2
    for obj in (document, image):
        obj.refresh_from_db()
        assert is_private(obj)
    assert privatise_unpublished() == 0  # running it again changes nothing


# -- images: their files go through the same rule as the collection ----------------


def image_fetched(client, url) -> bool:
    response = client.get(url)
    if response.status_code != 200:
        assert response.status_code == 404  # forbidden answers as missing
        return False
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\x89PNG")
    assert response["X-Content-Type-Options"] == "nosniff"
    return True


def _under(path, root) -> bool:
    return str(path).startswith(str(root) + "/")


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_images_are_served_only_by_the_guarded_view(client, submitted, users, role):
    from django.conf import settings

    _page, _document, image = submitted
    rendition = image.get_rendition("fill-20x20")
    for fieldfile in (image.file, rendition.file):
        # Not under MEDIA_ROOT (nginx serves images/ and original_images/ from there).
        assert _under(fieldfile.path, settings.PRIVATE_MEDIA_ROOT)
        assert not _under(fieldfile.path, settings.MEDIA_ROOT)
        assert fieldfile.url.startswith("/private-media/")
    as_user(client, users[role])
    assert image_fetched(client, image.file.url) is BEFORE[role]
    assert image_fetched(client, rendition.url) is BEFORE[role]


@pytest.mark.parametrize("role", ROLES)
def test_published_images_are_public_files(
    client, submitted, users, moderator, role, django_capture_on_commit_callbacks
):
    from django.conf import settings

    page, _document, image = submitted
    private_url = image.file.url
    private_path = image.file.path
    old_rendition = image.get_rendition("fill-20x20")
    with django_capture_on_commit_callbacks(execute=True):
        approve(page, moderator)
    image.refresh_from_db()
    assert not is_private(image)
    assert _under(image.file.path, settings.MEDIA_ROOT)
    assert image.file.url.startswith(settings.MEDIA_URL)
    with image.file.open("rb") as handle:
        assert handle.read(4) == b"\x89PNG"
    rendition = image.get_rendition("fill-20x20")
    assert rendition.pk != old_rendition.pk
    assert _under(rendition.file.path, settings.MEDIA_ROOT)
    assert rendition.url.startswith(settings.MEDIA_URL)
    # The private copy is gone; its URL is a 404 for everyone, moderators too.
    import os

    assert not os.path.exists(private_path)
    as_user(client, users[role])
    assert not image_fetched(client, private_url)


@pytest.mark.parametrize("role", ROLES)
def test_rejected_images_stay_private(client, submitted, users, moderator, role):
    page, _document, image = submitted
    reject(page, moderator, comment="Please add figures.")
    image.refresh_from_db()
    as_user(client, users[role])
    assert image_fetched(client, image.file.url) is BEFORE[role]


def test_unpublishing_a_practice_makes_its_images_private_again(
    client, submitted, moderator, users, django_capture_on_commit_callbacks
):
    page, _document, image = submitted
    with django_capture_on_commit_callbacks(execute=True):
        approve(page, moderator)
    page.refresh_from_db()
    image.refresh_from_db()
    public_path = image.file.path
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish(user=moderator)
    image.refresh_from_db()
    assert image.file.url.startswith("/private-media/")
    import os

    assert not os.path.exists(public_path)
    for role in ROLES:
        as_user(client, users[role])
        assert image_fetched(client, image.file.url) is BEFORE[role], role


def test_images_stored_before_the_mark_are_moved(submitted, django_capture_on_commit_callbacks):
    """What the migration practices 0006 runs: an image of the private collection
    whose file is still under MEDIA_ROOT moves to the private media, nothing lost."""
    from django.conf import settings

    from forum_site.private_files import with_privacy
    from practices.attachments import mark_private_images

    _page, _document, image = submitted
    storage = image.file.storage
    public_name = with_privacy(image.file.name, private=False)
    with image.file.open("rb") as handle:
        public_name = storage.save(public_name, handle)
    type(image).objects.filter(pk=image.pk).update(file=public_name)
    with django_capture_on_commit_callbacks(execute=True):
        assert mark_private_images() == 1
    image.refresh_from_db()
    assert _under(image.file.path, settings.PRIVATE_MEDIA_ROOT)
    with image.file.open("rb") as handle:
        assert handle.read(4) == b"\x89PNG"
    assert not storage.exists(public_name)
    assert mark_private_images() == 0


def test_the_image_rule_in_both_shapes(submitted, users):
    from forum_site.private_media import can_view_image, images_visible_to

    _page, _document, image = submitted
    for role in ROLES:
        listed = images_visible_to(users[role]).filter(pk=image.pk).exists()
        assert listed == can_view_image(users[role], image) == BEFORE[role], role


def test_private_images_are_sent_by_nginx_in_production(client, submitted, moderator, settings):
    """With X-Accel-Redirect on, Django answers with the internal location under
    ``/_private/files/`` (nginx's alias of PRIVATE_MEDIA_ROOT, docs/deployment.md)."""
    _page, _document, image = submitted
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    as_user(client, moderator)
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_private/files/media/" + image.file.name
    assert response.content == b""
    as_user(client, None)
    response = client.get(image.file.url)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response
