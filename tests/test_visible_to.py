"""One rule per content kind, one shape (issue #13, item 3): for every kind the
queryset (``visible_to``) and the yes/no check (``can_view``) agree, for each of
the permission matrix's 12 roles, and say what the table below says.

The world is the permission matrix's (``tests/permission_matrix/world.py``),
built inside each test's transaction. Every rule is asked twice per role: with
the user (wrapped on entry) and with a ``Viewer``.
"""

from __future__ import annotations

import pytest

from forum_site.viewer import Viewer, viewer_scope
from tests.permission_matrix.world import (
    ANONYMOUS,
    INVITED,
    MODERATOR,
    OWNER,
    ROLES,
    SUPERUSER,
    build,
)

SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}
OWNER_EDITORS = frozenset({"owner_editor", "owner_admin"})


@pytest.fixture
def world(db, media_roots):
    return build()


def _check(world, item, expected, visible_to, can_view):
    """For each role: in ``visible_to(viewer)`` == ``can_view(viewer, item)`` ==
    role in ``expected``."""
    wrong = []
    for role in ROLES:
        user = world.users[role]
        for who in (user, Viewer(user)):
            listed = visible_to(who).filter(pk=item.pk).exists()
            allowed = can_view(who, item)
            if not (listed == allowed == (role in expected)):
                wrong.append(f"{role} ({type(who).__name__}): listed={listed} can_view={allowed}")
    assert not wrong, "\n".join(wrong)


# -- consultations ---------------------------------------------------------------

CONSULTATIONS = {
    "consultation-public": frozenset(ROLES),
    "consultation-invited": frozenset({*OWNER, *INVITED, SUPERUSER}),
    "consultation-draft": frozenset({*OWNER, SUPERUSER}),
    "consultation-login-restricted": SIGNED_IN,
}


@pytest.mark.parametrize("name", CONSULTATIONS)
def test_consultations(world, name):
    from consultations import rules

    _check(world, world.items[name], CONSULTATIONS[name], rules.visible_to, rules.can_view)


def test_consultation_responses(world):
    from consultations import rules

    # Submitted by the invited city to the owner's public consultation.
    expected = frozenset({*INVITED, *OWNER_EDITORS, SUPERUSER})
    _check(
        world,
        world.items["consultation-response"],
        expected,
        rules.responses_visible_to,
        rules.can_view_response,
    )


def test_a_draft_response_is_not_shown_to_the_consulting_organisation(world):
    from consultations import rules

    response = world.items["consultation-response"]
    response.submission_count = 0
    response.save(update_fields=["submission_count"])
    _check(world, response, frozenset({*INVITED, SUPERUSER}), rules.responses_visible_to,
           rules.can_view_response)  # fmt: skip


# -- practices -------------------------------------------------------------------

# What listings show (``visible_to``) ...
PRACTICES_LISTED = {
    "practice-public": frozenset(ROLES),
    "practice-login-restricted": SIGNED_IN,
    "practice-groups-restricted": frozenset({"invited_member", SUPERUSER}),
    "practice-unmoderated": frozenset(),
}
# ... and what may be opened (``can_view`` = ``visible_to(drafts=True)``): the
# owner's editors and the moderators open drafts and restricted practices.
MANAGERS = frozenset({*OWNER_EDITORS, MODERATOR, SUPERUSER})
PRACTICES_OPENED = {
    "practice-public": frozenset(ROLES),
    "practice-login-restricted": SIGNED_IN,
    "practice-groups-restricted": frozenset({"invited_member"}) | MANAGERS,
    "practice-unmoderated": MANAGERS,
}


@pytest.mark.parametrize("name", PRACTICES_LISTED)
def test_practices(world, name):
    from practices import rules

    practice = world.items[name]
    _check(
        world,
        practice,
        PRACTICES_OPENED[name],
        lambda who: rules.visible_to(who, drafts=True),
        rules.can_view,
    )
    for role in ROLES:
        listed = rules.visible_to(world.users[role]).filter(pk=practice.pk).exists()
        assert listed == (role in PRACTICES_LISTED[name]), role
        hidden = rules.hidden_practice_ids(world.users[role]).filter(pk=practice.pk).exists()
        assert hidden == (not listed), role


def test_practice_form_drafts(world):
    """A draft of the step-by-step form: its author's only (not the organisation's
    editors, the moderators, nor superusers)."""
    from practices import rules

    _check(
        world,
        world.items["practice-form-draft"],
        frozenset({"invited_member"}),
        rules.drafts_visible_to,
        rules.can_view_draft,
    )


# -- events, delegations, delegation documents ---------------------------------------

EVENTS = {
    "event-public": frozenset(ROLES),
    "event-login-restricted": SIGNED_IN,
    # The organising organisation's editors run their events whatever the restriction.
    "event-groups-restricted": frozenset({"invited_member", *OWNER_EDITORS, SUPERUSER}),
    "event-password-restricted": frozenset({*OWNER_EDITORS, SUPERUSER}),
}


@pytest.mark.parametrize("name", EVENTS)
def test_events(world, name):
    from events import rules

    _check(world, world.items[name], EVENTS[name], rules.visible_to, rules.can_view)


# The owner's delegation: headed by owner_admin, invited_member a confirmed member.
WORKSPACE = frozenset({*OWNER_EDITORS, "invited_member", SUPERUSER})


def test_delegations(world):
    from events import rules

    _check(
        world,
        world.items["delegation"],
        WORKSPACE,
        rules.delegations_visible_to,
        rules.can_view_workspace,
    )


def test_a_member_who_has_not_confirmed_has_no_workspace(world):
    from events import rules
    from events.models import DelegationMember

    DelegationMember.objects.filter(user=world.users["invited_member"]).update(
        status=DelegationMember.Status.INVITED
    )
    _check(
        world,
        world.items["delegation"],
        WORKSPACE - {"invited_member"},
        rules.delegations_visible_to,
        rules.can_view_workspace,
    )


def test_delegation_documents(world):
    from events import rules

    _check(
        world,
        world.items["delegation-document"],
        WORKSPACE,
        rules.documents_visible_to,
        rules.can_download_document,
    )


# -- discussion threads ------------------------------------------------------------

THREADS = {
    "practice-public": frozenset(ROLES),
    "practice-unmoderated": MANAGERS,
    "consultation-invited": CONSULTATIONS["consultation-invited"],
    "consultation-draft": CONSULTATIONS["consultation-draft"],
    "delegation": WORKSPACE,
}


@pytest.mark.parametrize("name", THREADS)
def test_threads(world, name):
    from forum_site.discussions import services

    thread = world.items[name].get_thread()
    _check(world, thread, THREADS[name], services.visible_to, services.can_view_thread)


def test_a_thread_whose_owner_has_no_policy_is_visible_to_superusers_only(world):
    from forum_site.discussions import services
    from forum_site.discussions.models import Thread

    thread = Thread.for_object(world.orgs["owner"], title="No policy")
    _check(world, thread, frozenset({SUPERUSER}), services.visible_to, services.can_view_thread)


# -- the viewer: one load per request, and the listings' query counts ----------------


def test_a_viewer_reads_memberships_and_groups_once(world, django_assert_num_queries):
    from consultations import rules as consultation_rules
    from events import rules as event_rules
    from practices import rules as practice_rules

    viewer = Viewer(world.users["invited_member"])
    event = world.items["event-groups-restricted"]
    practice = world.items["practice-groups-restricted"]
    consultation = world.items["consultation-invited"]
    assert event_rules.can_view(viewer, event)
    assert practice_rules.can_view(viewer, practice)
    assert consultation_rules.can_view(viewer, consultation)
    # Asked again (another surface of the same request): no query at all.
    with django_assert_num_queries(0):
        for _ in range(3):
            assert event_rules.can_view(viewer, event)
            assert practice_rules.can_view(viewer, practice)
            assert consultation_rules.can_view(viewer, consultation)
            assert practice_rules.is_moderator(viewer) is False


def test_within_a_scope_the_same_user_gets_the_same_viewer(world):
    from forum_site.viewer import as_viewer

    user = world.users["owner_member"]
    with viewer_scope():
        assert as_viewer(user) is as_viewer(user)
    assert as_viewer(user) is not as_viewer(user)


@pytest.mark.parametrize("extra", [0, 5])
def test_listing_threads_costs_the_same_whatever_their_number(
    world, extra, django_assert_num_queries
):
    """``visible_to`` is one SQL query (after the viewer's memberships, groups and
    restrictions), however many threads and owners there are."""
    from forum_site.discussions import services
    from forum_site.discussions.models import Thread
    from practices.testing import make_practice

    for n in range(extra):
        make_practice(world.orgs["owner"], title=f"More {n}", slug=f"more-{n}").get_thread()
    viewer = Viewer(world.users["invited_member"])
    list(services.visible_to(viewer))  # loads the viewer's data and content types
    with django_assert_num_queries(1):
        threads = list(services.visible_to(viewer).select_related("content_type"))
    expected = {t.pk for t in Thread.objects.all() if services.can_view_thread(viewer, t)}
    assert {t.pk for t in threads} == expected
    assert len(expected) >= 3 + extra
