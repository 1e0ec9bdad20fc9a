"""Editing a consultation on the site: what may change, what is logged, how it is saved.

While a consultation is a draft or scheduled, everything may change. Once
organisations have started responding (any response, draft or submitted),
their answers are keyed by question id, so changes that would invalidate
them are refused with an explanation:

- removing a question, changing its kind, its choices or its scale;
- making an optional question required (submitted responses lack the answer);
- adding a question anywhere but at the end, or adding a required one;
- narrowing a public consultation to invited organisations only.

What stays possible: fixing wording (question, help text, scale labels,
sections), reordering, adding optional questions at the end, extending the
closing date (invitees are notified) and closing early. Once the consultation
has opened, its opening date is fixed, and every change is recorded in a
public change log (``ChangeLogEntry``) shown on the consultation page.

Every save is a Wagtail revision (published at once when the page is live),
so the admin's history and "compare" show front-end edits too. The page's own
rows are saved as well, so drafts read the same everywhere (the dashboard,
the preview, "publish").
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.forms.authoring import split_choices
from consultations.models import (
    CHOICE_KINDS,
    DEFAULT_TEXT_LIMIT,
    Audience,
    ChangeLogEntry,
    ConsultationPage,
    ConsultationResponse,
    InviteRule,
    InviteRuleKind,
    Question,
    QuestionKind,
    Status,
)
from forum_site.dates import moment_text
from forum_site.sanitise import RICH_TEXT, clean_html, render_markdown, to_plain_text

SAME_MINUTE = timedelta(seconds=60)
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def has_responses(page: ConsultationPage) -> bool:
    """Whether any organisation started a response (answers are keyed by question id)."""
    return ConsultationResponse.objects.filter(consultation=page).exists()


def has_opened(page: ConsultationPage) -> bool:
    """Published and past its opening: changes are public history from now on."""
    return page.status in (Status.OPEN, Status.CLOSED, Status.OUTCOME_PUBLISHED)


def save_page(page: ConsultationPage, user):
    """Save the page and a revision of it (published if the page is live)."""
    page.save()
    revision = page.save_revision(user=user, log_action=True)
    if page.live:
        revision.publish(user=user, skip_permission_checks=True)
    return revision


def log_change(page: ConsultationPage, user, lines: list[str]) -> ChangeLogEntry | None:
    if not lines or not has_opened(page):
        return None
    return ChangeLogEntry.objects.create(
        consultation=page, description="\n".join(lines), changed_by=user
    )


def _quoted(text: str) -> str:
    return f"“{text}”"


# The details -------------------------------------------------------------------


def _first_rule(page, kind):
    return next((r for r in page.invite_rules.all() if r.kind == kind), None)


def background_text(page: ConsultationPage) -> str:
    """The background's (first) text block as editable text."""
    for block in page.background:
        if block.block_type == "text":
            return to_plain_text(block.value.source)
    return ""


def details_initial(page: ConsultationPage) -> dict:
    local = page.tz
    rule_country = _first_rule(page, InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY)
    rule_association = _first_rule(page, InviteRuleKind.MEMBERS_OF_ASSOCIATION)
    return {
        "title": page.title,
        "summary": page.summary,
        "themes": list(page.themes.all()),
        "background": background_text(page),
        "timezone": page.timezone,
        "opens_at": page.opens_at.astimezone(local).replace(tzinfo=None, second=0, microsecond=0),
        "closes_at": page.closes_at.astimezone(local).replace(tzinfo=None, second=0, microsecond=0),
        "audience": page.audience,
        "invited_organisations": list(page.invited_organisations.all()),
        "invite_local_authorities_of": str(rule_country.country) if rule_country else "",
        "invite_members_of": rule_association.association if rule_association else None,
    }


def _moved(old, new) -> bool:
    return new is not None and abs(new - old) >= SAME_MINUTE


def check_details(page: ConsultationPage, form, *, now=None) -> bool:
    """Add form errors for changes refused at this stage; True when none."""
    now = now or timezone.now()
    data = form.cleaned_data
    ok = True
    if has_opened(page) and _moved(page.opens_at, data.get("opens_at")):
        form.add_error(
            "opens_at",
            _("The consultation has opened: its opening date can no longer change."),
        )
        ok = False
    closes = data.get("closes_at")
    if has_opened(page) and _moved(page.closes_at, closes) and closes < now:
        form.add_error(
            "closes_at",
            _(
                "Choose a closing date in the future, or use “Close now” to close the "
                "consultation early."
            ),
        )
        ok = False
    if (
        page.audience == Audience.PUBLIC
        and data.get("audience") == Audience.INVITED
        and has_responses(page)
    ):
        form.add_error(
            "audience",
            _(
                "Organisations have already responded to this public consultation: it cannot "
                "be restricted to invited organisations any more."
            ),
        )
        ok = False
    return ok


def _set_background(page: ConsultationPage, text: str) -> None:
    text = (text or "").strip()
    html = ""
    if text:
        html = clean_html(text, RICH_TEXT) if _TAG.search(text) else render_markdown(text)
    blocks, replaced = [], False
    for block in page.background:
        if block.block_type == "text" and not replaced:
            replaced = True
            if html:
                blocks.append(("text", html))
            continue
        blocks.append((block.block_type, block.value))
    if not replaced and html:
        blocks.insert(0, ("text", html))
    page.background = blocks


def _set_invite_rules(page: ConsultationPage, country: str, association) -> None:
    rules, seen = [], set()
    for rule in page.invite_rules.all():
        if rule.kind not in seen:
            seen.add(rule.kind)  # the first of each kind is the one the form edits
            continue
        rules.append(rule)
    if country:
        local = InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY
        rules.insert(0, InviteRule(kind=local, country=country))
    if association is not None:
        members = InviteRuleKind.MEMBERS_OF_ASSOCIATION
        rules.insert(0, InviteRule(kind=members, association=association))
    page.invite_rules = rules


@transaction.atomic
def save_details(page: ConsultationPage, data: dict, user, *, now=None):
    """Apply the edit form's cleaned data, save a revision, log and notify."""
    now = now or timezone.now()
    opened = has_opened(page)
    old = details_initial(page)
    old_closes = page.closes_at
    lines = []
    if data["title"] != page.title:
        lines.append(
            _("Title changed from %(old)s to %(new)s.")
            % {"old": _quoted(page.title), "new": _quoted(data["title"])}
        )
        page.title = data["title"]
        page.draft_title = data["title"]
    if data["summary"] != page.summary:
        lines.append(_("Summary updated."))
        page.summary = data["summary"]
    if (data.get("background") or "").strip() != (old["background"] or "").strip():
        lines.append(_("Background updated."))
        _set_background(page, data.get("background") or "")
    themes = list(data.get("themes") or [])
    if {t.pk for t in themes} != {t.pk for t in old["themes"]}:
        lines.append(_("Policy themes changed."))
    page.themes = themes
    page.timezone = data["timezone"]
    if _moved(page.opens_at, data["opens_at"]):
        page.opens_at = data["opens_at"]
    extended = False
    if _moved(page.closes_at, data["closes_at"]):
        page.closes_at = data["closes_at"]
        local = moment_text(page.local_closes_at())
        if page.closes_at > old_closes:
            extended = True
            lines.append(_("Closing date extended to %(date)s.") % {"date": local})
        else:
            lines.append(_("Closing date brought forward to %(date)s.") % {"date": local})
    if data["audience"] != page.audience:
        lines.append(
            _("Audience changed to: %(audience)s.") % {"audience": Audience(data["audience"]).label}
        )
        page.audience = data["audience"]
    invited = list(data.get("invited_organisations") or [])
    country = data.get("invite_local_authorities_of") or ""
    association = data.get("invite_members_of")
    added = {o.pk for o in invited} - {o.pk for o in old["invited_organisations"]}
    if (
        added
        or {o.pk for o in invited} != {o.pk for o in old["invited_organisations"]}
        or country != old["invite_local_authorities_of"]
        or association != old["invite_members_of"]
    ):
        lines.append(_("Invitations changed."))
    page.invited_organisations = invited
    _set_invite_rules(page, country, association)
    save_page(page, user)
    log_change(page, user, lines)
    if extended and opened and page.status == Status.OPEN:
        transaction.on_commit(lambda: notifications.send_extension(page))
    return lines


@transaction.atomic
def close_now(page: ConsultationPage, user, *, now=None) -> None:
    now = now or timezone.now()
    page.closes_at = max(now, page.opens_at + timedelta(seconds=1))
    save_page(page, user)
    log_change(
        page,
        user,
        [_("Closed early, on %(date)s.") % {"date": moment_text(page.local_closes_at())}],
    )


# The questionnaire ---------------------------------------------------------------


def check_questions(page: ConsultationPage, formset) -> list[str]:
    """Add errors to the builder's forms for refused changes; return the
    errors that belong to no form (a removed question). Empty: all allowed."""
    existing = {q.pk: q for q in page.questions.all()}
    general = []
    forms = [f for f in formset.forms if not f.is_blank()]
    for form in forms:
        qid = form.cleaned_data.get("id")
        if qid and qid not in existing:
            form.add_error(None, _("This question does not belong to this consultation."))
            general.append(_("A question of another consultation was sent; nothing was saved."))
    if general or not has_responses(page):
        return general
    kept = {f.cleaned_data.get("id") for f in forms}
    for question in existing.values():
        if question.pk not in kept and not question.is_section:
            general.append(
                _(
                    "%(question)s cannot be removed: organisations have already answered it. "
                    "You may reword it or make it optional."
                )
                % {"question": _quoted(question.text)}
            )
    last_existing = max((i for i, f in enumerate(forms) if f.cleaned_data.get("id")), default=-1)
    for index, form in enumerate(forms):
        data = form.cleaned_data
        old = existing.get(data.get("id"))
        if old is None:
            if index < last_existing:
                form.add_error(
                    "text",
                    _(
                        "Organisations have already responded: new questions go at the end "
                        "of the questionnaire."
                    ),
                )
            if data.get("required") and data.get("kind") != QuestionKind.SECTION:
                form.add_error(
                    "required",
                    _(
                        "Organisations have already responded: a new question must be "
                        "optional, since submitted responses cannot answer it."
                    ),
                )
            continue
        if "kind" in data and data["kind"] != old.kind:
            form.add_error(
                "kind",
                _(
                    "Organisations have already answered: the type of a question cannot "
                    "change. Add a new optional question at the end instead."
                ),
            )
            continue
        if old.kind in CHOICE_KINDS and split_choices(data.get("choices")) != old.choice_list:
            form.add_error(
                "choices",
                _(
                    "Organisations have already answered: the choices cannot change (their "
                    "answers refer to them). Fix wording in the question or its help text."
                ),
            )
        if old.kind == QuestionKind.SCALE and (data.get("scale_min"), data.get("scale_max")) != (
            old.scale_min,
            old.scale_max,
        ):
            form.add_error(
                "scale_max",
                _("Organisations have already answered: the scale cannot change."),
            )
        if data.get("required") and not old.required:
            form.add_error(
                "required",
                _(
                    "Organisations have already submitted responses without answering it: "
                    "an optional question cannot become required."
                ),
            )
    return general


def _apply(question: Question, data: dict, index: int) -> None:
    kind = data["kind"]
    question.sort_order = index
    question.text = data["text"]
    question.kind = kind
    question.required = bool(data.get("required")) and kind != QuestionKind.SECTION
    question.help_text = data.get("help_text") or ""
    question.choices = "\n".join(split_choices(data.get("choices"))) if kind in CHOICE_KINDS else ""
    question.max_length = data.get("max_length") or DEFAULT_TEXT_LIMIT
    low, high = data.get("scale_min"), data.get("scale_max")
    question.scale_min = 1 if low is None else low
    question.scale_max = 5 if high is None else high
    question.scale_min_label = data.get("scale_min_label") or ""
    question.scale_max_label = data.get("scale_max_label") or ""


def _describe(question: Question, old: dict) -> list[str]:
    lines = []
    label = _("Section") if question.is_section else _("Question")
    if question.text != old["text"]:
        lines.append(
            _("%(what)s reworded: %(old)s is now %(new)s.")
            % {"what": label, "old": _quoted(old["text"]), "new": _quoted(question.text)}
        )
    if question.help_text != old["help_text"]:
        lines.append(_("Help text of %(question)s changed.") % {"question": _quoted(question.text)})
    if (question.scale_min_label, question.scale_max_label) != (
        old["scale_min_label"],
        old["scale_max_label"],
    ):
        lines.append(
            _("Scale labels of %(question)s changed.") % {"question": _quoted(question.text)}
        )
    if question.required != old["required"]:
        if question.required:
            text = _("%(question)s is now required.")
        else:
            text = _("%(question)s is now optional.")
        lines.append(text % {"question": _quoted(question.text)})
    if question.kind != old["kind"] or question.choices != old["choices"]:
        lines.append(
            _("Type or choices of %(question)s changed.") % {"question": _quoted(question.text)}
        )
    return lines


@transaction.atomic
def save_questions(page: ConsultationPage, items: list[dict], user) -> list[str]:
    """Replace the questionnaire with ``items`` (checked by ``check_questions``)."""
    existing = {q.pk: q for q in page.questions.all()}
    old_order = [q.pk for q in existing.values()]
    snapshot = {
        pk: {
            name: getattr(q, name)
            for name in (
                "text",
                "help_text",
                "kind",
                "choices",
                "required",
                "scale_min_label",
                "scale_max_label",
            )
        }
        for pk, q in existing.items()
    }
    lines, questions = [], []
    for index, data in enumerate(items):
        question = existing.get(data.get("id")) or Question(page=page)
        _apply(question, data, index)
        if question.pk:
            lines += _describe(question, snapshot[question.pk])
        else:
            if question.is_section:
                text = _("Section added: %(text)s.")
            else:
                text = _("Question added: %(text)s.")
            lines.append(text % {"text": _quoted(question.text)})
        questions.append(question)
    kept = [q.pk for q in questions if q.pk]
    for pk, question in existing.items():
        if pk not in kept:
            if question.is_section:
                text = _("Section removed: %(text)s.")
            else:
                text = _("Question removed: %(text)s.")
            lines.append(text % {"text": _quoted(snapshot[pk]["text"])})
    if kept != [pk for pk in old_order if pk in kept]:
        lines.append(_("Questions reordered."))
    page.questions = questions
    save_page(page, user)
    log_change(page, user, lines)
    return lines
