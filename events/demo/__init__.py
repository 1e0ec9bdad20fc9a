"""Demo events: fora and their agendas (``pages``), delegations with their
workspaces (``delegations``) and registrations (``registrations``).

Deterministic and idempotent: dates are fixed relative to the current year
(past editions last year and the year before, upcoming ones next year), every
record is found by a natural key and only updated when a value differs, so a
second run changes nothing (not even an event's SEQUENCE).
"""

from __future__ import annotations

from django.db import transaction

from events.demo.delegations import DELEGATIONS, seed_delegations
from events.demo.languages import seed_languages
from events.demo.pages import seed_events
from events.demo.registrations import seed_registrations


@transaction.atomic
def seed(world, stdout=None):
    """Called by ``seed_demo`` with the demo organisations and users."""
    orgs, users = world["organisations"], world["users"]
    pages = seed_events(orgs)
    if pages is None:
        return
    seed_delegations(pages, orgs, users)
    seed_registrations(pages, orgs, users)
    seed_languages(pages)
    if stdout:
        stdout.write(f"Events: {len(pages)} events, {len(DELEGATIONS)} delegations.")
