"""Saving, submitting and amending responses, with optimistic locking.

Every save names the version it started from. If someone saved in between,
the save is refused with ``ResponseConflict`` carrying the current state, so
the form can show both versions; nothing is overwritten and nothing typed is
lost. The server enforces the window and the audience through ``rules``.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultations import rules
from consultations.models import ConsultationResponse, ResponseStatus, ResponseVersion


class ResponseConflict(Exception):
    def __init__(self, current: ConsultationResponse):
        self.current = current
        super().__init__("The response was changed by someone else.")


def save_response(
    page, organisation, user, *, answers: dict, consent: str, expected_version: int, submit=False
) -> ConsultationResponse:
    allowed = (
        rules.can_submit_response(user, page, organisation)
        if submit
        else rules.can_draft_response(user, page, organisation)
    )
    if not allowed:
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        response = ConsultationResponse.objects.filter(
            consultation=page, organisation=organisation
        ).first()
        if response is None:
            if expected_version != 0:
                raise ResponseConflict(_current(page, organisation))
            try:
                with transaction.atomic():
                    response = ConsultationResponse.objects.create(
                        consultation=page,
                        organisation=organisation,
                        answers=answers,
                        consent=consent,
                        version=1,
                        updated_by=user,
                        has_unsubmitted_changes=not submit,
                    )
            except IntegrityError:  # created concurrently by a colleague
                raise ResponseConflict(_current(page, organisation)) from None
        else:
            updated = ConsultationResponse.objects.filter(
                pk=response.pk, version=expected_version
            ).update(
                answers=answers,
                consent=consent,
                version=expected_version + 1,
                updated_by=user,
                updated_at=now,
                has_unsubmitted_changes=not submit,
            )
            if not updated:
                raise ResponseConflict(_current(page, organisation))
            response.refresh_from_db()
        if submit:
            response.status = ResponseStatus.SUBMITTED
            response.submission_count += 1
            response.submitted_at = now
            response.submitted_by = user
            response.submitted_answers = answers
            response.submitted_consent = consent
            response.has_unsubmitted_changes = False
            response.save()
            ResponseVersion.objects.create(
                response=response,
                number=response.submission_count,
                answers=answers,
                consent=consent,
                submitted_at=now,
                submitted_by=user,
            )
    return response


def _current(page, organisation):
    return ConsultationResponse.objects.select_related("updated_by").get(
        consultation=page, organisation=organisation
    )
