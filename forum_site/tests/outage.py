"""A mail server outage for tests, and the task queue's worker run in-process.

``MailOutage`` (the ``mail_outage`` fixture in the root conftest) points the
email backend at one that raises, and tasks at the real database queue, so a
test sees what production does: the action succeeds, emails wait in the
queue, and ``run_worker()`` (the ``db_worker`` command) delivers them once
the outage has ended.
"""

import smtplib
from datetime import timedelta

from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOCMEM_EMAIL = "django.core.mail.backends.locmem.EmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed (test outage)")


class TaskQueue:
    """Tasks wait in the database queue until ``run_worker()`` runs them."""

    def __init__(self, settings, monkeypatch):
        from django_tasks_db.management.commands import db_worker

        self.settings = settings
        settings.TASKS = DATABASE_TASKS
        # The worker closes stale connections between tasks; in a test that
        # would close the test's own transaction.
        monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def queued(self, task=None):
        """Tasks (of ``task`` if given) waiting to run, now or at a later retry."""
        from django_tasks_db.models import DBTaskResult

        tasks = DBTaskResult.objects.filter(status="READY")
        return tasks.filter(task_path=task.module_path) if task else tasks

    def run_worker(self, *, after=timedelta(0)):
        """Run every task that is due ``after`` from now (retries wait), then stop."""
        if after:
            self.queued().filter(run_after__lte=timezone.now() + after).update(
                run_after=timezone.now()
            )
        call_command(
            "db_worker", batch=True, startup_delay=False, interval=0, reload=False, verbosity=0
        )


class MailOutage(TaskQueue):
    def __init__(self, settings, monkeypatch):
        super().__init__(settings, monkeypatch)
        settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"

    def end(self):
        self.settings.EMAIL_BACKEND = LOCMEM_EMAIL
