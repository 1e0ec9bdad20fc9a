"""Demo adoptions: which authority learned from which demo practice."""

from practices.models import Adoption

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


def seed_adoptions(practices, orgs) -> int:
    """The ADOPTIONS (by position in ``practices``); how many were created."""
    created = 0
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
        created += was_created
    return created
