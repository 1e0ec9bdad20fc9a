"""forum_site.private_files: uploads checked by content, names that cannot be guessed,
serving with safe headers (streamed or X-Accel-Redirect), and the API's file listings."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory

from forum_site import private_files

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def roots(media_roots):
    return media_roots


# Uploads checked by content ------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,extension",
    [
        ("report.pdf", PDF, "pdf"),
        ("report.exe", PDF, "pdf"),  # the content decides, and the stored extension follows it
        ("photo.png", png_bytes(), "png"),
        ("notes.docx", docx_bytes(), "docx"),
        ("notes.txt", "Plain notes, ü.\n".encode(), "txt"),
        ("figures.csv", b"year,people\n2024,12\n", "csv"),
    ],
)
def test_accepted_uploads_get_the_extension_of_their_content(name, content, extension):
    assert private_files.check_upload(SimpleUploadedFile(name, content)) == extension


@pytest.mark.parametrize(
    "name,content",
    [
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("innocent.pdf", b"<html><body onload=alert(1)>"),
        ("innocent.txt", b"\xef\xbb\xbf  \n<script>alert(document.cookie)</script>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("data.xml", b'<?xml version="1.0"?><data/>'),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("notes.txt", b"Hello\n<iframe src=//evil.example></iframe>"),
    ],
)
def test_markup_and_scripts_are_refused_whatever_their_name(name, content):
    with pytest.raises(ValidationError) as error:
        private_files.check_upload(SimpleUploadedFile(name, content))
    assert error.value.code == "markup"
    assert "web page, SVG, XML or script" in error.value.messages[0]


@pytest.mark.parametrize(
    "name,content",
    [
        ("tool.js", b"alert(1)"),  # text, but not a .txt/.csv/.md name
        ("blob.txt", b"\x00\x01\x02binary"),
        ("latin.txt", b"caf\xe9"),  # not UTF-8
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 40),
        ("program.pdf", b"MZ\x90\x00 not a pdf"),
    ],
)
def test_other_types_are_refused_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as error:
        private_files.check_upload(SimpleUploadedFile(name, content))
    assert error.value.code == "type"
    assert "checked by its content" in error.value.messages[0]


def test_text_can_be_refused_for_a_caller_that_wants_no_text():
    with pytest.raises(ValidationError):
        private_files.check_upload(SimpleUploadedFile("notes.txt", b"hello"), allow_text=False)


def test_the_upload_is_rewound_after_the_check():
    upload = SimpleUploadedFile("report.pdf", PDF)
    private_files.check_upload(upload)
    assert upload.read() == PDF


# Names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "original,stem",
    [
        ("Annual report 2024.pdf", "Annual_report_2024"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\brief.docx", "brief"),
        ("<script>.html", "script"),
        ("...", ""),
        ("", ""),
    ],
)
def test_unguessable_names_keep_a_safe_stem_and_a_random_token(original, stem):
    first = private_files.unguessable_name(original, "pdf")
    second = private_files.unguessable_name(original, "pdf")
    assert first != second
    assert first.endswith(".pdf") and "/" not in first and "\\" not in first
    assert first.startswith(f"{stem}-" if stem else "")
    token = first.removesuffix(".pdf")[len(stem) + 1 if stem else 0 :]
    assert len(token) >= 22


def test_private_storage_follows_the_setting_and_has_no_url(roots):
    storage = private_files.private_storage()
    name = storage.save("x/secret.txt", ContentFile(b"s"))
    assert (roots / "private" / name).read_bytes() == b"s"
    assert not (roots / "media").exists()
    with pytest.raises(NotImplementedError):
        storage.url(name)


# Serving -------------------------------------------------------------------------------


FIELD = models.FileField(storage=private_files.private_storage)


def fieldfile(name):
    """A ``FieldFile`` on the private storage (no model needed)."""
    return FieldFile(None, FIELD, name)


def stored(name, content):
    return fieldfile(private_files.private_storage().save(name, ContentFile(content)))


def get_request():
    return RequestFactory().get("/somewhere/")


@pytest.mark.parametrize(
    "name,content_type,disposition",
    [
        ("d/t/brief.pdf", "application/pdf", "inline"),
        ("d/t/photo.png", "image/png", "inline"),
        (
            "d/t/notes.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment",
        ),
        ("d/t/notes.txt", "text/plain", "attachment"),
        # Stored before uploads were checked (moved by the migration): never shown inline.
        ("d/t/page.html", "application/octet-stream", "attachment"),
        ("d/t/logo.svg", "application/octet-stream", "attachment"),
    ],
)
def test_served_files_carry_safe_headers(roots, name, content_type, disposition):
    response = private_files.serve(get_request(), stored(name, b"content"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"content"
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(disposition)
    assert name.rsplit("/", 1)[-1] in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "private" in response["Cache-Control"]


def test_x_accel_mode_sends_no_bytes_only_the_internal_path(roots, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    response = private_files.serve(get_request(), stored("delegations/3/tok/été brief.pdf", b"s"))
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == (
        "/_private/files/" + "delegations/3/tok/%C3%A9t%C3%A9%20brief.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_x_accel_refuses_a_path_outside_the_served_roots(roots, settings, tmp_path):
    from django.http import Http404

    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    with pytest.raises(Http404):
        private_files._accel_path(str(tmp_path / "elsewhere" / "x.pdf"))
    with pytest.raises(Http404):
        private_files._accel_path(str(roots / "private" / ".." / "etc" / "passwd"))


def test_a_missing_file_is_a_404(roots):
    from django.http import Http404

    with pytest.raises(Http404):
        private_files.serve(get_request(), fieldfile("delegations/1/gone.pdf"))


# Wagtail documents (serve_view) and the API ---------------------------------------------


@pytest.fixture
def public_and_private_documents(roots, db):
    from wagtail.documents import get_document_model
    from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    private = root.add_child(name="Private")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=BaseViewRestriction.LOGIN
    )
    hidden_child = private.add_child(name="Inside private")
    Document = get_document_model()
    public = Document.objects.create(
        title="Public", file=ContentFile(PDF, name="public.pdf"), collection=root
    )
    secret = Document.objects.create(
        title="Secret", file=ContentFile(PDF, name="secret.pdf"), collection=private
    )
    nested = Document.objects.create(
        title="Nested", file=ContentFile(PDF, name="nested.pdf"), collection=hidden_child
    )
    return public, secret, nested


def test_wagtail_documents_are_served_by_the_view_with_nosniff(
    client, public_and_private_documents
):
    public, secret, _nested = public_and_private_documents
    response = client.get(public.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert public.url.startswith("/documents/")  # not /media/
    assert client.get(secret.url).status_code == 302  # to the login page


def test_wagtail_documents_use_x_accel_in_production(
    client, settings, public_and_private_documents
):
    public, _secret, _nested = public_and_private_documents
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    response = client.get(public.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/media/{public.file.name}"
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == b""
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_api_lists_only_documents_outside_restricted_collections(
    client, django_user_model, public_and_private_documents, who
):
    public, secret, nested = public_and_private_documents
    if who == "superuser":
        client.force_login(django_user_model.objects.create_superuser("root", "r@e.org", "pw"))
    ids = {item["id"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert public.pk in ids
    assert secret.pk not in ids and nested.pk not in ids
    assert client.get(f"/api/v2/documents/{secret.pk}/").status_code == 404
    assert client.get(f"/api/v2/documents/{public.pk}/").status_code == 200


def test_api_lists_only_images_outside_restricted_collections(client, roots, db):
    from wagtail.images import get_image_model
    from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    private = root.add_child(name="Private images")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=BaseViewRestriction.LOGIN
    )
    Image = get_image_model()
    public = Image.objects.create(
        title="Public", file=ContentFile(png_bytes(), name="p.png"), collection=root
    )
    secret = Image.objects.create(
        title="Secret", file=ContentFile(png_bytes(), name="s.png"), collection=private
    )
    ids = {item["id"] for item in client.get("/api/v2/images/").json()["items"]}
    assert public.pk in ids and secret.pk not in ids
    assert client.get(f"/api/v2/images/{secret.pk}/").status_code == 404


@pytest.mark.parametrize(
    "name, content, accepted",
    [
        ("report.pdf", PDF, True),
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", False),
        ("notes.txt", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", False),
        ("minutes.txt", "Procès-verbal, محضر, 会议记录".encode(), True),
    ],
)
def test_wagtail_admin_document_upload_is_checked_by_content(
    client, settings, tmp_path, django_user_model, name, content, accepted
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = tmp_path
    admin = django_user_model.objects.create_superuser("docadmin", "d@example.org", "pw")
    client.force_login(admin)
    response = client.post(
        "/admin/documents/add/",
        {"title": "Upload", "file": SimpleUploadedFile(name, content), "collection": 1},
    )
    assert get_document_model().objects.filter(title="Upload").exists() is accepted
    if not accepted:
        assert response.status_code == 200
        assert "cannot be shared" in response.content.decode()
