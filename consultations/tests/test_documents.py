"""A document a consultation uses is as private as the consultation
(consultations/documents.py): its download and the API's documents list."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = ""


def _document(title):
    return get_document_model().objects.create(
        title=title, file=ContentFile(PDF, name=f"{title.lower().replace(' ', '-')}.pdf")
    )


def _attach(page, document):
    page.background = [("document", {"document": document, "caption": ""})]
    page.save_revision().publish()


def _downloads(client, user, document) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(document.url).status_code


def _listed(client, document) -> bool:
    client.logout()
    return document.pk in {d["id"] for d in client.get("/api/v2/documents/").json()["items"]}


def test_a_document_of_an_invited_only_consultation_is_for_its_audience(
    client, make_consultation, ministry, city, people
):
    draft_strategy = _document("Draft strategy")
    assert _downloads(client, None, draft_strategy) == 200  # no consultation uses it yet
    _attach(make_consultation(ministry, invited=[city]), draft_strategy)
    expected = {
        None: 404,
        "outsider": 404,
        "ngo_editor": 404,
        "city_member": 200,
        "owner_member": 200,
        "root": 200,
    }
    for role, status in expected.items():
        user = people[role] if role else None
        assert _downloads(client, user, draft_strategy) == status, role
    assert not _listed(client, draft_strategy)


def test_a_document_of_a_public_consultation_is_public(client, make_consultation, ministry):
    summary = _document("Public summary")
    _attach(make_consultation(ministry, audience="public"), summary)
    assert _downloads(client, None, summary) == 200
    assert _listed(client, summary)


def test_a_document_also_used_by_a_public_consultation_is_public(
    client, make_consultation, ministry, city
):
    shared = _document("Shared annex")
    _attach(make_consultation(ministry, invited=[city]), shared)
    _attach(make_consultation(ministry, audience="public"), shared)
    assert _downloads(client, None, shared) == 200
    assert _listed(client, shared)
