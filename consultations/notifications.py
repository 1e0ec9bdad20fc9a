"""Invitations, reminders and outcome notices, through the platform's ``notify``.

Every notice carries a key, so calling these again (the hourly command, a
re-publish) never notifies anyone twice; reminders are also logged per
organisation in ``ReminderLog``.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import rules
from consultations.models import (
    Audience,
    ConsultationPage,
    ConsultationResponse,
    ReminderLog,
    Status,
)
from forum_site.dates import moment_text
from forum_site.notifications.service import notify
from forum_site.organisations.models import Organisation

REMINDER_BEFORE = timedelta(days=3)


def _members_of(org_ids):
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id__in=list(org_ids), is_active=True)
        .distinct()
    )


def send_invitations(page: ConsultationPage) -> int:
    """Invite the invited organisations' members once the consultation is open."""
    if page.status != Status.OPEN or page.audience != Audience.INVITED:
        return 0
    org_ids = rules.invited_organisations(page).values_list("pk", flat=True)
    sent = notify(
        _members_of(org_ids),
        title=lambda: _("You are invited to respond: %(title)s") % {"title": page.title},
        body=lambda: (
            _("%(owner)s consults you until %(closes)s. %(summary)s")
            % {
                "owner": page.owner_organisation.name,
                "closes": moment_text(page.local_closes_at()),
                "summary": page.summary,
            }
        ),
        url=page.get_url() or "",
        kind="consultation_invitation",
        key=f"consultation-invitation-{page.pk}",
    )
    return len(sent)


def send_reminders(page: ConsultationPage, now=None) -> int:
    """Remind organisations that have not submitted, three days before closing.

    For invited consultations: every invited organisation without a
    submitted response. For public ones: organisations with a draft only.
    """
    now = now or timezone.now()
    if page.status_at(now) != Status.OPEN or page.closes_at - now > REMINDER_BEFORE:
        return 0
    submitted = ConsultationResponse.objects.filter(
        consultation=page, submission_count__gt=0
    ).values_list("organisation_id", flat=True)
    if page.audience == Audience.INVITED:
        candidates = rules.invited_organisations(page).exclude(pk__in=submitted)
    else:
        drafting = ConsultationResponse.objects.filter(
            consultation=page, submission_count=0
        ).values_list("organisation_id", flat=True)
        candidates = Organisation.objects.filter(pk__in=drafting)
    count = 0
    for organisation in candidates:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    consultation=page, organisation=organisation, kind="closing"
                )
        except IntegrityError:
            continue  # already reminded: never twice
        count += len(
            notify(
                _members_of([organisation.pk]),
                title=lambda: _("Reminder: %(title)s closes soon") % {"title": page.title},
                body=lambda org=organisation: (
                    _("%(org)s has not submitted a response yet. It closes on %(closes)s.")
                    % {
                        "org": org.name,
                        "closes": moment_text(page.local_closes_at()),
                    }
                ),
                url=page.get_url() or "",
                kind="consultation_reminder",
                key=f"consultation-reminder-{page.pk}-{organisation.pk}",
            )
        )
    return count


def send_extension(page: ConsultationPage) -> int:
    """Tell invitees (invited consultations) and responding organisations (all)
    that the closing date moved later; once per new closing date."""
    if page.status != Status.OPEN:
        return 0
    org_ids = set(
        ConsultationResponse.objects.filter(consultation=page).values_list(
            "organisation_id", flat=True
        )
    )
    if page.audience == Audience.INVITED:
        org_ids |= set(rules.invited_organisations(page).values_list("pk", flat=True))
    org_ids.discard(page.owner_organisation_id)
    closes = page.local_closes_at()
    sent = notify(
        _members_of(org_ids),
        title=lambda: _("More time to respond: %(title)s") % {"title": page.title},
        body=lambda: (
            _("%(owner)s extended the consultation until %(closes)s.")
            % {"owner": page.owner_organisation.name, "closes": moment_text(closes)}
        ),
        url=page.get_url() or "",
        kind="consultation_extended",
        key=f"consultation-extended-{page.pk}-{int(page.closes_at.timestamp())}",
    )
    return len(sent)


def send_outcome(page: ConsultationPage) -> int:
    sent = notify(
        rules.participant_users(page),
        title=lambda: _("Outcome published: %(title)s") % {"title": page.title},
        body=lambda: (
            _("%(owner)s published what it heard and what it will do.")
            % {"owner": page.owner_organisation.name}
        ),
        url=page.get_url() or "",
        kind="consultation_outcome",
        key=f"consultation-outcome-{page.pk}",
    )
    return len(sent)


def run_scheduled(now=None) -> dict:
    """What the hourly command does: invitations for open consultations, reminders."""
    now = now or timezone.now()
    totals = {"invitations": 0, "reminders": 0}
    open_pages = ConsultationPage.objects.live().filter(opens_at__lte=now, closes_at__gt=now)
    for page in open_pages.select_related("owner_organisation"):
        totals["invitations"] += send_invitations(page)
        totals["reminders"] += send_reminders(page, now=now)
    return totals
