"""Which events, filtered and in what order: the filters the /events/ index
shares with /events/calendar.ics (all in the query string, so filtered views
and feeds are shareable links), upcoming events and the month grid.

Which events a viewer may see at all is decided by ``events.rules.visible_events``.
"""

from __future__ import annotations

import calendar as pycalendar
from datetime import UTC, date, datetime, timedelta

from django import forms
from django.db.models import Min, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventFormat, EventOccurrence, EventType
from events.recurrence import Occurrence, occurrences
from forum_site.organisations.models import Organisation
from forum_site.organisations.regions import Region

RECURRING_HORIZON = timedelta(days=366)


class EventFilterForm(forms.Form):
    """The filters of the list, the month grid and calendar.ics."""

    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *EventType.choices]
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    organiser = forms.ChoiceField(label=_("Organiser"), required=False)
    mode = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("Online or in person")),
            ("online", _("Online")),
            ("in_person", _("In person")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisers = (
            Organisation.objects.filter(organised_events__live=True)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        self.fields["organiser"].choices = [("", _("All organisers")), *organisers]


def apply_filters(queryset, data):
    """Filter ``queryset`` by the query-string filters; invalid values are ignored."""
    form = EventFilterForm(data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    if cleaned.get("type"):
        queryset = queryset.filter(event_type=cleaned["type"])
    if cleaned.get("region"):
        queryset = queryset.filter(region=cleaned["region"])
    if cleaned.get("organiser"):
        queryset = queryset.filter(organisers__slug=cleaned["organiser"])
    if cleaned.get("mode") == "online":
        queryset = queryset.filter(event_format__in=[EventFormat.ONLINE, EventFormat.HYBRID])
    elif cleaned.get("mode") == "in_person":
        queryset = queryset.filter(event_format__in=[EventFormat.IN_PERSON, EventFormat.HYBRID])
    return queryset, form


def for_listing(queryset):
    """``queryset`` (of events the viewer may see, from ``events.rules``) with what
    lists, the month grid and feeds show of each event, in a fixed number of queries."""
    return queryset.select_related("series").prefetch_related(
        Prefetch("organisers", queryset=Organisation.objects.only("id", "name", "slug", "kind")),
        "exceptions",
        "added_dates",
    )


def upcoming_events(queryset, now=None):
    """[(next start, event)] of events not over yet, soonest first.

    One-off events are ordered in the database; recurring ones are placed at
    their next stored occurrence within a year (``EventOccurrence``).
    """
    now = now or timezone.now()
    one_off = list(
        queryset.filter(recurrence="", end__gte=now)
        .order_by("start", "pk")
        .values_list("pk", "start")
    )
    # Recurring events: their next stored occurrence, in one query (no rule is expanded).
    recurring = list(
        EventOccurrence.objects.filter(
            event__in=queryset.exclude(recurrence="").values("pk"),
            cancelled=False,
            end__gt=now,
            start__lt=now + RECURRING_HORIZON,
        )
        .values("event")
        .annotate(first=Min("start"))
        .values_list("event", "first")
    )
    return sorted([*one_off, *recurring], key=lambda item: (item[1], item[0]))


def occurrences_at(events: dict, pairs) -> list[Occurrence]:
    """The occurrence each (event id, start) pair of ``upcoming_events`` stands
    for, with its own end (not the series' first end: a recurring webinar's next
    date then never runs backwards into its first one). One query."""
    recurring = [(pk, start) for pk, start in pairs if pk in events and events[pk].recurrence]
    ends = {}
    if recurring:
        rows = EventOccurrence.objects.filter(
            event_id__in={pk for pk, _start in recurring},
            start__in={start for _pk, start in recurring},
            cancelled=False,
        ).values_list("event_id", "start", "end")
        ends = {(pk, start): end for pk, start, end in rows}
    found = []
    for pk, start in pairs:
        event = events.get(pk)
        if event is None:
            continue
        if not event.recurrence:
            found.append(Occurrence(event, event.start, event.end))
            continue
        end = ends.get((pk, start)) or start + (event.end - event.start)
        found.append(Occurrence(event, start, end, True))
    return found


def month_grid(queryset, year: int, month: int):
    """Weeks (Monday first) of days, each with the occurrences on that day in the
    event's own time zone."""
    weeks_of_dates = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    # The whole grid, including the days of the neighbouring months it shows.
    first, last = weeks_of_dates[0][0], weeks_of_dates[-1][-1]
    window_start = datetime.combine(first - timedelta(days=1), datetime.min.time(), UTC)
    window_end = datetime.combine(last + timedelta(days=2), datetime.min.time(), UTC)
    # Series only when a stored occurrence falls in the window, so that old or
    # sparse series do not make every month's grid load them.
    # Cancelled occurrences are among them: the grid shows them struck out.
    in_window = EventOccurrence.objects.filter(start__lt=window_end, end__gt=window_start).values(
        "event"
    )
    candidates = list(
        queryset.filter(start__lt=window_end)
        .filter(Q(recurrence="") | Q(pk__in=in_window))
        .exclude(recurrence="", end__lte=window_start)
        .order_by("start", "pk")
    )
    stored: dict[int, list] = {}
    recurring = [event for event in candidates if event.recurrence]
    if recurring:
        for row in EventOccurrence.objects.filter(
            event__in=[e.pk for e in recurring], start__lt=window_end, end__gt=window_start
        ):
            stored.setdefault(row.event_id, []).append(row)
    by_day: dict[date, list] = {}
    for event in candidates:
        if event.recurrence:
            found = [row.as_occurrence(event) for row in stored.get(event.pk, [])]
        else:
            found = occurrences(event, window_start, window_end)  # one-off: no rule
        for occurrence in found:
            day = occurrence.local_start.date()
            final = occurrence.last_day if event.all_day else occurrence.local_end.date()
            final = max(day, final)
            while day <= final:
                if first <= day <= last:
                    by_day.setdefault(day, []).append(occurrence)
                day += timedelta(days=1)
    weeks = []
    for week in weeks_of_dates:
        weeks.append(
            [
                {"date": d, "in_month": d.month == month, "occurrences": by_day.get(d, [])}
                for d in week
            ]
        )
    return weeks
