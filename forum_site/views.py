from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail import hooks

from forum_site import ratelimit


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


class ThrottledPasswordResetView(PasswordResetView):
    """Password reset, with requests limited per address and per e-mail
    address typed (each request sends an e-mail; django-axes covers sign-in
    only). Over the limit the form comes back with a message and a 429; the
    same answer whether or not the address has an account."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        address = self.request.META.get("REMOTE_ADDR", "")
        per_address = ratelimit.setting_rate("PASSWORD_RESET_RATE_LIMIT", "5/900")
        per_email = ratelimit.setting_rate("PASSWORD_RESET_EMAIL_RATE_LIMIT", "3/3600")
        if not (
            ratelimit.allow(f"reset:ip:{address}", *per_address)
            and ratelimit.allow(f"reset:email:{email}", *per_email)
        ):
            form.add_error(
                None,
                _("Too many password reset requests. Please wait a while and try again."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def csrf_failure(request, reason=""):
    """The CSRF failure page in the site's frame and language (Django's own is
    a bare English page). Usually a form left open too long, or cookies
    blocked: say so, and offer the way back."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER

    context = {
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
        "no_referer": reason == REASON_NO_REFERER,
        "back": _safe_referer(request),
    }
    return render(request, "403_csrf.html", context, status=403)


def _safe_referer(request):
    """The page the form came from, if it is on this site (else nothing)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""
