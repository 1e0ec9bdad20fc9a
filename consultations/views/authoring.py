"""The owner's edit pages: the details, the questionnaire builder and its preview.

Plain Django views under ``/consultations/<pk>/edit/`` like the dashboard
(consultation pages have no routable actions). Who may: ``rules.can_manage``
(editors and administrators of the consulting organisation, superusers);
others get what the dashboard gives them (404 when they may not see the
consultation, 403 when they may see it but not manage it). What may change
at each stage, and how it is saved: ``consultations.authoring``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import authoring, rules
from consultations.forms.authoring import (
    BUILDER_PREFIX,
    MAX_QUESTIONS,
    ConsultationDocumentForm,
    ConsultationEditForm,
    OperationRefused,
    QuestionBuilderFormSet,
    apply_operation,
    parse_operation,
    question_row,
    raw_rows,
    template_rows,
)
from consultations.forms.responses import ResponseForm
from consultations.models import ConsultationPage, QuestionKind, QuestionTemplate, Status
from consultations.views.common import managed_page


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    page = managed_page(request, pk)
    status = page.status
    http_status = 200
    if request.method == "POST" and request.POST.get("action") == "close":
        if status != Status.OPEN:
            messages.error(request, _("Only an open consultation can be closed early."))
            return redirect("consultations:edit", pk=page.pk)
        authoring.close_now(page, request.user)
        messages.success(request, _("The consultation is closed."))
        return redirect("consultations:dashboard", pk=page.pk)
    document_form = ConsultationDocumentForm(prefix="doc")
    form = None
    if request.method == "POST" and request.POST.get("remove_document"):
        try:
            authoring.remove_document(page, request.POST["remove_document"], request.user)
        except authoring.DocumentRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The document is removed."))
        return redirect("consultations:edit", pk=page.pk)
    if request.method == "POST" and request.POST.get("action") == "add_document":
        document_form = ConsultationDocumentForm(request.POST, request.FILES, prefix="doc")
        if document_form.is_valid():
            data = document_form.cleaned_data
            authoring.add_document(page, data["file"], data["title"], request.user)
            if authoring.has_opened(page):
                messages.success(
                    request,
                    _("The document is added; the change is listed in the change log."),
                )
            else:
                messages.success(request, _("The document is added."))
            return redirect("consultations:edit", pk=page.pk)
        messages.error(request, _("The document was not added; see below."))
        http_status = 400
    elif request.method == "POST":
        form = ConsultationEditForm(request.POST, initial=authoring.details_initial(page))
        if form.is_valid() and authoring.check_details(page, form):
            lines = authoring.save_details(page, form.cleaned_data, request.user)
            if lines and authoring.has_opened(page):
                messages.success(
                    request, _("Saved. The change is listed in the consultation's change log.")
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("consultations:edit", pk=page.pk)
        messages.error(request, _("Please correct the errors below."))
        http_status = 400
    if form is None:
        form = ConsultationEditForm(initial=authoring.details_initial(page))
    return render(
        request,
        "consultations/edit.html",
        {
            "page": page,
            "status": status,
            "form": form,
            "document_form": document_form,
            "documents": authoring.document_blocks(page),
            "has_opened": authoring.has_opened(page),
            "has_responses": authoring.has_responses(page),
        },
        status=http_status,
    )


def _sources(request, page):
    """Where a questionnaire may start from: templates, and the organisation's
    other consultations that this user may manage."""
    templates = list(QuestionTemplate.objects.all())
    previous = [
        other
        for other in ConsultationPage.objects.filter(
            owner_organisation_id=page.owner_organisation_id
        )
        .exclude(pk=page.pk)
        .select_related("owner_organisation")
        .order_by("-opens_at")[:50]
        if rules.can_manage(request.user, other)
    ]
    return templates, previous


def _start_rows(request, page, templates, previous, start: str):
    """Rows for ``?start=…``, or None with a message when it names nothing usable."""
    if start == "blank":
        return []
    kind, _sep, ref = start.partition(":")
    if kind == "template":
        template = next((t for t in templates if t.slug == ref), None)
        if template is not None:
            return template_rows(template)
    if kind == "consultation" and ref.isdigit():
        other = next((c for c in previous if str(c.pk) == ref), None)
        if other is not None:
            return [question_row(q, keep_id=False) for q in other.questions.all()]
    messages.error(request, _("That starting point is not available."))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def edit_questions(request, pk):
    page = managed_page(request, pk)
    locked = authoring.has_responses(page)
    locked_ids = [q.pk for q in page.questions.all()] if locked else []
    templates, previous = _sources(request, page)
    general_errors: list[str] = []
    http_status = 200
    started_from = None

    if request.method == "POST":
        formset = QuestionBuilderFormSet(request.POST, prefix=BUILDER_PREFIX)
        management_ok = formset.management_form.is_valid() and (
            formset.management_form.cleaned_data["TOTAL_FORMS"] <= MAX_QUESTIONS
        )
        op = parse_operation(request.POST.get("op", "save"), formset.total_form_count())
        if not management_ok:
            # Too many forms, or a tampered form: refused before any form is
            # read; the saved questionnaire is shown again.
            if formset.management_form.is_valid():
                general_errors = [
                    _("A questionnaire has at most %(n)d items: nothing was read.")
                    % {"n": MAX_QUESTIONS}
                ]
            else:
                general_errors = list(formset.non_form_errors())
            messages.error(request, _("Nothing was saved."))
            http_status = 400
            formset = _formset_from_page(page)
        elif op is None:
            messages.error(request, _("Unknown action."))
            formset = QuestionBuilderFormSet(prefix=BUILDER_PREFIX, initial=raw_rows(formset))
            http_status = 400
        elif op[0] != "save":
            try:
                rows = apply_operation(raw_rows(formset), *op, locked_ids=locked_ids)
            except OperationRefused as refusal:
                messages.error(request, str(refusal))
                rows = raw_rows(formset)
                http_status = 400
            formset = QuestionBuilderFormSet(prefix=BUILDER_PREFIX, initial=rows)
        elif formset.is_valid():
            general_errors = authoring.check_questions(page, formset)
            if not general_errors and not any(f.errors for f in formset.forms):
                lines = authoring.save_questions(page, formset.items(), request.user)
                if lines and authoring.has_opened(page):
                    messages.success(
                        request,
                        _("Saved. The change is listed in the consultation's change log."),
                    )
                else:
                    messages.success(request, _("The questionnaire is saved."))
                return redirect("consultations:edit_questions", pk=page.pk)
            messages.error(request, _("Some changes cannot be saved; see below."))
            http_status = 400
        else:
            messages.error(request, _("Please correct the errors below."))
            http_status = 400
    else:
        formset = None
        start = request.GET.get("start", "")
        if start:
            if locked:
                messages.error(
                    request,
                    _("Organisations have already responded: the questionnaire cannot start over."),
                )
            else:
                rows = _start_rows(request, page, templates, previous, start)
                if rows is not None:
                    formset = QuestionBuilderFormSet(prefix=BUILDER_PREFIX, initial=rows)
                    started_from = start
                    messages.info(
                        request,
                        _("Not saved yet: review the questions below, then save them."),
                    )
        if formset is None:
            formset = _formset_from_page(page)
    return render(
        request,
        "consultations/edit_questions.html",
        {
            "page": page,
            "status": page.status,
            "formset": formset,
            "general_errors": general_errors,
            "locked": locked,
            "templates": templates,
            "previous": previous,
            "started_from": started_from,
            "max_questions": MAX_QUESTIONS,
            "section_kind": QuestionKind.SECTION,
        },
        status=http_status,
    )


def _formset_from_page(page):
    rows = [question_row(q, keep_id=True) for q in page.questions.all()]
    return QuestionBuilderFormSet(prefix=BUILDER_PREFIX, initial=rows)


@login_required
def preview(request, pk):
    """The questionnaire as an invited respondent sees it, with the same
    template; nothing can be sent from it."""
    page = managed_page(request, pk)
    form = ResponseForm(initial={"version": 0}, questions=page.questions.all())
    return render(
        request,
        "consultations/respond.html",
        {
            "page": page,
            "status": Status.OPEN,
            "preview": True,
            "organisation": None,
            "organisations": [],
            "response": None,
            "form": form,
            "can_draft": True,
            "can_submit": True,
            "conflict": None,
            "read_only_answers": [],
        },
    )
