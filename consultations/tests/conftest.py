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
