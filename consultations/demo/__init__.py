"""Demo consultations (``manage.py seed_demo``): the pages and their questions
(``pages``), responses (``responses``), the published outcome (``outcomes``)
and the discussions (``discussions``).

Four consultations in different states, 33 responses and discussions:

- open, invited only: the Ghana Ministry of the Interior (``ministry_editor``)
  invites Accra (``city_editor``), Kumasi (``kumasi_editor``) and the Ghanaian
  association of local authorities, but not the Migrant Rights Centre Accra
  (``ngo_member``); its questionnaire has sections and every kind of question,
  and it carries a draft strategy text (``drafts``) that Accra and Kumasi
  comment on paragraph by paragraph, with proposed wordings;
- open, public: Ecuador's Vice-Ministry of Human Mobility;
- closed with a published outcome: Italy's Ministry of Labour, public;
- scheduled: Kenya's State Department for Immigration, invited.

The Ecuadorian one is translated into Spanish (``translations``).

Deterministic (answers follow a fixed pattern) and idempotent: each thing is
looked up by a stable key and only created when missing. Dates are set
relative to the day of the first run and then left alone.
"""

from django.db import transaction
from django.utils import timezone

from consultations import notifications
from consultations.demo.discussions import seed_comments
from consultations.demo.drafts import seed_draft_text
from consultations.demo.outcomes import seed_outcome
from consultations.demo.pages import CONSULTATIONS, seed_consultation
from consultations.demo.responses import seed_responses
from consultations.demo.translations import seed_translation
from consultations.models import ConsultationIndexPage, QuestionTemplate
from forum_site.site_structure import ensure_site_structure


@transaction.atomic
def seed(world, stdout=None):
    orgs, users = world["organisations"], world["users"]
    index = ConsultationIndexPage.objects.first()
    if index is None:
        ensure_site_structure()
        index = ConsultationIndexPage.objects.get()
    templates = {t.slug: t for t in QuestionTemplate.objects.all()}
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = responses = 0
    for spec in CONSULTATIONS:
        page, new = seed_consultation(spec, index, orgs, templates, now)
        created += int(new)
        responses += seed_responses(page, spec, orgs, now)
        if spec.get("outcome"):
            seed_outcome(page, users, now)
        seed_comments(page, users, orgs)
        seed_draft_text(page, users, orgs)
        notifications.send_invitations(page)
        seed_translation(page)
    if stdout is not None:
        stdout.write(f"consultations: {created} consultation(s), {responses} response(s) created")
