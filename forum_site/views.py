from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from wagtail import hooks


@login_required
def profile(request):
    """The signed-in user's page: memberships, plus sections from feature apps
    (calendar feed token, contributions...) via the ``profile_sections`` hook."""
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    sections = [s for fn in hooks.get_hooks("profile_sections") if (s := fn(request))]
    sections.sort(key=lambda s: s.get("order", 100))
    return render(
        request,
        "forum_site/profile.html",
        {"memberships": memberships, "sections": sections},
    )


def health(request):
    """Liveness probe for the reverse proxy: no database query."""
    return JsonResponse({"status": "ok"})
