"""Calendar interoperability (issue #17): the suite of
``events/tests/interop/suite.py`` run on the benchmark database, its figures
(documents, parsers, events, occurrences compared, mismatches, seconds)
recorded in the report. Everything it creates is rolled back."""

from django.db import transaction

from events.tests.interop import suite


def run(report):
    with transaction.atomic():
        figures = suite.run()
        transaction.set_rollback(True)
    text = report.table(["figure", "value"], figures.rows())
    if figures.skipped:
        text += "\nNot run: " + "; ".join(figures.skipped) + "\n"
    if figures.mismatches:
        text += (
            "\nMismatches (first 20):\n\n"
            + "\n".join(f"- {m}" for m in figures.mismatches[:20])
            + "\n"
        )
    report.section("Calendar interoperability", text)
    print(f"  {figures.summary()}")
