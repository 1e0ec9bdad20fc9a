"""Build published practices directly (for tests, benchmarks and demo data).

Goes through Wagtail's own page API (add_child, save_revision, publish) so
the pages are exactly like ones approved by a moderator.
"""

from practices.classification import TAXONOMY_FIELDS
from practices.models import PracticeCountry, PracticeIndexPage, PracticePage
from practices.services import unique_slug


def practice_index() -> PracticeIndexPage:
    """The practice library in the default language (translations of it share its slug)."""
    from wagtail.models import Locale

    return PracticeIndexPage.objects.get(slug="practices", locale=Locale.get_default())


def make_practice(
    organisation,
    *,
    title,
    index=None,
    countries=None,
    themes=(),
    publish=True,
    user=None,
    slug=None,
    **fields,
) -> PracticePage:
    index = index or practice_index()
    m2m = {name: fields.pop(name) for name in ("partners", *TAXONOMY_FIELDS) if name in fields}
    fields.setdefault("summary", f"A practice of {organisation.name}.")
    fields.setdefault("start_year", 2020)
    page = PracticePage(
        title=title,
        slug=slug or unique_slug(index, title),
        organisation=organisation,
        locale=index.locale,
        owner=user,
        submitted_by=user,
        **fields,
    )
    page.themes = list(themes)
    for name, values in m2m.items():
        setattr(page, name, list(values))
    page.countries = [
        PracticeCountry(country=code) for code in (countries or [str(organisation.country)])
    ]
    page.live = False
    index.add_child(instance=page)
    if publish:
        page.save_revision(user=user).publish()
        page.refresh_from_db()
    return page
