"""Responding for an organisation (drafts, submissions, conflicts) and reading
a response's submitted versions."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import rules
from consultations.context import answer_rows
from consultations.forms.responses import ResponseForm
from consultations.models import Consent, ConsultationResponse, localised_questions
from consultations.responses import ResponseConflict, save_response
from consultations.views.common import page_for, shown_page
from forum_site.organisations import rules as org_rules


@require_http_methods(["GET", "POST"])
def respond(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    page = page_for(request, pk)
    organisations = rules.respondable_organisations(request.user, page)
    if not organisations:
        return render(
            request,
            "consultations/not_allowed.html",
            {
                "page": page,
                "reason": _(
                    "None of your organisations is invited to respond to this consultation."
                ),
            },
            status=403,
        )
    wanted = request.POST.get("organisation") or request.GET.get("organisation")
    organisation = organisations[0]
    if wanted:
        organisation = next((o for o in organisations if str(o.pk) == str(wanted)), None)
        if organisation is None:
            return render(
                request,
                "consultations/not_allowed.html",
                {
                    "page": page,
                    "reason": _("You cannot respond for that organisation."),
                },
                status=403,
            )
    # Answers belong to the source's questions, shown in the page's language.
    shown = shown_page(request, page)
    questions = localised_questions(page, shown)
    response = ConsultationResponse.objects.filter(
        consultation=page, organisation=organisation
    ).first()
    status = page.status
    can_draft = rules.can_draft_response(request.user, page, organisation)
    can_submit = rules.can_submit_response(request.user, page, organisation)
    conflict = None
    http_status = 200

    if request.method == "POST":
        submitting = request.POST.get("action") == "submit"
        form = ResponseForm(request.POST, questions=questions, submitting=submitting)
        if not can_draft:
            messages.error(request, _("This consultation is not open: responses are read-only."))
            http_status = 403
        elif submitting and not can_submit:
            messages.error(
                request,
                _("Only an editor of %(org)s can submit. Save a draft and ask an editor.")
                % {"org": organisation.name},
            )
            http_status = 403
        elif form.is_valid():
            try:
                save_response(
                    page,
                    organisation,
                    request.user,
                    answers=form.answers(),
                    consent=form.cleaned_data["consent"],
                    expected_version=form.cleaned_data["version"],
                    submit=submitting,
                )
            except ResponseConflict as error:
                conflict = {
                    "current": error.current,
                    "answers": answer_rows(questions, error.current.answers),
                }
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form = ResponseForm(data, questions=questions, submitting=submitting)
                form.is_valid()
                http_status = 409
                messages.error(
                    request,
                    _(
                        "Someone else saved this response while you were editing. Compare both "
                        "versions below; your text is kept in the form. Save again to keep yours."
                    ),
                )
            except PermissionDenied:
                messages.error(request, _("You may not do that."))
                http_status = 403
            else:
                if submitting:
                    messages.success(
                        request,
                        _(
                            "Your response is submitted. "
                            "You can amend it until the consultation closes."
                        ),
                    )
                else:
                    messages.success(request, _("Draft saved. It is not submitted yet."))
                url = reverse("consultations:respond", args=[page.pk])
                return redirect(f"{url}?organisation={organisation.pk}")
        else:
            http_status = 400
            messages.error(request, _("Please correct the errors below."))
    else:
        initial = {"version": response.version if response else 0, "consent": Consent.PRIVATE}
        if response:
            initial["consent"] = response.consent
            initial.update(ResponseForm.initial_for(questions, response.answers))
        form = ResponseForm(initial=initial, questions=questions)
    return render(
        request,
        "consultations/respond.html",
        {
            "page": shown,
            "status": status,
            "organisation": organisation,
            "organisations": organisations,
            "response": response,
            "form": form,
            "can_draft": can_draft,
            "can_submit": can_submit,
            "conflict": conflict,
            "read_only_answers": answer_rows(questions, response.answers) if response else [],
        },
        status=http_status,
    )


def response_detail(request, pk, response_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    page = page_for(request, pk)
    response = get_object_or_404(
        ConsultationResponse.objects.select_related("organisation", "consultation"),
        pk=response_id,
        consultation=page,
    )
    if not rules.can_view_response(request.user, response):
        raise Http404
    shown = shown_page(request, page)
    questions = localised_questions(page, shown)
    versions = [
        {"version": v, "answers": answer_rows(questions, v.answers)}
        for v in response.versions.select_related("submitted_by")
    ]
    own = org_rules.can_act_for(request.user, response.organisation_id)
    return render(
        request,
        "consultations/response_detail.html",
        {
            "page": shown,
            "response": response,
            "versions": versions,
            "working_copy": answer_rows(questions, response.answers) if own else None,
        },
    )
