"""Test data for forms (a valid submission and files of each kind) and the steps of
a submission: send it (through the form's steps), approve or reject it as a moderator."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from forum_site.taxonomy.models import GCMObjective, Theme

SUBMIT = "/practices/submit/"


def valid_post(organisation, /, **overrides) -> dict:
    data = {
        "organisation": str(organisation.pk),
        "title": "Neighbourhood one-stop shop for newcomers",
        "summary": "A single desk where newcomers register, find a language course and a doctor.",
        "cities": "Testville",
        "countries": ["GH"],
        "start_year": "2019",
        "end_year": "",
        "status": "ongoing",
        "people_reached": "4200",
        "budget_band": "100k-1m",
        "funding_sources": "Municipal budget",
        "original_language": "en",
        "themes": [str(Theme.objects.get(slug="migrant-centres-one-stop-shops").pk)],
        "gcm_objectives": [str(GCMObjective.objects.get(number=15).pk)],
        "challenge": "Newcomers visited six offices.\n\nMany gave up.",
        "approach": "One desk, one appointment.",
        "results": "Waiting times fell.",
        "figures": "4,200 | people served\n-60% | waiting time",
        "lessons": "",
        "transfer": "A room and two staff.",
        "links": "https://example.org/report The evaluation report",
        "contact_name": "Ama Example",
        "contact_role": "Coordinator",
        "contact_email": "ama.contact@example.org",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def pdf_file(name="report.pdf", size=None):
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        content += b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_file(name="photo.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx_file(name="notes.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def fake_pdf(name="virus.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")


def step_post(step, data, action="next") -> dict:
    """The part of ``data`` a step of the form posts, and the button pressed."""
    posted = {name: value for name, value in data.items() if name in step.fields}
    posted["action"] = action
    return posted


def walk_steps(client, data):
    """Post ``data`` step by step from /practices/submit/ ("Next" on each). Returns
    the first answer that is not a redirect to the next step (a step with its
    errors, a refusal) or the redirect to the review step."""
    from practices.forms import STEPS

    url = SUBMIT
    for step in STEPS:
        response = client.post(url, step_post(step, data))
        if response.status_code != 302:
            return response
        url = response["Location"]
    return response


def submit(client, organisation, /, files=(), **overrides):
    """What the one-page form did in one post: every step, then "Submit" on the
    review step. Returns the first answer that stops the walk, else the submit's."""
    data = valid_post(organisation, **overrides)
    if files:
        data["attachments"] = list(files)
    response = walk_steps(client, data)
    if response.status_code != 302 or not response["Location"].endswith("/review/"):
        return response
    return client.post(response["Location"], {"action": "submit"})


def approve(page, user, comment=""):
    state = page.current_workflow_state
    task_state = state.current_task_state
    task_state.task.on_action(task_state, user, "approve", comment=comment)


def reject(page, user, comment=""):
    state = page.current_workflow_state
    task_state = state.current_task_state
    task_state.task.on_action(task_state, user, "reject", comment=comment)
