"""Delegation documents are private files: stored outside MEDIA_ROOT under a path
that cannot be guessed, checked by content on upload, served only to those the
workspace rule lets in, with safe headers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import DelegationDocument, DelegationMember

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def roots(media_roots):
    return media_roots


@pytest.fixture
def people(make_user, city, ministry, delegation, django_user_model):
    confirmed = make_user("confirmed", org=city)
    invited = make_user("invited", org=city)
    for user, status in ((confirmed, "confirmed"), (invited, "invited")):
        DelegationMember.objects.create(
            delegation=delegation, user=user, role="member", status=status
        )
    return {
        "anonymous": None,
        "unrelated user": make_user("unrelated", org=city, role="admin"),
        "member of the ministry": make_user("ministry_member", org=ministry),
        "invited, not confirmed": invited,
        "confirmed member": confirmed,
        "practice moderator": _moderator(make_user),
        "superuser": django_user_model.objects.create_superuser("root", "root@e.org", "pw"),
    }


def _moderator(make_user):
    from django.contrib.auth.models import Group

    user = make_user("moderator", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Practice moderators")[0])
    return user


def upload(client, delegation, name, content, title="Brief"):
    return client.post(
        f"/events/delegations/{delegation.pk}/documents/",
        {"title": title, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.fixture
def document(client, delegation, head, roots):
    client.force_login(head)
    upload(client, delegation, "Position brief.pdf", PDF)
    client.logout()
    return DelegationDocument.objects.get()


def test_upload_goes_to_the_private_root_under_a_random_token(document, roots, delegation):
    name = document.file.name
    assert name.startswith(f"delegations/{delegation.pk}/")
    assert name.endswith("/Position_brief.pdf")
    token = name.split("/")[2]
    assert len(token) >= 22
    assert (roots / "private" / name).read_bytes() == PDF
    assert not (roots / "media").exists() or not any((roots / "media").rglob("*.pdf"))


# Who may download ------------------------------------------------------------------------

EXPECTED = {
    "anonymous": 302,  # to the login page
    "unrelated user": 403,
    "member of the ministry": 403,  # a plain member of the organisation is not in the delegation
    "invited, not confirmed": 403,
    "confirmed member": 200,
    "practice moderator": 403,
    "superuser": 200,
}


@pytest.mark.parametrize("role,status", EXPECTED.items())
def test_download_is_for_the_workspace_only(client, document, delegation, people, role, status):
    user = people[role]
    if user is not None:
        client.force_login(user)
    response = client.get(f"/events/delegations/{delegation.pk}/documents/{document.pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="Position_brief.pdf"' in response["Content-Disposition"]
    else:
        assert PDF not in (b"" if response.streaming else response.content)


def test_the_head_downloads(client, document, delegation, head):
    client.force_login(head)
    response = client.get(f"/events/delegations/{delegation.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_x_accel_mode(client, document, delegation, head, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    client.force_login(head)
    response = client.get(f"/events/delegations/{delegation.pk}/documents/{document.pk}/")
    assert response["X-Accel-Redirect"] == f"/_private/files/{document.file.name}"
    assert response.content == b""
    client.logout()
    refused = client.get(f"/events/delegations/{delegation.pk}/documents/{document.pk}/")
    assert refused.status_code == 302 and "X-Accel-Redirect" not in refused


def test_office_documents_download_as_attachments(client, delegation, head, roots):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    client.force_login(head)
    upload(client, delegation, "agenda.docx", buffer.getvalue())
    document = DelegationDocument.objects.get()
    response = client.get(f"/events/delegations/{delegation.pk}/documents/{document.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


# Refused uploads ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content",
    [
        ("agenda.html", b"<!doctype html><script>alert(document.cookie)</script>"),
        ("agenda.pdf", b"<html><body onload=alert(1)></body></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("logo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    ],
)
def test_html_and_svg_are_refused_with_a_message(client, delegation, head, roots, name, content):
    client.force_login(head)
    response = upload(client, delegation, name, content)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("web page, SVG, XML or script" in m for m in messages), messages
    assert not DelegationDocument.objects.exists()
    assert not (roots / "private").exists() or not any((roots / "private").rglob("*.*"))


def test_an_unknown_binary_is_refused(client, delegation, head, roots):
    client.force_login(head)
    response = upload(client, delegation, "tool.pdf", b"MZ\x90\x00 program")
    assert any("checked by its content" in str(m) for m in response.context["messages"])
    assert not DelegationDocument.objects.exists()


def test_the_stored_extension_follows_the_content(client, delegation, head, roots):
    client.force_login(head)
    upload(client, delegation, "report.html", PDF)
    assert DelegationDocument.objects.get().file.name.endswith("/report.pdf")
