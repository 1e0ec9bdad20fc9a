"""The move of the taxonomies from ``practices`` (``migrations/0001_initial.py``)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from forum_site.taxonomy.models import Theme

pytestmark = pytest.mark.django_db

move = importlib.import_module("forum_site.taxonomy.migrations.0001_initial")


def test_content_types_move_between_apps_and_keep_their_ids():
    """Revisions, log entries and permissions point at a content type's id."""
    ids = dict(ContentType.objects.filter(app_label="taxonomy").values_list("model", "pk"))
    assert set(ids) == set(move.MODELS)

    move.content_types_to_practices(django_apps, None)
    before_move = ContentType.objects.filter(app_label="practices", model__in=move.MODELS)
    assert dict(before_move.values_list("model", "pk")) == ids

    # Code that ran before the migration may have made an empty duplicate.
    ContentType.objects.create(app_label="taxonomy", model="theme")
    move.content_types_to_taxonomy(django_apps, None)
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Theme).pk == ids["theme"]
    assert not ContentType.objects.filter(app_label="practices", model__in=move.MODELS).exists()


def test_models_and_migrations_agree():
    # Fails (SystemExit) if the state moved incompletely and a migration is missing.
    call_command(
        "makemigrations", "taxonomy", "practices", "consultations", check=True, dry_run=True
    )
