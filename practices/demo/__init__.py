"""Demo practices for ``seed_demo``: 65 practices, 20 adoptions, two calls.

Written for this project. Twenty kinds of practice are each told by three
local authorities, with their own figures, status and period; five more are
written in French, Spanish, Arabic, Russian and Chinese by cities that work in
those languages, so that searching in them can be tried on the demo; one (the
Accra welcome centre) is translated into French and Arabic (``translations``).
The contact people are fictional. Deterministic (no randomness) and idempotent: pages are found by
slug and left alone when they exist; adoptions and calls are get-or-create.
"""

from django.db import transaction

from practices.demo.adoptions import seed_adoptions
from practices.demo.calls import seed_calls
from practices.demo.moderation import ensure_moderator, seed_pending_submission
from practices.demo.other_languages import WRITTEN_IN_OTHER_LANGUAGES
from practices.demo.pages import seed_practices
from practices.demo.translations import seed_translations
from practices.models import PracticePage
from practices.testing import practice_index

__all__ = ["WRITTEN_IN_OTHER_LANGUAGES", "seed"]


@transaction.atomic
def seed(world, stdout=None):
    orgs, users = world["organisations"], world["users"]
    index = practice_index()
    ensure_moderator()
    practices, created = seed_practices(index, orgs, users)
    adoptions = seed_adoptions(practices, orgs)
    seed_calls(index, orgs)
    seed_pending_submission(index, orgs, users)
    seed_translations(practices)
    if stdout is not None:
        stdout.write(
            f"practices: {created} practices and {adoptions} adoptions created "
            f"({PracticePage.objects.live().count()} live practices in all)"
        )
