"""The demo world's organisations and people (see ``manage.py seed_demo``).

All of it is deterministic: fixed names, fixed numbers, no randomness, and
every write is a get-or-create or an update to the same values, so running
it twice changes nothing. People named here are fictional.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from forum_site.organisations.models import Membership, Organisation, OrganisationKind, Role

DEMO_PASSWORD = "demo"

K = OrganisationKind

# slug, name, kind, country, population, parent slug
ORGANISATIONS = [
    # Cities and municipalities: 16 cities, 13 countries, 4 UN regions.
    ("accra", "Accra Metropolitan Assembly", K.CITY, "GH", 2_557_000, None),
    ("kumasi", "Kumasi Metropolitan Assembly", K.CITY, "GH", 3_490_000, None),
    ("dakar", "City of Dakar", K.CITY, "SN", 1_438_000, None),
    ("nairobi", "Nairobi City County", K.CITY, "KE", 4_397_000, None),
    ("mombasa", "Mombasa County", K.LOCAL_GOVERNMENT, "KE", 1_208_000, None),
    ("milan", "City of Milan", K.CITY, "IT", 1_371_000, None),
    ("palermo", "City of Palermo", K.CITY, "IT", 630_000, None),
    ("lisbon", "Lisbon City Council", K.CITY, "PT", 545_000, None),
    ("barcelona", "Barcelona City Council", K.CITY, "ES", 1_620_000, None),
    ("montreal", "City of Montréal", K.CITY, "CA", 1_762_000, None),
    ("sao-paulo", "Municipality of São Paulo", K.CITY, "BR", 11_450_000, None),
    ("quito", "Metropolitan District of Quito", K.CITY, "EC", 2_800_000, None),
    ("amman", "Greater Amman Municipality", K.CITY, "JO", 4_061_000, None),
    ("gaziantep", "Gaziantep Metropolitan Municipality", K.CITY, "TR", 2_130_000, None),
    ("kazan", "Executive Committee of the City of Kazan", K.CITY, "RU", 1_318_000, None),
    ("yiwu", "Yiwu Municipal People's Government", K.CITY, "CN", 1_890_000, None),
    # Associations of local governments.
    (
        "ghana-lga",
        "National Association of Local Authorities of Ghana",
        K.LOCAL_GOVERNMENT_ASSOCIATION,
        "GH",
        None,
        None,
    ),  # noqa: E501
    (
        "anci",
        "Association of Italian Municipalities (demo)",
        K.LOCAL_GOVERNMENT_ASSOCIATION,
        "IT",
        None,
        None,
    ),  # noqa: E501
    # National ministries and agencies.
    ("gh-interior", "Ministry of the Interior, Ghana", K.NATIONAL, "GH", None, None),
    ("ke-immigration", "State Department for Immigration, Kenya", K.NATIONAL, "KE", None, None),
    ("it-labour", "Ministry of Labour and Social Policies, Italy", K.NATIONAL, "IT", None, None),
    ("ec-human-mobility", "Vice-Ministry of Human Mobility, Ecuador", K.NATIONAL, "EC", None, None),
    # International organisations.
    (
        "global-migration-office",
        "Global Migration Partnership Office",
        K.INTERNATIONAL,
        "CH",
        None,
        None,
    ),  # noqa: E501
    ("cities-mobility-network", "Cities for Mobility Network", K.INTERNATIONAL, "BE", None, None),
    # Civil society, migrant and diaspora organisations.
    ("migrant-rights-accra", "Migrant Rights Centre Accra", K.CIVIL_SOCIETY, "GH", None, None),
    ("refugee-welcome-milan", "Refugee Welcome Milan", K.CIVIL_SOCIETY, "IT", None, None),
    (
        "ghanaian-diaspora-italy",
        "Ghanaian Diaspora Association in Italy",
        K.DIASPORA,
        "IT",
        None,
        None,
    ),  # noqa: E501
    # Academia and private sector.
    (
        "university-nairobi-migration",
        "Centre for Migration Studies, Nairobi",
        K.ACADEMIA,
        "KE",
        None,
        None,
    ),  # noqa: E501
    ("skills-bridge", "SkillsBridge Employers' Alliance", K.PRIVATE_SECTOR, "PT", None, None),
]

PARENTS = {
    "accra": "ghana-lga",
    "kumasi": "ghana-lga",
    "milan": "anci",
    "palermo": "anci",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str, str], ...] = ()  # (org slug, role, job title)
    superuser: bool = False


USERS = [
    DemoUser("admin", "Ada", "Admin", superuser=True),
    DemoUser("city_admin", "Kwame", "Mensah", (("accra", Role.ADMIN, "Head of Migration Desk"),)),
    DemoUser(
        "city_editor", "Abena", "Owusu", (("accra", Role.EDITOR, "Migration Policy Officer"),)
    ),
    DemoUser("city_member", "Kofi", "Asante", (("accra", Role.MEMBER, "Social Services Officer"),)),
    DemoUser(
        "kumasi_editor", "Yaa", "Boakye", (("kumasi", Role.EDITOR, "Development Planning Officer"),)
    ),
    DemoUser(
        "milan_editor", "Giulia", "Rossi", (("milan", Role.EDITOR, "Inclusion Policies Unit"),)
    ),
    DemoUser("nairobi_editor", "Wanjiru", "Kamau", (("nairobi", Role.EDITOR, "Urban Planning"),)),
    DemoUser("quito_editor", "Mateo", "Andrade", (("quito", Role.EDITOR, "Human Mobility Unit"),)),
    DemoUser("amman_member", "Lina", "Haddad", (("amman", Role.MEMBER, "Community Services"),)),
    DemoUser(
        "ministry_admin", "Yaw", "Boateng", (("gh-interior", Role.ADMIN, "Director, Migration"),)
    ),
    DemoUser(
        "ministry_editor", "Ama", "Darko", (("gh-interior", Role.EDITOR, "Migration Policy Lead"),)
    ),
    DemoUser(
        "italy_ministry_editor", "Marco", "Bianchi", (("it-labour", Role.EDITOR, "Integration"),)
    ),
    DemoUser(
        "io_member", "Sofia", "Lindqvist", (("global-migration-office", Role.MEMBER, "Analyst"),)
    ),
    DemoUser("ngo_member", "Efua", "Quaye", (("migrant-rights-accra", Role.MEMBER, "Caseworker"),)),
    DemoUser(
        "diaspora_admin",
        "Kojo",
        "Appiah",
        (("ghanaian-diaspora-italy", Role.ADMIN, "Chair"), ("milan", Role.MEMBER, "Liaison")),
    ),
]


def _update(obj, **values) -> bool:
    """Set values on ``obj`` and save only if something changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return bool(changed)


@transaction.atomic
def seed_people(stdout=None) -> dict:
    orgs = {}
    for slug, name, kind, country, population, _parent in ORGANISATIONS:
        org = Organisation.objects.filter(slug=slug).first() or Organisation(slug=slug)
        if org.pk is None:
            org.name, org.kind, org.country, org.population = name, kind, country, population
            org.verified = True
            org.website = f"https://{slug}.example.org/"
            org.save()
        else:
            _update(org, name=name, kind=kind, population=population, verified=True)
        orgs[slug] = org
    for child, parent in PARENTS.items():
        _update(orgs[child], parent=orgs[parent])

    User = get_user_model()
    users = {}
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username)
            user.set_password(DEMO_PASSWORD)
        _update(
            user,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@example.org",
            is_superuser=spec.superuser,
            is_staff=spec.superuser,
            is_active=True,
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        for org_slug, role, title in spec.memberships:
            membership, _ = Membership.objects.get_or_create(
                user=user, organisation=orgs[org_slug], defaults={"role": role, "title": title}
            )
            _update(membership, role=role, title=title)
        users[spec.username] = user
    return {"organisations": orgs, "users": users}
