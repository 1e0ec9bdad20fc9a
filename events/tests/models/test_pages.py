from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import EventPage, Registration
from events.tests.conftest import berlin

pytestmark = pytest.mark.django_db


def build(**fields):
    base = {
        "title": "Forum",
        "slug": "forum",
        "start": berlin(2027, 3, 1, 10),
        "end": berlin(2027, 3, 1, 12),
        "timezone": "Europe/Berlin",
        "city": "Berlin",
    }
    base.update(fields)
    return EventPage(**base)


def test_end_before_start_is_refused():
    with pytest.raises(ValidationError) as exc:
        build(end=berlin(2027, 3, 1, 9)).clean()
    assert "end" in exc.value.message_dict


@pytest.mark.parametrize("name", ["Mars/Olympus", "../etc/passwd", "", "CET+99"])
def test_unknown_timezone_is_refused(name):
    with pytest.raises(ValidationError) as exc:
        build(timezone=name).clean()
    assert "timezone" in exc.value.message_dict


def test_known_timezone_and_valid_event_pass():
    build(timezone="America/Sao_Paulo").clean()


def test_reserved_slug_and_in_person_without_place_are_refused():
    with pytest.raises(ValidationError) as exc:
        build(slug="calendar", city="", venue="").clean()
    assert {"slug", "city"} <= set(exc.value.message_dict)


def test_invalid_recurrence_is_refused():
    with pytest.raises(ValidationError) as exc:
        build(recurrence="FREQ=SECONDLY").clean()
    assert "recurrence" in exc.value.message_dict
    build(recurrence="FREQ=MONTHLY;BYDAY=1TU;COUNT=12").clean()


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4;COUNT=5",
        "FREQ=MONTHLY;BYSETPOS=40;BYDAY=MO",
    ],
)
def test_rule_without_occurrences_or_structure_is_refused(rule):
    with pytest.raises(ValidationError) as exc:
        build(recurrence=rule).clean()
    assert list(exc.value.message_dict) == ["recurrence"]


def test_absurd_length_and_years_are_refused():
    with pytest.raises(ValidationError) as exc:
        build(end=berlin(2029, 3, 1, 12)).clean()
    assert "more than 366 days" in exc.value.message_dict["end"][0]
    with pytest.raises(ValidationError) as exc:
        build(start=berlin(2500, 3, 1, 10), end=berlin(2500, 3, 1, 12)).clean()
    assert "out of range" in exc.value.message_dict["start"][0]


def test_capacity_cannot_drop_below_confirmed(make_event, city, make_user):
    event = make_event(capacity=5)
    for n in range(3):
        Registration.objects.create(
            event=event, user=make_user(f"u{n}", org=city), organisation=city, status="confirmed"
        )
    event.capacity = 2
    with pytest.raises(ValidationError) as exc:
        event.clean()
    assert "capacity" in exc.value.message_dict
    event.capacity = 3
    event.clean()


def test_all_day_is_normalised_to_local_midnights():
    event = build(all_day=True, start=berlin(2027, 5, 4, 15), end=berlin(2027, 5, 6, 9))
    event.clean()
    assert event.start == datetime(2027, 5, 4, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.end == datetime(2027, 5, 7, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.last_day == date(2027, 5, 6)


def test_uid_is_stable_and_sequence_bumps_only_on_visible_change(make_event):
    event = make_event("Summit")
    uid, changed = event.uid, event.changed_at
    assert uid == f"event-{event.pk}@events.migration-cities-forum"
    assert event.sequence == 0
    event.save()
    event.refresh_from_db()
    assert (event.sequence, event.changed_at, event.uid) == (0, changed, uid)
    event.start += timedelta(hours=1)
    event.save()
    event.refresh_from_db()
    assert event.sequence == 1 and event.uid == uid
    event.cancelled = True
    event.save()
    event.refresh_from_db()
    assert event.sequence == 2


def test_publishing_an_old_revision_never_lowers_sequence(make_event):
    event = make_event("Summit")
    old = event.save_revision()
    event.title = "Summit 2027"
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 1
    old.publish()
    event.refresh_from_db()
    assert event.title == "Summit" and event.sequence == 2


def test_admin_form_reads_times_in_the_event_zone(make_event, settings):
    from wagtail.admin.panels import get_edit_handler

    event = make_event("Rome forum", timezone="Europe/Rome")
    form_class = get_edit_handler(EventPage).get_form_class()
    form = form_class(instance=event, for_user=None)
    assert form.initial["start"] == timezone.make_naive(event.start, ZoneInfo("Europe/Rome"))


@pytest.mark.django_db
def test_copying_an_event_gives_the_copy_its_own_agenda_rows(make_event, index_page):
    """Wagtail's page copy and its aliases go through ``copy_child_relation``
    like wagtail-localize's sync (forum_site.child_rows): a new page gets new
    rows, an alias keeps its own rows when its original is published again, and
    the original's rows stay where they are."""
    start = timezone.now() + timedelta(days=20)
    event = make_event(
        start=start,
        sessions=[
            {"sort_order": n, "title": t, "start": start, "end": start + timedelta(hours=1)}
            for n, t in enumerate(("Opening", "Closing"))
        ],
    )
    original_rows = sorted(event.sessions.values_list("pk", "title"))
    copy = event.copy(update_attrs={"slug": "copied-event", "title": "Copied"})
    copied_rows = sorted(copy.sessions.values_list("pk", "title"))
    alias = event.create_alias(update_slug="alias-event")
    alias_rows = sorted(alias.sessions.values_list("pk", "title"))
    assert sorted(event.sessions.values_list("pk", "title")) == original_rows
    assert [t for _pk, t in copied_rows] == [t for _pk, t in alias_rows] == ["Opening", "Closing"]
    keys = [pk for rows in (original_rows, copied_rows, alias_rows) for pk, _t in rows]
    assert len(set(keys)) == 6
    event = EventPage.objects.get(pk=event.pk)
    event.save_revision().publish()  # updates the alias
    assert sorted(alias.sessions.values_list("pk", "title")) == alias_rows
    assert sorted(event.sessions.values_list("pk", "title")) == original_rows


def test_a_copy_is_another_event_for_calendars(make_event):
    """A copied event gets its own calendar UID (Wagtail copies every field;
    calendars would merge the two events); a translation keeps the source's."""
    from wagtail.models import Locale

    event = make_event(start=timezone.now() + timedelta(days=20))
    copy = event.copy(update_attrs={"slug": "copied-event", "title": "Copied"})
    copy.refresh_from_db()
    assert copy.uid and copy.uid != event.uid
    french = Locale.objects.get_or_create(language_code="fr")[0]
    translation = event.copy_for_translation(french, copy_parents=True)
    translation.refresh_from_db()
    assert translation.uid == event.uid
    event.refresh_from_db()
    assert event.uid == f"event-{event.pk}@{event.uid.split('@', 1)[1]}"
