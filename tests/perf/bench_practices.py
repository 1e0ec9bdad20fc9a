"""The practice listing with 1,000 practices: query count and server time.

Generates 1,000 published practices (deterministic spread over owners,
themes, GCM objectives, statuses and countries) plus adoptions, then times
/practices/ with and without filters, and one practice page.
"""

from django.test import Client

from tests.perf.run import count_queries, timed_requests

N_PRACTICES = 1_000
URLS = [
    ("no filter", "/practices/"),
    ("most adopted", "/practices/?sort=adopted"),
    ("theme + status", "/practices/?theme=health&status=ongoing"),
    (
        "5 facets + years + text",
        "/practices/?theme=health&theme=housing&gcm=15&region=002&kind=city"
        "&year_from=2015&year_to=2022&q=practice",
    ),
    ("page 30", "/practices/?page=30"),
]


def generate():
    from django.db import transaction

    from forum_site.demo import seed_people
    from forum_site.organisations.models import Organisation
    from forum_site.organisations.rules import LOCAL_AUTHORITY_KINDS
    from forum_site.site_structure import ensure_site_structure
    from forum_site.taxonomy.models import GCMObjective, TargetGroup, Theme
    from practices.models import Adoption, PracticePage
    from practices.testing import make_practice, practice_index

    ensure_site_structure()
    seed_people()
    index = practice_index()
    owners = list(Organisation.objects.filter(kind__in=LOCAL_AUTHORITY_KINDS).order_by("slug"))
    themes = list(Theme.objects.all())
    objectives = list(GCMObjective.objects.all())
    groups = list(TargetGroup.objects.all())
    statuses = ["ongoing", "completed", "planned", "discontinued"]
    existing = PracticePage.objects.count()
    for i in range(existing, N_PRACTICES):
        with transaction.atomic():
            status = statuses[i % 4]
            start = 2010 + i % 14
            make_practice(
                owners[i % len(owners)],
                title=f"Benchmark practice {i:04}",
                index=index,
                slug=f"bench-{i:04}",
                themes=[themes[i % 20], themes[(i * 7) % 20]],
                gcm_objectives=[objectives[i % 23], objectives[(i * 5) % 23]],
                target_groups=[groups[i % 11]],
                status=status,
                start_year=start if status != "planned" else 2027,
                end_year=start + 2 if status in {"completed", "discontinued"} else None,
                summary=f"Practice number {i} of the benchmark, about a local service.",
                contact_email="someone@example.org",
            )
    pages = list(PracticePage.objects.order_by("pk").values_list("pk", "organisation_id"))
    adoptions = [
        Adoption(practice_id=pk, organisation_id=owners[(n * 3 + 1) % len(owners)].pk)
        for n, (pk, owner_id) in enumerate(pages[::3])
        if owners[(n * 3 + 1) % len(owners)].pk != owner_id
    ]
    Adoption.objects.bulk_create(adoptions, ignore_conflicts=True)
    return PracticePage.objects.live().count(), Adoption.objects.count()


def run(report):
    practices, adoptions = generate()
    from practices.models import PracticePage

    anonymous = Client(HTTP_HOST="localhost")
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.login(username="city_editor", password="demo")
    rows = []
    for label, url in URLS:
        for who, client in (("anonymous", anonymous), ("city_editor", signed_in)):
            timing = timed_requests(client, url, n=30)
            rows.append(
                [
                    label,
                    who,
                    timing["status"],
                    count_queries(client, url),
                    timing["p50"],
                    timing["p95"],
                    timing["max"],
                    timing["n"],
                ]
            )
    page = PracticePage.objects.live().order_by("pk").first()
    for who, client in (("anonymous", anonymous), ("city_editor", signed_in)):
        timing = timed_requests(client, page.url, n=30)
        rows.append(
            [
                "practice page",
                who,
                timing["status"],
                count_queries(client, page.url),
                timing["p50"],
                timing["p95"],
                timing["max"],
                timing["n"],
            ]
        )
    export = timed_requests(anonymous, "/practices/export.csv", n=5, warmup=1)
    rows.append(
        [
            "export.csv (all)",
            "anonymous",
            export["status"],
            count_queries(anonymous, "/practices/export.csv"),
            export["p50"],
            export["p95"],
            export["max"],
            export["n"],
        ]
    )
    report.section(
        "Practices",
        f"{practices} live practices, {adoptions} adoptions. Server time in ms.\n\n"
        + report.table(
            ["request", "who", "status", "queries", "p50 ms", "p95 ms", "max ms", "requests"],
            rows,
        ),
    )
    for row in rows:
        print("  ", " | ".join(str(c) for c in row), flush=True)
