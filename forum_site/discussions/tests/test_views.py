"""The plain form views (no JavaScript) and the redirects from the old URLs."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from forum_site.discussions import realtime as rt
from forum_site.discussions import services as discussions
from forum_site.discussions.models import COMMENT_MAX_LENGTH, Comment
from forum_site.models import UserProfile
from forum_site.notifications.models import Notification

pytestmark = pytest.mark.django_db


class TestFormViews:
    def test_post_and_reload(self, client, thread, make_user):
        user = make_user("alice")
        client.force_login(user)
        url = reverse("discussions:thread_post", args=[thread.pk])
        response = client.post(url, {"body": "Plain *form* post", "next": "/somewhere/"})
        comment = Comment.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/somewhere/#comment-{comment.pk}"
        page = client.get(reverse("discussions:thread", args=[thread.pk]))
        assert b"<em>form</em>" in page.content
        assert f'data-thread-socket="/ws/threads/{thread.pk}/"'.encode() in page.content

    def test_error_keeps_text(self, client, thread, make_user):
        client.force_login(make_user("alice"))
        body = "z" * (COMMENT_MAX_LENGTH + 5)
        response = client.post(reverse("discussions:thread_post", args=[thread.pk]), {"body": body})
        assert response.status_code == 400
        assert body.encode() in response.content
        assert not Comment.objects.exists()

    def test_burst_over_the_shared_limit_is_refused(self, client, thread, make_user, monkeypatch):
        """The form used to bypass the socket's limit (12 comments in 0.2 s)."""
        monkeypatch.setenv("REALTIME_RATE_LIMIT", "5/3600")
        cache.clear()
        client.force_login(make_user("alice"))
        url = reverse("discussions:thread_post", args=[thread.pk])
        codes = [client.post(url, {"body": f"c{i}"}).status_code for i in range(12)]
        assert codes == [302] * 5 + [429] * 7
        assert Comment.objects.count() == 5
        response = client.post(url, {"body": "Keep this typed text"})
        assert response.status_code == 429
        assert b"You are posting too fast" in response.content
        assert b"Keep this typed text" in response.content  # the draft is kept
        # The socket and the form share one count: the socket is refused too.
        with pytest.raises(discussions.DiscussionError, match="too fast"):
            rt.check_post_rate(Comment.objects.first().author_id, thread.pk)

    def test_open_redirect_refused(self, client, thread, make_user):
        client.force_login(make_user("alice"))
        response = client.post(
            reverse("discussions:thread_post", args=[thread.pk]),
            {"body": "hi", "next": "https://evil.example/"},
        )
        assert "evil" not in response["Location"]

    def test_invisible_thread_is_404(self, client, thread, owner_rules, make_user):
        owner_rules["visible"] = lambda u: False
        client.force_login(make_user("alice"))
        assert client.get(reverse("discussions:thread", args=[thread.pk])).status_code == 404
        response = client.post(reverse("discussions:thread_post", args=[thread.pk]), {"body": "x"})
        assert response.status_code == 404
        assert not Comment.objects.exists()

    def test_anonymous_post_goes_to_login(self, client, thread):
        response = client.post(reverse("discussions:thread_post", args=[thread.pk]), {"body": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_edit_delete_hide_lock_views(self, client, thread, owner_rules, make_user):
        alice, owner = make_user("alice"), make_user("owner")
        owner_rules["moderate"] = lambda u: u.pk == owner.pk
        comment = discussions.post_comment(thread, alice, "First")
        client.force_login(alice)
        edit_url = reverse("discussions:comment_edit", args=[thread.pk, comment.pk])
        assert b"First" in client.get(edit_url).content
        assert client.post(edit_url, {"body": ""}).status_code == 400
        assert client.post(edit_url, {"body": "Second"}).status_code == 302
        comment.refresh_from_db()
        assert comment.body == "Second"
        client.force_login(owner)
        client.post(reverse("discussions:comment_hide", args=[thread.pk, comment.pk]))
        client.post(reverse("discussions:thread_lock", args=[thread.pk]), {"locked": "1"})
        comment.refresh_from_db()
        thread.refresh_from_db()
        assert comment.hidden and thread.locked
        # Alice cannot delete someone else's comment; she can delete her own.
        client.force_login(make_user("bob"))
        client.post(reverse("discussions:comment_delete", args=[thread.pk, comment.pk]))
        comment.refresh_from_db()
        assert not comment.deleted
        client.force_login(alice)
        client.post(reverse("discussions:comment_delete", args=[thread.pk, comment.pk]))
        comment.refresh_from_db()
        assert comment.deleted

    def test_paginated_thread_bounded_queries(
        self, client, thread, make_user, django_assert_max_num_queries
    ):
        user = make_user("alice")
        tops = [
            Comment(thread=thread, author=user, body=f"c{i}", body_html=f"<p>c{i}</p>", seq=i + 1)
            for i in range(120)
        ]
        Comment.objects.bulk_create(tops)
        first = Comment.objects.order_by("pk").first()
        Comment.objects.bulk_create(
            Comment(thread=thread, author=user, parent=first, body="r", body_html="<p>r</p>")
            for _ in range(20)
        )
        client.force_login(user)
        url = reverse("discussions:thread", args=[thread.pk])
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.count(b'class="comment"') == discussions.COMMENTS_PER_PAGE
        last = client.get(url + "?comments_page=4")
        assert b"c119" in last.content


class TestMovedUrls:
    """Threads lived under /consultations/threads/ until issue 19."""

    def test_get_and_head_are_moved_permanently_with_the_query(self, client, thread):
        old = f"/consultations/threads/{thread.pk}/?comments_page=2"
        for response in (client.get(old), client.head(old)):
            assert response.status_code == 301
            assert response["Location"] == f"/discussions/threads/{thread.pk}/?comments_page=2"

    def test_every_old_route_leads_to_its_new_place(self, client, thread, make_user):
        comment = discussions.post_comment(thread, make_user("alice"), "Hi")
        ids = f"{thread.pk}/comments/{comment.pk}"
        for old_tail, name, args in [
            (f"{thread.pk}/post/", "thread_post", [thread.pk]),
            (f"{thread.pk}/lock/", "thread_lock", [thread.pk]),
            (f"{ids}/edit/", "comment_edit", [thread.pk, comment.pk]),
            (f"{ids}/delete/", "comment_delete", [thread.pk, comment.pk]),
            (f"{ids}/hide/", "comment_hide", [thread.pk, comment.pk]),
        ]:
            response = client.post(f"/consultations/threads/{old_tail}")
            assert response.status_code == 308, old_tail
            assert response["Location"] == reverse(f"discussions:{name}", args=args)

    def test_a_form_posted_to_the_old_url_keeps_its_method_and_body(
        self, client, thread, make_user
    ):
        client.force_login(make_user("alice"))
        response = client.post(
            f"/consultations/threads/{thread.pk}/post/",
            {"body": "Posted from an old page", "next": "/somewhere/"},
            follow=True,
        )
        assert response.redirect_chain[0] == (f"/discussions/threads/{thread.pk}/post/", 308)
        assert Comment.objects.get(thread=thread).body == "Posted from an old page"

    def test_other_languages_keep_their_prefix(self, client, thread):
        with translation.override("en"):  # the request activates French; not for later tests
            response = client.get(f"/fr/consultations/threads/{thread.pk}/")
        assert response.status_code == 301
        assert response["Location"] == f"/fr/discussions/threads/{thread.pk}/"


class TestHiddenCommentText:
    """A hidden comment's text reaches only its author and the moderators (#13 item 4)."""

    def test_on_every_surface(
        self, client, thread, owner_rules, make_user, django_capture_on_commit_callbacks
    ):
        from forum_site.notifications.models import Notification

        alice, bob, owner = make_user("alice"), make_user("bob"), make_user("owner")
        owner_rules["moderate"] = lambda u: u.pk == owner.pk
        with django_capture_on_commit_callbacks(execute=True):
            comment = discussions.post_comment(thread, alice, "Secret words for @bob")
        assert "Secret words" in Notification.objects.get(user=bob).body
        with django_capture_on_commit_callbacks(execute=True):
            discussions.hide_comment(comment, owner)
        comment.refresh_from_db()
        edit_url = reverse("discussions:comment_edit", args=[thread.pk, comment.pk])
        # The edit view: not to another reader of the thread ...
        client.force_login(bob)
        assert b"Secret words" not in client.get(edit_url).content
        assert b"Secret words" not in client.get(thread.get_absolute_url()).content
        # ... to the author and the moderators.
        for reader in (alice, owner):
            client.force_login(reader)
            assert b"Secret words" in client.get(edit_url).content
        # Sockets (live events and resume build the same payload).
        assert rt.comment_event(comment, "hidden")["comment"]["html"] == ""
        # The mention's notification stops quoting it, and quotes it again once shown.
        assert "Secret words" not in Notification.objects.get(user=bob).body
        with django_capture_on_commit_callbacks(execute=True):
            discussions.hide_comment(comment, owner, hidden=False)
        assert "Secret words" in Notification.objects.get(user=bob).body


class TestCommentLanguage:
    """A comment records the language it was written in (the interface language
    it was posted from) and says so where a page in another language shows it."""

    def post_from(self, client, thread, language, body):
        with translation.override(language):
            url = reverse("discussions:thread_post", args=[thread.pk])
        assert client.post(url, {"body": body}).status_code == 302
        return Comment.objects.latest("pk")

    def text_of(self, html, comment):
        match = re.search(
            rf'id="comment-{comment.pk}".*?<div class="comment-text"([^>]*)>', html, re.S
        )
        assert match, html
        return match.group(1)

    def test_a_comment_posted_from_arabic_says_so_on_the_english_page(
        self, client, thread, make_user
    ):
        user = make_user("samira")
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "fr"})
        client.force_login(user)
        comment = self.post_from(client, thread, "ar", "مرحبا بالجميع")
        assert comment.language == "ar"  # the page's, not the preferred French
        with translation.override("en"):  # (a request leaves its language active)
            url = reverse("discussions:thread", args=[thread.pk])
        english = client.get(url).content.decode()
        assert self.text_of(english, comment) == ' lang="ar" dir="auto"'
        with translation.override("ar"):
            arabic = client.get(reverse("discussions:thread", args=[thread.pk])).content.decode()
        assert self.text_of(arabic, comment) == ' dir="auto"'

    def test_an_english_comment_on_the_english_page_carries_no_lang(
        self, client, thread, make_user
    ):
        client.force_login(make_user("alice"))
        comment = self.post_from(client, thread, "en", "Hello all")
        assert comment.language == "en"
        with translation.override("en"):
            url = reverse("discussions:thread", args=[thread.pk])
        page = client.get(url).content.decode()
        assert self.text_of(page, comment) == ' dir="auto"'
        with translation.override("fr"):
            french = client.get(reverse("discussions:thread", args=[thread.pk])).content.decode()
        assert self.text_of(french, comment) == ' lang="en" dir="auto"'

    def test_an_unknown_language_gets_dir_auto_only(self, client, thread, make_user):
        alice = make_user("alice")
        comment = discussions.post_comment(thread, alice, "Old comment", language="")
        assert comment.language == ""
        with translation.override("ar"):
            url = reverse("discussions:thread", args=[thread.pk])
        page = client.get(url).content.decode()
        assert self.text_of(page, comment) == ' dir="auto"'

    def test_the_default_is_the_active_language_and_unknown_codes_are_dropped(
        self, thread, make_user
    ):
        alice = make_user("alice")
        with translation.override("zh-hans"):
            assert discussions.post_comment(thread, alice, "你好").language == "zh-hans"
        assert discussions.post_comment(thread, alice, "?", language="xx").language == ""

    def test_a_mention_quotes_the_comment_in_its_language(
        self, client, thread, make_user, django_capture_on_commit_callbacks
    ):
        alice, bob = make_user("alice"), make_user("bob")
        client.force_login(alice)
        with django_capture_on_commit_callbacks(execute=True):
            self.post_from(client, thread, "ar", "@bob مرحبا")
        notification = Notification.objects.get(user=bob)
        assert (notification.language, notification.body_language) == ("en", "ar")
        client.force_login(bob)
        with translation.override("en"):
            url = reverse("notifications:list")
        page = client.get(url).content.decode()
        assert '<p lang="ar" dir="auto">@bob مرحبا</p>' in page
        assert f'<span dir="auto">{notification.title}</span>' in page
