"""Organisers' pages: create an event (``/events/new/``), edit it (the event
page's ``edit/`` route; a draft at ``/events/drafts/<id>/``) and cancel it or
one of its occurrences (``edit/cancel/``, with a confirmation).

Who may: ``events.rules`` (``can_create_events``, ``can_manage_event``). A
visitor who may not see the event gets a 404 as for a missing one; one who
sees it but does not run it, a 403. Every save is a Wagtail revision,
published when the event is live, so ``EventPage.save`` tells registrants'
calendars (``schedule_changed`` -> ``events.tasks``).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from events import rules
from events.editing import CancelForm, EventForm, RestoreForm
from events.models import EventException, EventIndexPage, EventPage
from events.models.pages import RESERVED_SLUGS
from events.questions import is_layout_action, question_formset, rearranged
from events.views.common import visible_event_or_404
from forum_site.slugs import unique_child_slug

PUBLISH, DRAFT, PREVIEW, SAVE = "publish", "draft", "preview", "save"

# The form's fields, in groups (each a fieldset with its legend; lazy: the
# legends are read per request, in its language).
GROUPS = [
    (
        gettext_lazy("The event"),
        [
            "title",
            "description",
            "event_type",
            "event_format",
            "organisation",
            "co_organisers",
        ],
    ),
    (gettext_lazy("When"), ["timezone", "start", "end", "all_day"]),
    (
        gettext_lazy("Repeats"),
        [
            "pattern",
            "interval",
            "weekdays",
            "month_day",
            "ordinal",
            "ordinal_weekday",
            "ends",
            "until",
            "count",
            "exceptions",
            "added_dates",
        ],
    ),
    (gettext_lazy("Where"), ["venue", "city", "country", "online_url"]),
    (
        gettext_lazy("Registration"),
        [
            "registration_enabled",
            "registration_opens_at",
            "registration_deadline",
            "capacity",
            "participant_visibility",
        ],
    ),
]


def _groups(form):
    return [(legend, [form[name] for name in names]) for legend, names in GROUPS]


def _model_errors(form, error: ValidationError) -> None:
    """The model's own validation (``EventPage.clean``) as form errors."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _layout(request, form, page):
    """A question's add / move / remove button: the form as typed (its errors not
    shown yet: nothing is saved), the questions rearranged."""
    form._errors = ErrorDict()  # the values stay as typed; validation waits for a save
    questions, error = rearranged(request.POST, request.POST.get("action", ""), page)
    if error:
        messages.error(request, error)
    return questions


def _questions_valid(questions) -> bool:
    return questions.keep or questions.is_valid()


def _index_page():
    index = EventIndexPage.objects.first()
    if index is None:
        raise Http404
    return index


def draft_url(page) -> str:
    return reverse("events:draft_edit", args=[page.pk])


def edit_url(page) -> str:
    return page.url + "edit/" if page.live and page.url else draft_url(page)


@login_required
@require_http_methods(["GET", "POST"])
def new_event_view(request):
    if not rules.can_create_events(request.user):
        raise PermissionDenied(
            _("Only editors and administrators of an organisation can create events.")
        )
    index = _index_page()
    preview = None
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user)
        questions, preview, response = _post(
            request,
            form,
            None,
            lambda action, questions: _save_new(request, index, form, questions, action),
        )
        if response is not None:
            return response
    else:
        questions = question_formset(None, None)
        now = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
        form = EventForm(
            user=request.user,
            initial={
                "organisation": rules.event_organisations(request.user).order_by("name").first(),
                "start": timezone.make_naive(now, timezone.get_current_timezone()),
                "end": timezone.make_naive(now, timezone.get_current_timezone())
                + timedelta(hours=2),
                "timezone": "UTC",
                "participant_visibility": "hidden",
                "registration_enabled": True,
            },
        )
    return _form_page(
        request,
        form,
        questions,
        preview,
        creating=True,
        drafts=list(rules.draft_events(request.user).order_by("-pk")[:20]),
    )


def _form_page(request, form, questions, preview, **context):
    """The event form (creating or editing), its fields in their groups."""
    return render(
        request,
        "events/edit_event.html",
        {
            "form": form,
            "groups": _groups(form),
            "preview": preview,
            "questions": questions,
            **context,
        },
    )


def _post(request, form, working, save):
    """The event form's POST, creating (``working`` None) or editing: a question's
    add / move / remove button rearranges the questions, Preview shows the event,
    any other action saves with ``save(action, questions)`` (the redirect it
    returns ends the request). Returns the questions, the preview and that
    redirect (None unless saved)."""
    action = request.POST.get("action") or ""
    questions = question_formset(request.POST, working)
    if is_layout_action(action):
        return _layout(request, form, working), None, None
    if form.is_valid() and _questions_valid(questions):
        if action == PREVIEW:
            return questions, form.preview(), None
        try:
            return questions, None, save(action, questions)
        except ValidationError as error:
            _model_errors(form, error)
    messages.error(request, _("Please correct the errors below."))
    return questions, None, None


def _save_new(request, index, form, questions, action):
    page = _create(index, form, questions, request.user, publish=action != DRAFT)
    if page.live:
        messages.success(request, _("The event is published."))
        return redirect(page.url)
    messages.success(request, _("The event is saved as a draft; only its organisers see it."))
    return redirect(draft_url(page))


def _save_edit(request, page, working, form, questions, action):
    publish = page.live or action == PUBLISH
    form.apply(working)
    questions.apply(working)
    _save_revision(working, request.user, publish=publish)
    page.refresh_from_db()
    if publish:
        messages.success(request, _("The event is saved and published."))
        return redirect(page.url + "edit/")
    messages.success(request, _("The draft is saved."))
    return redirect(draft_url(page))


def _save_revision(working, user, *, publish: bool) -> None:
    """A revision of ``working`` by ``user`` (in the page's history), published
    when ``publish``, in one transaction: ``EventPage.save`` tells registrants."""
    with transaction.atomic():
        revision = working.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user, skip_permission_checks=True)


def _create(index, form, questions, user, *, publish: bool) -> EventPage:
    with transaction.atomic():
        page = EventPage(
            slug=unique_child_slug(
                index,
                form.cleaned_data["title"],
                default="event",
                max_length=60,
                reserved=RESERVED_SLUGS,
            ),
            live=False,
            owner=user,
        )
        form.apply(page)
        questions.apply(page)
        index.add_child(instance=page)
        _save_revision(page, user, publish=publish)
    page.refresh_from_db()
    return page


@login_required
@require_http_methods(["GET", "POST"])
def edit_view(request, event):
    """The event page's ``edit/`` route."""
    event = visible_event_or_404(request.user, event)
    if not rules.can_manage_event(request.user, event):
        raise PermissionDenied(_("Only the event's organisers can edit it."))
    return _edit(request, event)


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit_view(request, pk):
    """A draft (never published) event: no page is served yet, so its form has an
    address of its own; hidden (404) from everyone who does not run it."""
    page = get_object_or_404(EventPage, pk=pk, live=False)
    if not rules.can_manage_event(request.user, page):
        raise Http404
    return _edit(request, page)


def _edit(request, page):
    working = page.get_latest_revision_as_object()
    preview = None
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user, page=working)
        questions, preview, response = _post(
            request,
            form,
            working,
            lambda action, questions: _save_edit(request, page, working, form, questions, action),
        )
        if response is not None:
            return response
    else:
        form = EventForm(user=request.user, page=working)
        questions = question_formset(None, working)
    upcoming = []
    if page.live and page.recurrence:
        now = timezone.now()
        upcoming = [
            row.as_occurrence(page)
            for row in page.stored_occurrences.filter(
                end__gt=now, start__lt=now + timedelta(days=366)
            )[:12]
        ]
    return _form_page(
        request, form, questions, preview, event=page, upcoming=upcoming, creating=False
    )


def _date_from(raw) -> date | None:
    try:
        return date.fromisoformat(str(raw or "")[:10])
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def cancel_view(request, event):
    """The event page's ``edit/cancel/`` route: confirm, then cancel the whole
    event or (``date``) one occurrence. Kept and marked cancelled."""
    event = visible_event_or_404(request.user, event)
    if not rules.can_manage_event(request.user, event):
        raise PermissionDenied(_("Only the event's organisers can cancel it."))
    edit = event.url + "edit/"
    if event.cancelled:
        messages.info(request, _("The event is already cancelled."))
        return redirect(edit)
    if request.method == "POST":
        form = CancelForm(request.POST, event=event)
        if form.is_valid():
            day, note = form.cleaned_data["date"], form.cleaned_data["note"].strip()
            working = event.get_latest_revision_as_object()
            if day is None:
                working.cancelled = True
                working.cancellation_note = note
            else:
                working.exceptions = [
                    *working.exceptions.all(),
                    EventException(date=day, note=note[:255]),
                ]
            try:
                _save_revision(working, request.user, publish=True)
            except ValidationError as error:
                _model_errors(form, error)
            else:
                if day is None:
                    messages.success(request, _("The event is cancelled; participants are told."))
                else:
                    messages.success(
                        request,
                        _("The occurrence on %(d)s is cancelled; participants are told.")
                        % {"d": day.isoformat()},
                    )
                return redirect(edit)
        day = _date_from(request.POST.get("date"))
    else:
        day = _date_from(request.GET.get("date"))
        form = CancelForm(event=event, initial={"date": day})
        if request.GET.get("date"):
            # Check the date now, so a wrong one is said before the confirmation.
            probe = CancelForm({"date": request.GET["date"], "confirm": "on"}, event=event)
            if not probe.is_valid() and "date" in probe.errors:
                form = probe
    from events.recurrence import occurrence_on

    start = occurrence_on(event, day) if day else None
    return render(
        request,
        "events/cancel_event.html",
        {"event": event, "form": form, "day": day, "occurrence_start": start, "edit_url": edit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def restore_view(request, event):
    """The event page's ``edit/restore/`` route: a cancelled event takes place
    after all (confirmed); registrants get the invitation again."""
    event = visible_event_or_404(request.user, event)
    if not rules.can_manage_event(request.user, event):
        raise PermissionDenied(_("Only the event's organisers can restore it."))
    edit = event.url + "edit/"
    if not event.cancelled:
        messages.info(request, _("The event is not cancelled."))
        return redirect(edit)
    form = RestoreForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        working = event.get_latest_revision_as_object()
        working.cancelled = False
        working.cancellation_note = ""
        try:
            _save_revision(working, request.user, publish=True)
        except ValidationError as error:
            _model_errors(form, error)
        else:
            messages.success(request, _("The event takes place again; participants are told."))
            return redirect(edit)
    return render(
        request, "events/restore_event.html", {"event": event, "form": form, "edit_url": edit}
    )
