"""The demo's practice moderator and one submission waiting for them."""

from django.contrib.auth import get_user_model

from forum_site.taxonomy.models import Theme
from practices.demo.pages import find_terms
from practices.models import PracticePage
from practices.moderation import submit_for_moderation
from practices.rules import moderators_group
from practices.services import build_body
from practices.testing import make_practice


def ensure_moderator():
    """``practice_moderator`` (password "demo"), in the Practice moderators group."""
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
    moderator.groups.add(moderators_group())
    return moderator


def seed_pending_submission(index, orgs, users):
    """One practice waiting for the moderators, submitted by city_member."""
    slug = "street-food-licences-for-migrant-vendors"
    if PracticePage.objects.filter(slug=slug).exists():
        return
    user = users.get("city_member")
    page = make_practice(
        orgs["accra"],
        title="Street food licences for migrant vendors",
        index=index,
        slug=slug,
        themes=find_terms(Theme, ["vocational-skills-labour-market"]),
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
