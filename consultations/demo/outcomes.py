"""The published outcome of the closed Italian consultation."""

from datetime import timedelta

from consultations.models import Outcome, OutcomeItem


def seed_outcome(page, users, now):
    if Outcome.objects.filter(consultation=page).exists():
        return
    questions = list(page.questions.all())
    outcome = Outcome.objects.create(
        consultation=page,
        summary="Seventeen organisations responded. Cities asked for data they can use and "
        "for money that reaches municipal services.",
        published_at=now - timedelta(days=7),
        published_by=users.get("italy_ministry_editor"),
    )
    items = [
        (
            1,
            "Most respondents use data disaggregated by migratory status for some indicators only.",
            "We will publish municipal-level data by country of birth every year.",
        ),
        (
            3,
            "Resources for access to services are rarely identifiable locally.",
            "The next cycle ring-fences 30% of the fund for municipal services.",
        ),
        (
            2,
            "Cities were consulted on a draft at best.",
            "Cities and ANCI will co-design the next cycle's guidelines.",
        ),
    ]
    OutcomeItem.objects.bulk_create(
        OutcomeItem(
            outcome=outcome,
            sort_order=i,
            question=questions[q] if q < len(questions) else None,
            heard=heard,
            will_do=will_do,
        )
        for i, (q, heard, will_do) in enumerate(items)
    )
