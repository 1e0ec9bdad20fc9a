"""Wagtail integration of the practices app: the /practices/ index page and its
moderation workflow, what the practices pages show their viewer, the API filter,
and the sections it adds to the home page, organisation profiles and the user's
profile. Every list of practices comes from ``rules.visible_practices``."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks

from forum_site.site_structure import ensure_child_page
from forum_site.translations import in_reader_language
from practices import attachments, context, rules
from practices.models import Adoption, PracticeIndexPage, PracticePage
from practices.moderation import ensure_moderation
from practices.views.drafts import drafts_for
from practices.views.submissions import contributions_for

# What the pages show their viewer (the page models call these hooks from
# get_context; they cannot import practices.context themselves).
hooks.register("practice_library_context", context.library_context)
hooks.register("practice_page_context", context.practice_page_context)
hooks.register("call_for_practices_context", context.call_page_context)


@hooks.register("filter_api_pages")
def hide_invisible_practices(request, queryset):
    """The API never lists a practice the library would not list."""
    return queryset.exclude(pk__in=rules.hidden_practice_ids(request.user))


# Before Wagtail's collection-privacy check: the submitter may download their own
# unpublished attachment (moderators and superusers pass the check itself).
hooks.register("before_serve_document", attachments.let_uploader_download, order=-1)


@hooks.register("filter_visible_pages")
def hide_invisible_practice_pages(user, queryset):
    """Pickers and choosers of pages offer only the practices the library lists."""
    return queryset.exclude(pk__in=rules.hidden_practice_ids(user))


@hooks.register("pages_with_own_rule")
def practices_rule_on_restrictions():
    """``rules.visible_practices`` applies view restrictions itself."""
    return [PracticePage]


# Site structure, home page, profiles ------------------------------------------


@hooks.register("ensure_site_structure")
def ensure_practice_index(home_page):
    index = ensure_child_page(
        home_page,
        PracticeIndexPage,
        slug="practices",
        title="Good practices",
        intro="<p>How cities and regions solved problems like yours, told so that you can "
        "judge and adapt them.</p>",
    )
    ensure_moderation(index)


@hooks.register("home_page_sections")
def home_practices(request, limit):
    practices = (
        in_reader_language(rules.visible_practices(request.user))
        .select_related("organisation")
        .order_by("-first_published_at")[:limit]
    )
    return {
        "key": "practices",
        "items": [
            {
                "title": p.title,
                "url": p.url,
                "meta": p.organisation.name,
                "summary": p.summary,
                "content": p,
                "summary_content": p,
            }
            for p in practices
        ],
    }


@hooks.register("organisation_profile_sections")
def organisation_practices_shared(request, organisation):
    practices = (
        in_reader_language(rules.visible_practices(request.user))
        .filter(organisation=organisation)
        .with_adoption_count()
        .order_by("-first_published_at")
    )
    items = [
        {
            "title": p.title,
            "url": p.url,
            "meta": ngettext(
                "adopted by %(n)s authority", "adopted by %(n)s authorities", p.adoption_count
            )
            % {"n": p.adoption_count}
            if p.adoption_count
            else p.get_status_display(),
            "summary": p.summary,
            "content": p,
            "summary_content": p,
        }
        for p in practices
    ]
    if not items and not organisation.is_local_authority:
        return None
    return {
        "title": _("Practices shared"),
        "items": items,
        "order": 10,
        "empty_text": _("No practices shared yet."),
    }


@hooks.register("organisation_profile_sections")
def organisation_practices_adopted(request, organisation):
    adoptions = (
        Adoption.objects.filter(
            organisation=organisation,
            practice__in=rules.visible_practices(request.user).values("pk"),
        )
        .select_related("practice", "practice__organisation")
        .order_by("-updated_at")
    )
    items = [
        {
            "title": a.practice.title,
            "url": a.practice.url,
            "content": a.practice,
            "meta": _("%(status)s · from %(org)s")
            % {"status": a.get_status_display(), "org": a.practice.organisation.name},
            "summary": a.note,
        }
        for a in adoptions
    ]
    if not items and not organisation.is_local_authority:
        return None
    return {
        "title": _("Practices adopted"),
        "items": items,
        "order": 11,
        "empty_text": _("No adoptions recorded yet."),
    }


@hooks.register("profile_sections")
def my_contributions(request):
    rows = contributions_for(request.user)
    drafts = drafts_for(request.user)
    if not rows and not drafts and not rules.can_submit_practice(request.user):
        return None
    return {
        "title": _("My contributions"),
        "template": "practices/includes/contributions_table.html",
        "rows": rows,
        "drafts": drafts,
        "order": 20,
    }
