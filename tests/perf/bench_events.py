"""calendar.ics with 2,000 events: server time, with and without a conditional GET."""

from datetime import UTC, datetime, timedelta

from django.test import Client

from tests.perf.run import count_queries, timed_requests

N_EVENTS = 2000
ZONES = ["Europe/Rome", "Africa/Accra", "America/Guayaquil", "Europe/Berlin", "Asia/Amman"]


def generate(n=N_EVENTS):
    """2,000 published events under /events/, built in bulk through treebeard."""
    from events.models import EventIndexPage, EventPage
    from forum_site.demo import seed_people
    from forum_site.site_structure import ensure_site_structure

    ensure_site_structure()
    world = seed_people()
    orgs = list(world["organisations"].values())
    index = EventIndexPage.objects.get()
    if EventPage.objects.count() >= n:
        return
    base = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    for i in range(n):
        start = base + timedelta(days=1 + i % 700, hours=i % 8)
        page = EventPage(
            title=f"Forum {i}: cities, migration and development",
            slug=f"bench-forum-{i}",
            start=start,
            end=start + timedelta(hours=6 + i % 30),
            timezone=ZONES[i % len(ZONES)],
            all_day=i % 11 == 0,
            event_type=["global_forum", "regional_process", "city_network", "webinar"][i % 4],
            event_format="online" if i % 4 == 3 else "in_person",
            city="" if i % 4 == 3 else "Milan",
            country="" if i % 4 == 3 else "IT",
            description="<p>Mayors, ministers and partners; line one.</p><p>Line two.</p>",
            recurrence="FREQ=MONTHLY;COUNT=12" if i % 50 == 0 else "",
            cancelled=i % 37 == 0,
        )
        page.organisers = orgs[i % len(orgs) : i % len(orgs) + 2]
        index.add_child(instance=page)
        index.refresh_from_db()


def _cold(client, url, n):
    """Server time when no VEVENT has been rendered yet (after a deploy or a restart)."""
    import time

    from django.core.cache import cache

    from events import ical

    samples = []
    for _ in range(n):
        ical._RENDERED.clear()
        cache.clear()
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"p50": round(samples[len(samples) // 2], 1), "max": round(samples[-1], 1), "n": n}


def run(report):
    generate()
    client = Client(HTTP_HOST="localhost")
    url = "/events/calendar.ics"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    size = len(first.content)
    cold = _cold(client, url, n=3)
    full = timed_requests(client, url, n=30, warmup=1)
    cond = timed_requests(client, url, n=100, HTTP_IF_NONE_MATCH=etag)
    since = timed_requests(client, url, n=100, HTTP_IF_MODIFIED_SINCE=modified)
    filtered = timed_requests(client, url + "?type=webinar", n=30, warmup=1)
    rows = [
        [
            "first build (nothing rendered yet)",
            200,
            cold["p50"],
            cold["max"],
            cold["max"],
            cold["n"],
            count_queries(client, url),
        ],
        [
            "full feed (warm)",
            full["status"],
            full["p50"],
            full["p95"],
            full["max"],
            full["n"],
            count_queries(client, url),
        ],
        [
            "If-None-Match (304)",
            cond["status"],
            cond["p50"],
            cond["p95"],
            cond["max"],
            cond["n"],
            count_queries(client, url, HTTP_IF_NONE_MATCH=etag),
        ],
        [
            "If-Modified-Since (304)",
            since["status"],
            since["p50"],
            since["p95"],
            since["max"],
            since["n"],
            count_queries(client, url, HTTP_IF_MODIFIED_SINCE=modified),
        ],
        [
            "?type=webinar",
            filtered["status"],
            filtered["p50"],
            filtered["p95"],
            filtered["max"],
            filtered["n"],
            count_queries(client, url + "?type=webinar"),
        ],
    ]
    report.section(
        f"Events: calendar.ics with {N_EVENTS} events",
        f"Feed size {size // 1024} KiB; byte-identical between requests: "
        f"{client.get(url).content == first.content}.\n\n"
        + report.table(
            ["request", "status", "p50 ms", "p95 ms", "max ms", "requests", "queries"], rows
        ),
    )
