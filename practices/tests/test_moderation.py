"""The practice moderation workflow: approval, rejection, notifications, set-up."""

import pytest
from django.core import mail
from django.urls import reverse

from forum_site.notifications.models import Notification
from practices.models import PracticePage
from practices.tests.helpers import approve, reject, submit

pytestmark = pytest.mark.django_db


def test_moderator_approval_publishes_and_notifies(client, city_member, city, moderator):
    client.force_login(city_member)
    submit(client, city)
    page = PracticePage.objects.get()
    mail.outbox.clear()
    with pytest.MonkeyPatch.context():
        approve(page, moderator, comment="Clear and useful.")
    page.refresh_from_db()
    assert page.live
    notification = Notification.objects.get(user=city_member, kind="practice_moderation")
    assert "published" in notification.title.lower()
    assert "Clear and useful." in notification.body
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in client.get("/practices/").content.decode()


def test_email_is_sent_on_approval(
    client, city_member, city, moderator, django_capture_on_commit_callbacks
):
    client.force_login(city_member)
    submit(client, city)
    page = PracticePage.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(page, moderator)
    assert [m.to for m in mail.outbox] == [[city_member.email]]
    assert page.title in mail.outbox[0].subject


def test_rejection_with_comment_reaches_the_submitter(client, city_member, city, moderator):
    client.force_login(city_member)
    submit(client, city)
    page = PracticePage.objects.get()
    reject(page, moderator, comment="Please add results with figures.")
    page.refresh_from_db()
    assert not page.live
    notification = Notification.objects.get(user=city_member)
    assert "Please add results with figures." in notification.body
    html = client.get(reverse("practices:contributions")).content.decode()
    assert "Changes requested" in html and "Please add results with figures." in html
    profile = client.get(reverse("profile")).content.decode()
    assert "My contributions" in profile and page.title in profile


def test_moderators_group_and_workflow_are_set_up_once():
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow

    from forum_site.site_structure import ensure_site_structure

    ensure_site_structure()
    ensure_site_structure()
    assert Group.objects.filter(name="Practice moderators").count() == 1
    workflow = Workflow.objects.get(name="Practice moderation")
    assert [t.name for t in workflow.tasks] == ["Approval by practice moderators"]
    assert PracticePage().get_workflow() is None  # unsaved page: no parent
    from practices.testing import practice_index

    assert practice_index().get_workflow() == workflow
