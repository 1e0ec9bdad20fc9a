"""CSV and XLSX exports of all submitted responses (latest submitted versions).

One row per organisation, one column per question; multiple-choice answers
are joined with "; ". In CSV, a cell that a spreadsheet would run as a
formula (starting with = + - @) is prefixed with an apostrophe; in XLSX the
cell is stored as text, so values read back exactly.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from consultations.dashboard import submitted_responses

MULTI_SEPARATOR = "; "
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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


def _csv_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def to_csv(page) -> str:
    questions = list(page.questions.all())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(questions))
    for row in rows(page, questions):
        writer.writerow([_csv_safe(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()  # BOM: Excel then reads UTF-8 correctly


def to_xlsx(page) -> bytes:
    questions = list(page.questions.all())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Responses")[:31]
    sheet.append(header(questions))
    for row in rows(page, questions):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
