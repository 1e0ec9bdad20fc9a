"""The discussion service: permissions, validation, sequence, idempotency, signals."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forum_site.discussions import services as discussions
from forum_site.discussions.models import COMMENT_MAX_LENGTH, Comment, Thread
from forum_site.discussions.services import DiscussionError, comment_changed, thread_changed

pytestmark = pytest.mark.django_db


def error_code(fn, *args, **kwargs):
    with pytest.raises(DiscussionError) as info:
        fn(*args, **kwargs)
    return info.value.code


class TestPost:
    def test_sequence_and_render(self, thread, make_user):
        user = make_user("alice")
        first = discussions.post_comment(thread, user, "Hello *all*")
        second = discussions.post_comment(thread, user, "Again")
        assert (first.seq, second.seq) == (1, 2)
        assert first.created is True
        thread.refresh_from_db()
        assert thread.last_seq == 2
        assert "<em>all</em>" in first.body_html

    def test_client_id_is_idempotent(self, thread, make_user):
        user = make_user("alice")
        first = discussions.post_comment(thread, user, "Once", client_id="abc-1")
        retry = discussions.post_comment(thread, user, "Once", client_id="abc-1")
        assert retry.pk == first.pk and retry.created is False
        assert Comment.objects.count() == 1
        # Another author may reuse the same client id.
        other = discussions.post_comment(thread, make_user("bob"), "Me too", client_id="abc-1")
        assert other.pk != first.pk

    @pytest.mark.parametrize(
        "body,code",
        [("", "empty"), ("   \n ", "empty"), ("x" * (COMMENT_MAX_LENGTH + 1), "too_long")],
    )
    def test_bad_bodies(self, thread, make_user, body, code):
        assert error_code(discussions.post_comment, thread, make_user("alice"), body) == code
        assert not Comment.objects.exists()
        thread.refresh_from_db()
        assert thread.last_seq == 0

    def test_max_length_accepted(self, thread, make_user):
        comment = discussions.post_comment(thread, make_user("a"), "y" * COMMENT_MAX_LENGTH)
        assert len(comment.body) == COMMENT_MAX_LENGTH

    def test_one_level_of_replies(self, thread, make_user, ngo):
        user = make_user("alice")
        top = discussions.post_comment(thread, user, "Top")
        reply = discussions.post_comment(thread, user, "Reply", parent=top.pk)
        assert reply.parent_id == top.pk
        assert error_code(discussions.post_comment, thread, user, "Deep", parent=reply) == (
            "bad_parent"
        )
        elsewhere = Thread.for_object(ngo)
        foreign = discussions.post_comment(elsewhere, user, "Elsewhere")
        assert (
            error_code(discussions.post_comment, thread, user, "x", parent=foreign.pk)
            == "bad_parent"
        )
        assert error_code(discussions.post_comment, thread, user, "x", parent="nope") == (
            "bad_parent"
        )

    def test_organisation_must_be_one_the_user_acts_for(self, thread, make_user, city, ngo):
        user = make_user("alice", org=city)
        comment = discussions.post_comment(thread, user, "For the city", organisation=city.pk)
        assert comment.organisation == city
        assert (
            error_code(discussions.post_comment, thread, user, "x", organisation=ngo.pk)
            == "bad_organisation"
        )
        assert (
            error_code(discussions.post_comment, thread, user, "x", organisation="abc")
            == "bad_organisation"
        )

    def test_permissions_dispatch_to_owner(self, thread, owner_rules, make_user):
        user = make_user("alice")
        assert error_code(discussions.post_comment, thread, AnonymousUser(), "x") == "forbidden"
        owner_rules["post"] = lambda u: False
        assert discussions.can_view_thread(user, thread)
        assert not discussions.can_post(user, thread)
        assert error_code(discussions.post_comment, thread, user, "x") == "forbidden"
        owner_rules["visible"] = lambda u: False
        assert not discussions.can_view_thread(user, thread)
        superuser = make_user("root", is_superuser=True)
        assert discussions.can_view_thread(superuser, thread)
        assert discussions.can_moderate(superuser, thread)

    def test_locked_thread_refuses_posts(self, thread, make_user):
        moderator = make_user("mod", is_superuser=True)
        user = make_user("alice")
        discussions.lock_thread(thread, moderator)
        assert error_code(discussions.post_comment, thread, user, "x") == "locked"
        # A stale in-memory thread object cannot slip a post past the lock either.
        stale = Thread.objects.get(pk=thread.pk)
        stale.locked = False
        assert error_code(discussions.post_comment, stale, user, "x") == "locked"
        assert not Comment.objects.exists()


class TestEditDeleteModerate:
    def test_edit_own_only(self, thread, make_user):
        alice, bob = make_user("alice"), make_user("bob")
        comment = discussions.post_comment(thread, alice, "Draft")
        discussions.edit_comment(comment, alice, "Final **words**")
        comment.refresh_from_db()
        assert comment.body == "Final **words**" and comment.edited_at
        assert "<strong>words</strong>" in comment.body_html
        assert error_code(discussions.edit_comment, comment, bob, "Mine now") == "forbidden"
        assert error_code(discussions.edit_comment, comment, alice, "") == "empty"

    def test_soft_delete_keeps_place(self, thread, make_user):
        alice, bob = make_user("alice"), make_user("bob")
        comment = discussions.post_comment(thread, alice, "Oops")
        reply = discussions.post_comment(thread, bob, "Reply", parent=comment)
        assert error_code(discussions.delete_comment, comment, bob) == "forbidden"
        discussions.delete_comment(comment, alice)
        comment.refresh_from_db()
        assert comment.deleted and comment.body == "" and comment.body_html == ""
        assert Comment.objects.filter(pk=reply.pk).exists()
        assert error_code(discussions.delete_comment, comment, alice) == "deleted"
        assert error_code(discussions.edit_comment, comment, alice, "back") == "deleted"

    def test_hide_and_lock_need_moderator(self, thread, owner_rules, make_user):
        alice, owner = make_user("alice"), make_user("owner")
        owner_rules["moderate"] = lambda u: u.pk == owner.pk
        comment = discussions.post_comment(thread, alice, "Rude")
        assert error_code(discussions.hide_comment, comment, alice) == "forbidden"
        assert error_code(discussions.lock_thread, thread, alice) == "forbidden"
        discussions.hide_comment(comment, owner)
        comment.refresh_from_db()
        assert comment.hidden and comment.hidden_by == owner
        assert not discussions.can_edit_comment(alice, comment)
        discussions.hide_comment(comment, owner, hidden=False)
        comment.refresh_from_db()
        assert not comment.hidden and comment.hidden_by is None
        discussions.lock_thread(thread, owner)
        assert Thread.objects.get(pk=thread.pk).locked


class TestSignals:
    def test_sent_after_commit(self, thread, make_user, django_capture_on_commit_callbacks):
        events = []

        def on_comment(sender, comment, action, **kwargs):
            events.append((action, comment.pk))

        def on_thread(sender, thread, action, **kwargs):
            events.append((action, thread.pk))

        comment_changed.connect(on_comment)
        thread_changed.connect(on_thread)
        try:
            user = make_user("root", is_superuser=True)
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                comment = discussions.post_comment(thread, user, "Hi")
            assert events == []  # nothing before commit
            for callback in callbacks:
                callback()
            with django_capture_on_commit_callbacks(execute=True):
                discussions.edit_comment(comment, user, "Hi there")
                discussions.hide_comment(comment, user)
                discussions.lock_thread(thread, user)
        finally:
            comment_changed.disconnect(on_comment)
            thread_changed.disconnect(on_thread)
        assert events == [
            ("created", comment.pk),
            ("updated", comment.pk),
            ("hidden", comment.pk),
            ("locked", thread.pk),
        ]
