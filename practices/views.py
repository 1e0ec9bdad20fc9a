"""Views of the good-practice library.

The listing is the Wagtail page at /practices/ (its context:
``practices.context``); these views live under /practices/ through
``urls.py``. Permission questions go to ``rules.py``.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import WorkflowState

from forum_site.notifications.service import notify
from forum_site.organisations.regions import Region
from forum_site.spreadsheets import CSV_CONTENT_TYPE, CsvWriter
from forum_site.taxonomy.models import Theme
from practices import rules
from practices.classification import TAXONOMY_FIELDS, TAXONOMY_RELATIONS
from practices.filtering import filter_practices, sorted_practices
from practices.forms import AdoptionForm, CallForm, PracticeForm
from practices.models import (
    Adoption,
    CallForPracticesPage,
    PracticeCountry,
    PracticeIndexPage,
    PracticePage,
)
from practices.services import create_practice, initial_from_page, unique_slug, update_practice


def index_page():
    return PracticeIndexPage.objects.live().first()


def _serve_page_with(request, page, **extra):
    """Re-render a practice page with a bound form (after a failed POST)."""
    context = page.get_context(request)
    context.update(extra)
    return TemplateResponse(request, page.get_template(request), context, status=400)


@login_required
def submit(request):
    organisations = rules.organisations_that_can_share(request.user)
    if not organisations.exists():
        raise PermissionDenied(
            _(
                "Only members of a local or regional authority, or of an association of them, "
                "can share practices."
            )
        )
    index = index_page()
    if index is None:
        raise Http404(_("The practice library is not set up."))
    if request.method == "POST":
        form = PracticeForm(request.POST, request.FILES, organisations=organisations)
        if form.is_valid():
            if not rules.can_submit_for(request.user, form.cleaned_data["organisation"]):
                raise PermissionDenied
            page = create_practice(index, form.cleaned_data, request.user)
            messages.success(
                request,
                _(
                    "Thank you. “%(title)s” was sent to the moderators; you will be notified "
                    "when they have reviewed it."
                )
                % {"title": page.title},
            )
            return redirect("practices:contributions")
        messages.error(request, _("Please correct the errors below; nothing was lost."))
    else:
        initial = {}
        call_id = request.GET.get("call", "")
        if call_id.isdigit():
            initial["call"] = int(call_id)
        form = PracticeForm(organisations=organisations, initial=initial)
    return render(
        request,
        "practices/practice_form.html",
        {"form": form, "heading": _("Share a practice"), "editing": None},
    )


@login_required
def edit(request, page_id):
    page = get_object_or_404(PracticePage, pk=page_id)
    if not rules.can_edit_practice(request.user, page):
        raise PermissionDenied(_("Only editors of the owning organisation may update it."))
    if request.method == "POST":
        form = PracticeForm(request.POST, request.FILES, fixed_organisation=page.organisation)
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
        form = PracticeForm(initial=initial_from_page(page), fixed_organisation=page.organisation)
    return render(
        request,
        "practices/practice_form.html",
        {"form": form, "heading": _("Update “%(title)s”") % {"title": page.title}, "editing": page},
    )


@login_required
@require_POST
def adopt(request, page_id):
    page = get_object_or_404(PracticePage.objects.live(), pk=page_id)
    organisations = rules.organisations_that_can_adopt(request.user, page)
    if not rules.can_adopt(request.user, page):
        raise PermissionDenied(_("Only members of another local authority record adoptions."))
    form = AdoptionForm(request.POST, organisations=organisations, practice=page)
    if not form.is_valid():
        messages.error(request, _("Your adoption was not recorded: please correct the form."))
        return _serve_page_with(request, page, adoption_form=form)
    organisation = form.cleaned_data["organisation"]
    if not rules.can_adopt(request.user, page, organisation):
        raise PermissionDenied
    with transaction.atomic():
        adoption, created = Adoption.objects.update_or_create(
            practice=page,
            organisation=organisation,
            defaults={
                "status": form.cleaned_data["status"],
                "note": form.cleaned_data["note"],
                "created_by": request.user,
            },
        )
        owners = [page.submitted_by] if page.submitted_by else []
        notify(
            owners,
            title=_("%(org)s: %(status)s “%(title)s”")
            % {
                "org": organisation.name,
                "status": adoption.get_status_display(),
                "title": page.title,
            },
            body=adoption.note,
            url=page.url or "",
            kind="practice_adoption",
            key=f"practice-adoption-{adoption.pk}-{adoption.status}",
        )
    messages.success(
        request,
        _("Recorded: %(org)s is “%(status)s”.")
        % {"org": organisation.name, "status": adoption.get_status_display()},
    )
    return redirect(page.url or "/")


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
            label, css = _("Published"), "ok"
        else:
            label, css = _("Draft"), ""
        rows.append({"page": page, "status": label, "css": css, "comment": comment})
    return rows


@login_required
def contributions(request):
    return render(
        request,
        "practices/contributions.html",
        {"section": {"rows": contributions_for(request.user)}},
    )


@login_required
def new_call(request):
    if not rules.can_open_call(request.user):
        raise PermissionDenied(_("Moderators and organisation editors open calls for practices."))
    organisations = rules.organisations_that_can_open_calls(request.user)
    moderator = rules.is_moderator(request.user)
    form = CallForm(
        request.POST or None, organisations=organisations, organisation_required=not moderator
    )
    if request.method == "POST" and form.is_valid():
        index = index_page()
        data = form.cleaned_data
        with transaction.atomic():
            call = CallForPracticesPage(
                title=data["title"],
                slug=unique_slug(index, "call-" + data["title"]),
                intro=data["intro"],
                theme=data["theme"],
                deadline=data["deadline"],
                organisation=data.get("organisation"),
                opened_by=request.user,
                owner=request.user,
                locale=index.locale,
            )
            index.add_child(instance=call)
            # rules.can_open_call decided; Wagtail's page permissions are for the admin.
            call.save_revision(user=request.user, log_action=True).publish(
                user=request.user, skip_permission_checks=True
            )
        messages.success(request, _("The call is open."))
        return redirect(call.url)
    return render(request, "practices/call_form.html", {"form": form})


# Open data -----------------------------------------------------------------

EXPORT_COLUMNS = [
    "id",
    "title",
    "url",
    "summary",
    "organisation",
    "organisation_kind",
    "partners",
    "cities",
    "countries",
    "regions",
    "start_year",
    "end_year",
    "status",
    "people_reached",
    "budget_band",
    "funding_sources",
    "original_language",
    *TAXONOMY_FIELDS,
    "adoptions",
    "first_published_at",
]


# field -> (term model's field used as the exported value)
EXPORT_TERMS = {
    "partners": "name",
    **{relation.field: relation.key for relation in TAXONOMY_RELATIONS},
}


def _terms_by_practice(field: str, ids) -> dict[int, list]:
    """One query per relation, as plain tuples: exports handle thousands of rows."""
    relation = getattr(PracticePage, field)
    through = relation.through
    target = relation.rel.model._meta.model_name
    rows = (
        through.objects.filter(practicepage_id__in=ids)
        .order_by(f"{target}__{'name' if field == 'partners' else 'pk'}")
        .values_list("practicepage_id", f"{target}__{EXPORT_TERMS[field]}")
    )
    grouped = defaultdict(list)
    for page_id, value in rows:
        grouped[page_id].append(value)
    return grouped


def export_rows(request):
    """Public fields of the filtered practices (never the contact person).

    Reads plain values (no model instances or prefetch machinery) so that
    exporting the whole library stays fast.
    """
    result = filter_practices(request.GET, request.user, with_counts=False)
    practices = list(
        sorted_practices(result).values(
            "pk",
            "title",
            "slug",
            "summary",
            "organisation__name",
            "organisation__kind",
            "cities",
            "start_year",
            "end_year",
            "status",
            "people_reached",
            "budget_band",
            "funding_sources",
            "original_language",
            "adoption_count",
            "first_published_at",
        )
    )
    ids = [p["pk"] for p in practices]
    terms = {field: _terms_by_practice(field, ids) for field in EXPORT_TERMS}
    countries = defaultdict(list)
    regions = defaultdict(set)
    region_names = dict(Region.choices)
    for page_id, country, region in (
        PracticeCountry.objects.filter(page_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "country", "region")
    ):
        countries[page_id].append(str(country))
        if region:
            regions[page_id].add(str(region_names.get(region, region)))
    index = index_page()
    base = request.build_absolute_uri(index.url if index else "/practices/")
    for p in practices:
        pk = p["pk"]
        yield {
            "id": pk,
            "title": p["title"],
            "url": f"{base}{p['slug']}/",
            "summary": p["summary"],
            "organisation": p["organisation__name"],
            "organisation_kind": p["organisation__kind"],
            "partners": terms["partners"].get(pk, []),
            "cities": [c.strip() for c in p["cities"].split(",") if c.strip()],
            "countries": countries.get(pk, []),
            "regions": sorted(regions.get(pk, ())),
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "status": p["status"],
            "people_reached": p["people_reached"],
            "budget_band": p["budget_band"],
            "funding_sources": p["funding_sources"],
            "original_language": p["original_language"],
            **{field: terms[field].get(pk, []) for field in EXPORT_TERMS if field != "partners"},
            "adoptions": p["adoption_count"],
            "first_published_at": p["first_published_at"].isoformat()
            if p["first_published_at"]
            else None,
        }


def export_csv(request):
    """The filtered practices as CSV, through the site's one formula-safe writer."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="practices.csv"'
    writer = CsvWriter(response)
    writer.writerow(EXPORT_COLUMNS)
    for row in export_rows(request):
        writer.writerow(
            "; ".join(str(v) for v in value) if isinstance(value, list) else value
            for value in (row[column] for column in EXPORT_COLUMNS)
        )
    return response


def export_json(request):
    rows = list(export_rows(request))
    response = JsonResponse(
        {"count": len(rows), "filters": request.GET.dict(), "practices": rows},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Disposition"] = 'inline; filename="practices.json"'
    return response


# City-to-city exchange -------------------------------------------------------


def exchange(request):
    """Who learned from whom: a table and a server-rendered SVG diagram."""
    notices = []
    adoptions = Adoption.objects.filter(
        practice__live=True,
        practice__in=rules.visible_practices(request.user).values("pk"),
    ).select_related("organisation", "practice__organisation")
    region = request.GET.get("region", "")
    if region:
        if region in dict(Region.choices):
            adoptions = adoptions.filter(
                Q(organisation__region=region) | Q(practice__organisation__region=region)
            )
        else:
            notices.append(_("The region “%(v)s” is unknown and was ignored.") % {"v": region[:20]})
            region = ""
    theme = request.GET.get("theme", "")
    if theme:
        theme_obj = Theme.objects.filter(slug=theme).first()
        if theme_obj:
            adoptions = adoptions.filter(
                practice__in=PracticePage.themes.through.objects.filter(theme=theme_obj).values(
                    "practicepage_id"
                )
            )
        else:
            notices.append(_("The theme “%(v)s” is unknown and was ignored.") % {"v": theme[:40]})
            theme = ""
    adoptions = list(adoptions.order_by("practice__organisation__name", "organisation__name"))

    edges = defaultdict(list)
    for adoption in adoptions:
        edges[(adoption.practice.organisation, adoption.organisation)].append(adoption)
    sources = sorted({s for s, _t in edges}, key=lambda o: o.name)
    targets = sorted({t for _s, t in edges}, key=lambda o: o.name)
    row_height, top = 28, 40
    height = top + max(len(sources), len(targets), 1) * row_height + 10
    source_y = {o.pk: top + i * row_height for i, o in enumerate(sources)}
    target_y = {o.pk: top + i * row_height for i, o in enumerate(targets)}
    lines = [
        {
            "x1": 300,
            "y1": source_y[s.pk] - 5,
            "x2": 600,
            "y2": target_y[t.pk] - 5,
            "width": min(1 + len(items), 8),
            "label": _("%(target)s learned from %(source)s (%(n)s)")
            % {"target": t.name, "source": s.name, "n": len(items)},
        }
        for (s, t), items in edges.items()
    ]
    rows = [
        {"source": s, "target": t, "adoptions": items}
        for (s, t), items in sorted(edges.items(), key=lambda e: (e[0][0].name, e[0][1].name))
    ]
    return render(
        request,
        "practices/exchange.html",
        {
            "rows": rows,
            "notices": notices,
            "regions": Region.choices,
            "themes": Theme.objects.all(),
            "region": region,
            "theme": theme,
            "svg": {
                "height": height,
                "sources": [{"org": o, "y": source_y[o.pk]} for o in sources],
                "targets": [{"org": o, "y": target_y[o.pk]} for o in targets],
                "lines": lines,
            },
        },
    )
