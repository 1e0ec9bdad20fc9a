"""Languages of people (docs/i18n.md).

A signed-in user's preferred language (``UserProfile.preferred_language``) is
set on the profile page, when they pick a language in the switcher, and on
their first sign-in (the language of the page they signed in from). Every
email is rendered inside ``for_recipient(user)``: subject, body, links and
dates in the recipient's language, whoever triggered it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import translate_url
from django.utils import translation

SITE_LANGUAGES = {code for code, _name in settings.LANGUAGES}


FSI, PDI = "\u2068", "\u2069"  # Unicode first strong isolate ... pop directional isolate


def isolate(text) -> str:
    """``text`` (a name, a title) isolated for a sentence built in Python, which
    may end up in plain text (emails, page titles) where ``<bdi>`` cannot go:
    "Delegation of ⁨مدينة عمان⁩" keeps its words and punctuation in order."""
    text = str(text)
    return f"{FSI}{text}{PDI}" if text else text


def preferred_language(user) -> str:
    """The language the user chose, or '' (never chosen, or no longer offered)."""
    from forum_site.models import UserProfile

    if user is None or not getattr(user, "pk", None):
        return ""
    code = (
        UserProfile.objects.filter(user_id=user.pk)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return code if code in SITE_LANGUAGES else ""


def language_for(user, default: str | None = None) -> str:
    """The language to write to ``user`` in: their preference, else ``default``,
    else the site's default language."""
    return preferred_language(user) or default or settings.LANGUAGE_CODE


def for_recipient(user, default: str | None = None):
    """``with for_recipient(user):`` renders what follows in the user's language."""
    return translation.override(language_for(user, default))


def set_preferred_language(user, code: str) -> bool:
    """Store ``code`` as the user's language; False if it is not a site language."""
    from forum_site.models import UserProfile

    if code not in SITE_LANGUAGES or not getattr(user, "pk", None):
        return False
    UserProfile.objects.update_or_create(user_id=user.pk, defaults={"preferred_language": code})
    return True


def in_language(url: str, language: str) -> str:
    """``url`` (a path of this site) under ``language``'s prefix, when it is a
    page of this site without a prefix; anything else is returned unchanged."""
    if not url or language == settings.LANGUAGE_CODE or language not in SITE_LANGUAGES:
        return url
    try:
        if translation.get_language_from_path(urlsplit(url).path):
            return url  # already in a language
    except ValueError:
        return url
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, language)


@receiver(user_logged_in, dispatch_uid="forum_site.i18n.remember_language")
def remember_language(sender, request, user, **kwargs):
    """On sign-in, a user who never chose keeps the language they signed in in."""
    from forum_site.models import UserProfile

    code = translation.get_language()
    if code in SITE_LANGUAGES and not preferred_language(user):
        UserProfile.objects.update_or_create(user_id=user.pk, defaults={"preferred_language": code})
