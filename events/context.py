"""What the events pages show this viewer: the /events/ index (lists, month
grid, filters) and an event page (registration, participants, delegations,
next occurrences), each permission answered by ``events.rules``.

The page models never import this module (models sit below rules, forms and
views): ``events/wagtail_hooks.py`` registers these functions under the
``events_index_page_context`` and ``event_page_context`` hooks, which the
pages' ``get_context`` calls.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from wagtail.blocks import StreamValue
from wagtail.models import Page

from events import rules
from events.forms import DelegationForm, RegistrationForm
from events.listing import (
    apply_filters,
    for_listing,
    month_grid,
    occurrences_at,
    upcoming_events,
)
from events.models import EventSession
from events.questions import shown_answers
from forum_site.translations import group_source, in_reader_language

PAGE_SIZE = 20


def index_page_context(index_page, request) -> dict:
    """The index's three views: upcoming (default), past, and the month grid."""
    # Every event, one entry per translation group in the reader's language
    # (forum_site.translations), whichever locale's index is shown.
    visible = in_reader_language(rules.visible_events(request.user))
    queryset, form = apply_filters(for_listing(visible), request.GET)
    queryset = queryset.distinct()
    view = request.GET.get("view", "upcoming")
    if view not in ("upcoming", "past", "month"):
        view = "upcoming"
    context = {
        "filter_form": form,
        "view": view,
        "weekdays": _weekday_names(),
        "can_create_events": rules.can_create_events(request.user),
    }
    now = timezone.now()
    if view == "month":
        year, month = _parse_month(request.GET.get("month", ""), timezone.localdate())
        first = date(year, month, 1)
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        context.update(
            weeks=month_grid(queryset, year, month),
            month_start=first,
            previous_month=f"{previous:%Y-%m}",
            next_month=f"{following:%Y-%m}",
            today=timezone.localdate(),
        )
    elif view == "past":
        pairs = list(
            queryset.filter(recurrence="", end__lt=now)
            .order_by("-start", "-pk")
            .values_list("pk", "start")
        )
        context["page_obj"], context["items"] = _page_of(queryset, pairs, request.GET.get("page"))
    else:
        pairs = upcoming_events(queryset, now)
        context["page_obj"], context["items"] = _page_of(queryset, pairs, request.GET.get("page"))
    return context


def _page_of(queryset, pairs, number):
    paginator = Paginator(pairs, PAGE_SIZE)
    page = paginator.get_page(number)
    ids = [pk for pk, _start in page.object_list]
    events = {e.pk: e for e in queryset.filter(pk__in=ids)}
    items = [
        {
            "event": occurrence.event,
            "start": occurrence.start,
            "local_start": occurrence.local_start,
            "local_end": occurrence.local_end,
            "last_day": occurrence.last_day,
        }
        for occurrence in occurrences_at(events, page.object_list)
    ]
    return page, items


def _parse_month(value: str, today: date) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in value.split("-", 1))
        if 1970 <= year <= 2200 and 1 <= month <= 12:
            return year, month
    except (ValueError, AttributeError):
        pass
    return today.year, today.month


def _weekday_names():
    return [(WEEKDAYS[i], WEEKDAYS_ABBR[i]) for i in range(7)]


def agenda(page) -> list:
    """``page``'s sessions (a translation's: in its words), each one's speakers'
    organisations and related pages loaded for all sessions at once (a
    StreamField loads its choosers per field, so per session otherwise); a
    related page is shown in ``page``'s language where it has a live
    translation. Four queries, whatever the number of sessions."""
    sessions = list(page.sessions.all())
    for name in ("speakers", "related_pages"):
        stream_block = EventSession._meta.get_field(name).stream_block
        raw = [(session, list(getattr(session, name).raw_data)) for session in sessions]
        by_type = defaultdict(list)
        for _session, items in raw:
            for item in items:
                if item.get("type") in stream_block.child_blocks:
                    by_type[item["type"]].append(item.get("value"))
        native = {
            kind: iter(stream_block.child_blocks[kind].bulk_to_python(values))
            for kind, values in by_type.items()
        }
        if name == "related_pages" and by_type:
            native = {
                kind: iter(_in_language(list(values), page)) for kind, values in native.items()
            }
        for session, items in raw:
            data = [
                (item["type"], next(native[item["type"]]), item.get("id"))
                for item in items
                if item.get("type") in stream_block.child_blocks
            ]
            setattr(session, name, StreamValue(stream_block, data))
    return sessions


def _in_language(pages, page):
    """Each of ``pages`` (some may be None) in ``page``'s locale where it has a
    live translation there. One query."""
    keys = {p.translation_key for p in pages if p is not None and p.locale_id != page.locale_id}
    if not keys:
        return pages
    translated = {
        p.translation_key: p
        for p in Page.objects.live().filter(
            translation_key__in=keys, locale_id=page.locale_id, alias_of__isnull=True
        )
    }
    return [translated.get(p.translation_key, p) if p is not None else None for p in pages]


def event_page_context(event, request) -> dict:
    """What this viewer may see and do on ``event``'s page."""
    user = request.user
    # Registrations, participants and delegations belong to the translation
    # group's source (forum_site.translations): the same on every translation.
    shown, event = event, group_source(event)
    registration = rules.registration_for(user, event)
    if registration is not None and registration.status == "cancelled":
        registration = None
    can_manage = rules.can_manage_event(user, event)
    # Wagtail let this viewer in (a password, say); the actions ask the events rule,
    # which no password admits off the page: offer only what they will accept.
    actions = rules.can_view_event(user, shown) and rules.can_view_event(user, event)
    context = {
        "can_manage": can_manage,
        "registration": registration,
        "closed_reason": rules.registration_closed_reason(event),
        "registration_state": rules.registration_state(event),
        "places_left": rules.places_left(event),
        "show_online_link": rules.can_see_online_link(user, event),
        "can_view_participants": actions and rules.can_view_participants(user, event),
        "sessions": agenda(shown),
        "documents": list(shown.documents.select_related("document")),
        "organisers": list(shown.organisers.all()),
        "summary": rules.local_authority_summary(event),
        "now": timezone.now(),
    }
    if registration is not None:
        context["my_answers"] = shown_answers(event, registration)
    if context["can_view_participants"]:
        context["participants"] = list(rules.visible_participants(user, event))
    if user.is_authenticated and actions:
        if registration is None and context["closed_reason"] is None:
            context["registration_form"] = RegistrationForm(user=user, event=event)
        heads = rules.head_organisations(user, event)
        if heads.exists() and not event.cancelled:
            context["delegation_form"] = DelegationForm(user=user, event=event)
    if shown.recurrence:
        now = timezone.now()
        stored = shown.stored_occurrences.filter(end__gt=now, start__lt=now + timedelta(days=366))
        context["next_occurrences"] = [row.as_occurrence(shown) for row in stored[:6]]
    return context
