"""The demo consultations: four pages in four states, with their questions
(invited ones ask their own; the others use the migration-marker template)."""

from datetime import timedelta

from consultations.models import ConsultationPage, InviteRule, InviteRuleKind, Question
from forum_site.taxonomy.models import Theme

MARKER = "migration-marker-review"

INVITED_QUESTIONS = [
    {
        "text": "Services in your area",
        "kind": "section",
        "help_text": "First, where newcomers meet your services, and where they do not.",
    },
    {
        "text": "Which services do migrants in your area find hardest to reach?",
        "kind": "multiple",
        "required": True,
        "choices": "Civil registration\nHealth care\nSchooling\nHousing\nLegal aid\nJobs",
    },
    {
        "text": "Who in your authority coordinates work with migrants today?",
        "kind": "single",
        "required": True,
        "choices": "A dedicated migration desk\nThe social welfare department\n"
        "The planning department\nNobody in particular",
    },
    {
        "text": "The draft strategy",
        "kind": "section",
        "help_text": "Then the draft text itself: comment on its paragraphs below the questions.",
    },
    {
        "text": "How well does the draft strategy reflect the situation in your area?",
        "kind": "scale",
        "required": True,
        "help_text": "1 = not at all; 5 = fully.",
        "scale_min_label": "Not at all",
        "scale_max_label": "Fully",
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


def seed_consultation(spec, index, orgs, templates, now):
    # In the default language's tree (a translation shares the slug).
    page = ConsultationPage.objects.child_of(index).filter(slug=spec["slug"]).first()
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
        contact_role="Consultation desk",
        contact_email=f"consultations@{spec['owner']}.example.org",
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
