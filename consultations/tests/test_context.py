"""What the index and a consultation page show: status filter, pagination, bounded queries."""

import pytest

from forum_site.discussions import services as discussions
from forum_site.discussions.models import Comment

pytestmark = pytest.mark.django_db


def test_listing_status_filter_and_bounded_queries(
    client, make_consultation, ministry, city, people, django_assert_max_num_queries
):
    for i in range(25):
        make_consultation(ministry, invited=[city], opens=-1 if i % 2 else 3, closes=10)
    client.force_login(people["city_editor"])
    with django_assert_max_num_queries(25):
        response = client.get("/consultations/")
    assert response.status_code == 200
    assert response.content.count(b'class="badge status-') == 20  # one page
    open_only = client.get("/consultations/?status=open")
    assert b"status-scheduled" not in open_only.content
    assert b"status-open" in open_only.content
    assert client.get("/consultations/?status=bogus&page=999").status_code == 200


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
