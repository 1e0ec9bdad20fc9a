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
    assert response.content.count(b'class="tag status-') == 20  # one page
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


def _published(rf, page, user):
    from consultations.context import consultation_page_context

    request = rf.get(page.url)
    request.user = user
    return consultation_page_context(page, request)["published_responses"]


def _published_names(rf, page, user):
    return [r["name"] for r in _published(rf, page, user)]


def test_anonymised_numbers_follow_submission_order_not_names(
    rf, make_consultation, make_org, ministry, people
):
    from django.utils import timezone

    from consultations.models import Consent, Outcome
    from consultations.tests.conftest import submit

    orgs = {name: make_org(name, kind="city", country="GH") for name in ("Zulu", "Alpha", "Mike")}
    page = make_consultation(ministry, invited=list(orgs.values()))
    # Started first, the anonymised Zulu is number 1; Alpha, started later, is 2.
    submit(page, orgs["Zulu"], {"Pick one": "Red"}, Consent.ANONYMISED)
    submit(page, orgs["Mike"], {"Pick one": "Red"}, Consent.ATTRIBUTED)
    submit(page, orgs["Alpha"], {"Pick one": "Blue"}, Consent.ANONYMISED)
    Outcome.objects.create(consultation=page, summary="Done.", published_at=timezone.now())

    names = _published_names(rf, page, people["outsider"])
    assert names == ["Mike", "Respondent 1", "Respondent 2"]
    # Renaming the organisations changes nothing in the anonymised numbering.
    orgs["Zulu"].name, orgs["Alpha"].name = "Aardvark", "Zzz"
    for org in orgs.values():
        org.save()
    assert _published_names(rf, page, people["outsider"]) == names
    # The answers under "Respondent 2" are Alpha's (the only "Blue").
    second = _published(rf, page, people["outsider"])[2]
    assert "Blue" in str(second["answers"])
