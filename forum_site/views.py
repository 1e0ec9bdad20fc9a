import hashlib
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_page
from django.views.decorators.http import etag
from django.views.i18n import JavaScriptCatalog
from django.views.i18n import set_language as django_set_language
from wagtail import hooks

from forum_site import dates, design_tokens, i18n, ratelimit
from forum_site.catalogs import locale_dir
from forum_site.models import UserProfile


class PreferredLanguageForm(forms.ModelForm):
    class Meta:
        model = UserProfile
        fields = ["preferred_language"]
        labels = {"preferred_language": gettext_lazy("Language of your emails")}


@login_required
def profile(request):
    """The signed-in user's page: memberships, the language of their emails,
    plus sections from feature apps (calendar feed token, contributions...)
    via the ``profile_sections`` hook."""
    profile, _created = UserProfile.objects.get_or_create(user=request.user)
    if request.method == "POST":
        language_form = PreferredLanguageForm(request.POST, instance=profile)
        if language_form.is_valid():
            language_form.save()
            messages.success(request, _("Your language is saved."))
            return redirect("profile")
    else:
        language_form = PreferredLanguageForm(instance=profile)
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    sections = [s for fn in hooks.get_hooks("profile_sections") if (s := fn(request))]
    sections.sort(key=lambda s: s.get("order", 100))
    return render(
        request,
        "forum_site/profile.html",
        {"memberships": memberships, "sections": sections, "language_form": language_form},
    )


class LanguageKeepingLoginView(LoginView):
    """Sign-in that stays in the language of the page it was reached from:
    ``next`` without a language prefix is taken to the sign-in page's language
    (the default after sign-in, the profile, is reversed in it already)."""

    def get_redirect_url(self):
        return i18n.in_language(super().get_redirect_url(), translation.get_language())


def set_language(request):
    """Django's ``set_language`` (the footer's switcher posts to it), which also
    records the choice as a signed-in user's preferred language.

    ``next`` is read in its own language: Django's view resolves it in the
    active one (English here, /i18n/ has no prefix), where Wagtail's catch-all
    takes /fr/organisations/ for a page path and the switch gave /ar/fr/...."""
    next_url = request.POST.get("next", request.GET.get("next", ""))
    try:
        next_language = translation.get_language_from_path(urlsplit(next_url).path)
    except ValueError:  # not a URL ("http://["): Django's view ignores it
        next_language = None
    with translation.override(next_language or settings.LANGUAGE_CODE):
        response = django_set_language(request)
    code = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated:
        i18n.set_preferred_language(request.user, code)
    return response


def _catalog_version() -> str:
    """Changes when a compiled JavaScript catalog changes (cache key, ETag)."""
    digest = hashlib.sha256()
    for mo in sorted(locale_dir().glob("*/LC_MESSAGES/djangojs.mo")):
        digest.update(f"{mo}:{mo.stat().st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class _SiteJavaScriptCatalog(JavaScriptCatalog):
    """Django's catalog, whose ``django.formats`` also carries the names that
    date formats use (``DATE_NAMES``), so forum_site/js/dates.js writes a date
    in a script exactly as the server writes it in the same language."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["formats"] = {**context["formats"], "DATE_NAMES": dates.format_names()}
        return context


_javascript_catalog = _SiteJavaScriptCatalog.as_view()


def javascript_catalog(request):
    """The JavaScript strings (``gettext`` and friends) of the page's language:
    /jsi18n/, /fr/jsi18n/, ... Cached per language and catalog version; browsers
    revalidate with the ETag."""
    version = _catalog_version()
    language = translation.get_language()

    @etag(lambda request: f"{version}-{language}")
    @cache_page(60 * 60 * 24, key_prefix=f"jsi18n-{version}")
    def view(request):
        return _javascript_catalog(request)

    return view(request)


def health(request):
    """Liveness probe for the reverse proxy: no database query."""
    return JsonResponse({"status": "ok"})


class RecipientLanguagePasswordResetForm(PasswordResetForm):
    """The reset email (and its link) in the account holder's language, else in
    the language of the page the request came from."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with i18n.for_recipient(context.get("user"), translation.get_language()):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class ThrottledPasswordResetView(PasswordResetView):
    """Password reset, with requests limited per address and per e-mail
    address typed (each request sends an e-mail; django-axes covers sign-in
    only). Over the limit the form comes back with a message and a 429; the
    same answer whether or not the address has an account."""

    form_class = RecipientLanguagePasswordResetForm

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


def styleguide(request):
    """The design system's page (tokens and components with their markup), in
    the site's frame. For the people who build the site: shown in DEBUG or to
    staff, a 404 for everyone else (it is not a page of the service)."""
    if not (settings.DEBUG or request.user.is_staff):
        raise Http404
    context = {
        "tokens": design_tokens.grouped(),
        # A page of a made-up list, for the pagination example.
        "page_obj": Paginator(range(30), 10).page(2),
    }
    return render(request, "forum_site/styleguide.html", context)


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
