"""Invitations, reminders (idempotent command) and email opt-out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultations.models import ConsultationPage, ConsultationResponse, ReminderLog
from forum_site.notifications.models import Notification, NotificationSettings

pytestmark = pytest.mark.django_db


def kinds(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_hourly_command_invites_and_reminds_once(
    make_consultation,
    ministry,
    city,
    make_org,
    make_user,
    people,
    django_capture_on_commit_callbacks,
):
    other_city = make_org("Second City", kind="city")
    other_editor = make_user("other_editor", org=other_city, role="editor")
    page = make_consultation(ministry, invited=[city, other_city], opens=-1, closes=10)
    ConsultationResponse.objects.create(
        consultation=page, organisation=other_city, submission_count=1, status="submitted"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("consultation_notifications", stdout=None)
    # Invitations now; no reminder yet (closing in 10 days).
    assert kinds(people["city_editor"]) == ["consultation_invitation"]
    assert kinds(people["city_member"]) == ["consultation_invitation"]
    assert kinds(people["ngo_editor"]) == []
    assert not ReminderLog.objects.exists()

    ConsultationPage.objects.filter(pk=page.pk).update(closes_at=timezone.now() + timedelta(days=2))
    for _ in range(3):  # run "every hour": nothing twice
        with django_capture_on_commit_callbacks(execute=True):
            call_command("consultation_notifications", stdout=None)
    assert sorted(kinds(people["city_editor"])) == [
        "consultation_invitation",
        "consultation_reminder",
    ]
    # The organisation that submitted gets no reminder.
    assert "consultation_reminder" not in kinds(other_editor)
    assert ReminderLog.objects.count() == 1
    assert len([m for m in mail.outbox if m.to == [people["city_editor"].email]]) == 2


def test_scheduled_consultation_invites_when_it_opens(make_consultation, ministry, city, people):
    page = make_consultation(ministry, invited=[city], opens=1, closes=10)
    call_command("consultation_notifications", stdout=None)
    assert kinds(people["city_editor"]) == []
    ConsultationPage.objects.filter(pk=page.pk).update(opens_at=timezone.now())
    call_command("consultation_notifications", stdout=None)
    assert kinds(people["city_editor"]) == ["consultation_invitation"]


def test_email_opt_out_keeps_in_app(
    make_consultation, ministry, city, people, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=people["city_editor"], email_enabled=False)
    make_consultation(ministry, invited=[city])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("consultation_notifications", stdout=None)
    assert kinds(people["city_editor"]) == ["consultation_invitation"]
    assert not [m for m in mail.outbox if m.to == [people["city_editor"].email]]
    assert [m for m in mail.outbox if m.to == [people["city_member"].email]]


def test_publishing_during_mail_outage_invites_everyone_later_by_email(
    make_consultation, ministry, city, people, mail_outage, django_capture_on_commit_callbacks
):
    page = make_consultation(ministry, invited=[city], live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    invited = [people["city_editor"], people["city_member"]]
    for user in invited:
        assert kinds(user) == ["consultation_invitation"]
    mail_outage.run_worker()
    assert mail.outbox == []
    mail_outage.end()
    mail_outage.run_worker(after=timedelta(hours=1))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in invited)
    assert Notification.objects.filter(kind="consultation_invitation", emailed=True).count() == 2
