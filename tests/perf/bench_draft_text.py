"""The draft text: a consultation page carrying a 200-paragraph draft with
2,000 paragraph comments (200 of them proposed wordings), the owner's
overview, the most discussed paragraph's page and the comments' export:
query counts and server time."""

from datetime import timedelta

from django.test import Client

from tests.perf.run import count_queries, timed_requests

PARAGRAPHS = 200
COMMENTS = 2000


def _draft_html() -> str:
    parts = []
    for i in range(PARAGRAPHS):
        if i % 20 == 0:
            parts.append(f"<h2>Chapter {i // 20 + 1}</h2>")
        elif i % 20 in (5, 6, 7):
            parts.append(f"<ul><li>Measure {i}: a list item of the strategy.</li></ul>")
        elif i % 50 == 49:
            parts.append(
                "<table><tr><th>Measure</th><th>Budget</th></tr>"
                f"<tr><td>Line {i}</td><td>{i} million</td></tr></table>"
            )
        else:
            parts.append(
                f"<p>Paragraph {i}: local authorities will <strong>coordinate</strong> "
                "services for newcomers with the national agencies, and report yearly.</p>"
            )
    return "".join(parts)


def _setup():
    from django.utils import timezone

    from consultations import drafts
    from consultations.models import ConsultationIndexPage, ConsultationPage, ParagraphProposal
    from forum_site.demo import seed_people
    from forum_site.discussions.models import Comment, Thread
    from forum_site.site_structure import ensure_site_structure

    ensure_site_structure()
    world = seed_people()
    orgs, users = world["organisations"], world["users"]
    index = ConsultationIndexPage.objects.get()
    now = timezone.now()
    page = ConsultationPage(
        title="Benchmark draft text",
        slug="benchmark-draft-text",
        owner_organisation=orgs["gh-interior"],
        summary="Benchmark.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        audience="invited",
        live=True,
    )
    page.invited_organisations = [orgs["accra"]]
    index.add_child(instance=page)
    page = ConsultationPage.objects.get(pk=page.pk)
    drafts.replace_text(page, drafts.split_html(_draft_html()), users["ministry_editor"])
    paragraphs = drafts.current_paragraphs(page)
    assert len(paragraphs) == PARAGRAPHS, len(paragraphs)
    threads = [p.get_thread() for p in paragraphs]
    # Uneven: the first paragraphs are discussed the most (the overview ranks them).
    weights = [max(1, 40 - i // 5) for i in range(PARAGRAPHS)]
    scale = COMMENTS / sum(weights)
    per_thread = [max(1, round(w * scale)) for w in weights]
    per_thread[0] += COMMENTS - sum(per_thread)  # the busiest takes the rounding
    comments = []
    for thread, n in zip(threads, per_thread, strict=True):
        for k in range(n):
            comments.append(
                Comment(
                    thread=thread,
                    author=users["city_editor"],
                    organisation=orgs["accra"],
                    body=f"Comment {k} on this paragraph.",
                    body_html=f"<p>Comment {k} on this paragraph.</p>",
                    seq=k + 1,
                )
            )
    Comment.objects.bulk_create(comments, batch_size=1000)
    for thread, n in zip(threads, per_thread, strict=True):
        Thread.objects.filter(pk=thread.pk).update(last_seq=n)
    firsts = Comment.objects.filter(thread__in=threads, seq=1).select_related("thread")
    by_thread = {c.thread_id: c for c in firsts}
    ParagraphProposal.objects.bulk_create(
        ParagraphProposal(
            comment=by_thread[thread.pk],
            paragraph=paragraph,
            original_text=paragraph.text,
            proposed_text=paragraph.text.replace("yearly", "every six months"),
        )
        for paragraph, thread in zip(paragraphs, threads, strict=True)
    )
    assert Comment.objects.filter(thread__in=threads).count() == COMMENTS
    # The same consultation without a draft text: the baseline.
    plain = ConsultationPage(
        title="Benchmark without a draft text",
        slug="benchmark-no-draft-text",
        owner_organisation=orgs["gh-interior"],
        summary="Benchmark.",
        opens_at=page.opens_at,
        closes_at=page.closes_at,
        audience="invited",
        live=True,
    )
    plain.invited_organisations = [orgs["accra"]]
    index.add_child(instance=plain)
    return page, paragraphs[0], plain


def run(report):
    from django.urls import reverse

    page, busiest, plain = _setup()
    rows = []

    def measure(client, who, label, url, n):
        timing = timed_requests(client, url, n=n)
        rows.append(
            [
                label,
                who,
                timing["status"],
                timing["p50"],
                timing["p95"],
                timing["max"],
                timing["n"],
                count_queries(client, url),
            ]
        )

    city = Client(HTTP_HOST="localhost")
    city.login(username="city_editor", password="demo")
    measure(city, "city_editor", "consultation page without a draft text (baseline)", plain.url, 30)
    measure(city, "city_editor", "consultation page, 200 paragraphs, 2,000 comments", page.url, 30)
    measure(
        city,
        "city_editor",
        "most discussed paragraph's page (page 1 of its comments)",
        reverse("consultations:draft_paragraph", args=[page.pk, busiest.key]),
        30,
    )
    owner = Client(HTTP_HOST="localhost")
    owner.login(username="ministry_editor", password="demo")
    measure(
        owner,
        "ministry_editor",
        "owner's overview (ranking and heat strip)",
        reverse("consultations:draft_overview", args=[page.pk]),
        30,
    )
    measure(
        owner,
        "ministry_editor",
        "paragraph comments export (CSV, 2,000 rows)",
        reverse("consultations:draft_export_csv", args=[page.pk]),
        10,
    )
    measure(
        owner,
        "ministry_editor",
        "paragraph comments export (XLSX, 2,000 rows)",
        reverse("consultations:draft_export_xlsx", args=[page.pk]),
        5,
    )
    report.section(
        "Consultation draft text",
        report.table(
            ["page", "who", "status", "p50 ms", "p95 ms", "max ms", "requests", "queries"], rows
        ),
    )
