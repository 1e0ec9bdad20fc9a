"""Demo responses: submitted and draft, with deterministic answers and consents."""

from datetime import timedelta

from consultations.models import (
    Consent,
    ConsultationResponse,
    QuestionKind,
    ResponseStatus,
    ResponseVersion,
)

TEXTS = [
    "Registration offices are far from where newcomers live; mobile desks helped us.",
    "We need data by district and by migratory status, published every year.",
    "The budget lines exist nationally but do not reach municipal services.",
    "Local authorities should co-chair the monitoring committee.",
    "Climate-related arrivals from the north are not reflected at all.",
    "Language support in clinics and schools is the first gap to close.",
]


def _answer(question, n: int):
    """A deterministic answer for respondent ``n``."""
    options = question.answer_options()
    if question.kind == QuestionKind.TEXT:
        return TEXTS[n % len(TEXTS)]
    if question.kind == QuestionKind.MULTIPLE:
        return [options[(n + k) % len(options)] for k in range(1 + n % 2)]
    if question.kind == QuestionKind.SCALE:
        return 1 + (n * 3 + question.sort_order) % 5
    return options[(n + question.sort_order) % len(options)]


def seed_responses(page, spec, orgs, now):
    questions = list(page.answerable_questions())
    count = 0
    for n, (slug, submitted) in enumerate(spec["respondents"]):
        organisation = orgs[slug]
        if ConsultationResponse.objects.filter(
            consultation=page, organisation=organisation
        ).exists():
            continue
        answers = {str(q.pk): _answer(q, n) for q in questions}
        consent = [Consent.ATTRIBUTED, Consent.ANONYMISED, Consent.PRIVATE][n % 3]
        when = min(now, page.closes_at) - timedelta(days=1 + n % 5, hours=n)
        response = ConsultationResponse.objects.create(
            consultation=page,
            organisation=organisation,
            answers=answers,
            consent=consent,
            status=ResponseStatus.SUBMITTED if submitted else ResponseStatus.DRAFT,
            submitted_at=when if submitted else None,
            submission_count=1 if submitted else 0,
            submitted_answers=answers if submitted else {},
            submitted_consent=consent,
            has_unsubmitted_changes=not submitted,
        )
        if submitted:
            ResponseVersion.objects.create(
                response=response, number=1, answers=answers, consent=consent, submitted_at=when
            )
        count += 1
    return count
