"""Wagtail integration of the taxonomies: one snippet listing per taxonomy, grouped
in one admin menu, and their seeded terms restored after a flush."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from forum_site.taxonomy import models as taxonomy
from forum_site.taxonomy.data import seed


def _viewset(model_class, icon="tag", columns=("name", "slug", "sort_order")):
    return type(
        f"{model_class.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": model_class,
            "icon": icon,
            "list_display": list(columns),
            "search_fields": ["name", "slug"],
            "ordering": model_class._meta.ordering,
        },
    )


class PracticeTaxonomiesGroup(SnippetViewSetGroup):
    menu_label = _("Practice taxonomies")
    menu_icon = "tag"
    menu_name = "practice-taxonomies"
    items = (
        _viewset(taxonomy.Theme),
        _viewset(taxonomy.TargetGroup, icon="group"),
        _viewset(taxonomy.GCMObjective, icon="list-ol", columns=("number", "name", "slug")),
        _viewset(taxonomy.SDG, icon="list-ol", columns=("number", "name", "slug")),
        _viewset(taxonomy.SDGTarget, icon="list-ul", columns=("code", "name", "sdg")),
        _viewset(taxonomy.GuidingPrinciple, icon="pick"),
        _viewset(taxonomy.GovernmentLevel, icon="site"),
        _viewset(taxonomy.StakeholderKind, icon="group"),
    )


register_snippet(PracticeTaxonomiesGroup)


@hooks.register("ensure_site_structure")
def restore_seeded_terms(home_page):
    # After a flush (transactional tests) the migration's terms are gone: restore
    # them, without undoing editors' changes to the terms that are still there.
    seed(apps, update_existing=False)
