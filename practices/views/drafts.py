"""Sharing a practice in steps, each a page of its own that works without
JavaScript: about the practice, where and who, classification, results and
evidence, pictures and documents, then a review with a preview.

Whatever a step posts is kept in a ``PracticeDraft`` (valid or not, whichever
button was pressed), so nothing typed is lost: "Next" checks the step and goes
on, "Back" and "Save draft and continue later" keep the input without checking
it. Uploaded files are stored at once, privately (``practices.attachments``).
The review step checks the whole form again, shows the practice as its page
will, and submits it: the same ``create_practice`` as the one-page form made
(moderation, notifications). Drafts are their author's only
(``rules.drafts_visible_to``); another user's draft is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from practices import rules, services
from practices.context import practice_facts
from practices.forms import (
    MAX_UPLOADS,
    REVIEW,
    STEP_SLUGS,
    STEPS,
    PracticeForm,
    is_multiple,
    step_form,
    step_of,
    validate_upload,
)
from practices.models import PracticeDraft, PracticeIndexPage


def _sharing_organisations(request):
    organisations = rules.organisations_that_can_share(request.user)
    if not organisations.exists():
        raise PermissionDenied(
            _(
                "Only members of a local or regional authority, or of an association of them, "
                "can share practices."
            )
        )
    return organisations


def _index_page():
    index = PracticeIndexPage.objects.live().first()
    if index is None:
        raise Http404(_("The practice library is not set up."))
    return index


def _own_draft(request, draft_id) -> PracticeDraft:
    """The viewer's own draft; anyone else's is not found (not even "forbidden")."""
    return get_object_or_404(
        rules.drafts_visible_to(request.user).select_related("organisation"), pk=draft_id
    )


def step_url(draft, slug: str) -> str:
    return reverse("practices:draft_step", args=[draft.pk, slug])


def _step_links(draft, current: str) -> list[dict]:
    """The step indicator: every step and the review, the current one marked
    (``aria-current="step"``); links once a draft exists."""
    entries = [(step.slug, step.title) for step in STEPS] + [(REVIEW, _("Review and submit"))]
    return [
        {
            "number": number,
            "title": title,
            "current": slug == current,
            "url": step_url(draft, slug) if draft is not None else None,
        }
        for number, (slug, title) in enumerate(entries, start=1)
    ]


def _raw_values(form, post) -> dict:
    """What the step posted, as typed (lists for the fields with several values)."""
    return {
        name: post.getlist(name) if is_multiple(field) else post.get(name, "")
        for name, field in form.fields.items()
        if name != "attachments"
    }


def _as_post(data: dict) -> MultiValueDict:
    return MultiValueDict(
        {name: list(value) if isinstance(value, list) else [value] for name, value in data.items()}
    )


def _take_files(request, draft) -> list[str]:
    """Remove the files ticked for removal and store the new uploads that pass
    the checks (the others are reported; the good ones are kept)."""
    removed = request.POST.getlist("remove_files")
    if removed:
        services.remove_draft_files(draft, removed)
    uploads = [upload for upload in request.FILES.getlist("attachments") if upload]
    if not uploads:
        return []
    if len(draft.files) + len(uploads) > MAX_UPLOADS:
        return [
            _("Attach at most %(n)s files; you have attached %(attached)s already.")
            % {"n": MAX_UPLOADS, "attached": len(draft.files)}
        ]
    errors, checked = [], []
    for upload in uploads:
        try:
            kind, extension = validate_upload(upload)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            checked.append((kind, upload, extension))
    services.add_draft_files(draft, checked, request.user)
    return errors


def _render_step(request, draft, step, form):
    number = STEP_SLUGS.index(step.slug) + 1
    return render(
        request,
        "practices/practice_steps.html",
        {
            "form": form,
            "draft": draft,
            "step": step,
            "number": number,
            "total": len(STEPS) + 1,
            "first": number == 1,
            "steps": _step_links(draft, step.slug),
            "files": services.draft_files(draft) if draft and "attachments" in step.fields else [],
            "action_url": step_url(draft, step.slug) if draft else reverse("practices:submit"),
            "heading": _("Share a practice"),
        },
    )


def _handle_step(request, draft, step, organisations):
    """Keep what the step posted, then go where the button said."""
    action = request.POST.get("action", "next")
    form = step_form(step, request.POST, organisations=organisations, user=request.user)
    with transaction.atomic():
        file_errors = _take_files(request, draft) if "attachments" in step.fields else []
        valid = form.is_valid()
        for error in file_errors:
            form.add_error("attachments", error)
        services.update_draft(
            draft,
            _raw_values(form, request.POST),
            step.slug,
            organisation=form.cleaned_data.get("organisation"),
        )
    index = STEP_SLUGS.index(step.slug)
    if action == "save":
        messages.success(
            request,
            _(
                "Your draft “%(title)s” is saved. Continue it from “My contributions” "
                "whenever you like."
            )
            % {"title": draft},
        )
        return redirect("practices:contributions")
    if action == "back":
        return redirect(step_url(draft, STEPS[max(index - 1, 0)].slug))
    if not valid or file_errors:
        messages.error(request, _("Please correct the errors below; nothing was lost."))
        return _render_step(request, draft, step, form)
    following = STEPS[index + 1].slug if index + 1 < len(STEPS) else REVIEW
    return redirect(step_url(draft, following))


@login_required
def start(request):
    """Step 1 of a new practice (``/practices/submit/``, the one-page form's
    address); its first post makes the draft."""
    organisations = _sharing_organisations(request)
    _index_page()
    if request.method == "POST":
        if rules.drafts_visible_to(request.user).count() >= services.MAX_DRAFTS_PER_USER:
            messages.error(
                request,
                _("You have %(n)s drafts already: finish or delete one before starting another.")
                % {"n": services.MAX_DRAFTS_PER_USER},
            )
            return redirect("practices:contributions")
        draft = PracticeDraft.objects.create(user=request.user)
        return _handle_step(request, draft, STEPS[0], organisations)
    initial = {}
    call_id = request.GET.get("call", "")
    if call_id.isdigit():
        initial["call"] = int(call_id)
    form = step_form(STEPS[0], organisations=organisations, initial=initial, user=request.user)
    return _render_step(request, None, STEPS[0], form)


@login_required
def draft_step(request, draft_id, step):
    """A step of one's own draft (GET shows what was saved, POST keeps and moves on)."""
    draft = _own_draft(request, draft_id)
    if step == REVIEW:
        return review(request, draft)
    if step not in STEP_SLUGS:
        raise Http404
    organisations = _sharing_organisations(request)
    current = STEPS[STEP_SLUGS.index(step)]
    if request.method == "POST":
        return _handle_step(request, draft, current, organisations)
    form = step_form(current, organisations=organisations, initial=draft.data, user=request.user)
    return _render_step(request, draft, current, form)


def review(request, draft):
    """The whole form checked again, the practice as it will look, and Submit."""
    organisations = _sharing_organisations(request)
    index = _index_page()
    form = PracticeForm(_as_post(draft.data), organisations=organisations, user=request.user)
    valid = form.is_valid()
    if request.method == "POST" and request.POST.get("action") == "submit":
        if valid:
            if not rules.can_submit_for(request.user, form.cleaned_data["organisation"]):
                raise PermissionDenied
            page = services.submit_draft(index, draft, form.cleaned_data, request.user)
            messages.success(
                request,
                _(
                    "Thank you. “%(title)s” was sent to the moderators; you will be notified "
                    "when they have reviewed it."
                )
                % {"title": page.title},
            )
            return redirect("practices:contributions")
        messages.error(request, _("Some steps need attention before the practice can be sent."))
    problems = []
    for name, errors in form.errors.items():
        owner = step_of(name)
        problems.append(
            {
                "label": form.fields[name].label if name in form.fields else "",
                "message": errors[0],
                "url": (step_url(draft, owner.slug) + f"#id_{name}") if owner else None,
            }
        )
    context = {
        "draft": draft,
        "form": form,
        "problems": problems,
        "steps": _step_links(draft, REVIEW),
        "step_pages": [(step, step_url(draft, step.slug)) for step in STEPS],
        "number": len(STEPS) + 1,
        "total": len(STEPS) + 1,
        "heading": _("Share a practice"),
    }
    if valid:
        preview = services.preview_practice(form.cleaned_data, draft)
        context.update(page=preview, can_see_contact=True, **practice_facts(preview))
    return render(request, "practices/practice_review.html", context)


@login_required
def delete_draft(request, draft_id):
    """Ask, then delete one's draft and its files."""
    draft = _own_draft(request, draft_id)
    if request.method == "POST":
        title = str(draft)
        services.delete_draft(draft)
        messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": title})
        return redirect("practices:contributions")
    return render(request, "practices/draft_delete.html", {"draft": draft})


def drafts_for(user) -> list[PracticeDraft]:
    """The user's drafts, newest first, with their organisation (one query), each
    with the URL that continues it."""
    drafts = list(rules.drafts_visible_to(user).select_related("organisation"))
    titles = {step.slug: step.title for step in STEPS}
    for draft in drafts:
        slug = draft.step if draft.step in titles else STEPS[0].slug
        draft.continue_url = step_url(draft, slug)
        draft.step_title = titles[slug]
    return drafts
