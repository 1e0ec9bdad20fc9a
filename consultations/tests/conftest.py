import pytest


@pytest.fixture
def index_page(db):
    from consultations.models import ConsultationIndexPage

    return ConsultationIndexPage.objects.get()


STANDARD_QUESTIONS = [
    {"text": "Tell us more", "kind": "text", "max_length": 200},
    {"text": "Pick one", "kind": "single", "choices": "Red\nGreen\nBlue", "required": True},
    {"text": "Pick many", "kind": "multiple", "choices": "A\nB\nC"},
    {"text": "Rate it", "kind": "scale"},
    {"text": "Agree?", "kind": "yes_no"},
]


@pytest.fixture
def make_consultation(index_page):
    """Create a published consultation; ``opens``/``closes`` in days from now."""
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import ConsultationPage, Question

    counter = {"n": 0}

    def make(
        owner, *, audience="invited", invited=(), opens=-1, closes=7, live=True, questions=None
    ):
        counter["n"] += 1
        now = timezone.now()
        page = ConsultationPage(
            title=f"Consultation {counter['n']}",
            slug=f"consultation-{counter['n']}",
            owner_organisation=owner,
            summary="A summary.",
            opens_at=now + timedelta(days=opens),
            closes_at=now + timedelta(days=closes),
            audience=audience,
            live=live,
        )
        page.questions = [
            Question(sort_order=i, **q) for i, q in enumerate(questions or STANDARD_QUESTIONS)
        ]
        page.invited_organisations = list(invited)
        index_page.add_child(instance=page)
        return ConsultationPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def people(make_org, make_user, city, ministry, ngo):
    """The cast: a ministry (owner), an invited city, a non-invited NGO."""
    return {
        "owner": make_user("owner", org=ministry, role="editor"),
        "owner_member": make_user("owner_member", org=ministry, role="member"),
        "city_editor": make_user("city_editor", org=city, role="editor"),
        "city_member": make_user("city_member", org=city, role="member"),
        "ngo_editor": make_user("ngo_editor", org=ngo, role="editor"),
        "ngo_member": make_user("ngo_member", org=ngo, role="member"),
        "outsider": make_user("outsider"),
        "root": make_user("root", is_superuser=True, is_staff=True),
    }


def submit(page, organisation, answers_by_text, consent="private"):
    """A response submitted once, answers given by question text."""
    from django.utils import timezone

    from consultations.models import ConsultationResponse, ResponseVersion

    questions = {q.text: q for q in page.questions.all()}
    answers = {str(questions[t].pk): v for t, v in answers_by_text.items()}
    response = ConsultationResponse.objects.create(
        consultation=page,
        organisation=organisation,
        answers=answers,
        submitted_answers=answers,
        consent=consent,
        submitted_consent=consent,
        status="submitted",
        submission_count=1,
        submitted_at=timezone.now(),
    )
    ResponseVersion.objects.create(
        response=response, number=1, answers=answers, consent=consent, submitted_at=timezone.now()
    )
    return response


@pytest.fixture
def known(make_consultation, make_org, ministry):
    """Four invited organisations, three responses with known answers."""
    from consultations.models import Consent, ConsultationResponse

    a = make_org("Alpha City", kind="city", country="GH")
    b = make_org("Beta City", kind="city", country="IT")
    c = make_org("Gamma NGO", kind="civil_society", country="GH")
    d = make_org("Delta Town", kind="city", country="GH")
    page = make_consultation(ministry, invited=[a, b, c, d])
    submit(
        page,
        a,
        {
            "Tell us more": "=SUM(1,2)",
            "Pick one": "Red",
            "Pick many": ["A", "B"],
            "Rate it": 5,
            "Agree?": "yes",
        },
        Consent.ATTRIBUTED,
    )
    submit(
        page,
        b,
        {
            "Tell us more": "Ciao, «città»",
            "Pick one": "Red",
            "Pick many": ["B"],
            "Rate it": 2,
            "Agree?": "no",
        },
        Consent.ANONYMISED,
    )
    submit(page, c, {"Pick one": "Blue", "Rate it": 2, "Agree?": "yes"}, Consent.PRIVATE)
    # A draft never counts.
    ConsultationResponse.objects.create(consultation=page, organisation=d, answers={"x": 1})
    return page, {"a": a, "b": b, "c": c, "d": d}
