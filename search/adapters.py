"""The adapters of the four searchable content types.

Visibility always comes from the owning app, view restrictions included per
viewer: ``consultations.rules`` for consultations (invited-only ones stay
hidden), ``events.rules`` for events, ``practices.rules`` for practices
(``practices.rules.visible_to``), and organisations, whose profiles are public.
Delegation workspaces are not searchable at all: they are not indexed, so
they cannot leak.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models.functions import ExtractYear
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from consultations import rules as consultation_rules
from consultations.models import ConsultationPage
from events import rules as event_rules
from forum_site.organisations.models import Organisation
from practices import rules as practice_rules
from practices.classification import taxonomy_relation
from search.registry import SearchType, register


def _join(*parts) -> str:
    return " ".join(str(p) for p in parts if p)


def _stream_text(value) -> str:
    try:
        return " ".join(str(t) for t in value.stream_block.get_searchable_content(value))
    except Exception:  # an unexpected block must not break indexing
        return strip_tags(str(value))


def _value(obj, name):
    """An attribute that an app may expose as a property or as a method."""
    value = getattr(obj, name)
    return value() if callable(value) else value


def _page_language(page) -> str:
    return getattr(getattr(page, "locale", None), "language_code", "") or ""


# -- organisations -----------------------------------------------------------------


def _organisations_visible(user):
    # Organisation profiles are public pages of the site.
    return Organisation.objects.all()


def _organisation_facts(org) -> list[str]:
    facts = [org.get_kind_display(), countries.name(org.country) if org.country else ""]
    if org.verified:
        facts.append(str(_("Verified")))
    return [f for f in facts if f]


ORGANISATION = SearchType(
    key="organisation",
    label=_("Organisation"),
    label_plural=_("Organisations"),
    model_label="organisations.Organisation",
    visible=_organisations_visible,
    facets={"region": "region", "country": "country", "org_kind": "kind"},
    date_field="created_at",
    key_facts=_organisation_facts,
    snippet_text=lambda org: org.description,
    body_text=lambda org: org.description,
    order=40,
)


# -- practices ---------------------------------------------------------------------


def _practice_facts(page) -> list[str]:
    places = page.cities or ", ".join(str(c.country.name) for c in page.countries.all())
    return [
        f
        for f in [page.organisation.name, places, page.get_status_display(), str(page.period)]
        if f
    ]


PRACTICE = SearchType(
    key="practice",
    label=_("Practice"),
    label_plural=_("Practices"),
    model_label="practices.PracticePage",
    visible=practice_rules.visible_to,
    facets={
        "theme": taxonomy_relation("themes").lookup,
        "target_group": taxonomy_relation("target_groups").lookup,
        "gcm": taxonomy_relation("gcm_objectives").lookup,
        "region": "countries__region",
        "country": "countries__country",
        "org_kind": "organisation__kind",
        "year": "start_year",
    },
    date_field="first_published_at",
    for_listing=lambda qs: qs.select_related("organisation", "locale").prefetch_related(
        "countries"
    ),
    key_facts=_practice_facts,
    snippet_text=lambda page: page.summary,
    body_text=lambda page: _join(
        page.summary, page.cities, page.organisation.name, _stream_text(page.body)
    ),
    language=_page_language,
    is_page=True,
    order=10,
)


# -- consultations -----------------------------------------------------------------


def _consultations_visible(user):
    # The rule applies view restrictions per viewer (a login-restricted consultation
    # is found by everyone signed in); Wagtail's ``.public()`` would hide it from all.
    return consultation_rules.visible_to(user, ConsultationPage.objects.live())


def _consultation_facts(page) -> list[str]:
    dates = _("%(opens)s to %(closes)s") % {
        "opens": date_format(_value(page, "local_opens_at"), "DATE_FORMAT"),
        "closes": date_format(_value(page, "local_closes_at"), "DATE_FORMAT"),
    }
    org = page.owner_organisation
    place = countries.name(org.country) if org.country else ""
    return [f for f in [org.name, place, str(_value(page, "status_label")), dates] if f]


CONSULTATION = SearchType(
    key="consultation",
    label=_("Consultation"),
    label_plural=_("Consultations"),
    model_label="consultations.ConsultationPage",
    visible=_consultations_visible,
    facets={
        "theme": "themes__slug",
        "region": "owner_organisation__region",
        "country": "owner_organisation__country",
        "org_kind": "owner_organisation__kind",
        "year": lambda: ExtractYear("opens_at"),
    },
    date_field="opens_at",
    for_listing=lambda qs: qs.select_related("owner_organisation", "locale", "outcome"),
    key_facts=_consultation_facts,
    snippet_text=lambda page: page.summary,
    body_text=lambda page: _join(
        page.summary, page.owner_organisation.name, _stream_text(page.background)
    ),
    language=_page_language,
    is_page=True,
    order=20,
)


# -- events ------------------------------------------------------------------------


def _event_facts(page) -> list[str]:
    facts = [
        date_format(_value(page, "local_start"), "DATE_FORMAT"),
        _value(page, "location_text"),
        page.get_event_type_display(),
    ]
    if page.cancelled:
        facts.append(str(_("Cancelled")))
    return [str(f) for f in facts if f]


EVENT = SearchType(
    key="event",
    label=_("Event"),
    label_plural=_("Events"),
    model_label="events.EventPage",
    visible=event_rules.visible_to,
    facets={
        "region": "region",
        "country": "country",
        "org_kind": "organisers__kind",
        "year": lambda: ExtractYear("start"),
    },
    date_field="start",
    for_listing=lambda qs: qs.select_related("locale"),
    key_facts=_event_facts,
    snippet_text=lambda page: strip_tags(page.description),
    body_text=lambda page: _join(strip_tags(page.description), page.city, page.venue),
    language=_page_language,
    is_page=True,
    order=30,
)


def register_all() -> None:
    for search_type in (PRACTICE, CONSULTATION, EVENT, ORGANISATION):
        register(search_type)


def is_public(search_type: SearchType, obj) -> bool:
    """Whether an anonymous visitor may see ``obj``, by the owning app's rule."""
    return search_type.visible(AnonymousUser()).filter(pk=obj.pk).exists()


def signed_in_probe():
    """A signed-in account with no organisation and no group: what every
    signed-in user may see at least (a login-restricted page, say). Never
    saved; its id matches no row, so every rule finds nothing attached to it."""
    from django.contrib.auth import get_user_model

    probe = get_user_model()(pk=-1, username="", is_active=True)
    return probe


def is_open_to_signed_in(search_type: SearchType, obj) -> bool:
    """Whether any signed-in user may see ``obj``, by the owning app's rule."""
    return search_type.visible(signed_in_probe()).filter(pk=obj.pk).exists()


def beyond_signed_in(search_type: SearchType, user):
    """The objects ``user`` may see that neither an anonymous visitor nor a
    plain signed-in account may (through memberships, groups, or running
    them): the part of the rule an index cannot hold per document."""
    visible = search_type.visible(user)
    for probe in (AnonymousUser(), signed_in_probe()):
        visible = visible.exclude(pk__in=search_type.visible(probe).values("pk"))
    return visible
