"""Files that are not public: where they are stored, how uploads are checked, how they are served.

One way for every non-public file (docs/deployment.md, "Private files"):

- **Storage.** ``private_storage()`` is a ``FileSystemStorage`` rooted at
  ``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT``: nothing under it has a public
  URL. Stored names carry a random token (``unguessable_name``), so a name
  seen once (in a log, say) does not lead to any other file.
- **Uploads are checked by their content** (``check_upload``): magic bytes
  decide the type, and the stored name gets the extension of the type found,
  not the one the uploader chose. HTML, SVG, XML and scripts are refused.
- **Serving** (``serve``) happens only in a view that has first asked the
  content's own rule (a delegation document: ``events.rules.can_view_workspace``).
  Django streams the file in development; with ``PRIVATE_MEDIA_ACCEL_REDIRECT``
  set (``/_private/``) the answer is an empty ``X-Accel-Redirect`` to an
  ``internal`` nginx location, so nginx sends the bytes but only after Django
  said yes. Every answer has ``X-Content-Type-Options: nosniff`` and is a
  download (``Content-Disposition: attachment``) unless its type is one a
  browser shows safely (PDF, PNG, JPEG, GIF, WebP).

Wagtail documents go through the same ``sendfile`` here (``SENDFILE_BACKEND``)
once Wagtail's own serve view has checked their collection's privacy.

Wagtail images cannot use a storage of their own, so the default storage
(``MediaStorage``) keeps every file whose name starts with ``PRIVATE_MARK``
under ``PRIVATE_MEDIA_ROOT/media/`` instead of ``MEDIA_ROOT``, and gives it the
URL of ``serve_private_image`` (a view that asks the image's collection view
restrictions, the uploader excepted) instead of a public ``/media/`` one. An
image's renditions start with its file's name, so they follow it. Attachments
of practice submissions are stored so until the practice is published
(``practices.attachments``).

X-Accel locations: a file under ``PRIVATE_MEDIA_ROOT`` is sent to
``<prefix>files/<name>``, a file under ``MEDIA_ROOT`` (Wagtail documents) to
``<prefix>media/<name>``; nginx maps both with ``internal`` locations.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
import re
import secrets
from functools import cache
from pathlib import Path
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils._os import safe_join
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

# Types a browser may show in the page's origin without running anything of ours.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})

# What a private file may be, found by content: MIME type -> stored extension.
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
}
TEXT_EXTENSIONS = {"txt": "text/plain", "csv": "text/csv", "md": "text/plain"}
OFFICE_AND_PDF_AND_IMAGES = {**DOCUMENT_TYPES, **IMAGE_TYPES}
SERVED_TYPES = {*OFFICE_AND_PDF_AND_IMAGES, *TEXT_EXTENSIONS.values()}

# Text that a browser could take for a page or a script, whatever its name.
MARKUP_STARTS = (b"<", b"#!", b"%!")
MARKUP_ANYWHERE = (b"<script", b"<svg", b"<html", b"<!doctype", b"<?xml", b"<iframe", b"<body")
SNIFF_BYTES = 8192


class PrivateStorage(FileSystemStorage):
    """``PRIVATE_MEDIA_ROOT``, read when used (tests change it); no public URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Private files have no URL; a view serves them.")


# A file whose name (without its folders) starts with this is private (``MediaStorage``).
PRIVATE_MARK = "private--"


def is_private_name(name: str) -> bool:
    return posixpath.basename(name or "").startswith(PRIVATE_MARK)


def private_media_root() -> str:
    """Where ``MediaStorage`` keeps the private part of the media."""
    return os.path.join(os.path.abspath(settings.PRIVATE_MEDIA_ROOT), "media")


class MediaStorage(FileSystemStorage):
    """The default storage: ``MEDIA_ROOT`` and ``MEDIA_URL``, except for names
    whose file name starts with ``PRIVATE_MARK``: those live under
    ``PRIVATE_MEDIA_ROOT/media/`` (no public location in nginx) and their URL is
    the guarded view ``forum_site:private_media``."""

    def path(self, name):
        if is_private_name(name):
            return safe_join(private_media_root(), name)
        return super().path(name)

    def _save(self, name, content):
        saved = super()._save(name, content)
        if not is_private_name(saved):
            return saved
        # Django names the file relative to MEDIA_ROOT; name it relative to its own root.
        full_path = os.path.normpath(os.path.join(self.location, saved))
        return os.path.relpath(full_path, private_media_root()).replace("\\", "/")

    def url(self, name):
        if is_private_name(name):
            return reverse("private_media", args=[name.replace("\\", "/")])
        return super().url(name)


def with_privacy(name: str, private: bool) -> str:
    """``name`` with or without ``PRIVATE_MARK`` on its file name."""
    folder, base = posixpath.split(name)
    if base.startswith(PRIVATE_MARK):
        base = base[len(PRIVATE_MARK) :]
    if private:
        base = PRIVATE_MARK + base
    return posixpath.join(folder, base) if folder else base


@cache
def private_storage() -> PrivateStorage:
    """The storage of every non-public file (a callable, so migrations name it)."""
    return PrivateStorage()


def safe_stem(original: str, length: int = 40) -> str:
    """The uploaded name without folders, extension or unsafe characters ("" if none is left)."""
    stem = Path(original.replace("\\", "/").rsplit("/", 1)[-1]).stem.replace(".", "_")
    stem = re.sub(r"(?u)[^-\w]", "", stem.strip().replace(" ", "_"))
    return stem[:length].strip("-_")


def unguessable_name(original: str, extension: str) -> str:
    """``<readable stem>-<22 random characters>.<extension>`` (at most ~70 characters)."""
    stem = safe_stem(original)
    token = secrets.token_urlsafe(16)
    return f"{stem}-{token}.{extension}" if stem else f"{token}.{extension}"


def sniff(head: bytes) -> str | None:
    """The MIME type magic bytes show, if it is one of ``OFFICE_AND_PDF_AND_IMAGES``."""
    kind = filetype.guess(head)
    if kind is not None and kind.mime in OFFICE_AND_PDF_AND_IMAGES:
        return kind.mime
    return None


def looks_like_markup_or_script(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n\x0c").lower()
    if text.startswith(MARKUP_STARTS):
        return True
    return any(marker in text for marker in MARKUP_ANYWHERE)


def check_upload(upload, *, allowed=OFFICE_AND_PDF_AND_IMAGES, allow_text=True) -> str:
    """The extension to store ``upload`` under, found by its content; or a ValidationError.

    Office documents, PDF and images are recognised by their magic bytes; plain
    text (``.txt``, ``.csv``, ``.md`` names, valid UTF-8) when ``allow_text``.
    HTML, SVG, XML and scripts are refused whatever they are called.
    """
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    mime = sniff(head)
    if mime is not None and mime in allowed:
        return allowed[mime]
    if looks_like_markup_or_script(head):
        raise ValidationError(
            _("“%(name)s” is a web page, SVG, XML or script; such files cannot be shared."),
            params={"name": upload.name},
            code="markup",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if mime is None and allow_text and extension in TEXT_EXTENSIONS and _is_text(upload):
        return extension
    raise ValidationError(
        _(
            "“%(name)s” is not a PDF, office document, image or plain text file "
            "(checked by its content)."
        ),
        params={"name": upload.name},
        code="type",
    )


def _is_text(upload) -> bool:
    upload.seek(0)
    try:
        data = upload.read()
    finally:
        upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def content_type_for(name: str) -> str:
    """The type a stored file is served as: from its (checked) extension; anything
    else is ``application/octet-stream``, which no browser runs."""
    guessed, _encoding = mimetypes.guess_type(name)
    if name.lower().endswith(".md"):
        guessed = "text/plain"
    return guessed if guessed in SERVED_TYPES else "application/octet-stream"


def _accel_path(path: str) -> str:
    prefix = settings.PRIVATE_MEDIA_ACCEL_REDIRECT.rstrip("/") + "/"
    path = os.path.realpath(path)
    for root, sub in (
        (settings.PRIVATE_MEDIA_ROOT, "files/"),
        (settings.MEDIA_ROOT, "media/"),
    ):
        root = os.path.realpath(root)
        if path.startswith(root + os.sep):
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            return prefix + sub + quote(relative)
    raise Http404("The file is not under a served root.")


def _file_response(request, path: str, buffered: bool = False) -> HttpResponse:
    if getattr(settings, "PRIVATE_MEDIA_ACCEL_REDIRECT", ""):
        response = HttpResponse()
        response["X-Accel-Redirect"] = _accel_path(path)
        return response
    try:
        if buffered:
            with open(path, "rb") as handle:
                return HttpResponse(handle.read())
        return FileResponse(open(path, "rb"))  # noqa: SIM115 (FileResponse closes it)
    except FileNotFoundError:
        raise Http404("The file is missing.") from None


def _harden(response, content_type: str, filename: str | None, as_attachment: bool):
    response["Content-Type"] = content_type
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    patch_cache_control(response, private=True)
    return response


def serve(
    request, fieldfile, *, filename: str | None = None, buffered: bool = False
) -> HttpResponse:
    """Send a stored file to someone the caller's rule has already let in.

    ``fieldfile`` is a ``FieldFile`` on ``private_storage()`` (or a Wagtail
    document's, under ``MEDIA_ROOT``); ``filename`` the name offered to the
    browser (default: the stored name without its folders). ``buffered`` reads
    the file into a plain ``HttpResponse`` instead of streaming it (for callers,
    like Wagtail's ``before_serve_document`` hooks, that accept only those;
    uploads are at most 10 MB).
    """
    name = fieldfile.name or ""
    storage = fieldfile.storage
    if not name or not storage.exists(name):
        raise Http404("The file is missing.")
    content_type = content_type_for(name)
    filename = filename or name.rsplit("/", 1)[-1]
    response = _file_response(request, storage.path(name), buffered)
    return _harden(response, content_type, filename, content_type not in INLINE_TYPES)


def sendfile(request, filename, **kwargs):
    """A ``SENDFILE_BACKEND`` for Wagtail's document view (``WAGTAILDOCS_SERVE_METHOD =
    "serve_view"``): X-Accel-Redirect in production, streamed by Django otherwise.
    Wagtail sets the type, disposition and ``nosniff`` itself."""
    response = _file_response(request, filename)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response
