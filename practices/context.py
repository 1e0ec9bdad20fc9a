"""What the practices pages show this viewer: the library at /practices/ (filters,
facets, a page of practices), a practice page (contact, adoptions, the adoption
form, its thread) and a call for practices (the practices it gathered), each
permission answered by ``practices.rules``.

The page models never import this module (models sit below rules, forms and
filtering): ``practices/wagtail_hooks.py`` registers these functions under the
``practice_library_context``, ``practice_page_context`` and
``call_for_practices_context`` hooks, which the pages' ``get_context`` calls.
"""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from forum_site.translations import in_reader_language
from practices import rules
from practices.classification import TAXONOMY_RELATIONS
from practices.filtering import SORTS, filter_practices, sorted_practices
from practices.forms import AdoptionForm

PER_PAGE = 20
CARD_PICTURE = "fill-480x320"  # 3:2 as .card-media, twice a card's width on a phone


def with_card_pictures(practices) -> list:
    """The practices, each with ``card_picture``: the first image of its body
    (and that block's alternative text), or None. The images and their card
    renditions are fetched in two queries for the whole list, not per card."""
    from wagtail.images import get_image_model

    practices = list(practices)
    firsts = {}
    for practice in practices:
        for block in practice.body.raw_data:
            if block.get("type") == "image" and (block.get("value") or {}).get("image"):
                firsts[practice.pk] = block["value"]
                break
    image_ids = {value["image"] for value in firsts.values()}
    images = (
        get_image_model().objects.prefetch_renditions(CARD_PICTURE).in_bulk(image_ids)
        if image_ids
        else {}
    )
    for practice in practices:
        value = firsts.get(practice.pk)
        image = images.get(value["image"]) if value else None
        practice.card_picture = {"image": image, "alt": value.get("alt", "")} if image else None
    return practices


def library_context(page, request) -> dict:
    """The library: the filtered, sorted practices a page at a time, with facets."""
    result = filter_practices(request.GET, request.user)
    paginator = Paginator(sorted_practices(result).for_listing(), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    raw_page = request.GET.get("page")
    if raw_page and str(page_obj.number) != raw_page.strip():
        result.notices.append(
            _("Page “%(value)s” does not exist; showing page %(n)s.")
            % {"value": raw_page[:10], "n": page_obj.number}
        )
    sort_options = [
        ("newest", _("Newest")),
        ("adopted", _("Most adopted")),
        ("title", _("Title")),
    ]
    assert set(dict(sort_options)) == set(SORTS)
    return {
        "result": result,
        "facets": result.facets,
        "page_obj": page_obj,
        "practices": with_card_pictures(page_obj.object_list),
        "sort_options": sort_options,
        "export_query": request.GET.urlencode(),
        "can_submit": rules.can_submit_practice(request.user),
        "can_open_call": rules.can_open_call(request.user),
        "open_calls": rules.visible_calls(request.user)
        .filter(deadline__gte=date.today())
        .order_by("deadline")[:5],
    }


def practice_facts(page) -> dict:
    """The countries and classification a practice shows
    (``includes/practice_content.html``); a page or an unsaved preview."""
    return {
        "facts_countries": list(page.countries.all()),
        "classification": [
            (relation.label, list(getattr(page, relation.field).all()))
            for relation in TAXONOMY_RELATIONS
        ],
    }


def practice_page_context(page, request) -> dict:
    """Extra context of a practice page: contact, adoptions, forms, rights."""
    adoptions = list(page.adoptions.select_related("organisation").order_by("-updated_at"))
    context = {
        "can_see_contact": rules.can_see_contact(request.user, page),
        "can_edit": rules.can_edit_practice(request.user, page),
        "adoptions": adoptions,
        "adoption_form": None,
        "thread": page.get_thread(),
        **practice_facts(page),
    }
    if rules.can_adopt(request.user, page):
        organisations = rules.organisations_that_can_adopt(request.user, page)
        context["adoption_form"] = AdoptionForm(organisations=organisations, practice=page)
    return context


def call_page_context(call, request) -> dict:
    """The practices a call gathered, as the library would list them."""
    gathered = in_reader_language(rules.visible_practices(request.user)).filter(call=call)
    return {"gathered": with_card_pictures(gathered.for_listing().order_by("title"))}
