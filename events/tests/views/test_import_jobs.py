"""Large calendar files are imported by the task queue's worker, with a
progress page only their importer (and superusers) may see."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events import importer
from events.models import CalendarImport, EventPage
from events.tests.conftest import ics, vevent

pytestmark = pytest.mark.django_db

EVENTS = 45  # above importer.BACKGROUND_ABOVE: three batches of at most 20


def large_file(count=EVENTS):
    """``count`` events, every third one a weekly series."""
    return ics(
        *[
            vevent(
                uid=f"big-{n}@test",
                summary=f"Hearing {n}",
                extra="RRULE:FREQ=WEEKLY;COUNT=8\r\n" if n % 3 == 0 else "",
            )
            for n in range(count)
        ]
    )


def upload_and_confirm(client, user, org, data=None):
    from django.test import TestCase

    django_capture_on_commit_callbacks = TestCase.captureOnCommitCallbacks
    client.force_login(user)
    response = client.post(
        "/events/import/",
        {
            "file": SimpleUploadedFile("big.ics", data or large_file(), "text/calendar"),
            "organisation": org.pk,
        },
    )
    assert "Preview" in response.content.decode()
    job = CalendarImport.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
        return job, client.post(f"/events/import/{job.pk}/confirm/")


def restart(client, job):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/events/import/{job.pk}/restart/")


def test_a_large_file_is_imported_by_the_worker_with_progress(
    client, editor, city, index_page, task_queue
):
    assert EVENTS > importer.BACKGROUND_ABOVE
    job, response = upload_and_confirm(client, editor, city)
    assert response.status_code == 302
    assert response["Location"] == f"/events/import/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("queued", 0, EVENTS)
    assert not EventPage.objects.exists()  # nothing in the request
    assert task_queue.queued(importer.run_import).count() == 1
    page = client.get(f"/events/import/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh"' in page and "Reload now" in page
    assert f'of <span data-field="total">{EVENTS}</span>' in page
    # Confirming again does not queue it twice.
    assert client.post(f"/events/import/{job.pk}/confirm/").status_code == 404

    task_queue.run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("imported", EVENTS, EVENTS)
    assert job.summary == {"create": EVENTS, "update": 0, "skip": 0} and job.errors == []
    assert job.finished_at is not None
    assert EventPage.objects.filter(live=True).count() == EVENTS
    assert EventPage.objects.exclude(recurrence="").count() == EVENTS // 3
    assert set(EventPage.objects.values_list("organisers", flat=True)) == {city.pk}
    page = client.get(f"/events/import/{job.pk}/").content.decode()
    assert "The import is complete." in page and 'http-equiv="refresh"' not in page
    progress = client.get(f"/events/import/{job.pk}/progress.json").json()
    assert progress["status"] == "imported" and progress["done"] == progress["total"] == EVENTS
    assert progress["created"] == EVENTS and not progress["in_progress"]
    # Running the task again changes nothing.
    assert importer.run_import.call(job.pk) == "imported"
    assert EventPage.objects.count() == EVENTS


def test_the_same_large_file_again_skips_every_event(client, editor, city, index_page, task_queue):
    upload_and_confirm(client, editor, city)
    task_queue.run_worker()
    job, _response = upload_and_confirm(client, editor, city)
    task_queue.run_worker()
    job.refresh_from_db()
    assert job.summary == {"create": 0, "update": 0, "skip": EVENTS}
    assert EventPage.objects.count() == EVENTS


def test_a_small_file_is_still_imported_in_the_request(
    client, editor, city, index_page, task_queue
):
    small = ics(*[vevent(uid=f"s{n}@t") for n in range(importer.BACKGROUND_ABOVE)])
    job, response = upload_and_confirm(client, editor, city, small)
    assert response.status_code == 302 and "/import/" not in response["Location"]
    assert EventPage.objects.count() == importer.BACKGROUND_ABOVE
    assert not task_queue.queued(importer.run_import).exists()
    job.refresh_from_db()
    assert job.status == "imported"


def test_only_the_importer_and_superusers_see_the_progress(
    client, editor, city, make_user, index_page, task_queue
):
    job, _response = upload_and_confirm(client, editor, city)
    client.logout()
    urls = [f"/events/import/{job.pk}/", f"/events/import/{job.pk}/progress.json"]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    colleague = make_user("colleague", org=city, role="admin")
    client.force_login(colleague)
    for url in urls:
        assert client.get(url).status_code == 404
    assert restart(client, job).status_code == 404
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    for url in urls:
        assert client.get(url).status_code == 200
    client.force_login(editor)
    for url in urls:
        assert client.get(url).status_code == 200


def test_a_failure_mid_way_is_recorded_and_the_import_can_continue(
    client, editor, city, index_page, task_queue, monkeypatch
):
    job, _response = upload_and_confirm(client, editor, city)
    original = importer._fill
    calls = {"n": 0}

    def disk_full_at_the_30th(page, parsed):
        calls["n"] += 1
        if calls["n"] == 30:
            raise RuntimeError("disk full")
        original(page, parsed)

    monkeypatch.setattr(importer, "_fill", disk_full_at_the_30th)
    task_queue.run_worker()
    job.refresh_from_db()
    # The first batch (20 events) committed, the second one rolled back whole.
    assert (job.status, job.done) == ("failed", importer.BATCH_SIZE)
    assert EventPage.objects.count() == importer.BATCH_SIZE
    assert len(job.errors) == 1
    assert f"Stopped after 20 of {EVENTS} events" in job.errors[0]
    assert "Start the import again" in job.errors[0]
    page = client.get(f"/events/import/{job.pk}/").content.decode()
    assert "Stopped after 20 of" in page and "Start the import again" in page
    assert 'http-equiv="refresh"' not in page

    monkeypatch.setattr(importer, "_fill", original)  # the disk has room again
    response = restart(client, job)
    assert response.status_code == 302
    task_queue.run_worker()
    job.refresh_from_db()
    assert (job.status, job.done) == ("imported", EVENTS)
    assert job.summary["create"] == EVENTS
    assert EventPage.objects.count() == EVENTS
    assert len(set(EventPage.objects.values_list("ical_uid", flat=True))) == EVENTS
    # A finished import cannot be restarted.
    assert restart(client, job).status_code == 404


def test_an_event_taken_meanwhile_stops_the_import_with_its_name(
    client, editor, city, make_org, make_user, index_page, task_queue
):
    job, _response = upload_and_confirm(client, editor, city)
    # Between the preview and the worker, another organisation imports one
    # of the file's events (of the third batch) under its own name.
    other_org = make_org("Elsewhere")
    other = make_user("other", org=other_org, role="editor")
    importer.apply(
        importer.plan(importer.parse(ics(vevent(uid="big-44@test"))), other, other_org),
        other,
        other_org,
        index_page,
    )
    task_queue.run_worker()
    job.refresh_from_db()
    assert (job.status, job.done) == ("failed", 40)
    assert "Stopped after 40 of 45 events" in job.errors[0]
    assert "big-44@test" in job.errors[0] and "you do not organise it" in job.errors[0]
    assert EventPage.objects.count() == 41  # 40 of ours, and theirs


def test_running_a_job_twice_or_after_a_crash_imports_nothing_twice(
    client, editor, city, index_page, task_queue
):
    job, _response = upload_and_confirm(client, editor, city)
    # The first 20 events are already there, but the job's count says 0 (a
    # crash of any kind): matching by UID skips them.
    first = ics(*[vevent(uid=f"big-{n}@test", summary=f"Hearing {n}") for n in range(20)])
    importer.apply(importer.plan(importer.parse(first), editor, city), editor, city, index_page)
    assert importer.run_import.call(job.pk) == "imported"
    assert importer.run_import.call(job.pk) == "imported"
    job.refresh_from_db()
    assert job.summary == {"create": EVENTS - 20, "update": 0, "skip": 20}
    assert EventPage.objects.count() == EVENTS


def test_a_stalled_job_offers_to_start_again(client, editor, city, index_page, task_queue):
    job, _response = upload_and_confirm(client, editor, city)
    task_queue.queued().delete()  # the worker never got it
    page = client.get(f"/events/import/{job.pk}/").content.decode()
    assert "Start the import again" not in page
    CalendarImport.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    page = client.get(f"/events/import/{job.pk}/").content.decode()
    assert "the import has stopped" in page and "Start the import again" in page
    assert restart(client, job).status_code == 302
    task_queue.run_worker()
    job.refresh_from_db()
    assert job.status == "imported" and EventPage.objects.count() == EVENTS


def test_an_importer_who_lost_the_right_meanwhile_gets_a_message_not_an_import(
    client, editor, city, index_page, task_queue
):
    from forum_site.organisations.models import Membership

    job, _response = upload_and_confirm(client, editor, city)
    Membership.objects.filter(user=editor).update(role="member")
    task_queue.run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and job.done == 0
    assert job.errors == [
        "Nothing was imported: editor can no longer import events for City of Testville."
    ]
    assert not EventPage.objects.exists()
