"""The draft text: the owner's edit page, a paragraph's page (its wording,
proposed wordings with their diff, its discussion thread), proposing a
wording, the owner's overview and the exports.

Who: the edit page, the overview and the exports are the owner's
(``rules.can_manage``; 404 for those who may not see the consultation, 403
for the others); a paragraph's page is for whoever may see the consultation
(``rules.can_view_draft_text``), and commenting or proposing follows its
thread's policy (``rules.can_comment_on_draft``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import drafts, rules
from consultations.forms.drafts import DraftTextForm, ProposalForm
from consultations.models import DraftParagraph, DraftText
from consultations.views.common import managed_page, page_for
from forum_site.discussions import services as discussions
from forum_site.discussions.services import DiscussionError
from forum_site.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, to_csv, to_xlsx


@login_required
@require_http_methods(["GET", "POST"])
def edit_draft_text(request, pk):
    page = managed_page(request, pk)
    draft = DraftText.objects.filter(consultation=page).first()
    has_comments = bool(draft) and drafts.comment_count(page) > 0
    status = 200
    if request.method == "POST" and request.POST.get("action") == "remove":
        if has_comments:
            messages.error(request, _("A draft text with comments cannot be removed."))
        elif draft:
            drafts.remove_text(page)
            messages.success(request, _("The draft text was removed."))
        return redirect("consultations:edit_draft_text", pk=page.pk)
    if request.method == "POST":
        form = DraftTextForm(request.POST, request.FILES, has_comments=has_comments)
        if form.is_valid():
            data = form.cleaned_data
            summary = drafts.replace_text(
                page,
                data["blocks"],
                request.user,
                source_name=data["source_name"],
                title=data["title"],
            )
            messages.success(
                request,
                _("The draft text is saved: %(n)d numbered paragraphs.")
                % {"n": len(data["blocks"])},
            )
            if summary.changed:
                messages.info(
                    request,
                    _("Reworded paragraphs that have comments: %(list)s.")
                    % {"list": ", ".join(str(n) for n in summary.changed)},
                )
            if summary.removed:
                messages.info(
                    request,
                    _("Removed paragraphs kept for their comments (former numbers): %(list)s.")
                    % {"list": ", ".join(str(n) for n in summary.removed)},
                )
            return redirect("consultations:edit_draft_text", pk=page.pk)
        messages.error(request, _("Please correct the errors below."))
        status = 400
    else:
        form = DraftTextForm(
            initial={"title": draft.title if draft else ""}, has_comments=has_comments
        )
    return render(
        request,
        "consultations/edit_draft_text.html",
        {
            "page": page,
            "status": page.status,
            "form": form,
            "draft": draft,
            "has_comments": has_comments,
            "paragraphs": drafts.paragraphs_with_counts(page) if draft else [],
        },
        status=status,
    )


def _paragraph(request, pk, key):
    page = page_for(request, pk)
    if not rules.can_view_draft_text(request.user, page):
        raise Http404
    paragraph = get_object_or_404(
        DraftParagraph.objects.select_related("draft"), draft__consultation=page, key=key
    )
    paragraph.draft.consultation = page
    return page, paragraph


def draft_paragraph(request, pk, key, form=None, status=200):
    page, paragraph = _paragraph(request, pk, key)
    thread = paragraph.get_thread()
    may_post = discussions.can_post(request.user, thread)
    paragraphs = drafts.current_paragraphs(page)
    here = paragraph.position
    previous = next((p for p in reversed(paragraphs) if here and p.position < here), None)
    following = next((p for p in paragraphs if here and p.position > here), None)
    return render(
        request,
        "consultations/draft_paragraph.html",
        {
            "page": page,
            "paragraph": paragraph,
            "thread": thread,
            "proposals": drafts.visible_proposals(request.user, paragraph, thread),
            "earlier_versions": [
                {**version, "until": parse_datetime(version["until"])}
                for version in paragraph.earlier_versions
            ],
            "may_post": may_post,
            "proposal_form": form or ProposalForm(initial={"proposed": paragraph.text}),
            "posting_organisations": list(discussions.organisations_for_posting(request.user))
            if may_post
            else [],
            "previous": previous,
            "following": following,
            "total": len(paragraphs),
            "can_manage": rules.can_manage(request.user, page),
        },
        status=status,
    )


@require_POST
def propose(request, pk, key):
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    page, paragraph = _paragraph(request, pk, key)
    thread = paragraph.get_thread()
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return draft_paragraph(request, pk, key, form=form, status=400)
    try:
        comment = drafts.post_proposal(
            paragraph,
            thread,
            request.user,
            form.cleaned_data["proposed"],
            form.cleaned_data["explanation"],
            organisation=request.POST.get("organisation") or None,
        )
    except DiscussionError as error:
        form.add_error(None, error.message)
        messages.error(request, error.message)
        code = {"forbidden": 403, "locked": 403, "rate_limited": 429}.get(error.code, 400)
        return draft_paragraph(request, pk, key, form=form, status=code)
    messages.success(request, _("Your proposed wording was posted."))
    return HttpResponseRedirect(f"{paragraph.get_absolute_url()}#comment-{comment.pk}")


@login_required
def overview(request, pk):
    page = managed_page(request, pk)
    return render(
        request,
        "consultations/draft_overview.html",
        {"page": page, "status": page.status, **drafts.overview(page)},
    )


@login_required
def export_comments_csv(request, pk):
    page = managed_page(request, pk)
    header, rows = drafts.export_rows(page)
    response = HttpResponse(to_csv(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-paragraph-comments.csv"'
    return response


@login_required
def export_comments_xlsx(request, pk):
    page = managed_page(request, pk)
    header, rows = drafts.export_rows(page)
    response = HttpResponse(
        to_xlsx(header, rows, title=_("Paragraph comments")), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-paragraph-comments.xlsx"'
    return response
