"""Syncing a consultation's translation (wagtail-localize) keeps the
translation's child rows, updated in place (forum_site.child_rows), so the
tasks queued for them (Wagtail's reference index) find them in the worker."""

import pytest
from django.test import TestCase
from django_tasks import default_task_backend
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from consultations.models import ConsultationPage, InviteRule
from forum_site.translations import translate_page

pytestmark = pytest.mark.django_db


def test_syncing_keeps_the_translations_invitation_rules_so_queued_tasks_find_them(
    make_consultation, ministry, settings
):
    page = make_consultation(ministry, audience="invited")
    page.invite_rules = [
        InviteRule(sort_order=0, kind="local_authorities", country="GH"),
        InviteRule(sort_order=1, kind="local_authorities", country="KE"),
    ]
    page.save_revision().publish()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = default_task_backend
    french = translate_page(page, "fr", {page.title: "Consultation traduite"})
    rows = sorted(french.invite_rules.values_list("pk", "country"))
    assert [country for _pk, country in rows] == ["GH", "KE"]

    page = ConsultationPage.objects.get(pk=page.pk)
    rule = page.invite_rules.get(country="KE")
    rule.country = "SN"
    rule.save()
    page = ConsultationPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    TranslationSource.objects.get_for_instance(page).update_from_db()
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=Locale.objects.get(language_code="fr")
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    kept = sorted(french.invite_rules.values_list("pk", "country"))
    assert [pk for pk, _country in kept] == [pk for pk, _country in rows]
    assert [country for _pk, country in kept] == ["GH", "SN"]

    queued = list(backend.results)
    assert any(
        r.task.name == "update_reference_index_task" and r.args[1] == "inviterule" for r in queued
    )
    failures = []
    for result in queued:
        try:
            result.task.call(*result.args, **result.kwargs)
        except Exception as error:  # what the worker records as a failed task
            failures.append((result.task.name, result.args, repr(error)))
    assert failures == []
