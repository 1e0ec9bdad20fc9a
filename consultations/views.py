"""Views of the consultations app. Permissions come from ``consultations.rules``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import dashboard as dashboard_data
from consultations import exports, notifications, rules
from consultations.forms import (
    ConsultationForm,
    OutcomeForm,
    OutcomeItemFormSet,
    QuestionFormSet,
    ResponseForm,
    template_initial,
)
from consultations.models import (
    Audience,
    Consent,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationResponse,
    InviteRule,
    InviteRuleKind,
    Outcome,
    OutcomeItem,
    Question,
    QuestionKind,
    QuestionTemplate,
    Status,
)
from consultations.responses import ResponseConflict, save_response
from forum_site.sanitise import render_markdown
from forum_site.taxonomy.models import Theme

PAGE_SIZE = 20


# --- Listing and page ------------------------------------------------------------


def filter_by_status(queryset, status: str, now=None):
    now = now or timezone.now()
    published = Q(outcome__published_at__isnull=False)
    if status == Status.SCHEDULED:
        return queryset.filter(opens_at__gt=now).exclude(published)
    if status == Status.OPEN:
        return queryset.filter(opens_at__lte=now, closes_at__gt=now).exclude(published)
    if status == Status.CLOSED:
        return queryset.filter(closes_at__lte=now).exclude(published)
    if status == Status.OUTCOME_PUBLISHED:
        return queryset.filter(published)
    return queryset


def listing_queryset(user):
    queryset = ConsultationPage.objects.live().select_related("owner_organisation", "outcome")
    return rules.visible_consultations(user, queryset)


def index_context(request, index_page) -> dict:
    status = request.GET.get("status", "")
    if status not in Status.values or status == Status.DRAFT:
        status = ""
    queryset = filter_by_status(listing_queryset(request.user), status)
    themes = list(Theme.objects.all())
    theme = next((t for t in themes if t.slug == request.GET.get("theme")), None)
    if theme is not None:
        queryset = queryset.filter(themes=theme)
    queryset = queryset.prefetch_related("themes").order_by("-opens_at")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "themes": themes,
        "theme": theme,
        "consultations": page,
        "page_obj": page,
        "status": status,
        "status_choices": [(v, label) for v, label in Status.choices if v != Status.DRAFT],
        "can_open": bool(
            request.user.is_authenticated and rules.openable_organisations(request.user).exists()
        ),
    }


def answer_rows(questions, answers: dict):
    """(question, readable answer) pairs."""
    labels = {"yes": _("Yes"), "no": _("No")}
    result = []
    for question in questions:
        value = answers.get(str(question.pk))
        if isinstance(value, list):
            value = "; ".join(value)
        elif value is not None:
            value = labels.get(str(value), str(value))
        result.append((question, value))
    return result


def consultation_context(request, page) -> dict:
    user = request.user
    questions = list(page.questions.all())
    status = page.status
    organisations = rules.respondable_organisations(user, page)
    existing = {
        r.organisation_id: r
        for r in ConsultationResponse.objects.filter(
            consultation=page, organisation__in=organisations
        )
    }
    outcome = None
    published_responses = []
    if status == Status.OUTCOME_PUBLISHED:
        outcome = page.outcome
        consented = (
            ConsultationResponse.objects.filter(consultation=page, submission_count__gt=0)
            .exclude(submitted_consent=Consent.PRIVATE)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        for number, response in enumerate(consented, 1):
            attributed = response.submitted_consent == Consent.ATTRIBUTED
            published_responses.append(
                {
                    "name": response.organisation.name
                    if attributed
                    else _("Respondent %(n)d") % {"n": number},
                    "attributed": attributed,
                    "answers": answer_rows(questions, response.submitted_answers),
                }
            )
    is_owner = rules.can_manage(user, page)
    return {
        "status": status,
        "status_label": Status(status).label,
        "questions": questions,
        "thread": page.get_thread(),
        "can_manage": is_owner,
        "respond_as": [(org, existing.get(org.pk)) for org in organisations],
        "outcome": outcome,
        "outcome_items": list(outcome.items.select_related("question")) if outcome else [],
        "published_responses": published_responses,
        "invite_rules": list(page.invite_rules.select_related("association")),
        "themes": list(page.themes.all()),
        "invited": list(page.invited_organisations.order_by("name"))
        if page.audience == Audience.INVITED
        else [],
        "background_html": page.background,
    }


def _page_for(request, pk) -> ConsultationPage:
    page = get_object_or_404(ConsultationPage.objects.select_related("owner_organisation"), pk=pk)
    if not rules.can_view_consultation(request.user, page):
        raise Http404
    return page


def _managed_page(request, pk) -> ConsultationPage:
    page = _page_for(request, pk)
    if not rules.can_manage(request.user, page):
        raise PermissionDenied
    return page


# --- Opening a consultation ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def open_consultation(request):
    owner_choices = rules.openable_organisations(request.user)
    if not owner_choices.exists():
        return render(
            request,
            "consultations/not_allowed.html",
            {
                "reason": _(
                    "Only editors of a national ministry or agency can open a consultation."
                ),
            },
            status=403,
        )
    templates = list(QuestionTemplate.objects.all())
    chosen = None
    if request.method == "GET" and request.GET.get("template"):
        chosen = next((t for t in templates if t.slug == request.GET["template"]), None)
    if request.method == "POST":
        form = ConsultationForm(request.POST, owner_choices=owner_choices)
        questions = QuestionFormSet(request.POST, prefix="questions")
        if form.is_valid() and questions.is_valid():
            publish = request.POST.get("action") == "publish"
            page = _create_consultation(request, form.cleaned_data, questions, publish)
            if publish:
                messages.success(request, _("The consultation is published."))
            else:
                messages.success(
                    request, _("The consultation is saved as a draft; only your ministry sees it.")
                )
            return redirect("consultations:dashboard", pk=page.pk)
        messages.error(request, _("Please correct the errors below."))
    else:
        now = timezone.now().replace(second=0, microsecond=0, tzinfo=None)
        form = ConsultationForm(
            owner_choices=owner_choices,
            initial={
                "owner_organisation": owner_choices.first(),
                "opens_at": now,
                "closes_at": now + timezone.timedelta(days=28),
            },
        )
        initial = template_initial(chosen)
        QuestionFormSetWithExtra = QuestionFormSet
        questions = QuestionFormSetWithExtra(prefix="questions", initial=initial or None)
    return render(
        request,
        "consultations/open_consultation.html",
        {"form": form, "questions": questions, "templates": templates, "chosen_template": chosen},
    )


def _index_page():
    index = ConsultationIndexPage.objects.first()
    if index is None:
        raise Http404
    return index


def _unique_slug(parent, title: str) -> str:
    base = slugify(title)[:70] or "consultation"
    slug, n = base, 1
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def _create_consultation(request, data, questions, publish: bool) -> ConsultationPage:
    index = _index_page()
    background = []
    if data.get("background"):
        background = [("text", render_markdown(data["background"]))]
    page = ConsultationPage(
        title=data["title"],
        slug=_unique_slug(index, data["title"]),
        owner_organisation=data["owner_organisation"],
        summary=data["summary"],
        background=background,
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        timezone=data["timezone"],
        audience=data["audience"],
        live=False,
        owner=request.user,
    )
    page.invited_organisations = list(data.get("invited_organisations") or [])
    page.themes = list(data.get("themes") or [])
    rules_list = []
    if data.get("invite_local_authorities_of"):
        rules_list.append(
            InviteRule(
                kind=InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY,
                country=data["invite_local_authorities_of"],
            )
        )
    if data.get("invite_members_of"):
        rules_list.append(
            InviteRule(
                kind=InviteRuleKind.MEMBERS_OF_ASSOCIATION, association=data["invite_members_of"]
            )
        )
    page.invite_rules = rules_list
    page.questions = [
        Question(
            sort_order=i,
            text=q["text"],
            kind=q["kind"],
            required=q.get("required", False),
            help_text=q.get("help_text", ""),
            choices=q.get("choices", "")
            if q["kind"] in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            else "",
            max_length=q.get("max_length") or 3000,
        )
        for i, q in enumerate(f.cleaned_data for f in questions.forms if f.cleaned_data.get("text"))
    ]
    index.add_child(instance=page)
    revision = page.save_revision(user=request.user, log_action=True)
    if publish:
        revision.publish(user=request.user, skip_permission_checks=True)
        page.refresh_from_db()
    return page


@login_required
@require_POST
def publish_consultation(request, pk):
    page = _managed_page(request, pk)
    if page.live:
        messages.info(request, _("The consultation is already published."))
    else:
        revision = page.get_latest_revision() or page.save_revision(user=request.user)
        revision.publish(user=request.user, skip_permission_checks=True)
        messages.success(request, _("The consultation is published."))
    return redirect("consultations:dashboard", pk=page.pk)


# --- Responding -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def respond(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    page = _page_for(request, pk)
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
    questions = list(page.questions.all())
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
            "page": page,
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
    page = _page_for(request, pk)
    response = get_object_or_404(
        ConsultationResponse.objects.select_related("organisation", "consultation"),
        pk=response_id,
        consultation=page,
    )
    if not rules.can_view_response(request.user, response):
        raise Http404
    questions = list(page.questions.all())
    versions = [
        {"version": v, "answers": answer_rows(questions, v.answers)}
        for v in response.versions.select_related("submitted_by")
    ]
    own = rules.org_rules.can_act_for(request.user, response.organisation_id)
    return render(
        request,
        "consultations/response_detail.html",
        {
            "page": page,
            "response": response,
            "versions": versions,
            "working_copy": answer_rows(questions, response.answers) if own else None,
        },
    )


# --- The owner's side ---------------------------------------------------------------


@login_required
def dashboard(request, pk):
    page = _managed_page(request, pk)
    data = dashboard_data.build(page)
    return render(
        request, "consultations/dashboard.html", {"page": page, "status": page.status, **data}
    )


@login_required
def export_csv(request, pk):
    page = _managed_page(request, pk)
    response = HttpResponse(exports.to_csv(page), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-responses.csv"'
    return response


@login_required
def export_xlsx(request, pk):
    page = _managed_page(request, pk)
    response = HttpResponse(
        exports.to_xlsx(page),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-responses.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request, pk):
    page = _managed_page(request, pk)
    questions = list(page.questions.all())
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
