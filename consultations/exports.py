"""CSV and XLSX exports of all submitted responses (latest submitted versions).

One row per organisation, one column per question; multiple-choice answers
are joined with "; ". The files are written by ``forum_site.spreadsheets``,
the site's one guard against spreadsheet formulas (CSV injection).
"""

from django.utils.translation import gettext as _

from consultations.dashboard import submitted_responses
from forum_site import spreadsheets

MULTI_SEPARATOR = "; "


def header(questions) -> list[str]:
    return [
        _("Organisation"),
        _("Kind"),
        _("Country"),
        _("Submitted at (UTC)"),
        _("Version"),
        _("Publication consent"),
        *[f"Q{i}. {q.text}" for i, q in enumerate(questions, 1)],
    ]


def rows(page, questions):
    for response in submitted_responses(page):
        answers = response.submitted_answers
        cells = []
        for question in questions:
            value = answers.get(str(question.pk), "")
            if isinstance(value, list):
                value = MULTI_SEPARATOR.join(value)
            cells.append("" if value is None else str(value))
        yield [
            response.organisation.name,
            response.organisation.get_kind_display(),
            str(response.organisation.country),
            response.submitted_at.strftime("%Y-%m-%d %H:%M") if response.submitted_at else "",
            str(response.submission_count),
            response.get_submitted_consent_display(),
            *cells,
        ]


def to_csv(page) -> str:
    questions = list(page.answerable_questions())
    return spreadsheets.to_csv(header(questions), rows(page, questions))


def to_xlsx(page) -> bytes:
    questions = list(page.answerable_questions())
    return spreadsheets.to_xlsx(header(questions), rows(page, questions), title=_("Responses"))
