"""Demo consultations (``manage.py seed_demo``).

Four consultations in different states, 33 responses and discussions:

- open, invited only: the Ghana Ministry of the Interior (``ministry_editor``)
  invites Accra (``city_editor``), Kumasi and the Ghanaian association of local
  authorities, but not the Migrant Rights Centre Accra (``ngo_member``);
- open, public: Ecuador's Vice-Ministry of Human Mobility;
- closed with a published outcome: Italy's Ministry of Labour, public;
- scheduled: Kenya's State Department for Immigration, invited.

Deterministic (answers follow a fixed pattern) and idempotent: each thing is
looked up by a stable key and only created when missing. Dates are set
relative to the day of the first run and then left alone.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from consultations import notifications
from consultations.models import (
    Consent,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationResponse,
    InviteRule,
    InviteRuleKind,
    Outcome,
    OutcomeItem,
    Question,
    QuestionKind,
    QuestionTemplate,
    ResponseStatus,
    ResponseVersion,
)
from forum_site.discussions import services as discussions
from forum_site.taxonomy.models import Theme

MARKER = "migration-marker-review"

INVITED_QUESTIONS = [
    {
        "text": "Which services do migrants in your area find hardest to reach?",
        "kind": "multiple",
        "required": True,
        "choices": "Civil registration\nHealth care\nSchooling\nHousing\nLegal aid\nJobs",
    },
    {
        "text": "How well does the draft strategy reflect the situation in your area?",
        "kind": "scale",
        "required": True,
        "help_text": "1 = not at all; 5 = fully.",
    },
    {
        "text": "Should local authorities sit on the strategy's national steering committee?",
        "kind": "yes_no",
        "required": True,
    },
    {
        "text": "What would you change in the draft, and why?",
        "kind": "text",
        "max_length": 3000,
    },
]

CONSULTATIONS = [
    {
        "slug": "national-labour-migration-strategy-ghana",
        "title": "Draft National Labour Migration Strategy: the local view",
        "owner": "gh-interior",
        "summary": "The Ministry asks Ghana's local authorities how the draft strategy would "
        "work in their districts, and what it misses.",
        "audience": "invited",
        "invited": ["accra", "kumasi", "ghana-lga"],
        "opens": -10,
        "closes": 20,
        "timezone": "Africa/Accra",
        "questions": INVITED_QUESTIONS,
        "themes": ["vocational-skills-labour-market", "local-development-planning"],
        "respondents": [("kumasi", True), ("ghana-lga", False)],
    },
    {
        "slug": "human-mobility-law-regulations-ecuador",
        "title": "Regulations of the Organic Law on Human Mobility: migration marker review",
        "owner": "ec-human-mobility",
        "summary": "Any organisation may tell the Vice-Ministry how sensitive the new "
        "regulations are to migration dynamics.",
        "audience": "public",
        "invited": [],
        "opens": -5,
        "closes": 25,
        "timezone": "America/Guayaquil",
        "themes": ["data-evidence", "integration-services"],
        "questions": MARKER,
        "respondents": [
            (slug, True)
            for slug in [
                "quito",
                "sao-paulo",
                "montreal",
                "barcelona",
                "lisbon",
                "global-migration-office",
                "cities-mobility-network",
                "university-nairobi-migration",
                "skills-bridge",
                "refugee-welcome-milan",
            ]
        ]
        + [("amman", False), ("gaziantep", False)],
    },
    {
        "slug": "integration-fund-review-italy",
        "title": "Review of the National Integration Fund",
        "owner": "it-labour",
        "summary": "How the National Integration Fund reached migrants in cities, and how its "
        "next cycle should be designed.",
        "audience": "public",
        "invited": [],
        "opens": -90,
        "closes": -30,
        "timezone": "Europe/Rome",
        "themes": ["integration-services", "language-training", "housing"],
        "questions": MARKER,
        "respondents": [
            (slug, True)
            for slug in [
                "milan",
                "palermo",
                "anci",
                "barcelona",
                "lisbon",
                "refugee-welcome-milan",
                "ghanaian-diaspora-italy",
                "accra",
                "dakar",
                "nairobi",
                "mombasa",
                "quito",
                "montreal",
                "amman",
                "gaziantep",
                "global-migration-office",
                "cities-mobility-network",
            ]
        ],
        "outcome": True,
    },
    {
        "slug": "border-county-services-kenya",
        "title": "Services for mobile populations in border counties",
        "owner": "ke-immigration",
        "summary": "A forthcoming consultation of Kenya's counties on services for mobile "
        "and migrant populations.",
        "audience": "invited",
        "invited": ["nairobi", "mombasa"],
        "rules": [("local_authorities", "KE")],
        "opens": 14,
        "closes": 44,
        "timezone": "Africa/Nairobi",
        "themes": ["health", "climate-change-mobility"],
        "questions": MARKER,
        "respondents": [],
    },
]

TEXTS = [
    "Registration offices are far from where newcomers live; mobile desks helped us.",
    "We need data by district and by migratory status, published every year.",
    "The budget lines exist nationally but do not reach municipal services.",
    "Local authorities should co-chair the monitoring committee.",
    "Climate-related arrivals from the north are not reflected at all.",
    "Language support in clinics and schools is the first gap to close.",
]

COMMENTS = {
    "national-labour-migration-strategy-ghana": [
        ("ministry_editor", "gh-interior", "Welcome. Please raise questions about the draft here."),
        ("city_editor", "accra", "Will the strategy fund **district labour desks**?"),
        ("ministry_editor", "gh-interior", "Yes, section 4.2 plans pilots in five districts.", 1),
    ],
    "human-mobility-law-regulations-ecuador": [
        ("quito_editor", "quito", "Quito will share its data on arrivals by parish."),
        ("milan_editor", "milan", "Interesting: is the data disaggregated by status?", 0),
    ],
    "integration-fund-review-italy": [
        ("italy_ministry_editor", "it-labour", "Thank you all: the outcome is now published."),
        ("milan_editor", "milan", "Thanks. We look forward to the new cycle."),
    ],
}


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


def _questions(spec, templates):
    if spec["questions"] == MARKER:
        template = templates.get(MARKER)
        source = template.questions if template else []
        return [
            Question(
                sort_order=i,
                text=q["text"],
                kind=q["kind"],
                required=bool(q.get("required")),
                help_text=q.get("help_text", ""),
                choices="\n".join(q.get("choices") or []),
                max_length=q.get("max_length") or 3000,
            )
            for i, q in enumerate(source)
        ]
    return [Question(sort_order=i, **q) for i, q in enumerate(spec["questions"])]


def _consultation(spec, index, orgs, templates, now):
    page = ConsultationPage.objects.filter(slug=spec["slug"]).first()
    if page is not None:
        return page, False
    page = ConsultationPage(
        title=spec["title"],
        slug=spec["slug"],
        owner_organisation=orgs[spec["owner"]],
        summary=spec["summary"],
        background=[
            ("heading", "Why we consult"),
            (
                "text",
                "<p>Local authorities deliver most services migrants use. This "
                "consultation asks them how the policy works where they are.</p>",
            ),
        ],
        opens_at=now + timedelta(days=spec["opens"]),
        closes_at=now + timedelta(days=spec["closes"]),
        timezone=spec["timezone"],
        audience=spec["audience"],
        live=True,
    )
    page.questions = _questions(spec, templates)
    page.invited_organisations = [orgs[slug] for slug in spec["invited"]]
    page.themes = list(Theme.objects.filter(slug__in=spec.get("themes", [])))
    page.invite_rules = [
        InviteRule(kind=InviteRuleKind(kind), country=country)
        for kind, country in spec.get("rules", [])
    ]
    index.add_child(instance=page)
    page.save_revision()
    return ConsultationPage.objects.get(pk=page.pk), True


def _responses(page, spec, orgs, now):
    questions = list(page.questions.all())
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


def _outcome(page, users, now):
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


def _comments(page, users, orgs):
    thread = page.get_thread()
    posted = []
    for i, entry in enumerate(COMMENTS.get(page.slug, [])):
        username, org_slug, body, *parent = entry
        parent_comment = posted[parent[0]] if parent else None
        comment = discussions.post_comment(
            thread,
            users[username],
            body,
            parent=parent_comment,
            organisation=orgs[org_slug],
            client_id=f"demo-{page.slug}-{i}",
        )
        posted.append(comment)


@transaction.atomic
def seed(world, stdout=None):
    orgs, users = world["organisations"], world["users"]
    index = ConsultationIndexPage.objects.first()
    if index is None:
        from forum_site.site_structure import ensure_site_structure

        ensure_site_structure()
        index = ConsultationIndexPage.objects.get()
    templates = {t.slug: t for t in QuestionTemplate.objects.all()}
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = responses = 0
    for spec in CONSULTATIONS:
        page, new = _consultation(spec, index, orgs, templates, now)
        created += int(new)
        responses += _responses(page, spec, orgs, now)
        if spec.get("outcome"):
            _outcome(page, users, now)
        _comments(page, users, orgs)
        notifications.send_invitations(page)
    if stdout is not None:
        stdout.write(f"consultations: {created} consultation(s), {responses} response(s) created")
