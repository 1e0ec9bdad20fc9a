"""Demo registrations: (event slug, username, on behalf of, listed)."""

from __future__ import annotations

from events.models import Registration

REGISTRATIONS = [
    ("mayoral-forum-milan", "city_member", "accra", True),
    ("mayoral-forum-milan", "milan_editor", "milan", True),
    ("mayoral-forum-milan", "ngo_member", "migrant-rights-accra", False),
    ("cities-migration-webinar", "city_editor", "accra", True),
    ("gfmd-summit", "io_member", "global-migration-office", True),
    ("mayoral-forum-accra", "city_editor", "accra", True),
]


def seed_registrations(pages, orgs, users) -> None:
    for event_slug, username, org_slug, listed in REGISTRATIONS:
        Registration.objects.get_or_create(
            event=pages[event_slug],
            user=users[username],
            defaults={"organisation": orgs[org_slug], "status": "confirmed", "listed": listed},
        )
