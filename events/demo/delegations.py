"""Demo delegations, some with a local-authority representative and some
without, each with its workspace (checklist and position paper)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from events.models import ChecklistItem, Delegation, DelegationMember, PositionPaper

# (event slug, organisation slug, head username, [(username, org slug, role, status)])
DELEGATIONS = [
    (
        "gfmd-summit",
        "gh-interior",
        "ministry_editor",
        [
            ("city_editor", "accra", "local_authority", "confirmed"),
            ("ngo_member", "migrant-rights-accra", "observer", "confirmed"),
        ],
    ),
    (
        "gfmd-summit",
        "it-labour",
        "italy_ministry_editor",
        [
            ("milan_editor", "milan", "local_authority", "invited"),
            ("diaspora_admin", "ghanaian-diaspora-italy", "adviser", "confirmed"),
        ],
    ),
    (
        "mayoral-forum-milan",
        "gh-interior",
        "ministry_admin",
        [
            ("city_admin", "accra", "local_authority", "confirmed"),
            ("city_member", "accra", "member", "invited"),
        ],
    ),
    (
        "mayoral-forum-milan",
        "it-labour",
        "italy_ministry_editor",
        [
            ("milan_editor", "milan", "local_authority", "confirmed"),
        ],
    ),
    (
        "rabat-process-dakar",
        "gh-interior",
        "ministry_editor",
        [
            ("ngo_member", "migrant-rights-accra", "observer", "confirmed"),
            ("city_member", "accra", "local_authority", "declined"),
        ],
    ),
    (
        "network-meeting-lisbon",
        "accra",
        "city_editor",
        [
            ("city_member", "accra", "local_authority", "confirmed"),
        ],
    ),
]


def seed_delegations(pages, orgs, users) -> None:
    for event_slug, org_slug, head, members in DELEGATIONS:
        _seed_delegation(pages[event_slug], orgs[org_slug], users[head], members, orgs, users)


def _seed_delegation(event, organisation, head, members, orgs, users):
    delegation, _ = Delegation.objects.get_or_create(
        event=event,
        organisation=organisation,
        defaults={
            "head": head,
            "country": organisation.country,
            "kind": "organisation" if event.event_type == "city_network" else "country",
        },
    )
    DelegationMember.objects.get_or_create(
        delegation=delegation,
        user=head,
        defaults={"organisation": organisation, "role": "head", "status": "confirmed"},
    )
    for username, org_slug, role, status in members:
        DelegationMember.objects.get_or_create(
            delegation=delegation,
            user=users[username],
            defaults={"organisation": orgs[org_slug], "role": role, "status": status},
        )
    paper, _ = PositionPaper.objects.get_or_create(delegation=delegation)
    if not paper.body:
        paper.body = (
            "Our delegation will ask that local authorities take part in the design of "
            "labour-mobility partnerships and in the follow-up of the Forum's recommendations."
        )
        paper.updated_by = head
        paper.save()
    tasks = [
        ("registration", "Register every delegate", 30),
        ("visa", "Request visa letters from the host", 45),
        ("position_paper", "Agree the position paper", 20),
        ("speaking", "Request a speaking slot in the plenary", 15),
        ("travel", "Book travel and accommodation", 25),
    ]
    for category, title, days_before in tasks:
        due = date.fromordinal(timezone.localtime(event.start).date().toordinal() - days_before)
        ChecklistItem.objects.get_or_create(
            delegation=delegation,
            title=title,
            defaults={"category": category, "due_date": due, "assignee": head},
        )
    return delegation
