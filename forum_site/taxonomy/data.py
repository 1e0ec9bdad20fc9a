"""The seeded terms of the taxonomies.

Read by the data migration (``practices.0002_seed_taxonomies``, from the time
these models belonged to practices), by the site-structure hook that restores
them after a flush, and by the tests. Names
are wrapped in ``gettext_noop`` so ``makemessages`` collects them; the
models translate them at display time. Changing a slug here breaks shared
filter URLs: add terms, don't rename slugs.
"""

from django.utils.translation import gettext_noop as N

THEMES = [
    ("integration-services", N("Integration services")),
    ("language-training", N("Language training")),
    ("vocational-skills-labour-market", N("Vocational skills and labour-market access")),
    ("health", N("Health")),
    ("education", N("Education")),
    ("housing", N("Housing")),
    ("migrant-centres-one-stop-shops", N("Migrant centres and one-stop shops")),
    (
        "information-orientation",
        N("Information and orientation before departure and after arrival"),
    ),
    (
        "referral-mechanisms",
        N("Referral mechanisms (asylum, children, trafficking, disabilities)"),
    ),
    ("unaccompanied-separated-children", N("Unaccompanied and separated children")),
    ("youth", N("Youth")),
    ("gender-sensitive-services", N("Gender-sensitive services")),
    ("cultural-mediation-interpretation", N("Cultural mediation and interpretation")),
    ("training-service-professionals", N("Training of service professionals")),
    ("social-cohesion-anti-discrimination", N("Social cohesion and anti-discrimination")),
    ("local-development-planning", N("Migration in local development planning")),
    ("climate-change-mobility", N("Climate change adaptation and mobility")),
    ("data-evidence", N("Data and evidence")),
    ("participation-migrants-diaspora", N("Participation of migrants and diaspora")),
    ("city-to-city-cooperation", N("City-to-city and cross-border cooperation")),
]

TARGET_GROUPS = [
    ("refugees-asylum-seekers", N("Refugees and asylum seekers")),
    ("labour-migrants", N("Labour migrants")),
    ("women-girls", N("Women and girls")),
    ("unaccompanied-separated-children", N("Unaccompanied and separated children")),
    ("youth", N("Youth")),
    ("victims-of-trafficking", N("Victims of trafficking")),
    ("persons-with-disabilities", N("Persons with disabilities")),
    ("returnees", N("Returnees")),
    ("internally-displaced-persons", N("Internally displaced persons")),
    ("diaspora", N("Diaspora")),
    ("host-communities", N("Host communities")),
]

# The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration.
GCM_OBJECTIVES = [
    (1, "accurate-data", N("Collect and utilize accurate and disaggregated data")),
    (2, "adverse-drivers", N("Minimize the adverse drivers and structural factors")),
    (3, "information", N("Provide accurate and timely information at all stages of migration")),
    (4, "legal-identity", N("Legal identity and adequate documentation")),
    (5, "regular-pathways", N("Availability and flexibility of pathways for regular migration")),
    (6, "fair-recruitment", N("Fair and ethical recruitment and decent work")),
    (7, "reduce-vulnerabilities", N("Address and reduce vulnerabilities in migration")),
    (8, "save-lives", N("Save lives and address missing migrants")),
    (9, "smuggling", N("Strengthen the transnational response to smuggling of migrants")),
    (10, "trafficking", N("Prevent, combat and eradicate trafficking in persons")),
    (11, "border-management", N("Manage borders in an integrated, secure and coordinated manner")),
    (12, "screening-referral", N("Screening, assessment and referral")),
    (
        13,
        "alternatives-to-detention",
        N("Use detention only as a last resort; work towards alternatives"),
    ),  # noqa: E501
    (14, "consular-protection", N("Consular protection, assistance and cooperation")),
    (15, "basic-services", N("Provide access to basic services for migrants")),
    (
        16,
        "inclusion-cohesion",
        N("Empower migrants and societies for inclusion and social cohesion"),
    ),  # noqa: E501
    (
        17,
        "eliminate-discrimination",
        N("Eliminate discrimination and promote evidence-based public discourse"),
    ),  # noqa: E501
    (18, "skills", N("Skills development and mutual recognition of skills and qualifications")),
    (
        19,
        "diaspora-development",
        N("Conditions for migrants and diasporas to contribute to development"),
    ),  # noqa: E501
    (20, "remittances", N("Faster, safer and cheaper remittances and financial inclusion")),
    (21, "return-reintegration", N("Safe and dignified return, readmission and reintegration")),
    (22, "social-security", N("Portability of social security entitlements and earned benefits")),
    (23, "international-cooperation", N("International cooperation and global partnerships")),
]

SDGS = [
    (1, "no-poverty", N("No poverty")),
    (2, "zero-hunger", N("Zero hunger")),
    (3, "good-health", N("Good health and well-being")),
    (4, "quality-education", N("Quality education")),
    (5, "gender-equality", N("Gender equality")),
    (6, "clean-water", N("Clean water and sanitation")),
    (7, "clean-energy", N("Affordable and clean energy")),
    (8, "decent-work", N("Decent work and economic growth")),
    (9, "industry-innovation", N("Industry, innovation and infrastructure")),
    (10, "reduced-inequalities", N("Reduced inequalities")),
    (11, "sustainable-cities", N("Sustainable cities and communities")),
    (12, "responsible-consumption", N("Responsible consumption and production")),
    (13, "climate-action", N("Climate action")),
    (14, "life-below-water", N("Life below water")),
    (15, "life-on-land", N("Life on land")),
    (16, "peace-justice", N("Peace, justice and strong institutions")),
    (17, "partnerships", N("Partnerships for the goals")),
]

# (goal number, code, short description)
SDG_TARGETS = [
    (3, "3.8", N("Universal health coverage")),
    (4, "4.1", N("Free, equitable and quality primary and secondary education")),
    (5, "5.2", N("Eliminate violence against women and girls, including trafficking")),
    (8, "8.7", N("End forced labour, modern slavery and human trafficking")),
    (8, "8.8", N("Protect labour rights, including of migrant workers")),
    (10, "10.7", N("Orderly, safe, regular and responsible migration")),
    (10, "10.c", N("Reduce the transaction costs of migrant remittances")),
    (11, "11.1", N("Adequate, safe and affordable housing for all")),
    (16, "16.2", N("End abuse, exploitation, trafficking and violence against children")),
    (16, "16.9", N("Legal identity for all, including birth registration")),
    (17, "17.18", N("Data disaggregated by migratory status")),
]

GUIDING_PRINCIPLES = [
    ("people-centred", N("People-centred")),
    ("international-cooperation", N("International cooperation")),
    ("national-sovereignty", N("National sovereignty")),
    ("rule-of-law", N("Rule of law and due process")),
    ("sustainable-development", N("Sustainable development")),
    ("human-rights", N("Human rights")),
    ("gender-responsive", N("Gender-responsive")),
    ("child-sensitive", N("Child-sensitive")),
    ("whole-of-government", N("Whole-of-government approach")),
    ("whole-of-society", N("Whole-of-society approach")),
]

GOVERNMENT_LEVELS = [
    ("local", N("Local")),
    ("regional", N("Regional")),
    ("national", N("National")),
    ("cross-border", N("Cross-border")),
]

STAKEHOLDER_KINDS = [
    ("civil-society", N("Civil society")),
    ("private-sector", N("Private sector")),
    ("migrants-diaspora", N("Migrants and diaspora")),
    ("academia", N("Academia")),
    ("international-organisations", N("International organisations")),
    ("national-government", N("National government")),
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
