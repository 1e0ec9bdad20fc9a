"""Consultations: the consultation page with 500 comments (paginated) and the
owner's dashboard with 300 responses: query counts and server time."""

from datetime import timedelta

from django.test import Client

from tests.perf.run import count_queries, timed_requests


def _setup():
    from django.utils import timezone

    from consultations.models import (
        ConsultationIndexPage,
        ConsultationPage,
        ConsultationResponse,
        Question,
        QuestionTemplate,
    )
    from forum_site.demo import seed_people
    from forum_site.discussions.models import Comment
    from forum_site.organisations.models import Organisation
    from forum_site.site_structure import ensure_site_structure

    ensure_site_structure()
    world = seed_people()
    orgs, users = world["organisations"], world["users"]
    index = ConsultationIndexPage.objects.get()
    template = QuestionTemplate.objects.get(slug="migration-marker-review")
    now = timezone.now()
    page = ConsultationPage(
        title="Benchmark consultation",
        slug="benchmark-consultation",
        owner_organisation=orgs["gh-interior"],
        summary="Benchmark.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        audience="public",
        live=True,
    )
    page.questions = [
        Question(
            sort_order=i,
            text=q["text"],
            kind=q["kind"],
            required=bool(q.get("required")),
            choices="\n".join(q.get("choices") or []),
        )
        for i, q in enumerate(template.questions)
    ]
    index.add_child(instance=page)
    page = ConsultationPage.objects.get(pk=page.pk)
    thread = page.get_thread()
    author = users["city_editor"]
    Comment.objects.bulk_create(
        Comment(
            thread=thread,
            author=author,
            organisation=orgs["accra"],
            body=f"Comment {i} with *some* text.",
            body_html=f"<p>Comment {i} with <em>some</em> text.</p>",
            seq=i + 1,
        )
        for i in range(400)
    )
    parents = list(Comment.objects.filter(thread=thread).order_by("pk")[:100])
    Comment.objects.bulk_create(
        Comment(
            thread=thread,
            author=users["ministry_editor"],
            organisation=orgs["gh-interior"],
            parent=p,
            body="A reply.",
            body_html="<p>A reply.</p>",
        )
        for p in parents
    )
    questions = list(page.questions.all())
    respondents = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bench municipality {i}",
            slug=f"bench-municipality-{i}",
            kind="city",
            country=["GH", "KE", "IT", "EC", "SN"][i % 5],
            region=["002", "002", "150", "019", "002"][i % 5],
        )
        for i in range(300)
    )
    answers = []
    for i in range(300):
        row = {}
        for q in questions:
            options = q.answer_options()
            if q.kind == "text":
                row[str(q.pk)] = f"Free-text answer number {i}, a sentence or two long."
            elif q.kind == "multiple":
                row[str(q.pk)] = options[: 1 + i % 3]
            elif q.kind == "scale":
                row[str(q.pk)] = 1 + i % 5
            else:
                row[str(q.pk)] = options[i % len(options)]
        answers.append(row)
    ConsultationResponse.objects.bulk_create(
        ConsultationResponse(
            consultation=page,
            organisation=org,
            status="submitted",
            submission_count=1,
            submitted_at=now,
            answers=answers[i],
            submitted_answers=answers[i],
        )
        for i, org in enumerate(respondents)
    )
    return page


def run(report):
    page = _setup()
    client = Client(HTTP_HOST="localhost")
    client.login(username="city_editor", password="demo")
    rows = []
    for label, url in [
        ("consultation page, 500 comments (page 1)", page.url),
        ("consultation page, 500 comments (last page)", page.url + "?comments_page=14"),
    ]:
        timing = timed_requests(client, url, n=30)
        rows.append(
            [
                label,
                "city_editor",
                timing["status"],
                timing["p50"],
                timing["p95"],
                timing["max"],
                timing["n"],
                count_queries(client, url),
            ]
        )
    owner = Client(HTTP_HOST="localhost")
    owner.login(username="ministry_editor", password="demo")
    for label, url in [
        ("dashboard, 300 responses", f"/consultations/{page.pk}/dashboard/"),
        ("CSV export, 300 responses", f"/consultations/{page.pk}/export.csv"),
        ("XLSX export, 300 responses", f"/consultations/{page.pk}/export.xlsx"),
    ]:
        timing = timed_requests(owner, url, n=20)
        rows.append(
            [
                label,
                "ministry_editor",
                timing["status"],
                timing["p50"],
                timing["p95"],
                timing["max"],
                timing["n"],
                count_queries(owner, url),
            ]
        )
    listing = timed_requests(client, "/consultations/", n=30)
    rows.append(
        [
            "consultation listing",
            "city_editor",
            listing["status"],
            listing["p50"],
            listing["p95"],
            listing["max"],
            listing["n"],
            count_queries(client, "/consultations/"),
        ]
    )
    report.section(
        "Consultations",
        report.table(
            ["page", "who", "status", "p50 ms", "p95 ms", "max ms", "requests", "queries"], rows
        ),
    )
