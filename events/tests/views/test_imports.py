"""Importing through the views: preview, confirm, and who may."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import CalendarImport, EventPage
from events.tests.conftest import ics, vevent

pytestmark = pytest.mark.django_db


def test_preview_then_import_through_the_views(client, editor, city, index_page):
    client.force_login(editor)
    response = client.post(
        "/events/import/",
        {
            "file": SimpleUploadedFile("c.ics", ics(vevent()), "text/calendar"),
            "organisation": city.pk,
        },
    )
    assert "Preview" in response.content.decode()
    assert not EventPage.objects.exists()
    pending = CalendarImport.objects.get()
    response = client.post(f"/events/import/{pending.pk}/confirm/")
    assert response.status_code == 302
    event = EventPage.objects.get()
    assert list(event.organisers.all()) == [city] and event.live
    # Confirming twice does nothing more.
    assert client.post(f"/events/import/{pending.pk}/confirm/").status_code == 404


def test_only_editors_import(client, make_user, city):
    client.force_login(make_user("member", org=city))
    assert client.get("/events/import/").status_code == 403


def test_confirm_needs_the_right_to_import_for_the_organisation(client, editor, city, index_page):
    from forum_site.organisations.models import Membership

    client.force_login(editor)
    client.post(
        "/events/import/",
        {
            "file": SimpleUploadedFile("c.ics", ics(vevent()), "text/calendar"),
            "organisation": city.pk,
        },
    )
    pending = CalendarImport.objects.get()
    Membership.objects.filter(user=editor).update(role="member")
    assert client.post(f"/events/import/{pending.pk}/confirm/").status_code == 403
    assert not EventPage.objects.exists()
