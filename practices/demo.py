"""Demo practices for ``seed_demo``: 63 practices, 20 adoptions, two calls.

Written for this project. Twenty kinds of practice are each told by three
local authorities, with their own figures, status and period; three more are
written in French, Spanish and Arabic by cities that work in those languages,
so that searching in them can be tried on the demo. The contact people are
fictional. Deterministic (no randomness) and idempotent: pages are found by
slug and left alone when they exist; adoptions and calls are get-or-create.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from forum_site.taxonomy.models import Theme
from practices.classification import TAXONOMY_RELATIONS
from practices.models import Adoption, CallForPracticesPage, PracticePage
from practices.services import build_body
from practices.testing import make_practice, practice_index

# key: (title, summary, the terms of each TAXONOMY_RELATIONS in its order (themes,
#       target groups, GCM objectives, SDGs, SDG targets, principles, levels,
#       stakeholders), challenge, approach, results, lessons, transfer)
CONCEPTS = [
    (
        "One-stop welcome centre for newcomers",
        "A single municipal desk where newcomers register, get their papers checked, "
        "and are booked into language courses, health care and schools in one visit.",
        ["migrant-centres-one-stop-shops", "integration-services", "information-orientation"],
        ["refugees-asylum-seekers", "labour-migrants"],
        [3, 15, 16],
        [10, 16],
        ["10.7", "16.9"],
        ["people-centred", "whole-of-government"],
        ["local"],
        ["civil-society", "national-government"],
        "Newcomers had to visit up to seven offices spread across {city} before they could "
        "rent a room or enrol a child, and many gave up half way.",
        "The city brought registration, orientation and referral staff into one building "
        "with shared appointment software and interpreters on call.",
        "Average time from arrival to first service fell from weeks to days.",
        "Staff from different offices need a shared case file, not just a shared building.",
        "A central building, agreements with national offices, and 4–6 trained staff.",
    ),
    (
        "Community interpreters on call",
        "A pool of trained community interpreters that clinics, schools and the police can "
        "book by phone within the hour, in more than twenty languages.",
        ["cultural-mediation-interpretation", "health", "training-service-professionals"],
        ["refugees-asylum-seekers", "labour-migrants", "women-girls"],
        [15, 16],
        [3, 10],
        ["3.8"],
        ["people-centred", "human-rights"],
        ["local"],
        ["civil-society", "migrants-diaspora"],
        "Children were interpreting for their parents in clinics in {city}, including about "
        "serious diagnoses.",
        "Residents who speak community languages were trained, certified and paid per "
        "session through a municipal booking line.",
        "Clinics report fewer missed appointments and better informed consent.",
        "Pay interpreters properly and offer them supervision; turnover was high at first.",
        "A booking line, a training partner, and a budget line for sessions.",
    ),
    (
        "Language and work: bridging course",
        "Six-month course combining language classes with paid work placements with "
        "local employers in sectors short of staff.",
        ["language-training", "vocational-skills-labour-market"],
        ["refugees-asylum-seekers", "labour-migrants", "youth"],
        [6, 18],
        [4, 8],
        ["8.8"],
        ["sustainable-development", "whole-of-society"],
        ["local", "regional"],
        ["private-sector", "academia"],
        "Newcomers in {city} waited for years of language classes before their first job, "
        "and lost skills in the meantime.",
        "Classes take place three mornings a week; afternoons are spent on a placement "
        "with an employer who has agreed to a mentor and a wage.",
        "Most participants were in work six months after the course.",
        "Employers must be involved in designing the course, not only asked for places.",
        "Employers willing to mentor, a language school, and a coordinator.",
    ),
    (
        "Referral pathway for unaccompanied children",
        "A shared protocol and a duty rota that make sure every unaccompanied child found in "
        "the city is seen by a social worker and a guardian within 24 hours.",
        ["referral-mechanisms", "unaccompanied-separated-children"],
        ["unaccompanied-separated-children"],
        [7, 12],
        [16],
        ["16.2"],
        ["child-sensitive", "rule-of-law"],
        ["local", "national"],
        ["civil-society", "national-government"],
        "Children arriving alone in {city} were passed between police, shelters and hospitals "
        "with nobody in charge of their case.",
        "Police, social services, health and NGOs signed one protocol with a 24-hour duty "
        "social worker and a single case number per child.",
        "Every child recorded in the period had a guardian appointed within two days.",
        "A single case number matters more than any software.",
        "A signed protocol between services and a funded duty rota.",
    ),
    (
        "Safe housing for survivors of trafficking",
        "Short-stay apartments managed with a women's organisation, with legal advice and "
        "a route into long-term social housing.",
        ["housing", "gender-sensitive-services", "referral-mechanisms"],
        ["victims-of-trafficking", "women-girls"],
        [7, 10],
        [5, 11],
        ["5.2", "11.1"],
        ["gender-responsive", "human-rights"],
        ["local"],
        ["civil-society"],
        "Survivors of trafficking identified in {city} had nowhere safe to stay while their "
        "case was examined.",
        "The city leased apartments and a women's organisation runs them with 24-hour "
        "support, legal advice and links to social housing.",
        "Most residents moved on to stable housing; none returned to their exploiters.",
        "Keep addresses confidential and plan the move-on from day one.",
        "Municipal housing stock or leases and a specialised NGO partner.",
    ),
    (
        "Pre-departure orientation with the diaspora",
        "Sessions for people planning to migrate, run with diaspora associations, on "
        "regular pathways, contracts, and the costs and risks of irregular routes.",
        ["information-orientation", "participation-migrants-diaspora"],
        ["labour-migrants", "youth", "diaspora"],
        [3, 5, 6],
        [8, 10],
        ["10.7", "8.8"],
        ["people-centred", "international-cooperation"],
        ["local", "cross-border"],
        ["migrants-diaspora", "international-organisations"],
        "Young people in {city} relied on recruiters and social media for information about "
        "work abroad, and some paid large debts.",
        "Returned migrants and diaspora members lead sessions in schools and markets, with "
        "checklists on contracts and fees.",
        "Participants were better able to spot illegal recruitment fees.",
        "Messengers who have migrated themselves are trusted far more than officials.",
        "A diaspora partner, meeting places, and simple printed material.",
    ),
    (
        "Reintegration grants for returnees",
        "Small business grants, coaching and psychosocial support for people returning "
        "to the city, matched with local market needs.",
        ["vocational-skills-labour-market", "integration-services"],
        ["returnees", "youth"],
        [21, 19],
        [1, 8],
        [],
        ["sustainable-development", "people-centred"],
        ["local", "national"],
        ["private-sector", "international-organisations"],
        "People returning to {city} often came back indebted and without a plan.",
        "Returnees receive coaching, a small grant and a mentor from the local chamber of "
        "commerce; counselling is available throughout.",
        "Most supported businesses were still trading after one year.",
        "Psychosocial support is as important as the grant.",
        "A grant fund, business mentors, and counselling partners.",
    ),
    (
        "Migration data observatory",
        "A municipal observatory that joins registration, school and health data to publish "
        "an annual profile of the migrant population by neighbourhood.",
        ["data-evidence", "local-development-planning"],
        ["host-communities"],
        [1, 17],
        [17],
        ["17.18"],
        ["whole-of-government"],
        ["local", "regional"],
        ["academia", "national-government"],
        "{city} planned schools and clinics without knowing where newcomers lived.",
        "A small team with a university partner links anonymised administrative data and "
        "publishes open tables and maps each year.",
        "Two new school places programmes were targeted using the profile.",
        "Agree on data protection rules first; they take longest.",
        "Data-sharing agreements, an analyst, and a research partner.",
    ),
    (
        "Neighbourhood dialogue against discrimination",
        "Street-level dialogues, myth-busting campaigns and a reporting line for "
        "discrimination, co-designed with migrant and host residents.",
        ["social-cohesion-anti-discrimination", "participation-migrants-diaspora"],
        ["host-communities", "refugees-asylum-seekers"],
        [16, 17],
        [10, 16],
        [],
        ["human-rights", "whole-of-society"],
        ["local"],
        ["civil-society", "migrants-diaspora"],
        "Tensions rose in two neighbourhoods of {city} after a rapid increase in arrivals.",
        "Facilitated dialogues, joint events and a campaign built on local facts; a "
        "reporting line refers cases of discrimination to legal aid.",
        "Reports of tension fell and more residents took part in local events.",
        "Start with shared local concerns, not with migration.",
        "Trained facilitators and a small campaign budget.",
    ),
    (
        "Climate-displaced households in urban planning",
        "Maps of informal settlements where people displaced by floods and drought arrive, "
        "used to plan drainage, housing and services.",
        ["climate-change-mobility", "local-development-planning", "housing"],
        ["internally-displaced-persons", "host-communities"],
        [2, 1],
        [11, 13],
        ["11.1"],
        ["sustainable-development"],
        ["local", "national"],
        ["academia", "international-organisations"],
        "Households displaced by floods and drought settled on flood-prone land at the edge "
        "of {city}.",
        "Participatory mapping with residents fed the city's land-use and drainage plans.",
        "Three settlements were upgraded with drainage and water points.",
        "Residents' own maps were more accurate than satellite data.",
        "A planning team open to community mapping and a GIS tool.",
    ),
    (
        "School welcome classes",
        "Intensive welcome classes that bring newly arrived children into mainstream "
        "classes within a school year, with a mentor for each child.",
        ["education", "language-training", "youth"],
        ["unaccompanied-separated-children", "youth", "refugees-asylum-seekers"],
        [15, 16],
        [4],
        ["4.1"],
        ["child-sensitive"],
        ["local"],
        ["civil-society"],
        "Newly arrived children in {city} were placed by age, not by need, and many dropped out.",
        "Welcome classes with specialised teachers; each child gets a peer mentor and a plan "
        "for moving into a mainstream class.",
        "Most children joined mainstream classes within the year.",
        "Keep welcome classes in ordinary schools, never in separate buildings.",
        "Teachers trained in second-language teaching and school leadership support.",
    ),
    (
        "Health access for migrants without insurance",
        "A municipal health card that gives people without insurance access to primary care, "
        "maternity care and vaccinations.",
        ["health"],
        ["labour-migrants", "women-girls", "refugees-asylum-seekers"],
        [15],
        [3],
        ["3.8"],
        ["human-rights", "people-centred"],
        ["local"],
        ["civil-society"],
        "Migrants without insurance in {city} only reached doctors at the emergency stage.",
        "A card issued by the city without immigration checks gives access to partner clinics.",
        "Emergency admissions of card holders fell while vaccinations rose.",
        "Separate health data firmly from immigration enforcement, in writing.",
        "Partner clinics and a municipal fund for consultations.",
    ),
    (
        "Youth mentoring by young migrants",
        "Young people who arrived a few years ago mentor new arrivals aged 15 to 24 on "
        "school, training, sport and digital skills.",
        ["youth", "participation-migrants-diaspora", "social-cohesion-anti-discrimination"],
        ["youth", "unaccompanied-separated-children"],
        [16],
        [4, 10],
        [],
        ["child-sensitive", "whole-of-society"],
        ["local"],
        ["civil-society", "migrants-diaspora"],
        "Young arrivals in {city} were isolated and out of school or training.",
        "Trained peer mentors meet mentees weekly; the city pays a small allowance.",
        "Most mentees enrolled in school or training.",
        "Mentors need supervision and recognition, not only training.",
        "A youth organisation partner and a budget for allowances.",
    ),
    (
        "Training front-line staff on migrants' rights",
        "Modular training for municipal front-line staff on migrants' rights, trauma and "
        "working with interpreters.",
        ["training-service-professionals", "referral-mechanisms"],
        ["refugees-asylum-seekers", "persons-with-disabilities", "victims-of-trafficking"],
        [7, 12, 17],
        [10, 16],
        [],
        ["human-rights", "rule-of-law"],
        ["local", "regional"],
        ["academia", "civil-society"],
        "Staff in {city} did not know which rights newcomers had or where to refer them.",
        "Short modules delivered in working hours, with a referral directory and refreshers.",
        "Staff confidence in handling migrants' cases rose markedly in surveys.",
        "Train managers first so staff are allowed time to attend.",
        "A training partner and a referral directory kept up to date.",
    ),
    (
        "Remittance and savings literacy",
        "Workshops with banks and diaspora groups on cheaper remittance channels, savings "
        "and investment in the home community.",
        ["participation-migrants-diaspora", "city-to-city-cooperation"],
        ["diaspora", "labour-migrants"],
        [19, 20],
        [10],
        ["10.c"],
        ["sustainable-development", "international-cooperation"],
        ["cross-border", "local"],
        ["private-sector", "migrants-diaspora"],
        "Families in {city} lost a large share of remittances to fees.",
        "Workshops compare channels transparently; partner banks offer low-fee accounts.",
        "Participants switched to cheaper channels and opened savings accounts.",
        "Neutral comparisons earn trust; avoid promoting a single provider.",
        "Banks willing to offer low-fee products and a diaspora partner.",
    ),
    (
        "Disability-inclusive reception",
        "Screening at reception for disabilities and a referral route to assistive devices, "
        "accessible housing and care.",
        ["referral-mechanisms", "integration-services", "health"],
        ["persons-with-disabilities", "refugees-asylum-seekers"],
        [7, 12, 15],
        [3, 10],
        [],
        ["human-rights", "people-centred"],
        ["local"],
        ["civil-society"],
        "Newcomers with disabilities in {city} were identified late, if at all.",
        "A short screening at registration and a referral route with disability organisations.",
        "Screened newcomers received devices and adapted housing faster.",
        "Ask about functioning, not diagnoses.",
        "A screening tool, trained staff and disability partners.",
    ),
    (
        "Cross-border health corridor",
        "Two border municipalities share vaccination records and referral forms so that "
        "people moving across the border keep their care.",
        ["city-to-city-cooperation", "health"],
        ["labour-migrants", "women-girls"],
        [15, 23, 22],
        [3, 17],
        ["3.8"],
        ["international-cooperation"],
        ["cross-border"],
        ["international-organisations", "national-government"],
        "Seasonal workers crossing near {city} lost their vaccination and care records.",
        "A shared paper and digital card and a referral agreement between health services.",
        "Vaccination coverage among seasonal workers rose.",
        "Start with paper; digital links came later.",
        "A partner municipality across the border and agreed forms.",
    ),
    (
        "Migrant advisory council",
        "An elected council of migrant residents that advises the city council and reviews "
        "policies before adoption.",
        ["participation-migrants-diaspora", "social-cohesion-anti-discrimination"],
        ["diaspora", "refugees-asylum-seekers", "labour-migrants"],
        [16, 17],
        [16],
        [],
        ["whole-of-society", "human-rights"],
        ["local"],
        ["migrants-diaspora"],
        "Migrant residents of {city} had no voice in decisions that affected them.",
        "An elected council meets monthly with the mayor's office and reviews draft policies.",
        "Several policies were changed after the council's review.",
        "Give the council a budget and a formal right to be consulted.",
        "A council decision and a secretariat.",
    ),
    (
        "Recognition of skills and qualifications",
        "A municipal service that helps newcomers get diplomas recognised and skills "
        "assessed in practical tests.",
        ["vocational-skills-labour-market", "integration-services"],
        ["refugees-asylum-seekers", "labour-migrants"],
        [18, 6],
        [8, 4],
        ["8.8"],
        ["whole-of-government"],
        ["local", "national"],
        ["private-sector", "academia"],
        "Doctors, engineers and electricians in {city} worked far below their skills.",
        "Advisers guide applicants through recognition and arrange practical skills tests.",
        "Many participants found work matching their skills.",
        "Practical tests open doors that paper recognition cannot.",
        "Agreements with recognition bodies and test centres.",
    ),
    (
        "Cultural mediators in hospitals",
        "Cultural mediators in maternity and paediatric wards explain care and help staff "
        "understand families.",
        ["cultural-mediation-interpretation", "gender-sensitive-services", "health"],
        ["women-girls", "refugees-asylum-seekers"],
        [15, 7],
        [3, 5],
        ["3.8", "5.2"],
        ["gender-responsive"],
        ["local"],
        ["civil-society"],
        "Migrant mothers in {city} missed follow-up care after birth.",
        "Mediators from the main communities work in wards and call families after discharge.",
        "Attendance at follow-up appointments improved.",
        "Mediators need a clear role distinct from interpreters.",
        "Hospital agreement and funded mediator posts.",
    ),
]

# Practices written in the city's own language (title, summary and every section),
# as a city would share them: (owner, language, slug, concept as in CONCEPTS, wording
# of the fields that are not in the concept).
WRITTEN_IN_OTHER_LANGUAGES = [
    (
        "dakar",
        "fr",
        "guichet-retour-reinsertion-dakar",
        (
            "Guichet municipal pour le retour et la réinsertion",
            "Un guichet de la mairie accueille les migrants de retour, les oriente vers la "
            "formation professionnelle et le logement, et accompagne leur projet pendant un an.",
            ["integration-services", "vocational-skills-labour-market", "housing"],
            ["returnees", "youth"],
            [21, 16],
            [8, 10],
            ["10.7"],
            ["people-centred", "whole-of-government"],
            ["local", "national"],
            ["civil-society", "national-government", "migrants-diaspora"],
            "Les migrants de retour à {city} ne savaient pas à quel service s'adresser et "
            "beaucoup repartaient faute de travail ou de logement.",
            "La mairie a ouvert un guichet unique avec des conseillers formés, une liste de "
            "logements d'accueil et des places réservées en formation professionnelle.",
            "Plus de la moitié des personnes accompagnées ont un emploi ou une activité "
            "après un an.",
            "Il faut un suivi personnel et régulier, pas seulement un premier rendez-vous.",
            "Un local accessible, deux conseillers et des accords avec les centres de formation.",
        ),
        {
            "status": "ongoing",
            "figure": "personnes accompagnées",
            "contact_role": "Coordinatrice du guichet",
            "funding": "Budget municipal et programme national de réinsertion",
        },
    ),
    (
        "quito",
        "es",
        "vivienda-temporal-acogida-quito",
        (
            "Vivienda temporal y acogida para personas en movilidad humana",
            "Una red municipal de albergues y viviendas temporales ofrece acogida a personas "
            "refugiadas y migrantes mientras tramitan sus documentos y buscan empleo.",
            ["housing", "integration-services", "referral-mechanisms"],
            ["refugees-asylum-seekers", "women-girls"],
            [7, 16],
            [1, 11],
            ["11.1"],
            ["human-rights", "gender-responsive"],
            ["local"],
            ["civil-society", "international-organisations"],
            "Muchas familias recién llegadas a {city} dormían en la calle o en cuartos "
            "sobreocupados durante sus primeras semanas.",
            "El municipio coordina albergues con organizaciones de la sociedad civil y un "
            "equipo que deriva a cada familia a salud, educación y asesoría legal.",
            "La estancia media en albergue bajó y casi todas las familias encontraron una "
            "vivienda propia en tres meses.",
            "La acogida funciona cuando la vivienda va unida a empleo y asesoría legal.",
            "Convenios con albergues, un equipo de derivación y un fondo para el primer alquiler.",
        ),
        {
            "status": "completed",
            "figure": "personas acogidas",
            "contact_role": "Coordinador de movilidad humana",
            "funding": "Presupuesto municipal y cooperación internacional",
        },
    ),
    (
        "amman",
        "ar",
        "amman-refugee-community-centres",
        (
            "مراكز مجتمعية لدعم اللاجئين والمجتمع المضيف",
            "مراكز في أحياء عمّان تقدّم للاجئين وللسكان المضيفين دروس اللغة والتدريب المهني "
            "والدعم النفسي في مكان واحد.",
            ["social-cohesion-anti-discrimination", "vocational-skills-labour-market", "health"],
            ["refugees-asylum-seekers", "host-communities", "youth"],
            [16, 18],
            [4, 10],
            ["10.2"],
            ["whole-of-society", "people-centred"],
            ["local"],
            ["civil-society", "international-organisations"],
            "في {city} كان اللاجئون والسكان المضيفون يعيشون في الأحياء نفسها دون أماكن "
            "مشتركة، وازدادت التوترات حول الخدمات والعمل.",
            "افتتحت البلدية مراكز مجتمعية مفتوحة للجميع يديرها موظفون من الحي بالتعاون مع "
            "منظمات المجتمع المدني.",
            "شارك آلاف السكان في الأنشطة، وحصل كثير من الشباب على عمل بعد التدريب.",
            "يجب أن تكون المراكز للجميع وليست للاجئين وحدهم.",
            "مبنى في الحي وفريق صغير وشراكات مع مراكز التدريب.",
        ),
        {
            "status": "ongoing",
            "figure": "مستفيد",
            "contact_role": "منسقة المراكز المجتمعية",
            "funding": "ميزانية البلدية ومنحة دولية",
        },
    ),
]

OWNERS = [
    "accra",
    "milan",
    "quito",
    "nairobi",
    "lisbon",
    "amman",
    "dakar",
    "barcelona",
    "sao-paulo",
    "kumasi",
    "montreal",
    "gaziantep",
    "palermo",
    "mombasa",
    "ghana-lga",
    "anci",
]
CITY_NAMES = {
    "accra": "Accra",
    "kumasi": "Kumasi",
    "dakar": "Dakar",
    "nairobi": "Nairobi",
    "mombasa": "Mombasa",
    "milan": "Milan",
    "palermo": "Palermo",
    "lisbon": "Lisbon",
    "barcelona": "Barcelona",
    "montreal": "Montréal",
    "sao-paulo": "São Paulo",
    "quito": "Quito",
    "amman": "Amman",
    "gaziantep": "Gaziantep",
    "ghana-lga": "Tamale and Ho",
    "anci": "Bergamo and Bari",
}
LANGUAGES = {"IT": "it", "PT": "pt", "ES": "es", "EC": "es", "BR": "pt", "SN": "fr", "CA": "fr"}
STATUSES = ["ongoing", "completed", "ongoing", "planned", "completed", "discontinued"]
BUDGETS = ["10k-100k", "100k-1m", "lt10k", "gt1m", ""]
FIRST_NAMES = ["Amara", "Luca", "Inés", "Wanjiku", "Rui", "Layla", "Moussa", "Clara", "Thiago"]
LAST_NAMES = ["Example", "Sample", "Placeholder", "Fictional", "Demo", "Invented"]

# (practice index, adopting organisation slug, status, note)
ADOPTIONS = [
    (0, "kumasi", "implemented", "We opened our own desk in the city library."),
    (0, "dakar", "preparing", "Adapting the appointment software."),
    (0, "quito", "interested", "Planned for the new municipal building."),
    (1, "palermo", "implemented", "Pool of 40 interpreters, booked through our call centre."),
    (1, "montreal", "interested", ""),
    (3, "nairobi", "preparing", "Protocol drafted with the county children's office."),
    (3, "barcelona", "implemented", "Adapted to our guardianship law."),
    (4, "lisbon", "interested", "Discussing leases with the housing company."),
    (6, "accra", "preparing", "Two diaspora associations have agreed to lead sessions."),
    (7, "dakar", "implemented", ""),
    (8, "milan", "preparing", "A university has offered to host the observatory."),
    (9, "gaziantep", "interested", "Two neighbourhoods selected."),
    (10, "mombasa", "preparing", "Mapping with residents starts after the rains."),
    (11, "sao-paulo", "implemented", "Welcome classes in twelve schools."),
    (12, "amman", "interested", ""),
    (14, "kumasi", "preparing", "Needs a partner for the skills tests."),
    (15, "quito", "implemented", "Workshops with two cooperatives."),
    (18, "lisbon", "implemented", "Council elected in spring."),
    (19, "milan", "preparing", "Agreement with the technical institute."),
    (20, "montreal", "interested", "Looking at maternity wards first."),
    (24, "accra", "interested", ""),
    (30, "barcelona", "implemented", "Extended to adult education."),
]


def _slug(concept_index: int, owner: str) -> str:
    from django.utils.text import slugify

    return f"{slugify(CONCEPTS[concept_index][0])[:60]}-{owner}"


def _terms(model, values, key="slug"):
    return list(model.objects.filter(**{f"{key}__in": values}))


@transaction.atomic
def seed(world, stdout=None):
    orgs = world["organisations"]
    index = practice_index()
    User = get_user_model()

    moderator = User.objects.filter(username="practice_moderator").first()
    if moderator is None:
        moderator = User(
            username="practice_moderator",
            first_name="Paula",
            last_name="Moderator",
            email="practice_moderator@example.org",
            is_staff=True,
        )
        moderator.set_password("demo")
        moderator.save()
    from practices.rules import moderators_group

    moderator.groups.add(moderators_group())

    practices = []
    created = 0
    number = 0
    for round_ in range(3):
        for concept_index, concept in enumerate(CONCEPTS):
            owner_slug = OWNERS[(concept_index * 3 + round_ * 5) % len(OWNERS)]
            slug = _slug(concept_index, owner_slug)
            existing = PracticePage.objects.filter(slug=slug).first()
            number += 1
            if existing is not None:
                practices.append(existing)
                continue
            practices.append(
                _create(index, concept, orgs, owner_slug, slug, number, world["users"])
            )
            created += 1

    adoptions = 0
    for practice_index_, org_slug, status, note in ADOPTIONS:
        practice = practices[practice_index_]
        organisation = orgs[org_slug]
        if practice.organisation_id == organisation.pk:
            continue
        _adoption, was_created = Adoption.objects.get_or_create(
            practice=practice,
            organisation=organisation,
            defaults={"status": status, "note": note},
        )
        adoptions += was_created

    for owner_slug, language, slug, concept, wording in WRITTEN_IN_OTHER_LANGUAGES:
        if PracticePage.objects.filter(slug=slug).exists():
            continue
        number += 1
        _create(index, concept, orgs, owner_slug, slug, number, world["users"], language, wording)
        created += 1

    _calls(index, orgs, world["users"])
    _pending_submission(index, orgs, world["users"])
    if stdout is not None:
        stdout.write(
            f"practices: {created} practices and {adoptions} adoptions created "
            f"({PracticePage.objects.live().count()} live practices in all)"
        )


def _create(index, concept, orgs, owner_slug, slug, number, users, language=None, wording=None):
    """One practice; ``language`` and ``wording`` (status, figure label, contact
    role, funding) for one written in another language than English."""
    (title, summary, *terms, challenge, approach, results, lessons, transfer) = concept
    from django.utils.text import slugify

    classification = {
        relation.field: _terms(relation.term, values, key=relation.key)
        for relation, values in zip(TAXONOMY_RELATIONS, terms, strict=True)
    }

    owner = orgs[owner_slug]
    city = CITY_NAMES[owner_slug]
    country = str(owner.country)
    wording = wording or {}
    status = wording.get("status", STATUSES[number % len(STATUSES)])
    start = 2012 + number % 12
    if status == "planned":
        start = date.today().year + 1
    end = {
        "completed": min(start + 3, date.today().year - 1),
        "discontinued": min(start + 1, date.today().year - 1),
    }.get(status)
    if end is not None and end < start:
        start = end - 1
    reached = None if status == "planned" else 150 * (number % 17 + 1) * (1 + number % 4)
    contact_first = FIRST_NAMES[number % len(FIRST_NAMES)]
    contact_last = LAST_NAMES[number % len(LAST_NAMES)]
    partners = [
        orgs[slug]
        for slug in ("migrant-rights-accra", "cities-mobility-network", "skills-bridge")
        if number % 3
        == ("migrant-rights-accra", "cities-mobility-network", "skills-bridge").index(slug)
    ]
    figure = wording.get("figure", "people reached")
    figures = [] if reached is None else [{"value": f"{reached:,}", "label": figure}]
    body = build_body(
        {
            "challenge": challenge.format(city=city),
            "approach": approach,
            "results": results,
            "figures": figures,
            "lessons": lessons,
            "transfer": transfer,
            "links": [],
        }
    )
    editor = next(
        (user for user in users.values() if user.memberships.filter(organisation=owner).exists()),
        None,
    )
    page = make_practice(
        owner,
        title=f"{title} in {city}" if number > len(CONCEPTS) and not language else title,
        index=index,
        slug=slug,
        countries=[country],
        **classification,
        partners=partners,
        summary=summary,
        cities=city,
        start_year=start,
        end_year=end,
        status=status,
        people_reached=reached,
        budget_band=BUDGETS[number % len(BUDGETS)],
        funding_sources=wording.get(
            "funding",
            [
                "Municipal budget",
                "Municipal budget and EU grant",
                "National programme",
                "Foundation grant",
                "Municipal budget and private sponsors",
            ][number % 5],
        ),
        original_language=language or LANGUAGES.get(country, "en"),
        body=body,
        contact_name=f"{contact_first} {contact_last} (fictional)",
        contact_role=wording.get("contact_role", "Programme coordinator"),
        contact_email=f"{slugify(contact_first)}.{slugify(contact_last)}@{owner_slug}.example.org",
        user=editor,
    )
    return page


def _calls(index, orgs, users):
    from django.utils.text import slugify

    specs = [
        (
            "Practices on referral mechanisms for unaccompanied children",
            "We are looking for practices that make sure unaccompanied and separated children "
            "are identified, protected and referred quickly. Share what worked in your city.",
            "referral-mechanisms",
            date.today() + timedelta(days=90),
            "accra",
        ),
        (
            "Practices on language training linked to work",
            "A call closed last year: the practices it gathered are listed below.",
            "language-training",
            date(date.today().year - 1, 3, 31),
            "milan",
        ),
    ]
    for title, intro, theme, deadline, org in specs:
        slug = "call-" + slugify(title)[:60]
        if CallForPracticesPage.objects.filter(slug=slug).exists():
            continue
        call = CallForPracticesPage(
            title=title,
            slug=slug,
            intro=intro,
            theme=Theme.objects.get(slug=theme),
            deadline=deadline,
            organisation=orgs[org],
            locale=index.locale,
        )
        index.add_child(instance=call)
        call.save_revision().publish()
    closed = CallForPracticesPage.objects.get(slug__startswith="call-practices-on-language")
    PracticePage.objects.filter(themes__slug="language-training", call__isnull=True).update(
        call=closed
    )


def _pending_submission(index, orgs, users):
    """One practice waiting for the moderators, submitted by city_member."""
    from practices.moderation import submit_for_moderation

    slug = "street-food-licences-for-migrant-vendors"
    if PracticePage.objects.filter(slug=slug).exists():
        return
    user = users.get("city_member")
    page = make_practice(
        orgs["accra"],
        title="Street food licences for migrant vendors",
        index=index,
        slug=slug,
        themes=_terms(Theme, ["vocational-skills-labour-market"]),
        summary="Simplified licences and hygiene training for migrant street food vendors.",
        start_year=2024,
        status="ongoing",
        publish=False,
        user=user,
        body=build_body(
            {
                "challenge": "Vendors were fined daily.",
                "approach": "One licence, one course.",
                "results": "Fines fell.",
                "figures": [],
                "links": [],
            }
        ),
    )
    submit_for_moderation(page, user)
