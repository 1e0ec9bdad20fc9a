"""Sharing a practice: update one (through the moderators), and the user's
contributions with their moderation status and their drafts. Submitting a new
one is the step-by-step form of ``drafts.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from practices import rules
from practices.forms import PracticeForm
from practices.models import PracticeIndexPage, PracticePage
from practices.services import initial_from_page, update_practice
from practices.views.drafts import drafts_for


def index_page():
    return PracticeIndexPage.objects.live().first()


@login_required
def edit(request, page_id):
    page = get_object_or_404(PracticePage, pk=page_id)
    if not rules.can_edit_practice(request.user, page):
        raise PermissionDenied(_("Only editors of the owning organisation may update it."))
    if request.method == "POST":
        form = PracticeForm(
            request.POST, request.FILES, fixed_organisation=page.organisation, user=request.user
        )
        if form.is_valid():
            update_practice(page, form.cleaned_data, request.user)
            messages.success(
                request,
                _(
                    "Your changes were sent to the moderators. The public page stays as it is "
                    "until they approve them."
                ),
            )
            return redirect("practices:contributions")
        messages.error(request, _("Please correct the errors below; nothing was lost."))
    else:
        form = PracticeForm(
            initial=initial_from_page(page), fixed_organisation=page.organisation, user=request.user
        )
    return render(
        request,
        "practices/practice_form.html",
        {"form": form, "heading": _("Update “%(title)s”") % {"title": page.title}, "editing": page},
    )


def contributions_for(user) -> list[dict]:
    """The user's practices with their moderation status (a few queries in all)."""
    page_type = ContentType.objects.get_for_model(PracticePage)
    requested = WorkflowState.objects.filter(
        requested_by=user,
        base_content_type__in=[
            page_type,
            ContentType.objects.get(app_label="wagtailcore", model="page"),
        ],
    ).values_list("object_id", flat=True)
    ids = {int(pk) for pk in requested if str(pk).isdigit()}
    pages = list(
        PracticePage.objects.filter(Q(submitted_by=user) | Q(pk__in=ids))
        .select_related("organisation")
        .order_by("-latest_revision_created_at", "-pk")
    )
    states = {}
    for state in (
        WorkflowState.objects.filter(object_id__in=[str(p.pk) for p in pages])
        .exclude(status=WorkflowState.STATUS_CANCELLED)
        .prefetch_related("task_states")
        .order_by("created_at")
    ):
        states[state.object_id] = state  # the latest wins
    rows = []
    for page in pages:
        state = states.get(str(page.pk))
        comment = ""
        if state is not None:
            comments = [t.comment for t in state.task_states.all() if t.comment]
            comment = comments[-1] if comments else ""
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            label, css = _("Awaiting moderation"), "warning"
        elif state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            label, css = _("Changes requested"), "warning"
        elif page.live and page.has_unpublished_changes:
            label, css = _("Published, with changes not yet submitted"), ""
        elif page.live:
            label, css = _("Published"), "success"
        else:
            label, css = _("Draft"), ""
        rows.append({"page": page, "status": label, "css": css, "comment": comment})
    return rows


@login_required
def contributions(request):
    return render(
        request,
        "practices/contributions.html",
        {
            "section": {
                "rows": contributions_for(request.user),
                "drafts": drafts_for(request.user),
            }
        },
    )
