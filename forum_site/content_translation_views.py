"""The two pages of the front-end translation flow, shared by the apps
(``forum_site.content_translation``; docs/i18n.md, "Translating on the site").

Each app's view finds the page, asks its own rule (``may_translate``: the
app's edit rule, on the translation group's source) and calls these with the
source page and what it decides: the addresses, whether the viewer publishes,
and what "Publish" does otherwise (practices go to the moderators).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum_site import content_translation as engine


@dataclass
class TranslationPlaces:
    """Where the flow's pages are for one source page."""

    overview: str
    editor: Callable[[str], str]
    back: str  # the source page

    @classmethod
    def named(cls, namespace: str, source) -> TranslationPlaces:
        """The places of an app that names its URLs ``<namespace>:translations``,
        ``<namespace>:translation`` and ``<namespace>:edit`` (by the page's id)."""
        return cls(
            overview=reverse(f"{namespace}:translations", args=[source.pk]),
            editor=lambda code: reverse(f"{namespace}:translation", args=[source.pk, code]),
            back=source.url or reverse(f"{namespace}:edit", args=[source.pk]),
        )


def overview_view(request, source, places: TranslationPlaces):
    rows = engine.overview(source)
    for row in rows:
        row.url = places.editor(row.code)
    return render(
        request,
        "forum_site/translations/overview.html",
        {
            "source": source,
            "source_language": engine.language_info(source.locale.language_code),
            "content_language": engine.language_of(source),
            "rows": rows,
            "places": places,
        },
    )


def editor_view(
    request,
    source,
    language: str,
    places: TranslationPlaces,
    *,
    may_publish: bool,
    submit_for_review: Callable | None = None,
):
    locale = engine.target_locale_or_404(language)
    if locale.pk == source.locale_id:
        messages.error(
            request,
            _("The original is written in this language; choose another one to translate into."),
        )
        return redirect(places.overview)
    status = 200
    errors: dict[int, str] = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("draft", "publish"):
            messages.error(request, _("Choose “Save draft” or “Publish”."))
            status = 400
        else:
            translation = engine.start_translation(source, locale)
            errors, _changed, ignored = engine.save_strings(translation, request.POST, request.user)
            if ignored:
                messages.warning(
                    request,
                    ngettext(
                        "The original changed while you were translating: %(count)s box "
                        "was not saved. Check the strings marked as changed.",
                        "The original changed while you were translating: %(count)s boxes "
                        "were not saved. Check the strings marked as changed.",
                        ignored,
                    )
                    % {"count": ignored},
                )
            if errors:
                messages.error(
                    request,
                    _("Some translations were not saved; see below. The others were saved."),
                )
                status = 400
            else:
                outcome = _write(
                    request, translation, source, action, may_publish, submit_for_review
                )
                if outcome is None:
                    return redirect(places.editor(locale.language_code))
                status = outcome
    source_record = engine.start_source(source)
    segments = engine.segments_for(source_record, locale)
    if request.method == "POST" and status != 200:
        for segment in segments:
            if segment.field_name in request.POST:
                segment.value = request.POST.get(segment.field_name, "")[
                    : engine.MAX_SEGMENT_LENGTH
                ]
            segment.error = errors.get(segment.pk, "")
    target = source.get_translation_or_none(locale)
    if target is not None and target.alias_of_id:
        target = None
    return render(
        request,
        "forum_site/translations/editor.html",
        {
            "source": source,
            "content_language": engine.language_of(source),
            "target_language": engine.language_info(locale.language_code),
            "target": target,
            "segments": segments,
            "flagged": sum(1 for s in segments if s.state == "changed"),
            "untranslated": engine.untranslated_count(segments),
            "may_publish": may_publish,
            "reviewed": submit_for_review is not None and not may_publish,
            "places": places,
        },
        status=status,
    )


def _write(request, translation, source, action, may_publish, submit_for_review):
    """Save the translated page; None when done (the caller redirects), else the
    status of the page shown again."""
    publish = action == "publish"
    if publish and not source.live:
        messages.error(
            request,
            _("The original is not published yet: the translation was saved as a draft."),
        )
        publish = False
        action = "draft"
    if publish and not may_publish and submit_for_review is None:
        messages.error(request, _("You may not publish this translation; it was saved as a draft."))
        publish = False
        action = "draft"
    try:
        target = engine.write_target(translation, request.user, publish=publish and may_publish)
    except ValidationError as error:
        messages.error(
            request,
            _("The translation could not be saved: %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
        return 400
    except IntegrityError:
        messages.error(
            request, _("Someone saved this translation at the same moment; please save again.")
        )
        return 409
    untranslated = engine.untranslated_count(
        engine.segments_for(translation.source, translation.target_locale)
    )
    if action == "draft":
        messages.success(request, _("The draft of the translation is saved."))
    elif may_publish:
        messages.success(request, _("The translation is published."))
    else:
        submit_for_review(target, request.user)
        messages.success(
            request,
            _("The translation was sent to the moderators. It is published once they approve it."),
        )
    if untranslated:
        messages.info(
            request,
            ngettext(
                "%(count)s string is not translated: the page shows the original's words there.",
                "%(count)s strings are not translated: the page shows the original's words there.",
                untranslated,
            )
            % {"count": untranslated},
        )
    return None
