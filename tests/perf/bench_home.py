"""Home page server time on the generated dataset."""

from django.test import Client

from tests.perf.run import count_queries, timed_requests


def run(report):
    from forum_site.demo import seed_people
    from forum_site.site_structure import ensure_site_structure

    ensure_site_structure()
    seed_people()
    client = Client(HTTP_HOST="localhost")
    anonymous = timed_requests(client, "/", n=100)
    client.login(username="city_editor", password="demo")
    signed_in = timed_requests(client, "/", n=100)
    queries = count_queries(client, "/")
    report.section(
        "Home page",
        report.table(
            ["who", "status", "p50 ms", "p95 ms", "max ms", "requests", "queries"],
            [
                [
                    "anonymous",
                    anonymous["status"],
                    anonymous["p50"],
                    anonymous["p95"],
                    anonymous["max"],
                    anonymous["n"],
                    count_queries(Client(HTTP_HOST="localhost"), "/"),
                ],
                [
                    "city_editor",
                    signed_in["status"],
                    signed_in["p50"],
                    signed_in["p95"],
                    signed_in["max"],
                    signed_in["n"],
                    queries,
                ],
            ],
        ),
    )
