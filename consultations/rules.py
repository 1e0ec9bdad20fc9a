"""Who may see and do what with consultations: the ONE module that decides.

Pages, listings, the home-page section, the API (``filter_api_pages``), the
search app, exports, notifications and the discussion thread all call these
functions. Role questions are delegated to ``forum_site.organisations.rules``.
Every function takes a ``forum_site.viewer.Viewer`` or a user; organisations
and repeated answers are kept on the viewer (one request, one socket message).

One rule per kind, one shape: ``visible_to`` / ``can_view`` (consultations,
``can_view`` built from the parts of ``visible_to``'s Q) and
``responses_visible_to`` / ``can_view_response`` (responses).

Visibility: a public consultation is visible to everyone once published; an
invited one only to the consulting organisation, the invited organisations
(listed, or matched by an invitation rule) and site superusers. Drafts are
visible to the consulting organisation only. A Wagtail view restriction
narrows it further for everyone but the consulting organisation
(``forum_site.restrictions``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from consultations.models import (
    Audience,
    ConsultationPage,
    ConsultationResponse,
    InviteRuleKind,
    Status,
)
from forum_site.organisations import rules as org_rules
from forum_site.organisations.models import Organisation, Role
from forum_site.restrictions import hidden_by_restrictions, hidden_by_restrictions_for
from forum_site.viewer import as_viewer


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _superuser(user) -> bool:
    return _signed_in(user) and user.is_superuser


def _member_orgs(user) -> list[dict]:
    """The user's organisations (id, kind, country, parent), once per viewer."""
    if not _signed_in(user):
        return []
    return as_viewer(user).organisations


def _memo(user, key, compute):
    """Keep an answer for the viewer's lifetime: one request asks the same question
    several times (page, thread, response box), the database answers once."""
    if not _signed_in(user):
        return compute()
    return as_viewer(user).memo(("consultations",) + key, compute)


def invited_q(orgs: list[dict], prefix: str = "") -> Q:
    """Q matching consultations that invite any of ``orgs`` (explicitly or by a rule)."""
    if not orgs:
        return Q(pk__in=[])
    ids = [o["pk"] for o in orgs]
    local_countries = {
        str(o["country"]) for o in orgs if o["kind"] in org_rules.LOCAL_AUTHORITY_KINDS
    }
    parents = {o["parent_id"] for o in orgs if o["parent_id"]}
    q = Q(**{f"{prefix}invited_organisations__in": ids})
    if local_countries:
        q |= Q(
            **{
                f"{prefix}invite_rules__kind": InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY,
                f"{prefix}invite_rules__country__in": local_countries,
            }
        )
    if parents:
        q |= Q(
            **{
                f"{prefix}invite_rules__kind": InviteRuleKind.MEMBERS_OF_ASSOCIATION,
                f"{prefix}invite_rules__association_id__in": parents,
            }
        )
    return q


def _visible_ids_q(user) -> Q:
    """Q on ConsultationPage for what ``user`` may see (not for superusers)."""
    orgs = _member_orgs(user)
    owner_ids = [o["pk"] for o in orgs]
    visible = (
        Q(live=True)
        & (Q(audience=Audience.PUBLIC) | invited_q(orgs))
        & ~hidden_by_restrictions(user)
    )
    return visible | Q(owner_organisation_id__in=owner_ids)


def visible_to(viewer, queryset=None):
    """Filter a ConsultationPage queryset (all of them by default) to what
    ``viewer`` may see: listings, the home page, profiles, the API, search,
    exports, choosers and forms offering a related consultation."""
    if queryset is None:
        queryset = ConsultationPage.objects.all()
    viewer = as_viewer(viewer)
    if _superuser(viewer):
        return queryset
    allowed = ConsultationPage.objects.filter(_visible_ids_q(viewer)).values("pk")
    return queryset.filter(pk__in=allowed)


def hidden_consultation_ids(user):
    """Subquery of consultation page ids ``user`` may NOT see (for mixed Page querysets)."""
    if _superuser(user):
        return ConsultationPage.objects.none().values("pk")
    return ConsultationPage.objects.exclude(_visible_ids_q(user)).values("pk")


def filter_pages(user, queryset):
    """Filter any Page queryset (API, search): drop consultations ``user`` may not see."""
    return queryset.exclude(pk__in=hidden_consultation_ids(user))


def is_invited(page: ConsultationPage, organisation: Organisation) -> bool:
    org = {
        "pk": organisation.pk,
        "kind": organisation.kind,
        "country": str(organisation.country),
        "parent_id": organisation.parent_id,
    }
    return ConsultationPage.objects.filter(Q(pk=page.pk) & invited_q([org])).exists()


def invited_organisations(page: ConsultationPage):
    """Every organisation invited to ``page``: listed ones and those matched by rules."""
    q = Q(pk__in=page.invited_organisations.values("pk"))
    for rule in page.invite_rules.all():
        if rule.kind == InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY and rule.country:
            q |= Q(kind__in=org_rules.LOCAL_AUTHORITY_KINDS, country=str(rule.country))
        elif rule.kind == InviteRuleKind.MEMBERS_OF_ASSOCIATION and rule.association_id:
            q |= Q(parent_id=rule.association_id)
    return Organisation.objects.filter(q).exclude(pk=page.owner_organisation_id).distinct()


def is_owner_member(user, page: ConsultationPage) -> bool:
    return org_rules.can_act_for(user, page.owner_organisation_id)


def can_view(viewer, page: ConsultationPage) -> bool:
    """``visible_to`` for one consultation, each part of ``_visible_ids_q`` asked
    of this page: its page, its discussion, its files. Wagtail view restrictions
    count (``forum_site.restrictions``: a password-protected consultation only
    to its owners off its own page)."""
    viewer = as_viewer(viewer)
    if _superuser(viewer) or is_owner_member(viewer, page):
        return True
    if hidden_by_restrictions_for(viewer, page):
        return False
    return can_open_consultation_page(viewer, page)


# The names every caller used before ``visible_to``/``can_view``.
visible_consultations = visible_to
can_view_consultation = can_view


def can_open_consultation_page(user, page: ConsultationPage) -> bool:
    """``can_view_consultation`` once Wagtail has checked the view restrictions:
    what ``ConsultationPage.serve`` asks (through the ``consultation_page_visible``
    hook), so that a visitor who typed a page's password may read it."""
    if _superuser(user) or is_owner_member(user, page):
        return True
    if not page.live:
        return False
    if page.audience == Audience.PUBLIC:
        return True
    orgs = _member_orgs(user)
    return bool(orgs) and _memo(
        user,
        ("invited", page.pk),
        lambda: ConsultationPage.objects.filter(Q(pk=page.pk) & invited_q(orgs)).exists(),
    )


def can_manage(user, page: ConsultationPage) -> bool:
    """The owner: editors of the consulting organisation (dashboard, exports, outcome)."""
    return org_rules.can_publish_for(user, page.owner_organisation_id)


def may_translate(user, page: ConsultationPage) -> bool:
    """Translate the consultation on the front end and publish the translation
    (``consultations.views.translations``): whoever may edit it (``can_manage``),
    asked of the translation group's source."""
    return can_manage(user, page)


def can_open_for(user, organisation: Organisation) -> bool:
    return org_rules.can_open_consultation(user, organisation)


def openable_organisations(user):
    """The organisations ``user`` may open a consultation for."""
    return org_rules.organisations_for(user, Role.EDITOR).national_authorities().order_by("name")


def respondable_organisations(user, page: ConsultationPage) -> list[Organisation]:
    """The organisations for which ``user`` may draft a response (ignoring dates)."""
    if not _signed_in(user) or not page.live:
        return []
    return list(_memo(user, ("respondable", page.pk), lambda: _respondable(user, page)))


def _respondable(user, page: ConsultationPage) -> list[Organisation]:
    orgs = list(
        org_rules.organisations_for(user, Role.MEMBER)
        .exclude(pk=page.owner_organisation_id)
        .order_by("name")
    )
    if page.audience == Audience.PUBLIC:
        return orgs
    invited_ids = set(
        invited_organisations(page).filter(pk__in=[o.pk for o in orgs]).values_list("pk", flat=True)
    )
    return [org for org in orgs if org.pk in invited_ids]


def may_respond_for(page: ConsultationPage, organisation: Organisation) -> bool:
    if organisation.pk == page.owner_organisation_id:
        return False
    return page.audience == Audience.PUBLIC or is_invited(page, organisation)


def can_draft_response(user, page: ConsultationPage, organisation: Organisation) -> bool:
    """Members of an invited organisation draft while the consultation is open."""
    return (
        page.status == Status.OPEN
        and org_rules.can_act_for(user, organisation)
        and may_respond_for(page, organisation)
    )


def can_submit_response(user, page: ConsultationPage, organisation: Organisation) -> bool:
    """Editors of that organisation submit (and amend) while it is open."""
    return can_draft_response(user, page, organisation) and org_rules.can_publish_for(
        user, organisation
    )


def _responses_q(viewer) -> Q:
    """Q on ConsultationResponse: the responding organisation's members always;
    the consulting organisation's editors once something was submitted."""
    members = viewer.organisation_ids(Role.MEMBER)
    editors = viewer.organisation_ids(Role.EDITOR)
    return Q(organisation_id__in=members) | Q(
        submission_count__gt=0, consultation__owner_organisation_id__in=editors
    )


def responses_visible_to(viewer, queryset=None):
    """The responses ``viewer`` may read (all of them for superusers)."""
    if queryset is None:
        queryset = ConsultationResponse.objects.all()
    viewer = as_viewer(viewer)
    if _superuser(viewer):
        return queryset
    return queryset.filter(_responses_q(viewer))


def can_view_response(viewer, response: ConsultationResponse) -> bool:
    """``responses_visible_to`` for one response, the same Q asked in Python."""
    viewer = as_viewer(viewer)
    if _superuser(viewer):
        return True
    if response.organisation_id in viewer.organisation_ids(Role.MEMBER):
        return True
    return response.submission_count > 0 and (
        response.consultation.owner_organisation_id in viewer.organisation_ids(Role.EDITOR)
    )


def can_view_discussion(user, page: ConsultationPage) -> bool:
    """Participants: everyone when public, owner and invited organisations otherwise."""
    return can_view_consultation(user, page)


def can_join_discussion(user, page: ConsultationPage) -> bool:
    if not _signed_in(user) or page.status == Status.DRAFT:
        return False
    if is_owner_member(user, page) or _superuser(user):
        return True
    return bool(respondable_organisations(user, page))


def can_view_draft_text(user, page: ConsultationPage) -> bool:
    """The draft text and its paragraph comments: whoever may see the consultation."""
    return can_view_consultation(user, page)


def can_comment_on_draft(user, page: ConsultationPage) -> bool:
    """Comment on a paragraph and propose wording: those who may respond (the
    invited organisations' members, everyone's for a public one) and the owner."""
    return can_join_discussion(user, page)


def participant_users(page: ConsultationPage):
    """Users to notify: members of the consulting, invited and responding organisations."""
    responding = page.responses.values("organisation_id")
    org_q = Q(memberships__organisation__in=invited_organisations(page).values("pk"))
    org_q |= Q(memberships__organisation_id=page.owner_organisation_id)
    org_q |= Q(memberships__organisation_id__in=responding)
    return get_user_model().objects.filter(org_q, is_active=True).distinct()
