"""The demo practice pages: each concept of ``concepts`` told by three owners,
and the ones written in other languages. Found by slug and left alone when
they exist."""

from datetime import date

from django.utils.text import slugify

from practices.classification import TAXONOMY_RELATIONS
from practices.demo.cities import (
    BUDGETS,
    CITY_NAMES,
    FIRST_NAMES,
    LAST_NAMES,
    OWNERS,
    STATUSES,
)
from practices.demo.concepts import CONCEPTS
from practices.demo.other_languages import WRITTEN_IN_OTHER_LANGUAGES
from practices.models import PracticePage
from practices.services import build_body
from practices.testing import make_practice


def _slug(concept_index: int, owner: str) -> str:
    return f"{slugify(CONCEPTS[concept_index][0])[:60]}-{owner}"


def find_terms(model, values, key="slug"):
    return list(model.objects.filter(**{f"{key}__in": values}))


def seed_practices(index, orgs, users) -> tuple[list, int]:
    """Every demo practice, in a fixed order (ADOPTIONS refer to it by position),
    and how many were created by this run."""
    practices = []
    created = 0
    number = 0
    for round_ in range(3):
        for concept_index, concept in enumerate(CONCEPTS):
            owner_slug = OWNERS[(concept_index * 3 + round_ * 5) % len(OWNERS)]
            slug = _slug(concept_index, owner_slug)
            # In the default language's library (a translation shares the slug).
            existing = PracticePage.objects.child_of(index).filter(slug=slug).first()
            number += 1
            if existing is not None:
                practices.append(existing)
                continue
            practices.append(_create(index, concept, orgs, owner_slug, slug, number, users))
            created += 1

    for owner_slug, language, slug, concept, wording in WRITTEN_IN_OTHER_LANGUAGES:
        if PracticePage.objects.filter(slug=slug).exists():
            continue
        number += 1
        _create(index, concept, orgs, owner_slug, slug, number, users, language, wording)
        created += 1
    return practices, created


def _create(index, concept, orgs, owner_slug, slug, number, users, language=None, wording=None):
    """One practice; ``language`` and ``wording`` (status, figure label, contact
    role, funding) for one written in another language than English."""
    (title, summary, *terms, challenge, approach, results, lessons, transfer) = concept
    classification = {
        relation.field: find_terms(relation.term, values, key=relation.key)
        for relation, values in zip(TAXONOMY_RELATIONS, terms, strict=True)
    }

    owner = orgs[owner_slug]
    city = CITY_NAMES[owner_slug]
    country = str(owner.country)
    wording = wording or {}
    status = wording.get("status", STATUSES[number % len(STATUSES)])
    start = 2012 + number % 12
    if status == "planned":
        start = date.today().year + 1
    end = {
        "completed": min(start + 3, date.today().year - 1),
        "discontinued": min(start + 1, date.today().year - 1),
    }.get(status)
    if end is not None and end < start:
        start = end - 1
    reached = None if status == "planned" else 150 * (number % 17 + 1) * (1 + number % 4)
    contact_first = FIRST_NAMES[number % len(FIRST_NAMES)]
    contact_last = LAST_NAMES[number % len(LAST_NAMES)]
    partners = [
        orgs[slug]
        for slug in ("migrant-rights-accra", "cities-mobility-network", "skills-bridge")
        if number % 3
        == ("migrant-rights-accra", "cities-mobility-network", "skills-bridge").index(slug)
    ]
    figure = wording.get("figure", "people reached")
    figures = [] if reached is None else [{"value": f"{reached:,}", "label": figure}]
    body = build_body(
        {
            "challenge": challenge.format(city=city),
            "approach": approach,
            "results": results,
            "figures": figures,
            "lessons": lessons,
            "transfer": transfer,
            "links": [],
        }
    )
    editor = next(
        (user for user in users.values() if user.memberships.filter(organisation=owner).exists()),
        None,
    )
    page = make_practice(
        owner,
        title=f"{title} in {city}" if number > len(CONCEPTS) and not language else title,
        index=index,
        slug=slug,
        countries=[country],
        **classification,
        partners=partners,
        summary=summary,
        cities=city,
        start_year=start,
        end_year=end,
        status=status,
        people_reached=reached,
        budget_band=BUDGETS[number % len(BUDGETS)],
        funding_sources=wording.get(
            "funding",
            [
                "Municipal budget",
                "Municipal budget and EU grant",
                "National programme",
                "Foundation grant",
                "Municipal budget and private sponsors",
            ][number % 5],
        ),
        # The generated practices are English write-ups; those given a language
        # are written in it (forum_site/content_language.py reads this).
        original_language=language or "en",
        body=body,
        contact_name=f"{contact_first} {contact_last} (fictional)",
        contact_role=wording.get("contact_role", "Programme coordinator"),
        contact_email=f"{slugify(contact_first)}.{slugify(contact_last)}@{owner_slug}.example.org",
        user=editor,
    )
    return page
