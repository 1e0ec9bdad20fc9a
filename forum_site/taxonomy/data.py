"""The seeded terms of the taxonomies.

Read by the data migration (``practices.0002_seed_taxonomies``, from the time
these models belonged to practices), by the site-structure hook that restores
them after a flush, and by the tests. Names
are wrapped in ``gettext_noop`` so ``makemessages`` collects them; the
models translate them at display time. Changing a slug here breaks shared
filter URLs: add terms, don't rename slugs.
"""

from django.utils.translation import gettext_noop

THEMES = [
    ("integration-services", gettext_noop("Integration services")),
    ("language-training", gettext_noop("Language training")),
    ("vocational-skills-labour-market", gettext_noop("Vocational skills and labour-market access")),
    ("health", gettext_noop("Health")),
    ("education", gettext_noop("Education")),
    ("housing", gettext_noop("Housing")),
    ("migrant-centres-one-stop-shops", gettext_noop("Migrant centres and one-stop shops")),
    (
        "information-orientation",
        gettext_noop("Information and orientation before departure and after arrival"),
    ),
    (
        "referral-mechanisms",
        gettext_noop("Referral mechanisms (asylum, children, trafficking, disabilities)"),
    ),
    ("unaccompanied-separated-children", gettext_noop("Unaccompanied and separated children")),
    ("youth", gettext_noop("Youth")),
    ("gender-sensitive-services", gettext_noop("Gender-sensitive services")),
    ("cultural-mediation-interpretation", gettext_noop("Cultural mediation and interpretation")),
    ("training-service-professionals", gettext_noop("Training of service professionals")),
    (
        "social-cohesion-anti-discrimination",
        gettext_noop("Social cohesion and anti-discrimination"),
    ),
    ("local-development-planning", gettext_noop("Migration in local development planning")),
    ("climate-change-mobility", gettext_noop("Climate change adaptation and mobility")),
    ("data-evidence", gettext_noop("Data and evidence")),
    ("participation-migrants-diaspora", gettext_noop("Participation of migrants and diaspora")),
    ("city-to-city-cooperation", gettext_noop("City-to-city and cross-border cooperation")),
]

TARGET_GROUPS = [
    ("refugees-asylum-seekers", gettext_noop("Refugees and asylum seekers")),
    ("labour-migrants", gettext_noop("Labour migrants")),
    ("women-girls", gettext_noop("Women and girls")),
    ("unaccompanied-separated-children", gettext_noop("Unaccompanied and separated children")),
    ("youth", gettext_noop("Youth")),
    ("victims-of-trafficking", gettext_noop("Victims of trafficking")),
    ("persons-with-disabilities", gettext_noop("Persons with disabilities")),
    ("returnees", gettext_noop("Returnees")),
    ("internally-displaced-persons", gettext_noop("Internally displaced persons")),
    ("diaspora", gettext_noop("Diaspora")),
    ("host-communities", gettext_noop("Host communities")),
]

# The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration.
GCM_OBJECTIVES = [
    (1, "accurate-data", gettext_noop("Collect and utilize accurate and disaggregated data")),
    (2, "adverse-drivers", gettext_noop("Minimize the adverse drivers and structural factors")),
    (
        3,
        "information",
        gettext_noop("Provide accurate and timely information at all stages of migration"),
    ),
    (4, "legal-identity", gettext_noop("Legal identity and adequate documentation")),
    (
        5,
        "regular-pathways",
        gettext_noop("Availability and flexibility of pathways for regular migration"),
    ),
    (6, "fair-recruitment", gettext_noop("Fair and ethical recruitment and decent work")),
    (7, "reduce-vulnerabilities", gettext_noop("Address and reduce vulnerabilities in migration")),
    (8, "save-lives", gettext_noop("Save lives and address missing migrants")),
    (
        9,
        "smuggling",
        gettext_noop("Strengthen the transnational response to smuggling of migrants"),
    ),
    (10, "trafficking", gettext_noop("Prevent, combat and eradicate trafficking in persons")),
    (
        11,
        "border-management",
        gettext_noop("Manage borders in an integrated, secure and coordinated manner"),
    ),
    (12, "screening-referral", gettext_noop("Screening, assessment and referral")),
    (
        13,
        "alternatives-to-detention",
        gettext_noop("Use detention only as a last resort; work towards alternatives"),
    ),  # noqa: E501
    (14, "consular-protection", gettext_noop("Consular protection, assistance and cooperation")),
    (15, "basic-services", gettext_noop("Provide access to basic services for migrants")),
    (
        16,
        "inclusion-cohesion",
        gettext_noop("Empower migrants and societies for inclusion and social cohesion"),
    ),  # noqa: E501
    (
        17,
        "eliminate-discrimination",
        gettext_noop("Eliminate discrimination and promote evidence-based public discourse"),
    ),  # noqa: E501
    (
        18,
        "skills",
        gettext_noop("Skills development and mutual recognition of skills and qualifications"),
    ),
    (
        19,
        "diaspora-development",
        gettext_noop("Conditions for migrants and diasporas to contribute to development"),
    ),  # noqa: E501
    (
        20,
        "remittances",
        gettext_noop("Faster, safer and cheaper remittances and financial inclusion"),
    ),
    (
        21,
        "return-reintegration",
        gettext_noop("Safe and dignified return, readmission and reintegration"),
    ),
    (
        22,
        "social-security",
        gettext_noop("Portability of social security entitlements and earned benefits"),
    ),
    (
        23,
        "international-cooperation",
        gettext_noop("International cooperation and global partnerships"),
    ),
]

SDGS = [
    (1, "no-poverty", gettext_noop("No poverty")),
    (2, "zero-hunger", gettext_noop("Zero hunger")),
    (3, "good-health", gettext_noop("Good health and well-being")),
    (4, "quality-education", gettext_noop("Quality education")),
    (5, "gender-equality", gettext_noop("Gender equality")),
    (6, "clean-water", gettext_noop("Clean water and sanitation")),
    (7, "clean-energy", gettext_noop("Affordable and clean energy")),
    (8, "decent-work", gettext_noop("Decent work and economic growth")),
    (9, "industry-innovation", gettext_noop("Industry, innovation and infrastructure")),
    (10, "reduced-inequalities", gettext_noop("Reduced inequalities")),
    (11, "sustainable-cities", gettext_noop("Sustainable cities and communities")),
    (12, "responsible-consumption", gettext_noop("Responsible consumption and production")),
    (13, "climate-action", gettext_noop("Climate action")),
    (14, "life-below-water", gettext_noop("Life below water")),
    (15, "life-on-land", gettext_noop("Life on land")),
    (16, "peace-justice", gettext_noop("Peace, justice and strong institutions")),
    (17, "partnerships", gettext_noop("Partnerships for the goals")),
]

# (goal number, code, short description)
SDG_TARGETS = [
    (3, "3.8", gettext_noop("Universal health coverage")),
    (4, "4.1", gettext_noop("Free, equitable and quality primary and secondary education")),
    (5, "5.2", gettext_noop("Eliminate violence against women and girls, including trafficking")),
    (8, "8.7", gettext_noop("End forced labour, modern slavery and human trafficking")),
    (8, "8.8", gettext_noop("Protect labour rights, including of migrant workers")),
    (10, "10.7", gettext_noop("Orderly, safe, regular and responsible migration")),
    (10, "10.c", gettext_noop("Reduce the transaction costs of migrant remittances")),
    (11, "11.1", gettext_noop("Adequate, safe and affordable housing for all")),
    (
        16,
        "16.2",
        gettext_noop("End abuse, exploitation, trafficking and violence against children"),
    ),
    (16, "16.9", gettext_noop("Legal identity for all, including birth registration")),
    (17, "17.18", gettext_noop("Data disaggregated by migratory status")),
]

GUIDING_PRINCIPLES = [
    ("people-centred", gettext_noop("People-centred")),
    ("international-cooperation", gettext_noop("International cooperation")),
    ("national-sovereignty", gettext_noop("National sovereignty")),
    ("rule-of-law", gettext_noop("Rule of law and due process")),
    ("sustainable-development", gettext_noop("Sustainable development")),
    ("human-rights", gettext_noop("Human rights")),
    ("gender-responsive", gettext_noop("Gender-responsive")),
    ("child-sensitive", gettext_noop("Child-sensitive")),
    ("whole-of-government", gettext_noop("Whole-of-government approach")),
    ("whole-of-society", gettext_noop("Whole-of-society approach")),
]

GOVERNMENT_LEVELS = [
    ("local", gettext_noop("Local")),
    ("regional", gettext_noop("Regional")),
    ("national", gettext_noop("National")),
    ("cross-border", gettext_noop("Cross-border")),
]

STAKEHOLDER_KINDS = [
    ("civil-society", gettext_noop("Civil society")),
    ("private-sector", gettext_noop("Private sector")),
    ("migrants-diaspora", gettext_noop("Migrants and diaspora")),
    ("academia", gettext_noop("Academia")),
    ("international-organisations", gettext_noop("International organisations")),
    ("national-government", gettext_noop("National government")),
]


def seed(apps, update_existing: bool = True, app_label: str = "taxonomy") -> None:
    """Create missing terms and (unless ``update_existing`` is False) refresh the
    names and order of existing ones. Idempotent.

    Takes the migration's ``apps`` registry, so it works against historical
    models; never imports the app's models directly. The site-structure hook
    calls it with ``update_existing=False`` so that a database flushed by a
    transactional test gets its terms back without undoing editors' changes.
    ``app_label`` is where the models are in that registry: "practices" in the
    migrations from before the move.
    """

    def save(Model, lookup, values):
        if update_existing:
            Model.objects.update_or_create(**lookup, defaults=values)
        elif not Model.objects.filter(**lookup).exists():
            Model.objects.create(**lookup, **values)

    def upsert(model_name, rows, **extra_by_slug):
        Model = apps.get_model(app_label, model_name)
        for order, (slug, name) in enumerate(rows, start=1):
            values = {"name": name, "sort_order": order}
            values.update(extra_by_slug.get(slug, {}))
            save(Model, {"slug": slug}, values)

    upsert("Theme", THEMES)
    upsert("TargetGroup", TARGET_GROUPS)
    upsert("GuidingPrinciple", GUIDING_PRINCIPLES)
    upsert("GovernmentLevel", GOVERNMENT_LEVELS)
    upsert("StakeholderKind", STAKEHOLDER_KINDS)
    upsert(
        "GCMObjective",
        [(slug, name) for _n, slug, name in GCM_OBJECTIVES],
        **{slug: {"number": n} for n, slug, _name in GCM_OBJECTIVES},
    )
    upsert(
        "SDG",
        [(slug, name) for _n, slug, name in SDGS],
        **{slug: {"number": n} for n, slug, _name in SDGS},
    )
    SDG = apps.get_model(app_label, "SDG")
    SDGTarget = apps.get_model(app_label, "SDGTarget")
    goals = {g.number: g for g in SDG.objects.all()}
    for order, (goal, code, name) in enumerate(SDG_TARGETS, start=1):
        slug = "target-" + code.replace(".", "-")
        save(
            SDGTarget,
            {"code": code},
            {"slug": slug, "name": name, "sdg": goals[goal], "sort_order": order},
        )
