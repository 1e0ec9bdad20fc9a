import pytest
from django.urls import reverse

from forum_site.site_structure import ensure_site_structure
from forum_site.taxonomy.models import Theme

pytestmark = pytest.mark.django_db


def test_taxonomies_are_managed_as_snippets(client, make_user):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("wagtailsnippets_taxonomy_gcmobjective:list"))
    assert response.status_code == 200
    assert "Screening, assessment and referral" in response.content.decode()


def test_site_structure_restores_missing_terms_without_undoing_edits():
    Theme.objects.filter(slug="youth").delete()
    health = Theme.objects.get(slug="health")
    health.name = "Health and well-being"
    health.save()
    ensure_site_structure()
    assert Theme.objects.filter(slug="youth").exists()
    assert Theme.objects.get(slug="health").name == "Health and well-being"
