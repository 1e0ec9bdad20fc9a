"""events 0004 moves delegation documents from MEDIA_ROOT to the private storage:
nothing lost, a missing file reported and kept, a second run changes nothing."""

import importlib

import pytest
from django.apps import apps

from events.models import DelegationDocument

migration = importlib.import_module("events.migrations.0004_private_documents")

pytestmark = pytest.mark.django_db


@pytest.fixture
def roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


@pytest.fixture
def old_documents(roots, make_event, make_org, make_user):
    """Rows as the old code left them: ``delegations/<id>/<name>`` under MEDIA_ROOT."""
    from events.models import Delegation

    ministry = make_org("Ministry", kind="national")
    head = make_user("head", org=ministry, role="editor")
    delegation = Delegation.objects.create(
        event=make_event("Summit", event_type="global_forum"), organisation=ministry, head=head
    )
    media = roots / "media" / "delegations" / str(delegation.pk)
    media.mkdir(parents=True)
    (media / "brief.pdf").write_bytes(b"%PDF-1.4 brief")
    (media / "notes.txt").write_bytes(b"notes")
    kept = []
    for name in ("brief.pdf", "notes.txt", "lost.pdf"):
        document = DelegationDocument.objects.create(delegation=delegation, title=name)
        DelegationDocument.objects.filter(pk=document.pk).update(
            file=f"delegations/{delegation.pk}/{name}"
        )
        kept.append(document.pk)
    return delegation, kept


def test_files_move_to_the_private_root_and_nothing_is_lost(roots, old_documents):
    delegation, pks = old_documents
    said = []
    migration.move_to_private_storage(apps, None, out=said.append)
    by_title = {d.title: d for d in DelegationDocument.objects.filter(pk__in=pks)}
    for title, content in (("brief.pdf", b"%PDF-1.4 brief"), ("notes.txt", b"notes")):
        name = by_title[title].file.name
        assert name.startswith(f"delegations/{delegation.pk}/") and name.endswith(f"/{title}")
        assert len(name.split("/")) == 4  # a random token folder was added
        assert (roots / "private" / name).read_bytes() == content
        assert not (roots / "media" / "delegations" / str(delegation.pk) / title).exists()
    # The missing file: reported, row kept unchanged.
    assert by_title["lost.pdf"].file.name == f"delegations/{delegation.pk}/lost.pdf"
    assert len(said) == 1 and "lost.pdf" in said[0] and "missing" in said[0]


def test_running_twice_changes_nothing(roots, old_documents):
    migration.move_to_private_storage(apps, None, out=lambda _m: None)
    names = dict(DelegationDocument.objects.values_list("pk", "file"))
    migration.move_to_private_storage(apps, None, out=lambda _m: None)
    assert dict(DelegationDocument.objects.values_list("pk", "file")) == names


def test_moved_files_are_downloadable_by_the_workspace(client, roots, old_documents):
    delegation, _pks = old_documents
    migration.move_to_private_storage(apps, None, out=lambda _m: None)
    client.force_login(delegation.head)
    brief = DelegationDocument.objects.get(title="brief.pdf")
    response = client.get(f"/events/delegations/{delegation.pk}/documents/{brief.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 brief"
    lost = DelegationDocument.objects.get(title="lost.pdf")
    assert (
        client.get(f"/events/delegations/{delegation.pk}/documents/{lost.pk}/").status_code == 404
    )


def test_the_reverse_moves_them_back(roots, old_documents):
    migration.move_to_private_storage(apps, None, out=lambda _m: None)
    migration.move_back_to_media(apps, None, out=lambda _m: None)
    brief = DelegationDocument.objects.get(title="brief.pdf")
    assert (roots / "media" / brief.file.name).read_bytes() == b"%PDF-1.4 brief"
    assert not (roots / "private" / brief.file.name).exists()
