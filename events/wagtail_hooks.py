from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events import context, rules
from events.listing import for_listing, occurrences_at, upcoming_events
from events.models import (
    CalendarToken,
    Delegation,
    DelegationMember,
    EventIndexPage,
    EventPage,
    EventSeries,
    Registration,
)
from events.views import delegations, editing, feeds, registrations, translations
from forum_site.site_structure import ensure_child_page
from forum_site.translations import in_reader_language


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "date"
    menu_label = gettext_lazy("Event series")
    list_display = ["name", "slug"]
    search_backend_name = None


register_snippet(EventSeriesViewSet)

# What the index and event pages show the viewer (the page models call these
# hooks from get_context; they cannot import events.context themselves).
hooks.register("events_index_page_context", context.index_page_context)
hooks.register("event_page_context", context.event_page_context)


@hooks.register("event_page_actions")
def event_page_actions():
    """The views behind ``EventPage``'s routes (``forum_site.page_routes``): each is
    called as ``view(request, event_page)`` after Wagtail served the page."""
    return {
        "event_ics": feeds.event_ics,
        "register": registrations.register_view,
        "cancel_registration": registrations.cancel_registration_view,
        "listed": registrations.listed_view,
        "participants": registrations.participants_view,
        "participants_csv": registrations.participants_csv,
        "delegation_create": delegations.delegation_create_view,
        "edit": editing.edit_view,
        "cancel_event": editing.cancel_view,
        "restore_event": editing.restore_view,
        "translations": translations.overview,
        "translation": translations.editor,
    }


@hooks.register("filter_visible_pages")
def hide_invisible_events(user, queryset):
    """Pickers and choosers of pages (``forum_site.restrictions.visible_pages``) offer
    only the events ``rules.visible_events`` shows ``user``."""
    return queryset.exclude(pk__in=rules.hidden_event_ids(user))


@hooks.register("pages_with_own_rule")
def events_rule_on_restrictions():
    """``rules.visible_events`` decides on restricted events itself (their organising
    editors see them), so ``forum_site.restrictions`` leaves them to it."""
    return [EventPage]


@hooks.register("ensure_site_structure")
def ensure_events_index(home_page):
    ensure_child_page(home_page, EventIndexPage, slug="events", title="Events")


def _meta(event, when=None):
    """Date (of ``when``, an occurrence's local start, or the event's first),
    place and whether cancelled."""
    when = when or event.local_start
    text = f"{when:%d %b %Y}"
    if event.location_text:
        text += f" · {event.location_text}"
    if event.cancelled:
        text += " · " + _("Cancelled")
    return text


@hooks.register("home_page_sections")
def home_events(request, limit):
    queryset = for_listing(in_reader_language(rules.visible_events(request.user)))
    pairs = upcoming_events(queryset)[:limit]
    events = {e.pk: e for e in queryset.filter(pk__in=[pk for pk, _s in pairs])}
    items = [
        {
            "title": o.event.title,
            "url": o.event.url,
            "meta": _meta(o.event, o.local_start),
            "content": o.event,
        }
        for o in occurrences_at(events, pairs)
    ]
    return {"key": "events", "items": items}


@hooks.register("organisation_profile_sections")
def organisation_events(request, organisation):
    visible = for_listing(in_reader_language(rules.visible_events(request.user)))
    events = list(visible.filter(organisers=organisation).order_by("-start")[:10])
    return {
        "title": _("Events organised"),
        "items": [{"title": e.title, "url": e.url, "meta": _meta(e), "content": e} for e in events],
        "order": 30,
        "empty_text": _("No events organised yet."),
    }


@hooks.register("profile_sections")
def calendar_feed_section(request):
    token = CalendarToken.objects.filter(user=request.user).first()
    feed_url = None
    if token is not None:
        feed_url = request.build_absolute_uri(reverse("events:personal_feed", args=[token.token]))
    visible = rules.visible_events(request.user).values("pk")
    registrations = (
        Registration.objects.filter(user=request.user, event__in=visible)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event", "organisation")
        .filter(event__end__gte=timezone.now())
        .order_by("event__start")
    )
    invitations = DelegationMember.objects.filter(
        user=request.user, status=DelegationMember.Status.INVITED, delegation__event__in=visible
    ).select_related("delegation__event", "delegation__organisation")
    headed = Delegation.objects.filter(head=request.user, event__in=visible).select_related(
        "event", "organisation"
    )
    return {
        "title": _("Your events and calendar"),
        "template": "events/includes/profile_section.html",
        "order": 40,
        "feed_url": feed_url,
        "webcal_url": feed_url.replace("https://", "webcal://").replace("http://", "webcal://")
        if feed_url
        else None,
        "registrations": registrations,
        "invitations": invitations,
        "headed": headed,
    }
