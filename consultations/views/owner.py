"""The consulting organisation's side: the dashboard, the exports and the outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import dashboard as dashboard_data
from consultations import exports, notifications
from consultations.forms.outcomes import OutcomeForm, OutcomeItemFormSet
from consultations.models import Outcome, OutcomeItem, Status
from consultations.views.common import managed_page
from forum_site.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE


@login_required
def dashboard(request, pk):
    page = managed_page(request, pk)
    data = dashboard_data.build(page)
    return render(
        request, "consultations/dashboard.html", {"page": page, "status": page.status, **data}
    )


@login_required
def export_csv(request, pk):
    page = managed_page(request, pk)
    response = HttpResponse(exports.to_csv(page), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-responses.csv"'
    return response


@login_required
def export_xlsx(request, pk):
    page = managed_page(request, pk)
    response = HttpResponse(exports.to_xlsx(page), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-responses.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request, pk):
    page = managed_page(request, pk)
    questions = list(page.answerable_questions())
    question_choices = [(q.pk, q.text) for q in questions]
    existing = Outcome.objects.filter(consultation=page).first()
    status = page.status
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        items = OutcomeItemFormSet(
            request.POST, prefix="items", form_kwargs={"question_choices": question_choices}
        )
        publish = request.POST.get("action") == "publish"
        if publish and status not in (Status.CLOSED, Status.OUTCOME_PUBLISHED):
            messages.error(
                request, _("The outcome can be published once the consultation has closed.")
            )
        elif form.is_valid() and items.is_valid():
            rows = [f.cleaned_data for f in items.forms if f.cleaned_data.get("heard")]
            if publish and not rows:
                messages.error(request, _("Add at least one item before publishing."))
            else:
                with transaction.atomic():
                    obj, _created = Outcome.objects.get_or_create(consultation=page)
                    obj.summary = form.cleaned_data["summary"]
                    first_publication = publish and not obj.published_at
                    if first_publication:
                        obj.published_at = timezone.now()
                        obj.published_by = request.user
                    obj.save()
                    obj.items.all().delete()
                    valid_ids = {q.pk for q in questions}
                    OutcomeItem.objects.bulk_create(
                        OutcomeItem(
                            outcome=obj,
                            sort_order=i,
                            question_id=row["question"] if row["question"] in valid_ids else None,
                            heard=row["heard"],
                            will_do=row["will_do"],
                        )
                        for i, row in enumerate(rows)
                    )
                    if first_publication:
                        page.outcome = obj
                        transaction.on_commit(lambda: notifications.send_outcome(page))
                if publish:
                    messages.success(
                        request, _("The outcome is published and participants are notified.")
                    )
                    return redirect(page.get_url() or "/")
                messages.success(request, _("The outcome is saved (not published)."))
                return redirect("consultations:outcome", pk=page.pk)
        else:
            messages.error(request, _("Please correct the errors below."))
    else:
        form = OutcomeForm(initial={"summary": existing.summary if existing else ""})
        initial = (
            [
                {"question": item.question_id, "heard": item.heard, "will_do": item.will_do}
                for item in existing.items.all()
            ]
            if existing
            else []
        )
        items = OutcomeItemFormSet(
            prefix="items", initial=initial, form_kwargs={"question_choices": question_choices}
        )
    return render(
        request,
        "consultations/outcome.html",
        {"page": page, "form": form, "items": items, "status": status, "outcome": existing},
    )
