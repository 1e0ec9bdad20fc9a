"""Opening a consultation from the front end, and publishing a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import rules
from consultations.forms.opening import ConsultationForm, QuestionFormSet, template_initial
from consultations.models import (
    ConsultationIndexPage,
    ConsultationPage,
    InviteRule,
    InviteRuleKind,
    Question,
    QuestionKind,
    QuestionTemplate,
)
from consultations.views.common import managed_page
from forum_site import rich_text_markdown
from forum_site.slugs import unique_child_slug


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


@transaction.atomic
def _create_consultation(request, data, questions, publish: bool) -> ConsultationPage:
    index = _index_page()
    background = []
    if data.get("background"):
        background = [("text", rich_text_markdown.to_rich_text(data["background"]))]
    page = ConsultationPage(
        title=data["title"],
        slug=unique_child_slug(index, data["title"], default="consultation"),
        owner_organisation=data["owner_organisation"],
        summary=data["summary"],
        background=background,
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        timezone=data["timezone"],
        audience=data["audience"],
        contact_name=data.get("contact_name") or "",
        contact_role=data.get("contact_role") or "",
        contact_email=data.get("contact_email") or "",
        consent_text=(data.get("consent_text") or "").strip(),
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
    page = managed_page(request, pk)
    if page.live:
        messages.info(request, _("The consultation is already published."))
    else:
        revision = page.get_latest_revision() or page.save_revision(user=request.user)
        revision.publish(user=request.user, skip_permission_checks=True)
        messages.success(request, _("The consultation is published."))
    return redirect("consultations:dashboard", pk=page.pk)
