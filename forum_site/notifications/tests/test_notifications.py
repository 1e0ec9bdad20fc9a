import pytest
from django.core import mail
from django.urls import reverse

from forum_site.notifications.models import Notification, NotificationSettings
from forum_site.notifications.service import notify


@pytest.mark.django_db
def test_notify_creates_emails_and_is_idempotent_with_key(
    make_user, django_capture_on_commit_callbacks
):
    alice, bob = make_user("alice"), make_user("bob")
    NotificationSettings.objects.create(user=bob, email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(
            [alice, bob, alice], title="Consultation opens", url="/c/1/", key="c1-open"
        )
    assert len(created) == 2
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]  # bob opted out
    with django_capture_on_commit_callbacks(execute=True):
        again = notify([alice, bob], title="Consultation opens", key="c1-open")
    assert again == [] and len(mail.outbox) == 1
    assert Notification.objects.filter(key="c1-open").count() == 2


@pytest.mark.django_db
def test_list_mark_read_and_settings(client, make_user):
    user = make_user("reader")
    other = make_user("other")
    mine = notify([user], title="For me", url="/organisations/", email=False)[0]
    theirs = notify([other], title="Not for me", email=False)[0]
    client.force_login(user)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "For me" in html and "Not for me" not in html and "1 unread notification" in html
    response = client.post(reverse("notifications:mark_read", args=[mine.pk]), {"open": "1"})
    assert response["Location"] == "/organisations/"
    mine.refresh_from_db()
    assert mine.is_read
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications:settings"), {})
    assert NotificationSettings.objects.get(user=user).email_enabled is False


@pytest.mark.django_db
def test_open_does_not_redirect_off_site(client, make_user):
    user = make_user("reader")
    note = notify([user], title="Odd", url="https://evil.example.com/", email=False)[0]
    client.force_login(user)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:list")
