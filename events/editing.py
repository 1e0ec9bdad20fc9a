"""The organisers' form for an event on the site (``/events/new/`` and an event
page's ``edit/`` route): every field of ``EventPage`` an organiser runs, the
recurrence as a plain pattern (none, daily, weekly on chosen weekdays, monthly
by day of the month or by nth weekday) turned into an RRULE, and the
exception dates (cancelled occurrences, ``EventException``).

Times are typed in the event's own time zone. Every input is bounded (lengths,
counts, years, intervals) and the rule is checked by the project's bounded
expansion (``events.recurrence``), so bad input is a form error, never a 500.
The model's own ``clean`` has the last word (``EventPage.clean``); the views
turn its errors into form errors too.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events import rules
from events.models import (
    EventAddedDate,
    EventException,
    EventFormat,
    EventPage,
    EventType,
    ParticipantVisibility,
)
from events.models.pages import timezone_choices
from events.recurrence import (
    RecurrenceError,
    check_times,
    expand,
    occurrences,
    parse_rule,
    validate_rule,
)
from forum_site.hygiene import (
    BoundedDateField,
    BoundedDateTimeField,
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    SingleLineCharField,
)
from forum_site.organisations.models import Organisation
from forum_site.sanitise import to_plain_text, to_rich_text
from forum_site.widgets import SearchableSelect, SearchableSelectMultiple

MAX_EXCEPTIONS = 200
MAX_EXCEPTION_CHARS = 4000  # 200 dates of 11 characters, and room to spare
MAX_DESCRIPTION = 20_000
MAX_CO_ORGANISERS = 20
MAX_COUNT = 1000
MAX_INTERVAL = 99
MAX_CAPACITY = 1_000_000
PREVIEW_SIZE = 8

NONE, DAILY, WEEKLY, MONTHLY_DAY, MONTHLY_NTH, CUSTOM = (
    "none",
    "daily",
    "weekly",
    "monthly_day",
    "monthly_nth",
    "custom",
)
PATTERNS = [
    (NONE, _("Does not repeat")),
    (DAILY, _("Daily")),
    (WEEKLY, _("Weekly, on the chosen weekdays")),
    (MONTHLY_DAY, _("Monthly, on a day of the month")),
    (MONTHLY_NTH, _("Monthly, on the nth weekday (for example the second Tuesday)")),
]
CUSTOM_CHOICE = (CUSTOM, _("Keep the current rule (set elsewhere)"))
WEEKDAYS = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
ORDINALS = [
    ("1", _("first")),
    ("2", _("second")),
    ("3", _("third")),
    ("4", _("fourth")),
    ("-1", _("last")),
]
NEVER, UNTIL, COUNT = "never", "until", "count"
ENDS = [
    (NEVER, _("Never")),
    (UNTIL, _("On a date")),
    (COUNT, _("After a number of occurrences")),
]
_DATE_SPLIT = re.compile(r"[\s,;]+")
_LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_LOCAL_INPUT)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(forms.Form):
    organisation = BoundedModelChoiceField(
        label=_("Organised by"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("One of the organisations you edit for."),
    )
    co_organisers = BoundedModelMultipleChoiceField(
        label=_("Co-organisers"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("Other organisations that organise the event (at most 20)."),
    )
    title = SingleLineCharField(label=_("Title"), max_length=255)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text (blank lines separate paragraphs) or simple HTML."),
    )
    event_type = forms.ChoiceField(label=_("Type"), choices=EventType.choices)
    event_format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices)
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=(),
        widget=SearchableSelect,
        help_text=_("Start, end, recurrence and deadline are in this time zone."),
    )
    start = BoundedDateTimeField(label=_("Start"), widget=_datetime_widget())
    end = BoundedDateTimeField(label=_("End"), widget=_datetime_widget())
    all_day = forms.BooleanField(
        label=_("All-day event"),
        required=False,
        help_text=_("Only the dates matter: the event runs from the start day to the end day."),
    )
    # -- recurrence
    pattern = forms.ChoiceField(label=_("Repeats"), choices=PATTERNS, initial=NONE)
    interval = forms.IntegerField(
        label=_("Every"),
        min_value=1,
        max_value=MAX_INTERVAL,
        initial=1,
        required=False,
        help_text=_("1: every day, week or month; 2: every other one; and so on."),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On these weekdays (weekly)"),
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: the weekday of the start."),
    )
    month_day = forms.IntegerField(
        label=_("On day of the month (monthly)"),
        min_value=1,
        max_value=31,
        required=False,
        help_text=_("Empty: the day of the start. Months without that day are skipped."),
    )
    ordinal = forms.ChoiceField(
        label=_("Which one (nth weekday)"), choices=ORDINALS, required=False
    )
    ordinal_weekday = forms.ChoiceField(
        label=_("Weekday (nth weekday)"), choices=WEEKDAYS, required=False
    )
    ends = forms.ChoiceField(label=_("Ends"), choices=ENDS, initial=NEVER)
    until = BoundedDateField(label=_("Last date"), required=False, widget=_date_widget())
    count = forms.IntegerField(
        label=_("Number of occurrences"), min_value=1, max_value=MAX_COUNT, required=False
    )
    exceptions = forms.CharField(
        label=_("Cancelled dates"),
        required=False,
        max_length=MAX_EXCEPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Dates of occurrences that do not take place, as YYYY-MM-DD, one per line "
            "(at most 200)."
        ),
    )
    added_dates = forms.CharField(
        label=_("Added dates"),
        required=False,
        max_length=MAX_EXCEPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Extra dates outside the pattern, at the same time of day, as YYYY-MM-DD, "
            "one per line (at most 200). To move an occurrence to another time, cancel "
            "its date above and add the new one with its time: YYYY-MM-DD HH:MM."
        ),
    )
    # -- place
    venue = SingleLineCharField(label=_("Venue"), max_length=255, required=False)
    city = SingleLineCharField(label=_("City"), max_length=120, required=False)
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=(), widget=SearchableSelect
    )
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to registered participants."),
    )
    # -- registration
    registration_enabled = forms.BooleanField(
        label=_("Registration open"), required=False, initial=True
    )
    registration_opens_at = BoundedDateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=_datetime_widget(),
        help_text=_("Empty: registration is open as soon as the event is published."),
    )
    registration_deadline = BoundedDateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=_datetime_widget(),
        help_text=_("Empty: registration stays open until the event ends."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=MAX_CAPACITY,
        required=False,
        help_text=_("Leave empty for no limit. Beyond it people join a waiting list."),
    )
    participant_visibility = forms.ChoiceField(
        label=_("Participant list"), choices=ParticipantVisibility.choices
    )

    def __init__(self, *args, user, page: EventPage | None = None, **kwargs):
        self.user = user
        self.page = page
        super().__init__(*args, **kwargs)
        own = rules.event_organisations(user)
        current = list(page.organisers.all()) if page is not None else []
        if page is not None:
            # An organisation already organising the event stays choosable as
            # the lead only if this user edits for it (or is a superuser).
            own_ids = set(own.values_list("pk", flat=True))
            lead = next((o for o in current if o.pk in own_ids), None)
            if lead is None and current and getattr(user, "is_superuser", False):
                lead = current[0]
            if not self.is_bound:
                self.initial["organisation"] = lead
                self.initial["co_organisers"] = [o for o in current if o != lead]
        self.fields["organisation"].queryset = own.order_by("name")
        self.fields["co_organisers"].queryset = Organisation.objects.order_by("name")
        self.fields["timezone"].choices = timezone_choices()
        self.fields["country"].choices = [("", _("(none)")), *countries]
        if page is not None and not self.is_bound:
            self.initial.update(initial_for(page))
        # A rule the patterns cannot show (set in the admin or imported) may be kept.
        if (
            page is not None
            and page.recurrence
            and pattern_for(page.recurrence, page.start, page.tz)["pattern"] == CUSTOM
        ):
            self.fields["pattern"].choices = [*PATTERNS, CUSTOM_CHOICE]

    # -- cleaning -------------------------------------------------------------------

    def clean_description(self):
        text = self.cleaned_data.get("description", "")
        return to_rich_text(text)

    def clean_co_organisers(self):
        chosen = self.cleaned_data.get("co_organisers")
        if chosen is not None and len(chosen) > MAX_CO_ORGANISERS:
            raise ValidationError(
                _("Choose at most %(n)s co-organisers."), params={"n": MAX_CO_ORGANISERS}
            )
        return chosen

    def clean_exceptions(self):
        return _dates(self.cleaned_data.get("exceptions", ""))

    def clean_added_dates(self):
        self.added_times = _dated_times(self.cleaned_data.get("added_dates", ""))
        return sorted(self.added_times)

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("timezone")
        if not name:
            return cleaned
        tz = ZoneInfo(name)
        self.tz = tz
        for field in ("start", "end", "registration_opens_at", "registration_deadline"):
            value = cleaned.get(field)
            if value is not None:
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                cleaned[field] = timezone.make_aware(naive, tz)
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            return cleaned
        if cleaned.get("all_day"):
            start, end = _all_day(start, end, tz)
            cleaned["start"], cleaned["end"] = start, end
        try:
            check_times(start, end)
        except RecurrenceError as exc:
            self.add_error("end", str(exc))
            return cleaned
        deadline = cleaned.get("registration_deadline")
        if deadline and deadline > end:
            self.add_error(
                "registration_deadline", _("Registration must close before the event ends.")
            )
        opens = cleaned.get("registration_opens_at")
        if opens and deadline and opens >= deadline:
            self.add_error("registration_opens_at", _("Registration must open before it closes."))
        elif opens and opens >= end and cleaned.get("pattern", NONE) == NONE:
            self.add_error(
                "registration_opens_at", _("Registration must open before the event ends.")
            )
        if cleaned.get("event_format") in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not (
            cleaned.get("city") or cleaned.get("venue")
        ):
            self.add_error("city", _("An event held in person needs a city or a venue."))
        if cleaned.get("event_format") == EventFormat.ONLINE and not cleaned.get("online_url"):
            self.add_error("online_url", _("An online event needs its link."))
        lead, co = cleaned.get("organisation"), cleaned.get("co_organisers")
        if lead is not None and co is not None:
            cleaned["co_organisers"] = [o for o in co if o.pk != lead.pk]
        self._clean_recurrence(cleaned, start, tz)
        return cleaned

    def _clean_recurrence(self, cleaned, start, tz):
        pattern = cleaned.get("pattern")
        exceptions = cleaned.get("exceptions") or []
        if pattern == CUSTOM:
            rule = self.page.recurrence if self.page is not None else ""
        else:
            try:
                rule = build_rule(cleaned, start, tz)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
                return
        cleaned["recurrence"] = rule
        added = cleaned.get("added_dates") or []
        if not rule:
            if exceptions:
                self.add_error("exceptions", _("Only a repeating event has cancelled dates."))
            if added:
                self.add_error("added_dates", _("Only a repeating event has added dates."))
            return
        try:
            validate_rule(rule, start, tz)
            parsed = parse_rule(rule, start, tz)
            local_start = timezone.localtime(start, tz).replace(tzinfo=None)
            first = expand(parsed, None, local_start + timedelta(days=3660), 1)
        except RecurrenceError as exc:
            self.add_error("pattern", str(exc))
            return
        if not first or first[0] != local_start:
            when = first[0].strftime("%Y-%m-%d %H:%M") if first else ""
            self.add_error(
                "pattern",
                _(
                    "The start must be the first occurrence of the pattern (calendars count "
                    "it as one); the pattern's first is %(when)s. Move the start or change "
                    "the pattern."
                )
                % {"when": when},
            )
            return
        local_day = local_start.date()
        early = [d for d in added if d <= local_day]
        if early:
            self.add_error(
                "added_dates",
                _("Added dates must come after the start: %(dates)s.")
                % {"dates": ", ".join(d.isoformat() for d in early[:5])},
            )
            return
        # An added date with a time of its own may share a cancelled date: that
        # occurrence is moved within its day.
        times = getattr(self, "added_times", {})
        own = local_start.time()
        untimed = [d for d in added if times.get(d) in (None, own)]
        both = sorted(set(untimed) & set(exceptions))
        if both:
            self.add_error(
                "added_dates",
                _("%(dates)s is both added and cancelled.")
                % {"dates": ", ".join(d.isoformat() for d in both[:5])},
            )
            return
        if exceptions or added:
            parsed = parse_rule(rule, start, tz)
            last = datetime.combine(max([*exceptions, *added]) + timedelta(days=1), time.min)
            try:
                found = expand(parsed, None, last, 5000)
            except RecurrenceError:
                found = None
            if found is not None:
                days = {o.date() for o in found}
                if len(found) == 5000:
                    # Cut short: dates after the last one found are not judged.
                    horizon = found[-1].date()
                    exceptions = [d for d in exceptions if d <= horizon]
                    added = [d for d in added if d <= horizon]
                    untimed = [d for d in untimed if d <= horizon]
                twice = [d for d in untimed if d in days]
                if twice:
                    self.add_error(
                        "added_dates",
                        _("The pattern already has an occurrence on %(dates)s.")
                        % {"dates": ", ".join(d.isoformat() for d in twice[:5])},
                    )
                rule_days = set(days)
                days |= set(added)
                strays = [d for d in exceptions if d not in days]
                # A date whose only occurrence is a moved one (an added date at its
                # own time): its exception would cancel nothing, in the feeds
                # (EXDATE at the series' time) as on the site.
                moved_only = [
                    d for d in exceptions if d in days and d not in rule_days and d not in untimed
                ]
                if moved_only:
                    self.add_error(
                        "exceptions",
                        _(
                            "%(dates)s has only a moved occurrence; remove it from the "
                            "added dates to cancel it."
                        )
                        % {"dates": ", ".join(d.isoformat() for d in moved_only[:5])},
                    )
                if strays:
                    self.add_error(
                        "exceptions",
                        _("The event has no occurrence on %(dates)s.")
                        % {"dates": ", ".join(d.isoformat() for d in strays[:5])},
                    )

    # -- results --------------------------------------------------------------------

    def apply(self, page: EventPage) -> EventPage:
        """Put the cleaned data into ``page`` (not saved)."""
        data = self.cleaned_data
        for name in (
            "title",
            "description",
            "event_type",
            "event_format",
            "timezone",
            "start",
            "end",
            "all_day",
            "venue",
            "city",
            "country",
            "online_url",
            "registration_enabled",
            "registration_opens_at",
            "registration_deadline",
            "capacity",
            "participant_visibility",
            "recurrence",
        ):
            setattr(page, name, data[name])
        page.__dict__.pop("tz", None)
        if not page.draft_title or page.draft_title != page.title:
            page.draft_title = page.title
        notes = {e.date: e.note for e in page.exceptions.all()}
        page.exceptions = [
            EventException(date=d, note=notes.get(d, "")) for d in data["exceptions"]
        ]
        times = {} if data["all_day"] else getattr(self, "added_times", {})
        page.added_dates = [
            EventAddedDate(date=d, start_time=times.get(d)) for d in data["added_dates"]
        ]
        page.organisers = [data["organisation"], *data["co_organisers"]]
        return page

    def preview(self) -> list:
        """The next occurrences of the pattern as typed (cancelled dates marked),
        by the project's bounded expansion; empty when the form is not valid."""
        if not self.is_valid():
            return []
        page = EventPage(
            start=self.cleaned_data["start"],
            end=self.cleaned_data["end"],
            timezone=self.cleaned_data["timezone"],
            recurrence=self.cleaned_data["recurrence"],
            all_day=self.cleaned_data["all_day"],
        )
        page._exception_dates = set(self.cleaned_data["exceptions"])
        page._added_dates = set(self.cleaned_data["added_dates"])
        page._added_times = {
            d: getattr(self, "added_times", {}).get(d) for d in self.cleaned_data["added_dates"]
        }
        now = timezone.now()
        begin = max(now, page.start - timedelta(seconds=1))
        return occurrences(
            page, begin, begin + timedelta(days=3660), limit=PREVIEW_SIZE, include_cancelled=True
        )


def _dates(text: str) -> list[date]:
    """Dates typed one per line (or separated by commas or spaces), bounded."""
    values = [v for v in _DATE_SPLIT.split((text or "").strip()) if v]
    if len(values) > MAX_EXCEPTIONS:
        raise ValidationError(_("Give at most %(n)s dates."), params={"n": MAX_EXCEPTIONS})
    found = set()
    for value in values:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date (YYYY-MM-DD)."), params={"value": value[:20]}
            ) from None
        if not 1900 <= day.year <= 2200:
            raise ValidationError(_("“%(value)s” is out of range."), params={"value": value[:20]})
        found.add(day)
    return sorted(found)


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _dated_times(text: str) -> dict[date, time | None]:
    """Added dates typed one per line, each optionally followed by a time of
    day (``2027-03-04 14:00``): {date: time or None}, bounded like ``_dates``."""
    tokens = [v for v in _DATE_SPLIT.split((text or "").strip()) if v]
    found: dict[date, time | None] = {}
    previous = None
    days = []
    for token in tokens:
        match = _TIME.match(token)
        if match:
            if previous is None or found[previous] is not None:
                raise ValidationError(
                    _("“%(value)s”: a time must follow its date (YYYY-MM-DD HH:MM)."),
                    params={"value": token[:20]},
                )
            found[previous] = time(int(match.group(1)), int(match.group(2)))
            continue
        day = _dates(token)[0]
        days.append(day)
        if len(days) > MAX_EXCEPTIONS:
            raise ValidationError(_("Give at most %(n)s dates."), params={"n": MAX_EXCEPTIONS})
        found.setdefault(day, None)
        previous = day
    return found


def _all_day(start, end, tz):
    first = timezone.localtime(start, tz).date()
    local_end = timezone.localtime(end, tz)
    last = local_end.date()
    if local_end.time() != time.min or last <= first:
        last = last + timedelta(days=1)
    return datetime.combine(first, time.min, tz), datetime.combine(last, time.min, tz)


def build_rule(data, start, tz) -> str:
    """The RRULE for the form's pattern (empty for none); ValidationError names
    the field at fault."""
    pattern = data.get("pattern") or NONE
    if pattern == NONE:
        return ""
    local = timezone.localtime(start, tz)
    interval = data.get("interval") or 1
    parts = []
    if pattern == DAILY:
        parts.append("FREQ=DAILY")
    elif pattern == WEEKLY:
        days = data.get("weekdays") or [WEEKDAYS[local.weekday()][0]]
        order = [code for code, _label in WEEKDAYS]
        parts += ["FREQ=WEEKLY", "BYDAY=" + ",".join(sorted(set(days), key=order.index))]
    elif pattern == MONTHLY_DAY:
        parts += ["FREQ=MONTHLY", f"BYMONTHDAY={data.get('month_day') or local.day}"]
    elif pattern == MONTHLY_NTH:
        ordinal = data.get("ordinal") or ""
        weekday = data.get("ordinal_weekday") or ""
        errors = {}
        if not ordinal:
            errors["ordinal"] = _("Choose which weekday of the month.")
        if not weekday:
            errors["ordinal_weekday"] = _("Choose the weekday.")
        if errors:
            raise ValidationError(errors)
        parts += ["FREQ=MONTHLY", f"BYDAY={ordinal}{weekday}"]
    else:  # pragma: no cover - the choice field allows nothing else
        raise ValidationError({"pattern": _("Choose a pattern.")})
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    ends = data.get("ends") or NEVER
    if ends == COUNT:
        if not data.get("count"):
            raise ValidationError({"count": _("Give the number of occurrences.")})
        parts.append(f"COUNT={data['count']}")
    elif ends == UNTIL:
        until = data.get("until")
        if until is None:
            raise ValidationError({"until": _("Give the last date.")})
        if until < local.date():
            raise ValidationError({"until": _("The last date cannot be before the start.")})
        if data.get("all_day"):
            parts.append(f"UNTIL={until:%Y%m%d}")
        else:
            # A date-time rule ends with a date-time (RFC 5545): the end of that
            # day in the event's zone, in UTC.
            moment = datetime.combine(until, time(23, 59, 59), tz).astimezone(UTC)
            parts.append(f"UNTIL={moment:%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


def initial_for(page: EventPage) -> dict:
    """The form's initial values for ``page``: times in its own zone, the rule
    as a pattern when the form can show it (else ``custom``: kept as it is)."""
    tz = page.tz
    initial = {
        "title": page.title,
        "description": to_plain_text(page.description),
        "event_type": page.event_type,
        "event_format": page.event_format,
        "timezone": page.timezone,
        "start": timezone.make_naive(page.start, tz) if page.start else None,
        "end": timezone.make_naive(page.end, tz) if page.end else None,
        "all_day": page.all_day,
        "venue": page.venue,
        "city": page.city,
        "country": str(page.country or ""),
        "online_url": page.online_url,
        "registration_enabled": page.registration_enabled,
        "registration_opens_at": timezone.make_naive(page.registration_opens_at, tz)
        if page.registration_opens_at
        else None,
        "registration_deadline": timezone.make_naive(page.registration_deadline, tz)
        if page.registration_deadline
        else None,
        "capacity": page.capacity,
        "participant_visibility": page.participant_visibility,
        "exceptions": "\n".join(sorted(e.date.isoformat() for e in page.exceptions.all())),
        "added_dates": "\n".join(
            sorted(
                a.date.isoformat() + (f" {a.start_time:%H:%M}" if a.start_time else "")
                for a in page.added_dates.all()
            )
        ),
    }
    if page.all_day and page.end:
        # The form shows the last day, not the exclusive end.
        initial["end"] = timezone.make_naive(page.end, tz) - timedelta(days=1)
    initial.update(pattern_for(page.recurrence, page.start, tz, page.all_day))
    return initial


def pattern_for(rule: str, start, tz, all_day=False) -> dict:
    """The form fields for ``rule``, or ``{"pattern": "custom"}``."""
    if not rule:
        return {"pattern": NONE}
    parts = dict(p.partition("=")[::2] for p in rule.upper().removeprefix("RRULE:").split(";"))
    custom = {"pattern": CUSTOM}
    known = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY"}
    if set(parts) - known:
        return custom
    result = {}
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= MAX_INTERVAL:
        return custom
    result["interval"] = int(interval)
    freq, byday, bymonthday = parts.get("FREQ"), parts.get("BYDAY"), parts.get("BYMONTHDAY")
    codes = [code for code, _label in WEEKDAYS]
    if freq == "DAILY" and not byday and not bymonthday:
        result["pattern"] = DAILY
    elif freq == "WEEKLY" and not bymonthday:
        days = byday.split(",") if byday else []
        if any(d not in codes for d in days):
            return custom
        result.update(pattern=WEEKLY, weekdays=days)
    elif freq == "MONTHLY" and not byday:
        if bymonthday and not (bymonthday.isdigit() and 1 <= int(bymonthday) <= 31):
            return custom
        result.update(pattern=MONTHLY_DAY, month_day=int(bymonthday) if bymonthday else None)
    elif freq == "MONTHLY" and byday and not bymonthday:
        match = re.fullmatch(r"(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)", byday)
        if not match:
            return custom
        result.update(pattern=MONTHLY_NTH, ordinal=match.group(1), ordinal_weekday=match.group(2))
    else:
        return custom
    if "COUNT" in parts:
        count = parts["COUNT"]
        if not count.isdigit() or not 1 <= int(count) <= MAX_COUNT:
            return custom
        result.update(ends=COUNT, count=int(count))
    elif "UNTIL" in parts:
        until = parts["UNTIL"]
        try:
            if until.endswith("Z"):
                moment = datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
                day = moment.astimezone(tz).date()
            else:
                day = datetime.strptime(until[:8], "%Y%m%d").date()
        except ValueError:
            return custom
        result.update(ends=UNTIL, until=day)
    else:
        result["ends"] = NEVER
    return result


class CancelForm(forms.Form):
    """Confirmation of a cancellation: the whole event, or one occurrence (``date``)."""

    date = BoundedDateField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note for participants"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: why, and what happens instead."),
    )
    confirm = forms.BooleanField(
        label=_("Yes, cancel it"),
        help_text=_("It stays on the site, marked cancelled; participants are told by email."),
    )

    def __init__(self, *args, event: EventPage, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def clean_date(self):
        from events.recurrence import occurrence_on

        day = self.cleaned_data.get("date")
        if day is None:
            return None
        if not self.event.recurrence:
            raise ValidationError(_("Only a repeating event has single occurrences to cancel."))
        if occurrence_on(self.event, day) is None:
            raise ValidationError(_("The event has no occurrence on %(d)s."), params={"d": day})
        if day in _moved_days(self.event):
            raise ValidationError(
                _(
                    "This occurrence was moved to a time of its own; remove its added date "
                    "in the event's form to cancel it."
                )
            )
        if any(e.date == day for e in self.event.exceptions.all()):
            raise ValidationError(_("This occurrence is already cancelled."))
        return day


def _moved_days(event) -> set[date]:
    """Dates of the event's added occurrences at a time of their own."""
    from events.recurrence import added_times

    own = timezone.localtime(event.start, event.tz).time().replace(tzinfo=None)
    return {d for d, at in added_times(event).items() if at is not None and at != own}


class RestoreForm(forms.Form):
    """Confirmation that a cancelled event takes place after all."""

    confirm = forms.BooleanField(
        label=_("Yes, the event takes place"),
        help_text=_("Registrants get the invitation again by email."),
    )
