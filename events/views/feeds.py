"""The iCalendar feeds: one event, the public calendar, the personal feed
(and the view that makes or revokes the personal feed's secret link).

Conditional GET: the ETag is a hash of (id, SEQUENCE, last change) of every
event in the feed plus whatever else changes the bytes (filters, online
links), computed with one small query before anything is rendered, so a
client polling an unchanged feed gets a 304 cheaply.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from events import ical, rules
from events.listing import apply_filters, for_listing
from events.models import CalendarToken, EventIndexPage, EventPage
from events.views.common import visible_event_or_404
from forum_site.translations import in_reader_language

FEED_CACHE_SECONDS = 24 * 3600


def _index_url(request):
    cached = getattr(request, "_events_index_url", None)
    if cached is None:
        index = EventIndexPage.objects.live().first()
        cached = index.get_url(request) if index else "/events/"
        request._events_index_url = cached
    return cached


def _url_for(request):
    index_url = _index_url(request)
    return lambda event: f"{index_url}{event.slug}/"


def _opaque(tag: str) -> str:
    """An entity tag without its weakness mark: RFC 9110's weak comparison."""
    return tag.removeprefix("W/")


def _conditional(request, state: list, extra: str, build, *, filename, private):
    """Answer 304 when the client's copy is current; otherwise build the feed.

    The ETag covers everything the bytes depend on: the events' state, the
    view's own inputs, the language (``/fr/`` is another representation) and
    the calendar format's version."""
    digest = hashlib.sha256(
        repr((state, extra, get_language(), ical.FORMAT_VERSION)).encode()
    ).hexdigest()[:32]
    etag = f'"{digest}"'
    changed = [row[2] for row in state if row[2]]
    last_modified = max(changed) if changed else datetime(2000, 1, 1, tzinfo=UTC)
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(last_modified.timestamp()),
        "Cache-Control": ("private" if private else "public") + ", max-age=0, must-revalidate",
    }
    if_none_match = request.headers.get("If-None-Match")
    if_modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    not_modified = False
    if if_none_match is not None:
        # If-None-Match uses the weak comparison (RFC 9110, 13.1.2): W/"x" matches "x".
        not_modified = if_none_match.strip() == "*" or etag in {
            _opaque(tag) for tag in parse_etags(if_none_match)
        }
    elif if_modified_since is not None:
        not_modified = int(last_modified.timestamp()) <= if_modified_since
    if not_modified:
        response = HttpResponseNotModified()
    else:
        # The body is a function of the ETag's inputs: keep it for the next poll.
        key = f"events:feed:{digest}:{filename}"
        body = cache.get(key)
        if body is None:
            body = build()
            cache.set(key, body, FEED_CACHE_SECONDS)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    for name, value in headers.items():
        response[name] = value
    if private:
        response["X-Robots-Tag"] = "noindex"
    return response


def _state(queryset) -> list:
    return list(
        queryset.order_by("pk").values_list("pk", "sequence", "changed_at", "ical_fingerprint")
    )


def event_ics(request, event):
    """One event with its agenda sessions (the page's ``event.ics`` route)."""
    event = visible_event_or_404(
        request.user, event, for_listing(EventPage.objects.all()).prefetch_related("sessions")
    )
    show_online = rules.can_see_online_link(request.user, event)

    def build():
        return ical.build_calendar(
            event.title,
            [event],
            online_for={event.pk} if show_online else set(),
            sessions=True,
            url_for=_url_for(request),
        )

    return _conditional(
        request,
        [(event.pk, event.sequence, event.changed_at, event.ical_fingerprint)],
        f"online={show_online} index={_index_url(request)}",
        build,
        filename=f"{event.slug}.ics",
        private=show_online,
    )


def event_ics_moved(request, slug):
    """``/events/<slug>.ics``, the old address of an event's file (calendar
    subscriptions and links keep it): a permanent redirect to the page's
    ``event.ics`` route. The slug is looked up in the current language's locale
    first (a translation keeps its slug), then in any; an event the viewer may not
    see answers 404 as a missing one."""
    visible = rules.visible_events(request.user).filter(slug=slug)
    event = visible.filter(locale=Locale.get_active()).first() or visible.order_by("pk").first()
    url = event.get_url(request) if event is not None else None
    if url is None:
        raise Http404(_("There is no such event."))
    return redirect(url + event.reverse_subpage("event_ics"), permanent=True)


def upcoming_queryset(queryset, now=None):
    now = now or timezone.now()
    return queryset.filter(Q(end__gte=now) | ~Q(recurrence=""))


def calendar_ics(request):
    """All public upcoming events, filtered like the list (type, region, organiser, format)."""
    # One VEVENT per event (translations share its UID), in the feed's language.
    visible = in_reader_language(rules.visible_events(request.user))
    queryset, form = apply_filters(for_listing(visible), request.GET)
    queryset = upcoming_queryset(queryset).distinct()
    state = _state(queryset)
    filters = sorted((k, v) for k, v in getattr(form, "cleaned_data", {}).items() if v)

    def build():
        events = list(queryset.order_by("start", "pk"))
        return ical.build_calendar(
            _("Migration fora and events"),
            events,
            description=_("Upcoming events from the Migration Cities Forum."),
            url_for=_url_for(request),
        )

    return _conditional(
        request,
        state,
        repr((filters, _index_url(request))),
        build,
        filename="calendar.ics",
        private=False,
    )


def personal_feed(request, token):
    """The events a user registered for and their delegations' events.

    Reached by a secret URL (calendar clients cannot log in); the online link
    appears only for events the user is a confirmed participant of.
    """
    owner = (
        CalendarToken.objects.select_related("user").filter(token=token, user__is_active=True)
    ).first()
    if owner is None or len(token) < 20:
        raise Http404(_("This calendar link is not valid (it may have been revoked)."))
    user = owner.user
    ids = rules.personal_feed_event_ids(user)
    # Only what the owner may see today: a registration does not outlive a restriction.
    queryset = for_listing(rules.visible_events(user).filter(pk__in=list(ids)))
    state = _state(queryset)
    online = {pk for pk, ok in ids.items() if ok}

    def build():
        events = list(queryset.order_by("start", "pk"))
        return ical.build_calendar(
            _("My events (%(name)s)") % {"name": user.get_username()},
            events,
            online_for=online,
            url_for=_url_for(request),
        )

    return _conditional(
        request,
        state,
        repr((sorted(online), user.get_username(), _index_url(request))),
        build,
        filename="my-events.ics",
        private=True,
    )


@login_required
@require_POST
def feed_token_view(request):
    """Make (or remake) the signed-in user's personal feed link, or revoke it."""
    action = request.POST.get("action")
    if action == "revoke":
        CalendarToken.objects.filter(user=request.user).delete()
        messages.success(request, _("Your calendar link is revoked; it no longer works."))
    else:
        CalendarToken.objects.update_or_create(
            user=request.user, defaults={"token": CalendarToken.new_token()}
        )
        messages.success(
            request,
            _("Your new calendar link is ready. The old one, if any, no longer works."),
        )
    return redirect("profile")
