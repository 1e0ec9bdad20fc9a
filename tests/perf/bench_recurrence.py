"""Recurrence at scale (issue #14): importing a 500-event calendar file with
recurrence (time and peak memory), and the events pages with 200 recurring
series, as a ratio to the same page with no recurring series.

The pages are measured on whatever the checkout does: with stored occurrences
(``events.models.EventOccurrence``, materialised when an event is saved) or,
on a checkout from before they existed, with rules expanded per request. The
report says which, so running this module on both commits gives "before and
after materialisation" (see docs/benchmarks.md).
"""

import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from django.test import Client

from tests.perf.run import count_queries, timed_requests

N_IMPORT = 500
N_SERIES = 200
ZONES = ["Europe/Rome", "Africa/Accra", "America/Guayaquil", "Europe/Berlin", "Asia/Amman"]
RULES = [
    "FREQ=WEEKLY;BYDAY=TU",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=DAILY;INTERVAL=5",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=MONTHLY;BYDAY=1WE",
    "FREQ=YEARLY",
]


def calendar_file(n=N_IMPORT) -> bytes:
    """``n`` VEVENTs in five zones; half recur (some with COUNT, UNTIL, EXDATE)."""
    base = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//recurrence//EN"]
    for i in range(n):
        start = base + timedelta(days=i % 300, hours=i % 9)
        zone = ZONES[i % len(ZONES)]
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-import-{i}@example.org",
            f"DTSTAMP:{base:%Y%m%dT%H%M%SZ}",
            f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID={zone}:{start + timedelta(hours=2):%Y%m%dT%H%M%S}",
            f"SUMMARY:Bench meeting {i}: migration, cities and development",
            f"LOCATION:{'' if i % 3 else 'Milan'}",
            "DESCRIPTION:Line one\\nLine two, with é, ع and 中.",
        ]
        if i % 2 == 0:
            rule = RULES[i % len(RULES)]
            if i % 8 == 0:
                rule += ";COUNT=20"
            elif i % 8 == 2:
                rule += f";UNTIL={start + timedelta(days=400):%Y%m%dT%H%M%SZ}"
            lines.append(f"RRULE:{rule}")
            if i % 10 == 0:
                lines.append(f"EXDATE;TZID={zone}:{start + timedelta(days=7):%Y%m%dT%H%M%S}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def _measure(fn):
    """(seconds, peak MiB) of ``fn()``: timed once without tracing, traced once."""
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak / 2**20


class _Rollback(Exception):
    pass


def bench_import(report, world):
    """The preview (parse and validate, in the request) and the import itself
    (the worker's job for files above ``BACKGROUND_ABOVE`` events; on an older
    checkout without jobs, ``apply`` in the request), each rolled back after
    its measured runs."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from events import importer
    from events.models import EventIndexPage, EventPage

    data = calendar_file()
    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-importer", "b@example.org", "x")
    organisation = next(iter(world["organisations"].values()))
    index = EventIndexPage.objects.get()

    parse_s, parse_mb = _measure(lambda: importer.parse(data))
    result = importer.parse(data)
    in_worker = hasattr(importer, "run_job")

    def import_and_roll_back():
        try:
            with transaction.atomic():
                if in_worker:
                    from events.models import CalendarImport

                    job = CalendarImport.objects.create(
                        uploaded_by=user,
                        organisation=organisation,
                        filename="bench.ics",
                        data=data,
                        status=CalendarImport.Status.QUEUED,
                        total=len(result.events),
                    )
                    status = importer.run_job(job.pk)
                    assert status == CalendarImport.Status.IMPORTED, status
                else:
                    importer.apply(importer.parse(data), user, organisation, index)
                raise _Rollback
        except _Rollback:
            pass

    import_s, import_mb = _measure(import_and_roll_back)
    recurring = sum(1 for e in result.events if e.recurrence)
    step = (
        f"import by the worker's job (batches of {importer.BATCH_SIZE})"
        if in_worker
        else "import in the request (one transaction)"
    )
    rows = [
        ["parse + validate (preview, in the request)", f"{parse_s:.2f}", f"{parse_mb:.1f}"],
        [step, f"{import_s:.2f}", f"{import_mb:.1f}"],
    ]
    report.section(
        f"Events: importing a {N_IMPORT}-event calendar file",
        f"{len(data) // 1024} KiB, {len(result.events)} events read, {recurring} recurring, "
        f"{len(result.warnings)} warnings; events in the database after: "
        f"{EventPage.objects.count()} (the import is rolled back). Peak memory is "
        "Python allocations traced by tracemalloc during a second run (time is of the "
        "first, untraced run).\n\n" + report.table(["step", "seconds", "peak MiB"], rows),
    )


def _series(index, orgs, n):
    from events.models import EventPage

    base = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    for i in range(n):
        start = base - timedelta(days=30) + timedelta(days=i % 60, hours=i % 8)
        page = EventPage(
            title=f"Recurring series {i}: city exchange",
            slug=f"bench-series-{i}",
            start=start,
            end=start + timedelta(hours=2),
            timezone=ZONES[i % len(ZONES)],
            event_type="webinar",
            event_format="online",
            description="<p>A recurring exchange.</p>",
            recurrence=RULES[i % len(RULES)],
        )
        page.organisers = orgs[i % len(orgs) : i % len(orgs) + 1]
        index.add_child(instance=page)
        index.refresh_from_db()


def bench_pages(report, world):
    from events import models as event_models
    from events.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.get()
    EventPage.objects.filter(slug__startswith="bench-series-").delete()
    materialised = hasattr(event_models, "EventOccurrence")
    month = f"{datetime.now(UTC):%Y-%m}"
    urls = ["/", "/events/", f"/events/?view=month&month={month}", "/events/calendar.ics"]
    client = Client(HTTP_HOST="localhost")

    def measure():
        out = {}
        for url in urls:
            client.get(url)
            out[url] = (timed_requests(client, url, n=20, warmup=2), count_queries(client, url))
        return out

    empty = measure()
    orgs = list(world["organisations"].values())
    started = time.perf_counter()
    _series(index, orgs, N_SERIES)
    created_s = time.perf_counter() - started
    stored = event_models.EventOccurrence.objects.count() if materialised else "–"
    full = measure()
    with_series = index.get_children().first().specific
    event_url = with_series.url
    event = timed_requests(client, event_url, n=20, warmup=2)
    rows = []
    for url in urls:
        (a, qa), (b, qb) = empty[url], full[url]
        rows.append(
            [
                url,
                a["status"],
                a["p50"],
                b["status"],
                b["p50"],
                f"{b['p50'] / a['p50']:.2f}",
                qa,
                qb,
            ]
        )
    report.section(
        f"Events: pages with {N_SERIES} recurring series",
        (
            "Occurrences stored (materialised on save): "
            f"{stored} rows for {N_SERIES} series; creating the series took {created_s:.1f} s."
            if materialised
            else "This checkout expands rules per request (no stored occurrences)."
        )
        + f" One event page of a series: p50 {event['p50']} ms.\n\n"
        + report.table(
            [
                "page",
                "status (none)",
                "p50 ms, no series",
                f"status ({N_SERIES})",
                f"p50 ms, {N_SERIES} series",
                "ratio",
                "queries (none)",
                f"queries ({N_SERIES})",
            ],
            rows,
        ),
    )
    EventPage.objects.filter(slug__startswith="bench-series-").delete()


def run(report):
    from forum_site.demo import seed_people
    from forum_site.site_structure import ensure_site_structure

    ensure_site_structure()
    world = seed_people()
    bench_pages(report, world)
    bench_import(report, world)
