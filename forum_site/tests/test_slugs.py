import pytest

from forum_site import slugs
from forum_site.organisations.models import Organisation


def test_free_slug_counts_up_from_two():
    assert slugs.free_slug("forum", []) == "forum"
    assert slugs.free_slug("forum", ["forum", "forum-2"]) == "forum-3"


def test_slug_base_falls_back_and_avoids_reserved_words():
    assert slugs.slug_base("   ", default="event") == "event"
    assert slugs.slug_base("Feed", default="event", reserved={"feed"}) == "feed-event"
    assert slugs.slug_base("Accueil à Dakar", default="x") == "accueil-a-dakar"
    assert slugs.slug_base("مرحبا", default="x", allow_unicode=True) == "مرحبا"
    assert slugs.slug_base("مرحبا", default="x") == "x"
    assert slugs.slug_base("a" * 100, default="x", max_length=10) == "a" * 10


@pytest.mark.django_db
def test_unique_slug_reads_the_table_and_skips_the_row_itself(make_org):
    first = make_org("Accra")
    make_org("Accra")  # takes accra-2 through the model's own save
    queryset = Organisation.objects.all()
    assert slugs.unique_slug(queryset, "Accra", default="o") == "accra-3"
    assert slugs.unique_slug(queryset, "Accra", default="o", exclude_pk=first.pk) == "accra"
