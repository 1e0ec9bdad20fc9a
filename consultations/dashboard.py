"""The owner's dashboard: who was invited, who responded, what they answered.

Aggregates are computed in Python from the submitted responses (one query),
so the page costs a constant number of queries however many responses there
are. Charts are small server-rendered SVGs, each next to a table with the
same numbers (the table is what assistive technology reads).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from consultations import rules
from consultations.models import Audience, ConsultationResponse, QuestionKind
from forum_site.organisations.models import Organisation, OrganisationKind
from forum_site.organisations.regions import Region


@dataclass
class Bar:
    label: str
    count: int
    percent: float


@dataclass
class QuestionSummary:
    question: object
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    texts: list[tuple[str, str]] = field(default_factory=list)  # (organisation, answer)
    chart: str = ""


@dataclass
class RateRow:
    label: str
    invited: int
    responded: int

    @property
    def percent(self) -> float:
        return round(100 * self.responded / self.invited, 1) if self.invited else 0.0


def submitted_responses(page):
    return (
        ConsultationResponse.objects.filter(consultation=page, submission_count__gt=0)
        .select_related("organisation", "submitted_by")
        .order_by("organisation__name")
    )


def summarise_question(question, responses) -> QuestionSummary:
    summary = QuestionSummary(question=question)
    key = str(question.pk)
    values = [
        (r.organisation.name, r.submitted_answers.get(key))
        for r in responses
        if r.submitted_answers.get(key) not in (None, "", [])
    ]
    summary.answered = len(values)
    if question.kind == QuestionKind.TEXT:
        summary.texts = [(org, str(value)) for org, value in values]
        return summary
    counts: Counter = Counter()
    for _org, value in values:
        for item in value if isinstance(value, list) else [value]:
            counts[str(item)] += 1
    labels = {"yes": _("Yes"), "no": _("No")}
    for option in question.answer_options():
        count = counts.get(option, 0)
        percent = round(100 * count / summary.answered, 1) if summary.answered else 0.0
        summary.bars.append(Bar(labels.get(option, option), count, percent))
    if question.kind == QuestionKind.SCALE and summary.answered:
        total = sum(int(v) for _org, v in values)
        summary.mean = round(total / summary.answered, 2)
    summary.chart = bar_chart(summary.bars, title=question.text)
    return summary


def response_rates(page, responses):
    """Overall and by organisation kind, country and region."""
    responded_ids = {r.organisation_id for r in responses}
    if page.audience == Audience.INVITED:
        base = list(rules.invited_organisations(page).order_by("name"))
        # Organisations that responded through a rule change still count.
        extra = [r.organisation for r in responses if r.organisation_id not in {o.pk for o in base}]
        base += extra
    else:
        started = ConsultationResponse.objects.filter(consultation=page).values("organisation_id")
        base = list(Organisation.objects.filter(pk__in=started).order_by("name"))
    overall = RateRow(_("All"), len(base), sum(1 for o in base if o.pk in responded_ids))
    groups = {"kind": defaultdict(lambda: [0, 0]), "country": defaultdict(lambda: [0, 0])}
    groups["region"] = defaultdict(lambda: [0, 0])
    for org in base:
        responded = org.pk in responded_ids
        for name, label in (
            ("kind", OrganisationKind(org.kind).label),
            ("country", org.country.name or str(org.country)),
            ("region", Region(org.region).label if org.region else _("Unknown")),
        ):
            groups[name][label][0] += 1
            groups[name][label][1] += int(responded)
    by = {
        name: [RateRow(label, n, r) for label, (n, r) in sorted(rows.items())]
        for name, rows in groups.items()
    }
    return {
        "organisations": [(o, o.pk in responded_ids) for o in base],
        "overall": overall,
        "by_kind": by["kind"],
        "by_country": by["country"],
        "by_region": by["region"],
        "chart": bar_chart(
            [Bar(row.label, row.responded, row.percent) for row in by["kind"]],
            title=_("Response rate by kind of organisation"),
        ),
    }


def build(page) -> dict:
    responses = list(submitted_responses(page))
    questions = list(page.answerable_questions())
    return {
        "responses": responses,
        "rates": response_rates(page, responses),
        "questions": [summarise_question(q, responses) for q in questions],
    }


def bar_chart(bars: list[Bar], *, title: str, width: int = 420) -> str:
    """A horizontal bar chart as inline SVG: label, bar (by percent), count and %."""
    row_height, label_width, gap = 26, 150, 6
    bar_space = width - label_width - 90
    height = max(1, len(bars)) * row_height + gap
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" focusable="false">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = gap + i * row_height
        length = round(bar_space * bar.percent / 100, 1)
        label = bar.label if len(bar.label) <= 24 else bar.label[:23] + "…"
        parts.append(
            f'<text x="0" y="{y + 15}" class="chart-label">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{row_height - gap}" '
            f'class="chart-bar"></rect>'
            f'<text x="{label_width + length + 6}" y="{y + 15}" class="chart-value">'
            f"{bar.count} ({bar.percent:g}%)</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped above
