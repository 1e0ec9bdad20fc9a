"""What the consultations pages show this viewer: the /consultations/ index
(filtered by status and theme) and a consultation page (who may respond for
which organisation, the outcome, the published responses), each permission
answered by ``consultations.rules``.

The page models never import this module (models sit below rules and forms):
``consultations/wagtail_hooks.py`` registers these functions under the
``consultation_index_page_context`` and ``consultation_page_context`` hooks,
which the pages' ``get_context`` calls.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import drafts, rules
from consultations.models import (
    Audience,
    Consent,
    ConsultationPage,
    ConsultationResponse,
    DraftText,
    Status,
    localised_questions,
)
from forum_site.taxonomy.models import Theme
from forum_site.translations import group_source, in_reader_language

PAGE_SIZE = 20


def filter_by_status(queryset, status: str, now=None):
    now = now or timezone.now()
    published = Q(outcome__published_at__isnull=False)
    if status == Status.SCHEDULED:
        return queryset.filter(opens_at__gt=now).exclude(published)
    if status == Status.OPEN:
        return queryset.filter(opens_at__lte=now, closes_at__gt=now).exclude(published)
    if status == Status.CLOSED:
        return queryset.filter(closes_at__lte=now).exclude(published)
    if status == Status.OUTCOME_PUBLISHED:
        return queryset.filter(published)
    return queryset


def listing_queryset(user):
    """Live consultations ``user`` may see, ready for a listing."""
    queryset = ConsultationPage.objects.live().select_related("owner_organisation", "outcome")
    # One entry per translation group, in the reader's language (forum_site.translations).
    return in_reader_language(rules.visible_consultations(user, queryset))


def index_page_context(index_page, request) -> dict:
    """The consultations this viewer may see, filtered by status and theme, a page at a time."""
    status = request.GET.get("status", "")
    if status not in Status.values or status == Status.DRAFT:
        status = ""
    queryset = filter_by_status(listing_queryset(request.user), status)
    themes = list(Theme.objects.all())
    theme = next((t for t in themes if t.slug == request.GET.get("theme")), None)
    if theme is not None:
        queryset = queryset.filter(themes=theme)
    queryset = queryset.prefetch_related("themes").order_by("-opens_at")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "themes": themes,
        "theme": theme,
        "consultations": page,
        "page_obj": page,
        "status": status,
        "status_choices": [(v, label) for v, label in Status.choices if v != Status.DRAFT],
        "can_open": bool(
            request.user.is_authenticated and rules.openable_organisations(request.user).exists()
        ),
    }


def answer_rows(questions, answers: dict):
    """(question, readable answer) pairs; a choice shows in the words of the
    questions given (``localised_questions``)."""
    labels = {"yes": _("Yes"), "no": _("No")}
    result = []
    for question in questions:
        if question.is_section:
            continue
        value = answers.get(str(question.pk))
        choices = dict(question.choice_pairs())
        if isinstance(value, list):
            value = "; ".join(choices.get(v, v) for v in value)
        elif value is not None:
            value = choices.get(value) or labels.get(str(value), str(value))
        result.append((question, value))
    return result


def _in_words_of(questions, outcome) -> list:
    """The outcome's items, each question in the words of ``questions``."""
    shown = {q.pk: q for q in questions}
    items = list(outcome.items.select_related("question"))
    for item in items:
        if item.question_id in shown:
            item.question = shown[item.question_id]
    return items


def consultation_page_context(page, request) -> dict:
    """What this viewer may see and do on ``page``: respond as which organisation,
    manage it, read the published outcome and the consented responses."""
    user = request.user
    # Responses, the outcome and the draft text belong to the translation group's
    # source; a translation shows the source's questions in its own words.
    source = group_source(page)
    questions = localised_questions(source, page)
    status = source.status if source.pk != page.pk else page.status
    organisations = rules.respondable_organisations(user, page)
    existing = {
        r.organisation_id: r
        for r in ConsultationResponse.objects.filter(
            consultation=source, organisation__in=organisations
        )
    }
    outcome = None
    published_responses = []
    if status == Status.OUTCOME_PUBLISHED:
        outcome = source.outcome
        consented = ConsultationResponse.objects.filter(
            consultation=source, submission_count__gt=0
        ).select_related("organisation")
        # Named responses in the order of their names, then the anonymised ones
        # numbered in the order they were started: their number and place say
        # nothing about the names they withhold.
        for response in consented.filter(submitted_consent=Consent.ATTRIBUTED).order_by(
            "organisation__name"
        ):
            published_responses.append(
                {
                    "name": response.organisation.name,
                    "attributed": True,
                    "answers": answer_rows(questions, response.submitted_answers),
                }
            )
        anonymised = consented.filter(submitted_consent=Consent.ANONYMISED).order_by("pk")
        for number, response in enumerate(anonymised, 1):
            published_responses.append(
                {
                    "name": _("Respondent %(n)d") % {"n": number},
                    "attributed": False,
                    "answers": answer_rows(questions, response.submitted_answers),
                }
            )
    is_owner = rules.can_manage(user, page)
    # The page is only served to those who may see it (rules.can_view_consultation),
    # and so is its draft text: a constant number of queries, whatever its length.
    draft_text = DraftText.objects.filter(consultation=source).first()
    return {
        "draft_text": draft_text,
        "draft_paragraphs": drafts.paragraphs_with_counts(source) if draft_text else [],
        "draft_removed": drafts.paragraphs_with_counts(source, removed=True) if draft_text else [],
        "may_comment_on_draft": bool(draft_text) and rules.can_comment_on_draft(user, page),
        "status": status,
        "status_label": Status(status).label,
        "questions": questions,
        "thread": page.get_thread(),
        "can_manage": is_owner,
        "respond_as": [(org, existing.get(org.pk)) for org in organisations],
        "outcome": outcome,
        "outcome_items": _in_words_of(questions, outcome) if outcome else [],
        "published_responses": published_responses,
        "invite_rules": list(page.invite_rules.select_related("association")),
        "themes": list(page.themes.all()),
        "invited": list(page.invited_organisations.order_by("name"))
        if page.audience == Audience.INVITED
        else [],
        "background_html": page.background,
        "change_log": list(page.change_log.all()),
    }
