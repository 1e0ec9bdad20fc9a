"""The consultation page (with a big discussion) and the demo data."""

import pytest
from django.urls import reverse

from consultations import rules
from consultations.models import ConsultationPage, ConsultationResponse, Status
from forum_site.discussions import services as discussions
from forum_site.discussions.models import Comment

pytestmark = pytest.mark.django_db


def test_page_with_500_comments_is_paginated_and_bounded(
    client, make_consultation, ministry, city, people, django_assert_max_num_queries
):
    page = make_consultation(ministry, invited=[city])
    thread = page.get_thread()
    author = people["city_editor"]
    Comment.objects.bulk_create(
        Comment(
            thread=thread,
            author=author,
            organisation=city,
            body=f"Comment {i}",
            body_html=f"<p>Comment {i}</p>",
            seq=i + 1,
        )
        for i in range(400)
    )
    parents = list(Comment.objects.order_by("pk")[:100])
    Comment.objects.bulk_create(
        Comment(thread=thread, author=people["owner"], parent=p, body="Re", body_html="<p>Re</p>")
        for p in parents
    )
    assert Comment.objects.count() == 500
    client.force_login(author)
    with django_assert_max_num_queries(40):
        response = client.get(page.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="comment"') == discussions.COMMENTS_PER_PAGE
    assert f'data-thread-socket="/ws/threads/{thread.pk}/"' in content
    with django_assert_max_num_queries(40):
        last = client.get(page.url + "?comments_page=14")
    assert "Comment 399" in last.content.decode()


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


def test_demo_seed_is_idempotent_and_shows_every_side(seeded_demo, client):
    from consultations.demo import seed
    from forum_site.demo import seed_people

    world = seed_people()
    counts = (
        ConsultationPage.objects.count(),
        ConsultationResponse.objects.count(),
        Comment.objects.count(),
    )
    seed(world)
    assert counts == (
        ConsultationPage.objects.count(),
        ConsultationResponse.objects.count(),
        Comment.objects.count(),
    )
    assert counts[0] >= 4 and counts[1] >= 30 and counts[2] >= 5
    statuses = {page.status for page in ConsultationPage.objects.all()}
    assert {Status.OPEN, Status.OUTCOME_PUBLISHED, Status.SCHEDULED} <= statuses
    invited = ConsultationPage.objects.get(slug="national-labour-migration-strategy-ghana")
    assert invited.status == Status.OPEN and invited.audience == "invited"
    users = world["users"]
    assert rules.can_manage(users["ministry_editor"], invited)
    assert rules.can_view_consultation(users["city_editor"], invited)
    assert not rules.can_view_consultation(users["ngo_member"], invited)
    assert rules.can_submit_response(users["city_editor"], invited, world["organisations"]["accra"])
    client.force_login(users["ngo_member"])
    assert client.get(invited.url).status_code == 404
    client.force_login(users["city_editor"])
    assert client.get(invited.url).status_code == 200
    assert client.get(reverse("consultations:respond", args=[invited.pk])).status_code == 200
