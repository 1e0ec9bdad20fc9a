"""Organisers' pages (events/views/editing.py): create an event at /events/new/,
edit it at its page's edit/ route, cancel it or one occurrence at edit/cancel/.
Who may (each role), every field round trip, bad input answered with form
errors, a revision per save, registrants' iTIP emails, feeds."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from icalendar import Calendar
from wagtail.models import Revision

from events.models import EventPage
from events.registration import register
from events.tests.conftest import berlin

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def roles(make_user, city, ngo):
    """anonymous, member / editor / admin of the organising city, editor of another
    organisation, superuser."""
    users = {
        "member": make_user("member", org=city, role="member"),
        "editor": make_user("city_editor", org=city, role="editor"),
        "admin": make_user("city_admin", org=city, role="admin"),
        "other_editor": make_user("ngo_editor", org=ngo, role="editor"),
        "superuser": get_user_model().objects.create_superuser(
            "root", "root@example.org", "pw-for-tests-1"
        ),
    }
    return users


@pytest.fixture
def forum(make_event, city):
    return make_event(
        "Mayoral Forum",
        organisers=[city],
        timezone="Europe/Berlin",
        start=berlin(2027, 3, 1, 10),
        end=berlin(2027, 3, 1, 12),
        capacity=50,
    )


@pytest.fixture
def series(make_event, city):
    """A weekly webinar on Tuesdays at 10:00 Berlin time, ten times."""
    return make_event(
        "Tuesday webinar",
        organisers=[city],
        timezone="Europe/Berlin",
        start=berlin(2027, 1, 5, 10),
        end=berlin(2027, 1, 5, 11),
        recurrence="FREQ=WEEKLY;BYDAY=TU;COUNT=10",
        event_format="online",
        online_url="https://meet.example.org/webinar",
        city="",
    )


def login(client, roles, role):
    if role != "anonymous":
        client.force_login(roles[role])
    return client


def form_data(event=None, **changes):
    """A complete, valid POST for the form (the forum's values unless changed)."""
    data = {
        "organisation": "",
        "title": "Mayoral Forum",
        "description": "First paragraph.\n\nSecond <script>alert(1)</script> paragraph.",
        "event_type": "city_network",
        "event_format": "in_person",
        "timezone": "Europe/Berlin",
        "start": "2027-03-01T10:00",
        "end": "2027-03-01T12:00",
        "pattern": "none",
        "interval": "1",
        "ends": "never",
        "venue": "Town hall",
        "city": "Accra",
        "country": "GH",
        "online_url": "",
        "registration_enabled": "on",
        "registration_deadline": "",
        "capacity": "50",
        "participant_visibility": "participants",
        "action": "save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


ALLOWED = {"editor", "admin", "superuser"}
ROLES = ["anonymous", "member", "editor", "admin", "other_editor", "superuser"]


def _expected(role, status):
    if role == "anonymous":
        assert status == 302
    elif role in ALLOWED:
        assert status in (200, 302)
    else:
        assert status == 403


@pytest.mark.parametrize("role", ROLES)
def test_edit_page_and_link_only_for_organisers(client, roles, forum, role):
    login(client, roles, role)
    response = client.get(forum.url + "edit/")
    _expected(role, response.status_code)
    if role == "anonymous":
        assert "/login" in response["Location"] or "login" in response["Location"]
    if role in ALLOWED:
        assert response.status_code == 200
        assert 'name="title"' in response.content.decode()
    page = client.get(forum.url).content.decode()
    assert (forum.url + "edit/" in page) == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_edit_post_only_for_organisers(client, roles, forum, city, role):
    login(client, roles, role)
    response = client.post(
        forum.url + "edit/", form_data(organisation=city.pk, title="Renamed by " + role)
    )
    _expected(role, response.status_code)
    renamed = EventPage.objects.get(pk=forum.pk).title == "Renamed by " + role
    assert renamed == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_cancel_only_for_organisers(client, roles, forum, role):
    login(client, roles, role)
    get = client.get(forum.url + "edit/cancel/")
    _expected(role, get.status_code)
    response = client.post(forum.url + "edit/cancel/", {"confirm": "on", "note": "Storm"})
    _expected(role, response.status_code)
    assert EventPage.objects.get(pk=forum.pk).cancelled == (role in ALLOWED)


@pytest.mark.parametrize("role", ROLES)
def test_new_event_only_for_editors_of_some_organisation(client, roles, city, ngo, role):
    login(client, roles, role)
    response = client.get("/events/new/")
    creators = ALLOWED | {"other_editor"}
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in creators else 403)
    org = ngo if role == "other_editor" else city
    response = client.post(
        "/events/new/", form_data(organisation=org.pk, title=f"New by {role}", action="publish")
    )
    created = EventPage.objects.filter(title=f"New by {role}").first()
    assert (created is not None) == (role in creators)
    if created is not None:
        assert response.status_code == 302 and response["Location"] == created.url
        assert created.live
        assert list(created.organisers.all()) == [org]
        assert Revision.objects.for_instance(created).count() == 1


def test_index_links_to_new_event_for_editors_only(client, roles, index_page):
    assert "/events/new/" not in client.get("/events/").content.decode()
    client.force_login(roles["member"])
    assert "/events/new/" not in client.get("/events/").content.decode()
    client.force_login(roles["editor"])
    assert "/events/new/" in client.get("/events/").content.decode()


def test_an_editor_cannot_name_another_organisation_as_organiser(client, roles, city, ngo):
    client.force_login(roles["other_editor"])
    response = client.post("/events/new/", form_data(organisation=city.pk, action="publish"))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not EventPage.objects.filter(title="Mayoral Forum").exists()


def test_every_field_round_trips(client, roles, forum, city, ngo, make_org):
    third = make_org("Third org")
    client.force_login(roles["editor"])
    data = form_data(
        organisation=city.pk,
        co_organisers=[ngo.pk, third.pk],
        title="Mayoral Forum 2027",
        description="<p>Agenda <b>bold</b> <a href='javascript:x'>x</a></p>",
        event_type="global_forum",
        event_format="hybrid",
        timezone="America/New_York",
        start="2027-04-06T09:30",
        end="2027-04-06T17:00",
        pattern="weekly",
        interval="2",
        weekdays=["TU", "TH"],
        ends="until",
        until="2027-06-30",
        exceptions="2027-04-20\n2027-04-22",
        venue="Hall B",
        city="New York",
        country="US",
        online_url="https://meet.example.org/forum",
        registration_enabled="",
        registration_opens_at="2027-03-01T09:00",
        registration_deadline="2027-04-01T18:00",
        capacity="120",
        participant_visibility="public",
    )
    data.pop("registration_enabled")
    response = client.post(forum.url + "edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    page = EventPage.objects.get(pk=forum.pk)
    ny = ZoneInfo("America/New_York")
    assert page.title == "Mayoral Forum 2027"
    assert "<b>bold</b>" in page.description and "javascript" not in page.description
    assert page.event_type == "global_forum" and page.event_format == "hybrid"
    assert page.timezone == "America/New_York"
    assert page.start == datetime(2027, 4, 6, 9, 30, tzinfo=ny)
    assert page.end == datetime(2027, 4, 6, 17, 0, tzinfo=ny)
    assert page.recurrence == "FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;UNTIL=20270701T035959Z"
    assert sorted(e.date for e in page.exceptions.all()) == [date(2027, 4, 20), date(2027, 4, 22)]
    assert (page.venue, page.city, str(page.country)) == ("Hall B", "New York", "US")
    assert page.online_url == "https://meet.example.org/forum"
    assert page.registration_enabled is False
    assert page.registration_deadline == datetime(2027, 4, 1, 18, tzinfo=ny)
    assert page.registration_opens_at == datetime(2027, 3, 1, 9, tzinfo=ny)
    assert page.capacity == 120 and page.participant_visibility == "public"
    assert set(page.organisers.all()) == {city, ngo, third}
    # And back into the form as it was typed.
    form = client.get(forum.url + "edit/").context["form"]
    assert form.initial["pattern"] == "weekly" and form.initial["weekdays"] == ["TU", "TH"]
    assert form.initial["interval"] == 2 and form.initial["until"] == date(2027, 6, 30)
    assert form.initial["start"] == datetime(2027, 4, 6, 9, 30)
    assert form.initial["exceptions"] == "2027-04-20\n2027-04-22"
    assert form.initial["registration_opens_at"] == datetime(2027, 3, 1, 9)
    assert form.initial["organisation"] == city
    assert set(form.initial["co_organisers"]) == {ngo, third}


def test_monthly_patterns_and_all_day(client, roles, forum, city):
    client.force_login(roles["editor"])
    response = client.post(
        forum.url + "edit/",
        form_data(
            organisation=city.pk,
            start="2027-03-09T00:00",
            end="2027-03-09T00:00",
            all_day="on",
            pattern="monthly_nth",
            ordinal="2",
            ordinal_weekday="TU",
            ends="count",
            count="6",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    page = EventPage.objects.get(pk=forum.pk)
    assert page.recurrence == "FREQ=MONTHLY;BYDAY=2TU;COUNT=6"
    assert page.all_day and page.start == berlin(2027, 3, 9) and page.end == berlin(2027, 3, 10)
    form = client.get(forum.url + "edit/").context["form"]
    assert form.initial["end"] == datetime(2027, 3, 9)  # the last day, not the exclusive end
    response = client.post(
        forum.url + "edit/",
        form_data(organisation=city.pk, pattern="monthly_day", month_day="1", ends="never"),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert EventPage.objects.get(pk=forum.pk).recurrence == "FREQ=MONTHLY;BYMONTHDAY=1"


def test_a_rule_the_form_cannot_show_is_kept(client, roles, make_event, city):
    event = make_event(
        "Yearly",
        organisers=[city],
        timezone="Europe/Berlin",
        start=berlin(2027, 5, 4, 10),
        end=berlin(2027, 5, 4, 12),
        recurrence="FREQ=YEARLY;BYMONTH=5;BYDAY=1TU",
    )
    client.force_login(roles["editor"])
    form = client.get(event.url + "edit/").context["form"]
    assert form.initial["pattern"] == "custom"
    data = form_data(
        organisation=city.pk,
        title="Yearly renamed",
        start="2027-05-04T10:00",
        end="2027-05-04T12:00",
        pattern="custom",
    )
    response = client.post(event.url + "edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    page = EventPage.objects.get(pk=event.pk)
    assert page.title == "Yearly renamed" and page.recurrence == "FREQ=YEARLY;BYMONTH=5;BYDAY=1TU"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": "2027-03-01T09:00"}, "end"),
        ({"end": "2029-03-01T09:00"}, "end"),  # longer than a year
        ({"start": "2027-13-01T10:00"}, "start"),
        ({"start": "9999-03-01T10:00"}, "start"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"pattern": "monthly_day", "month_day": "31", "ends": "count", "count": "3"}, "pattern"),
        (
            {
                "start": "2027-04-01T10:00",
                "end": "2027-04-01T12:00",
                "pattern": "monthly_day",
                "month_day": "31",
                "ends": "until",
                "until": "2027-04-30",
            },
            "pattern",
        ),
        ({"pattern": "daily", "ends": "until", "until": "2027-02-01"}, "until"),
        ({"pattern": "daily", "ends": "until"}, "until"),
        ({"pattern": "daily", "ends": "count", "count": "0"}, "count"),
        ({"pattern": "daily", "ends": "count", "count": "99999999999999999999"}, "count"),
        ({"pattern": "daily", "interval": "0"}, "interval"),
        ({"pattern": "daily", "interval": "100000"}, "interval"),
        ({"pattern": "weekly", "weekdays": ["XX"]}, "weekdays"),
        ({"pattern": "weekly", "weekdays": ["TU"]}, "pattern"),  # 1 March 2027 is a Monday
        ({"pattern": "monthly_nth", "ordinal": "", "ordinal_weekday": "MO"}, "ordinal"),
        ({"pattern": "monthly_nth", "ordinal": "5", "ordinal_weekday": "MO"}, "ordinal"),
        ({"pattern": "hourly"}, "pattern"),
        ({"pattern": "custom"}, "pattern"),  # no rule of its own to keep
        ({"exceptions": "2027-03-08"}, "exceptions"),  # not repeating
        ({"pattern": "daily", "exceptions": "not-a-date"}, "exceptions"),
        ({"pattern": "weekly", "exceptions": "2027-03-09"}, "exceptions"),  # not an occurrence
        ({"pattern": "daily", "exceptions": "\n".join(["2027-03-02"] * 10_000)}, "exceptions"),
        (
            {
                "pattern": "daily",
                "exceptions": "\n".join(
                    (date(2027, 3, 2) + timedelta(days=n)).isoformat() for n in range(10_000)
                ),
            },
            "exceptions",
        ),
        ({"added_dates": "2027-03-20"}, "added_dates"),  # not repeating
        ({"pattern": "weekly", "added_dates": "2027-02-20"}, "added_dates"),  # before the start
        ({"pattern": "weekly", "added_dates": "2027-03-08"}, "added_dates"),  # already a Monday
        (
            {"pattern": "weekly", "added_dates": "2027-03-10", "exceptions": "2027-03-10"},
            "added_dates",
        ),
        ({"pattern": "weekly", "added_dates": "2027-02-30"}, "added_dates"),
        (
            {
                "pattern": "weekly",
                "added_dates": " ".join(
                    (date(2027, 3, 2) + timedelta(days=n)).isoformat() for n in range(300)
                ),
            },
            "added_dates",
        ),
        ({"registration_deadline": "2027-03-02T10:00"}, "registration_deadline"),
        (
            {
                "registration_opens_at": "2027-02-20T10:00",
                "registration_deadline": "2027-02-10T10:00",
            },
            "registration_opens_at",
        ),
        ({"registration_opens_at": "2027-03-01T13:00"}, "registration_opens_at"),  # after the end
        ({"registration_opens_at": "yesterday"}, "registration_opens_at"),
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "-5"}, "capacity"),
        ({"capacity": "10000000000000"}, "capacity"),
        ({"city": "", "venue": ""}, "city"),
        ({"event_format": "online", "online_url": ""}, "online_url"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"title": ""}, "title"),
        ({"title": "x" * 300}, "title"),
        ({"description": "x" * 30_000}, "description"),
        ({"country": "ZZ"}, "country"),
        ({"event_type": "party"}, "event_type"),
        ({"participant_visibility": "everyone"}, "participant_visibility"),
        ({"organisation": "99999999999999999999999"}, "organisation"),
        ({"co_organisers": ["99999999999999999999999"]}, "co_organisers"),
    ],
)
def test_bad_input_is_a_form_error(client, roles, forum, city, changes, field):
    client.force_login(roles["editor"])
    data = form_data(organisation=city.pk, title="Changed")
    data.update(changes)
    before = EventPage.objects.get(pk=forum.pk)
    response = client.post(forum.url + "edit/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    after = EventPage.objects.get(pk=forum.pk)
    assert (after.title, after.start, after.recurrence) == (
        before.title,
        before.start,
        before.recurrence,
    )
    assert (
        Revision.objects.for_instance(after).count()
        == Revision.objects.for_instance(before).count()
    )


def test_capacity_below_confirmed_registrations_is_the_models_form_error(
    client, roles, forum, city, people, ngo
):
    for person in people[:3]:
        register(person, forum, city if person.memberships.filter(organisation=city) else ngo)
    client.force_login(roles["editor"])
    response = client.post(forum.url + "edit/", form_data(organisation=city.pk, capacity="2"))
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    assert EventPage.objects.get(pk=forum.pk).capacity == 50


def test_each_save_is_a_revision_and_a_live_event_is_published(client, roles, forum, city):
    client.force_login(roles["editor"])
    before = Revision.objects.for_instance(forum).count()
    for n in range(2):
        response = client.post(forum.url + "edit/", form_data(organisation=city.pk, title=f"T{n}"))
        assert response.status_code == 302
    revisions = Revision.objects.for_instance(forum).order_by("pk")
    assert revisions.count() == before + 2
    assert revisions.last().user == roles["editor"]
    page = EventPage.objects.get(pk=forum.pk)
    assert page.live and page.title == "T1" and page.live_revision_id == revisions.last().pk


def test_a_draft_stays_a_draft_and_only_its_organisers_reach_it(client, roles, city):
    client.force_login(roles["editor"])
    response = client.post(
        "/events/new/", form_data(organisation=city.pk, title="Quiet draft", action="draft")
    )
    page = EventPage.objects.get(title="Quiet draft")
    assert not page.live and response["Location"] == f"/events/drafts/{page.pk}/"
    response = client.post(
        f"/events/drafts/{page.pk}/",
        form_data(organisation=city.pk, title="Quiet draft 2", action="draft"),
    )
    assert response.status_code == 302
    page = EventPage.objects.get(pk=page.pk)
    assert not page.live and page.get_latest_revision_as_object().title == "Quiet draft 2"
    assert Revision.objects.for_instance(page).count() == 2
    assert f"/events/drafts/{page.pk}/" in client.get("/events/new/").content.decode()
    for role in ("member", "other_editor"):
        client.force_login(roles[role])
        assert client.get(f"/events/drafts/{page.pk}/").status_code == 404
    assert f"/events/drafts/{page.pk}/" not in client.get("/events/new/").content.decode()
    client.force_login(roles["admin"])
    client.post(
        f"/events/drafts/{page.pk}/",
        form_data(organisation=city.pk, title="Out now", action="publish"),
    )
    page = EventPage.objects.get(pk=page.pk)
    assert page.live and page.title == "Out now"


def test_preview_lists_next_occurrences_without_saving(client, roles, series, city):
    client.force_login(roles["editor"])
    data = form_data(
        organisation=city.pk,
        title="Tuesday webinar",
        event_format="online",
        online_url="https://meet.example.org/webinar",
        start="2027-01-05T10:00",
        end="2027-01-05T11:00",
        pattern="weekly",
        weekdays=["TU"],
        ends="count",
        count="3",
        exceptions="2027-01-12",
        action="preview",
    )
    response = client.post(series.url + "edit/", data)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [o.local_start.date() for o in preview] == [
        date(2027, 1, 5),
        date(2027, 1, 12),
        date(2027, 1, 19),
    ]
    assert [o.cancelled for o in preview] == [False, True, False]
    assert "Next occurrences" in response.content.decode()
    assert EventPage.objects.get(pk=series.pk).recurrence == "FREQ=WEEKLY;BYDAY=TU;COUNT=10"


# -- cancelling, and what registrants and feeds get -------------------------------------


def _calendar(message):
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return Calendar.from_ical(parts[0].get_payload(decode=True).decode())


@pytest.fixture
def registrants(people, city, ngo, django_capture_on_commit_callbacks):
    def sign_up(event):
        with django_capture_on_commit_callbacks(execute=True):
            for person in people[:3]:
                org = city if person.memberships.filter(organisation=city).exists() else ngo
                register(person, event, org)
        mail.outbox.clear()
        return people[:3]

    return sign_up


def test_cancelling_an_occurrence_emails_each_registrant_and_feeds_drop_it(
    client, roles, series, registrants, django_capture_on_commit_callbacks
):
    people = registrants(series)
    sequence = EventPage.objects.get(pk=series.pk).sequence
    client.force_login(roles["editor"])
    confirm = client.get(series.url + "edit/cancel/?date=2027-01-12")
    assert confirm.status_code == 200 and "12 January 2027" in confirm.content.decode()
    assert EventPage.objects.get(pk=series.pk).exceptions.count() == 0  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            series.url + "edit/cancel/", {"date": "2027-01-12", "confirm": "on", "note": "Holiday"}
        )
    assert response.status_code == 302
    page = EventPage.objects.get(pk=series.pk)
    assert not page.cancelled and [e.date for e in page.exceptions.all()] == [date(2027, 1, 12)]
    assert page.sequence == sequence + 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    for message in mail.outbox:
        cal = _calendar(message)
        assert str(cal["METHOD"]) == "CANCEL"
        (vevent,) = cal.walk("VEVENT")
        assert vevent["RECURRENCE-ID"].dt == berlin(2027, 1, 12, 10)
        assert vevent["SEQUENCE"] == page.sequence
        assert str(vevent["STATUS"]) == "CANCELLED"
    # The feeds: the event's own, the public one and a registrant's personal one.
    feeds = [page.url + "event.ics", "/events/calendar.ics"]
    from events.models import CalendarToken

    token = CalendarToken.objects.create(user=people[0], token=CalendarToken.new_token())
    feeds.append(f"/events/feed/{token.token}.ics")
    for url in feeds:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        vevents = [v for v in Calendar.from_ical(body).walk("VEVENT") if str(v["UID"]) == page.uid]
        assert vevents, url
        exdates = [d.dt for prop in _as_list(vevents[0].get("EXDATE")) for d in prop.dts]
        assert berlin(2027, 1, 12, 10) in exdates, url
    # The site: the month grid and the event page show the date struck out.
    grid = client.get("/events/?view=month&month=2027-01").content.decode()
    assert 'class="cancelled"' in grid
    assert "<del><time" in client.get(page.url).content.decode()
    stored = page.stored_occurrences.filter(cancelled=True)
    assert [o.start for o in stored] == [berlin(2027, 1, 12, 10)]


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def test_cancelling_the_event_emails_each_registrant_and_marks_the_feeds(
    client, roles, forum, registrants, django_capture_on_commit_callbacks
):
    people = registrants(forum)
    sequence = EventPage.objects.get(pk=forum.pk).sequence
    client.force_login(roles["admin"])
    assert client.get(forum.url + "edit/cancel/").status_code == 200
    # Without the confirmation nothing happens.
    response = client.post(forum.url + "edit/cancel/", {"note": "Storm"})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert not EventPage.objects.get(pk=forum.pk).cancelled and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(forum.url + "edit/cancel/", {"confirm": "on", "note": "Storm"})
    assert response.status_code == 302
    page = EventPage.objects.get(pk=forum.pk)
    assert page.cancelled and page.cancellation_note == "Storm" and page.live
    assert page.sequence == sequence + 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    for message in mail.outbox:
        cal = _calendar(message)
        assert str(cal["METHOD"]) == "CANCEL"
        (vevent,) = cal.walk("VEVENT")
        assert "RECURRENCE-ID" not in vevent
        assert vevent["SEQUENCE"] == page.sequence
        assert str(vevent["STATUS"]) == "CANCELLED"
    for url in (page.url + "event.ics", "/events/calendar.ics"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        (vevent,) = [
            v for v in Calendar.from_ical(body).walk("VEVENT") if str(v["UID"]) == page.uid
        ]
        assert str(vevent["STATUS"]) == "CANCELLED"
    assert "This event has been cancelled." in client.get(page.url).content.decode()
    # Cancelled once: the confirmation is not offered again.
    assert client.get(page.url + "edit/cancel/").status_code == 302


def test_rescheduling_sends_a_request_with_a_higher_sequence(
    client, roles, forum, city, registrants, django_capture_on_commit_callbacks
):
    people = registrants(forum)
    sequence = EventPage.objects.get(pk=forum.pk).sequence
    client.force_login(roles["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            forum.url + "edit/",
            form_data(organisation=city.pk, start="2027-03-02T14:00", end="2027-03-02T16:00"),
        )
    assert response.status_code == 302
    page = EventPage.objects.get(pk=forum.pk)
    assert page.sequence == sequence + 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    for message in mail.outbox:
        cal = _calendar(message)
        assert str(cal["METHOD"]) == "REQUEST"
        (vevent,) = cal.walk("VEVENT")
        assert vevent["SEQUENCE"] == page.sequence
        assert vevent["DTSTART"].dt == berlin(2027, 3, 2, 14)


@pytest.mark.parametrize(
    "day", ["2027-01-13", "2026-12-29", "2027-03-16", "not-a-date", "99999-01-01"]
)
def test_cancelling_a_date_without_an_occurrence_is_refused(client, roles, series, day):
    client.force_login(roles["editor"])
    response = client.post(series.url + "edit/cancel/", {"date": day, "confirm": "on"})
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    page = EventPage.objects.get(pk=series.pk)
    assert not page.cancelled and not page.exceptions.exists()
    assert client.get(series.url + f"edit/cancel/?date={day}").status_code == 200


def test_a_one_off_event_has_no_occurrence_to_cancel(client, roles, forum):
    client.force_login(roles["editor"])
    response = client.post(forum.url + "edit/cancel/", {"date": "2027-03-01", "confirm": "on"})
    assert response.status_code == 200 and "date" in response.context["form"].errors
    assert not EventPage.objects.get(pk=forum.pk).cancelled


def test_the_edit_page_offers_to_cancel_each_next_date(client, roles, series):
    client.force_login(roles["editor"])
    page = client.get(series.url + "edit/").content.decode()
    assert series.url + "edit/cancel/?date=2027-01-12" in page
    assert series.url + "edit/cancel/" in page


@pytest.mark.parametrize("url", ["edit", "new", "cancel"])
def test_every_control_has_a_label(client, roles, series, url):
    import re

    client.force_login(roles["editor"])
    path = {
        "edit": series.url + "edit/",
        "new": "/events/new/",
        "cancel": series.url + "edit/cancel/?date=2027-01-12",
    }[url]
    html = client.get(path).content.decode()
    form = html.split('class="stacked-form"', 1)[1].split("</form>", 1)[0]
    controls = re.findall(r"<(?:input|select|textarea)\b[^>]*>", form)
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', form))
    visible = [c for c in controls if 'type="hidden"' not in c]
    assert visible
    for control in visible:
        (control_id,) = re.findall(r'id="([^"]+)"', control)
        # A checkbox of a group sits inside its own label.
        wrapped = re.search(r"<label[^>]*>\s*" + re.escape(control), form)
        assert control_id in labelled or wrapped, control


def test_added_dates_round_trip_preview_feed_and_cancel(
    client, roles, series, city, registrants, django_capture_on_commit_callbacks
):
    """An extra date outside the weekly pattern: stored, previewed, an RDATE in the
    feed (read back by icalendar), listed, and cancellable like the others."""
    people = registrants(series)
    client.force_login(roles["editor"])
    data = form_data(
        organisation=city.pk,
        title="Tuesday webinar",
        event_format="online",
        online_url="https://meet.example.org/webinar",
        city="",
        venue="",
        start="2027-01-05T10:00",
        end="2027-01-05T11:00",
        pattern="weekly",
        weekdays=["TU"],
        ends="count",
        count="3",
        added_dates="2027-01-07",
    )
    preview = client.post(series.url + "edit/", {**data, "action": "preview"}).context["preview"]
    assert [o.local_start for o in preview] == [
        berlin(2027, 1, 5, 10),
        berlin(2027, 1, 7, 10),
        berlin(2027, 1, 12, 10),
        berlin(2027, 1, 19, 10),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(series.url + "edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    page = EventPage.objects.get(pk=series.pk)
    assert [a.date for a in page.added_dates.all()] == [date(2027, 1, 7)]
    # A new date is news for calendars: an updated invitation carrying the RDATE.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    (vevent,) = _calendar(mail.outbox[0]).walk("VEVENT")
    assert [d.dt for prop in _as_list(vevent.get("RDATE")) for d in prop.dts] == [
        berlin(2027, 1, 7, 10)
    ]
    mail.outbox.clear()
    assert client.get(series.url + "edit/").context["form"].initial["added_dates"] == "2027-01-07"
    stored = [o.start for o in page.stored_occurrences.all()]
    assert berlin(2027, 1, 7, 10) in stored and len(stored) == 4
    body = client.get(page.url + "event.ics").content
    (vevent,) = Calendar.from_ical(body).walk("VEVENT")
    assert [d.dt for prop in _as_list(vevent.get("RDATE")) for d in prop.dts] == [
        berlin(2027, 1, 7, 10)
    ]
    assert b"RDATE;TZID=Europe/Berlin:20270107T100000\r\n" in body
    # The added date can be cancelled like any other: METHOD:CANCEL with its RECURRENCE-ID.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(series.url + "edit/cancel/", {"date": "2027-01-07", "confirm": "on"})
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    (vevent,) = _calendar(mail.outbox[0]).walk("VEVENT")
    assert vevent["RECURRENCE-ID"].dt == berlin(2027, 1, 7, 10)


@pytest.mark.parametrize("role", ROLES)
def test_restoring_a_cancelled_event_only_for_organisers_and_registrants_are_invited_again(
    client, roles, forum, registrants, role, django_capture_on_commit_callbacks
):
    people = registrants(forum)
    page = EventPage.objects.get(pk=forum.pk)
    page.cancelled = True
    page.save_revision().publish()
    cancelled_sequence = EventPage.objects.get(pk=forum.pk).sequence
    mail.outbox.clear()
    login(client, roles, role)
    _expected(role, client.get(forum.url + "edit/restore/").status_code)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(forum.url + "edit/restore/", {"confirm": "on"})
    _expected(role, response.status_code)
    page = EventPage.objects.get(pk=forum.pk)
    assert page.cancelled == (role not in ALLOWED)
    if role in ALLOWED:
        assert page.sequence == cancelled_sequence + 1
        assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
        cal = _calendar(mail.outbox[0])
        assert str(cal["METHOD"]) == "REQUEST"
        assert str(cal.walk("VEVENT")[0]["STATUS"]) == "CONFIRMED"
    else:
        assert not mail.outbox


def test_restoring_needs_the_confirmation(client, roles, forum):
    page = EventPage.objects.get(pk=forum.pk)
    page.cancelled = True
    page.save_revision().publish()
    client.force_login(roles["editor"])
    response = client.post(forum.url + "edit/restore/", {})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert EventPage.objects.get(pk=forum.pk).cancelled
    assert forum.url + "edit/restore/" in client.get(forum.url + "edit/").content.decode()


def test_exception_dates_far_ahead_of_a_long_series_are_not_refused(client, roles, forum, city):
    """More than 5,000 daily occurrences before a cancelled date: not judged, kept."""
    client.force_login(roles["editor"])
    response = client.post(
        forum.url + "edit/",
        form_data(organisation=city.pk, pattern="daily", exceptions="2027-03-05\n2045-06-01"),
    )
    assert response.status_code == 302, response.context["form"].errors
    page = EventPage.objects.get(pk=forum.pk)
    assert sorted(e.date for e in page.exceptions.all()) == [date(2027, 3, 5), date(2045, 6, 1)]


@pytest.mark.parametrize("reader", ["ical.js", "vobject"])
def test_clients_read_added_and_cancelled_dates_as_the_site_shows_them(client, roles, city, reader):
    """A series edited on the site (weekly across the end of summer time, one date
    added, one cancelled), read from the event's feed and the public one by
    Thunderbird's parser and by vobject: the same UTC starts as the site's own
    stored occurrences, the cancelled date in neither."""
    from datetime import UTC

    from events.tests import calendar_parsers

    client.force_login(roles["editor"])
    response = client.post(
        "/events/new/",
        form_data(
            organisation=city.pk,
            title="Autumn webinar",
            start="2027-10-05T18:00",
            end="2027-10-05T19:00",
            pattern="weekly",
            weekdays=["TU"],
            ends="count",
            count="6",
            exceptions="2027-10-19",
            added_dates="2027-11-04",
            action="publish",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    page = EventPage.objects.get(title="Autumn webinar")
    site = [o.start for o in page.stored_occurrences.filter(cancelled=False)]
    assert len(site) == 6 - 1 + 1
    assert datetime(2027, 11, 4, 17, tzinfo=UTC) in site  # 18:00 CET
    assert datetime(2027, 10, 19, 16, tzinfo=UTC) not in site
    until = datetime(2028, 6, 1, tzinfo=UTC)
    for url in (page.url + "event.ics", "/events/calendar.ics"):
        read = calendar_parsers.READERS[reader](client.get(url).content, until)
        assert sorted(read[page.uid]) == sorted(site), url


def test_an_occurrence_moved_to_its_own_time_round_trips(client, roles, series, city):
    """Moving occurrences in the form: a cancelled date plus an added date with a
    time ("2027-01-12 14:30"): previewed, stored, written as an RDATE at that time
    (every parser agrees), shown again in the form, and not cancellable as if
    it were at the series' time."""
    from events.tests.interop import readers

    client.force_login(roles["editor"])
    data = form_data(
        organisation=city.pk,
        title="Tuesday webinar",
        event_format="online",
        online_url="https://meet.example.org/webinar",
        city="",
        venue="",
        start="2027-01-05T10:00",
        end="2027-01-05T11:00",
        pattern="weekly",
        weekdays=["TU"],
        ends="count",
        count="4",
        exceptions="2027-01-12\n2027-01-19",
        # Within its day, and to the Thursday at 09:00.
        added_dates="2027-01-12 14:30\n2027-01-21 09:00",
    )
    preview = client.post(series.url + "edit/", {**data, "action": "preview"}).context["preview"]
    assert [(o.local_start, o.cancelled) for o in preview] == [
        (berlin(2027, 1, 5, 10), False),
        (berlin(2027, 1, 12, 10), True),
        (berlin(2027, 1, 12, 14, 30), False),
        (berlin(2027, 1, 19, 10), True),
        (berlin(2027, 1, 21, 9), False),
        (berlin(2027, 1, 26, 10), False),
    ]
    response = client.post(series.url + "edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    page = EventPage.objects.get(pk=series.pk)
    live = [o.start for o in page.stored_occurrences.filter(cancelled=False)]
    wanted = [
        berlin(2027, 1, 5, 10),
        berlin(2027, 1, 12, 14, 30),
        berlin(2027, 1, 21, 9),
        berlin(2027, 1, 26, 10),
    ]
    assert live == wanted
    body = client.get(page.url + "event.ics").content
    assert b"RDATE;TZID=Europe/Berlin:20270112T143000\r\n" in body
    for name, read in readers.readers().items():
        (component,) = read(body, datetime(2028, 1, 1, tzinfo=ZoneInfo("UTC")))
        assert component.starts == [w.astimezone(ZoneInfo("UTC")) for w in wanted], name
    initial = client.get(page.url + "edit/").context["form"].initial["added_dates"]
    assert initial == "2027-01-12 14:30\n2027-01-21 09:00"
    response = client.post(page.url + "edit/cancel/", {"date": "2027-01-21", "confirm": "on"})
    assert response.status_code == 200
    assert "was moved" in str(response.context["form"].errors)
    assert [e.date for e in EventPage.objects.get(pk=page.pk).exceptions.all()] == [
        date(2027, 1, 12),
        date(2027, 1, 19),
    ]


@pytest.mark.parametrize(
    ("added", "exceptions"),
    [
        ("14:30", ""),  # a time without its date
        ("2027-01-12 14:30 15:00", "2027-01-12"),  # two times for one date
        ("2027-01-12 24:00", "2027-01-12"),  # not a time (nor a date)
        ("2027-01-21 09:00", "2027-01-21"),  # cancelling a date that has only a moved one
    ],
)
def test_bad_moved_occurrences_are_form_errors(client, roles, series, city, added, exceptions):
    client.force_login(roles["editor"])
    data = form_data(
        organisation=city.pk,
        event_format="online",
        online_url="https://meet.example.org/webinar",
        start="2027-01-05T10:00",
        end="2027-01-05T11:00",
        pattern="weekly",
        weekdays=["TU"],
        ends="count",
        count="4",
        exceptions=exceptions,
        added_dates=added,
    )
    response = client.post(series.url + "edit/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "added_dates" in errors or "exceptions" in errors, errors
