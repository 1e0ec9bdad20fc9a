"""A consultation's thread answers to consultations.rules."""

import pytest

from forum_site.discussions import services as discussions

pytestmark = pytest.mark.django_db


def test_discussion_rules_on_consultation(make_consultation, ministry, city, people):
    page = make_consultation(ministry, invited=[city])
    thread = page.get_thread()
    assert discussions.can_post(people["city_member"], thread)
    assert discussions.can_post(people["owner_member"], thread)
    assert not discussions.can_view_thread(people["ngo_editor"], thread)
    assert not discussions.can_post(people["outsider"], thread)
    assert discussions.can_moderate(people["owner"], thread)
    assert not discussions.can_moderate(people["owner_member"], thread)
    assert not discussions.can_moderate(people["city_editor"], thread)
