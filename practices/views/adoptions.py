"""City-to-city exchange: record an adoption on a practice page, and the
exchange map of who learned from whom (``/practices/exchange/``)."""

import textwrap
import unicodedata
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forum_site.notifications.service import notify
from forum_site.organisations.regions import Region
from forum_site.taxonomy.models import Theme
from forum_site.translations import group_source
from practices import rules
from practices.forms import AdoptionForm
from practices.models import Adoption, PracticePage


def _serve_page_with(request, page, **extra):
    """Re-render a practice page with a bound form (after a failed POST)."""
    context = page.get_context(request)
    context.update(extra)
    return TemplateResponse(request, page.get_template(request), context, status=400)


@login_required
@require_POST
def adopt(request, page_id):
    # Adoptions belong to the practice, not to one of its translations.
    page = get_object_or_404(rules.visible_practices(request.user), pk=page_id)
    source = group_source(page)
    if source.pk != page.pk:
        page = get_object_or_404(rules.visible_practices(request.user), pk=source.pk)
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
            title=lambda: (
                _("%(org)s: %(status)s “%(title)s”")
                % {
                    "org": organisation.name,
                    "status": adoption.get_status_display(),
                    "title": page.title,
                }
            ),
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


# The diagram: names wrap onto up to NAME_LINES lines of NAME_WIDTH characters (the full
# name stays in each node's <title> and in the table below), so long names are not cut.
DIAGRAM_TOP, LINE_HEIGHT, NAME_WIDTH, NAME_LINES = 40, 14, 34, 3
LEGEND_COUNTS = (1, 3, 7)


def _edge_width(count):
    """A line's thickness: one more pixel per practice shared, capped at 8."""
    return min(1 + count, 8)


def _legend():
    """Sample line widths and what they mean; the last one stands for the cap."""
    items = [
        {
            "width": _edge_width(n),
            "label": ngettext("%(n)s practice", "%(n)s practices", n) % {"n": n},
        }
        for n in LEGEND_COUNTS[:-1]
    ]
    n = LEGEND_COUNTS[-1]
    items.append(
        {
            "width": _edge_width(n),
            "label": ngettext("%(n)s practice or more", "%(n)s practices or more", n) % {"n": n},
        }
    )
    return items


def _wrap_name(name):
    """Split a name into the lines the SVG shows; break long words (Chinese has no spaces,
    and its characters are twice as wide, so its lines hold half as many)."""
    wide = any(unicodedata.east_asian_width(char) in "WF" for char in name)
    return textwrap.wrap(
        name,
        NAME_WIDTH // 2 if wide else NAME_WIDTH,
        break_long_words=True,
        break_on_hyphens=False,
        max_lines=NAME_LINES,
        placeholder=" …",
    ) or [name]


def _stack(organisations):
    """Place each organisation's node under the previous one, as tall as its wrapped name."""
    nodes, y = [], DIAGRAM_TOP
    for organisation in organisations:
        name_lines = _wrap_name(organisation.name)
        nodes.append({"org": organisation, "y": y, "lines": name_lines})
        y += LINE_HEIGHT * len(name_lines) + 14
    return nodes, y


def exchange(request):
    """Who learned from whom: a table and a server-rendered SVG diagram."""
    notices = []
    adoptions = Adoption.objects.filter(
        practice__in=rules.visible_to(request.user).values("pk"),
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
    source_nodes, source_bottom = _stack(sources)
    target_nodes, target_bottom = _stack(targets)
    height = max(source_bottom, target_bottom, DIAGRAM_TOP + LINE_HEIGHT) + 10
    source_y = {node["org"].pk: node["y"] for node in source_nodes}
    target_y = {node["org"].pk: node["y"] for node in target_nodes}
    lines = [
        {
            "x1": 300,
            "y1": source_y[s.pk] - 5,
            "x2": 600,
            "y2": target_y[t.pk] - 5,
            "width": _edge_width(len(items)),
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
                "sources": source_nodes,
                "targets": target_nodes,
                "lines": lines,
                "legend": _legend(),
            },
        },
    )
