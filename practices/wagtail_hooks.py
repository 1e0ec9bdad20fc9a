"""Wagtail integration of the practices app: taxonomy snippets in the admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices import taxonomy


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
