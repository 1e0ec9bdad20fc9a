"""The shared demo database: seeded once, nothing leaks between tests."""

from django.db import transaction

from forum_site.organisations.models import Organisation
from tests.seeded_demo import SeededDemo

MARK = "Written by a demo test"


def test_the_seed_is_rolled_back_and_test_transactions_nest_inside_it(
    django_db_setup, django_db_blocker
):
    demo = SeededDemo(
        django_db_blocker,
        seed=lambda: Organisation.objects.create(name="Seeded", kind="city", country="GH").name,
    )
    try:
        demo.open()
        assert demo.output == "Seeded"
        with django_db_blocker.unblock():
            with transaction.atomic():  # as a test's own transaction
                Organisation.objects.create(name=MARK, kind="city", country="GH")
                transaction.set_rollback(True)
            assert list(Organisation.objects.values_list("name", flat=True)) == ["Seeded"]
    finally:
        demo.close()
    with django_db_blocker.unblock():
        assert not Organisation.objects.exists()


def test_a_demo_test_writes(seeded_demo):
    Organisation.objects.create(name=MARK, kind="city", country="GH")
    assert Organisation.objects.filter(slug="accra").exists()


def test_the_next_demo_test_sees_the_demo_but_not_that_write(seeded_demo):
    assert Organisation.objects.filter(slug="accra").exists()
    assert not Organisation.objects.filter(name=MARK).exists()
