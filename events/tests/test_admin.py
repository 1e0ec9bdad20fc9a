"""Editors type times in the event's own zone in the Wagtail admin."""

from datetime import UTC, datetime

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventPage

pytestmark = pytest.mark.django_db


def test_create_event_in_admin_with_times_in_event_zone(client, index_page, make_user, city):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = nested_form_data(
        {
            "title": "Rome hearing",
            "slug": "rome-hearing",
            "event_type": "hearing",
            "timezone": "Europe/Rome",
            "start": "2027-07-01 10:00",
            "end": "2027-07-01 13:00",
            "exceptions": inline_formset([]),
            "added_dates": inline_formset([]),
            "registration_questions": inline_formset([]),
            "event_format": "in_person",
            "venue": "Campidoglio",
            "city": "Rome",
            "country": "IT",
            "description": rich_text("<p>Hearing.</p>"),
            "sessions": inline_formset(
                [
                    {
                        "title": "Opening",
                        "start": "2027-07-01 10:00",
                        "end": "2027-07-01 10:30",
                        "room": "Sala Giulio Cesare",
                        "description": "",
                        "speakers": streamfield([]),
                        "related_pages": streamfield([]),
                    }
                ]
            ),
            "documents": inline_formset([]),
            "registration_enabled": "on",
            "participant_visibility": "hidden",
            "cancellation_note": "",
            "action-publish": "publish",
        }
    )
    data["organisers"] = [city.pk]
    response = client.post(f"/admin/pages/add/events/eventpage/{index_page.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    event = EventPage.objects.get(slug="rome-hearing")
    assert event.start == datetime(2027, 7, 1, 8, tzinfo=UTC)  # 10:00 in Rome (CEST)
    session = event.sessions.get()
    assert session.start == datetime(2027, 7, 1, 8, tzinfo=UTC)
    assert event.live and list(event.organisers.all()) == [city]
    # The edit form shows the same wall-clock times back.
    edit = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert 'value="2027-07-01 10:00"' in edit


def test_admin_refuses_unknown_timezone(client, index_page, make_user):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = nested_form_data(
        {
            "title": "Nowhere",
            "slug": "nowhere",
            "event_type": "other",
            "timezone": "Mars/Olympus_Mons",
            "start": "2027-07-01 10:00",
            "end": "2027-07-01 09:00",
            "exceptions": inline_formset([]),
            "added_dates": inline_formset([]),
            "registration_questions": inline_formset([]),
            "event_format": "online",
            "description": rich_text(""),
            "sessions": inline_formset([]),
            "documents": inline_formset([]),
            "participant_visibility": "hidden",
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/add/events/eventpage/{index_page.pk}/", data)
    assert response.status_code == 200
    assert not EventPage.objects.filter(slug="nowhere").exists()
    errors = response.context["form"].errors
    assert "timezone" in errors


@pytest.mark.parametrize(
    "rule, message",
    [
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no occurrence within 10 years"),
    ],
)
def test_admin_refuses_a_hostile_recurrence_with_a_form_error(
    client, index_page, make_user, rule, message, hang_guard
):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = nested_form_data(
        {
            "title": "Loop",
            "slug": "loop",
            "event_type": "webinar",
            "timezone": "Europe/Rome",
            "start": "2027-07-01 10:00",
            "end": "2027-07-01 11:00",
            "recurrence": rule,
            "exceptions": inline_formset([]),
            "added_dates": inline_formset([]),
            "registration_questions": inline_formset([]),
            "event_format": "online",
            "description": rich_text(""),
            "sessions": inline_formset([]),
            "documents": inline_formset([]),
            "participant_visibility": "hidden",
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/add/events/eventpage/{index_page.pk}/", data)
    assert response.status_code == 200
    assert not EventPage.objects.filter(slug="loop").exists()
    assert message in " ".join(response.context["form"].errors["recurrence"])


def _online_event_data(**fields):
    data = {
        "title": "Out of range",
        "slug": "out-of-range",
        "event_type": "webinar",
        "timezone": "Asia/Amman",
        "start": "2027-07-01 10:00",
        "end": "2027-07-01 11:00",
        "exceptions": inline_formset([]),
        "added_dates": inline_formset([]),
        "registration_questions": inline_formset([]),
        "event_format": "online",
        "description": rich_text(""),
        "sessions": inline_formset([]),
        "documents": inline_formset([]),
        "participant_visibility": "hidden",
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"start": "0001-01-01 00:00"}, "start"),
        ({"end": "9999-12-31 23:59"}, "end"),
        ({"start": "2201-01-01 10:00", "end": "2201-01-01 11:00"}, "start"),
        ({"registration_deadline": "0001-01-01 00:00"}, "registration_deadline"),
    ],
)
def test_admin_refuses_dates_out_of_range_with_a_form_error(
    client, index_page, make_user, fields, field
):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    data = _online_event_data(**fields)
    response = client.post(f"/admin/pages/add/events/eventpage/{index_page.pk}/", data)
    assert response.status_code == 200
    assert not EventPage.objects.filter(slug="out-of-range").exists()
    assert field in response.context["form"].errors


def test_admin_puts_a_title_with_line_breaks_on_one_line(client, index_page, make_user):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    data = _online_event_data(title="Out of\r\nrange\u2028")
    response = client.post(f"/admin/pages/add/events/eventpage/{index_page.pk}/", data)
    assert response.status_code == 302
    assert EventPage.objects.get(slug="out-of-range").title == "Out of range"


def test_admin_refuses_an_organiser_id_beyond_a_64_bit_integer(client, index_page, make_user):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    data = _online_event_data()
    data["organisers"] = ["99999999999999999999"]
    response = client.post(f"/admin/pages/add/events/eventpage/{index_page.pk}/", data)
    assert response.status_code == 200
    assert "organisers" in response.context["form"].errors
    assert not EventPage.objects.filter(slug="out-of-range").exists()


@pytest.mark.parametrize(("choices", "status"), [("Morning\nAfternoon", 302), ("Only one", 200)])
def test_admin_registration_questions_need_their_choices(
    client, index_page, make_user, city, choices, status
):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = nested_form_data(
        {
            "title": "Asked hearing",
            "slug": "asked-hearing",
            "event_type": "hearing",
            "timezone": "Europe/Rome",
            "start": "2027-07-01 10:00",
            "end": "2027-07-01 13:00",
            "exceptions": inline_formset([]),
            "added_dates": inline_formset([]),
            "registration_questions": inline_formset(
                [{"label": "Session", "help_text": "", "kind": "choice", "choices": choices}]
            ),
            "event_format": "in_person",
            "city": "Rome",
            "country": "IT",
            "description": rich_text("<p>Hearing.</p>"),
            "sessions": inline_formset([]),
            "documents": inline_formset([]),
            "registration_enabled": "on",
            "participant_visibility": "hidden",
            "cancellation_note": "",
            "action-publish": "publish",
        }
    )
    data["organisers"] = [city.pk]
    response = client.post(f"/admin/pages/add/events/eventpage/{index_page.pk}/", data)
    assert response.status_code == status
    if status == 302:
        event = EventPage.objects.get(slug="asked-hearing")
        assert [q.choice_list for q in event.registration_questions.all()] == [
            ["Morning", "Afternoon"]
        ]
    else:
        assert "at least two choices" in response.content.decode()
        assert not EventPage.objects.filter(slug="asked-hearing").exists()
