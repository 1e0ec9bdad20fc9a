from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from forum_site.notifications.models import Notification
from forum_site.notifications.service import notify
from forum_site.notifications.tasks import deliver_email
from forum_site.tasks import MAX_ATTEMPTS, RETRY_DELAYS


@pytest.mark.django_db
def test_notify_during_mail_outage_loses_nothing(
    make_user, mail_outage, django_capture_on_commit_callbacks
):
    users = [make_user(name) for name in ("ana", "ben", "cleo")]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        created = notify(users, title="Consultation opens", url="/c/1/")
    assert len(created) == 3
    assert Notification.objects.filter(title="Consultation opens").count() == 3
    assert mail_outage.queued().count() == 3

    mail_outage.run_worker()  # the server is still down: each email waits for a retry
    assert mail.outbox == []
    assert mail_outage.queued().count() == 3
    assert not Notification.objects.filter(emailed=True).exists()

    mail_outage.end()
    mail_outage.run_worker(after=timedelta(seconds=RETRY_DELAYS[0]))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org",
        "ben@example.org",
        "cleo@example.org",
    ]
    assert mail.outbox[0].body.endswith("/c/1/")
    assert Notification.objects.filter(emailed=True).count() == 3
    assert not mail_outage.queued().exists()

    mail_outage.run_worker(after=timedelta(days=2))
    deliver_email.call(created[0].pk)  # a duplicate task sends nothing either
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_retries_are_bounded(make_user, mail_outage, django_capture_on_commit_callbacks):
    user = make_user("ana")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify([user], title="Never delivered")[0]
    for _attempt in range(MAX_ATTEMPTS + 2):
        mail_outage.run_worker(after=timedelta(days=1))
    assert not mail_outage.queued().exists()
    from django_tasks_db.models import DBTaskResult

    results = DBTaskResult.objects.order_by("enqueued_at")
    assert results.count() == MAX_ATTEMPTS
    assert [r.status for r in results] == ["SUCCESSFUL"] * (MAX_ATTEMPTS - 1) + ["FAILED"]
    notification.refresh_from_db()
    assert notification.emailed is False


@pytest.mark.django_db
def test_a_rolled_back_action_sends_nothing(
    make_user, mail_outage, django_capture_on_commit_callbacks
):
    user = make_user("ana")
    mail_outage.end()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify([user], title="Undone")
        raise RuntimeError
    mail_outage.run_worker()
    assert mail.outbox == [] and not Notification.objects.exists()


@pytest.mark.django_db
def test_email_of_a_title_with_line_breaks_has_a_one_line_subject(make_user):
    user = make_user("ana")
    notification = Notification.objects.create(
        user=user, title="Consultation\r\nBcc: eve@example.org\x0b opens", url="/c/1/"
    )
    assert deliver_email.call(notification.pk) is True
    assert mail.outbox[-1].subject == "Consultation Bcc: eve@example.org opens"
    assert "\n" not in mail.outbox[-1].message()["Subject"]
