import logging

import pytest
from django.core import mail

from forum_site.notifications.models import Notification
from forum_site.notifications.tasks import deliver_email


@pytest.mark.django_db
def test_a_backend_without_retries_logs_the_failure_and_does_not_raise(make_user, settings, caplog):
    # The immediate backend (tests' default) cannot run a task later.
    settings.EMAIL_BACKEND = "forum_site.tests.outage.FailingEmailBackend"
    note = Notification.objects.create(user=make_user("ana"), title="Hello")
    with caplog.at_level(logging.ERROR, logger="forum_site.tasks"):
        assert deliver_email.call(note.pk) is False
    assert "cannot retry later" in caplog.text
    note.refresh_from_db()
    assert note.emailed is False and mail.outbox == []
