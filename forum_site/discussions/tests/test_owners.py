"""The owner registry refuses by default: the thread of an owner whose model
has no policy is closed to all but superusers, whatever the action."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from forum_site.discussions import owners
from forum_site.discussions import services as discussions
from forum_site.discussions.models import Comment, Thread
from forum_site.discussions.services import DiscussionError


def error_code(fn, *args, **kwargs):
    with pytest.raises(DiscussionError) as info:
        fn(*args, **kwargs)
    return info.value.code


@pytest.fixture
def orphan(ngo):
    """A thread of an organisation: no app registers Organisation as an owner."""
    return Thread.for_object(ngo, title="Nobody's discussion")


@pytest.mark.django_db
class TestUnregisteredOwner:
    def test_policy_refuses(self, orphan):
        assert owners.policy_for(orphan.get_owner()) is owners.REFUSE
        assert owners.policy_for(None) is owners.REFUSE

    def test_nobody_views_posts_or_moderates(self, orphan, make_user, city):
        member = make_user("member", org=city, role="admin")
        for user in (AnonymousUser(), member):
            assert not discussions.can_view_thread(user, orphan)
            assert not discussions.can_post(user, orphan)
            assert not discussions.can_moderate(user, orphan)
        assert error_code(discussions.post_comment, orphan, member, "Hello") == "forbidden"
        assert not Comment.objects.exists()

    def test_no_edit_hide_or_lock(self, orphan, make_user):
        alice = make_user("alice")
        # Written before the owner lost its policy (say, its app was removed).
        comment = Comment.objects.create(thread=orphan, author=alice, body="Old", seq=1)
        assert error_code(discussions.edit_comment, comment, alice, "New") == "forbidden"
        assert error_code(discussions.hide_comment, comment, alice) == "forbidden"
        assert error_code(discussions.lock_thread, orphan, alice) == "forbidden"
        comment.refresh_from_db()
        orphan.refresh_from_db()
        assert (comment.body, comment.hidden, orphan.locked) == ("Old", False, False)

    def test_views_do_not_confirm_it_exists(self, client, orphan, make_user):
        alice = make_user("alice")
        comment = Comment.objects.create(thread=orphan, author=alice, body="Old", seq=1)
        client.force_login(alice)
        base = f"/discussions/threads/{orphan.pk}"
        assert client.get(f"{base}/").status_code == 404
        for tail in ("post/", "lock/", f"comments/{comment.pk}/edit/"):
            assert client.post(f"{base}/{tail}", {"body": "x"}).status_code == 404, tail
        assert client.post(f"{base}/comments/{comment.pk}/delete/").status_code == 404
        assert Comment.objects.get().body == "Old"

    def test_superusers_keep_their_powers(self, client, orphan, make_user):
        root = make_user("root", is_superuser=True)
        assert discussions.can_view_thread(root, orphan)
        assert discussions.can_moderate(root, orphan)
        comment = discussions.post_comment(orphan, root, "Still here")
        discussions.hide_comment(comment, root)
        discussions.lock_thread(orphan, root)
        client.force_login(root)
        assert client.get(f"/discussions/threads/{orphan.pk}/").status_code == 200

    def test_it_is_shown_on_its_own_page(self, orphan):
        assert orphan.get_absolute_url() == f"/discussions/threads/{orphan.pk}/"


class TestRegistry:
    class Owner:
        pass

    class Special(Owner):
        pass

    def test_a_registered_policy_answers_for_its_model_and_subclasses(self):
        policy = owners.OwnerPolicy()
        owners.register(self.Owner, policy)
        try:
            assert owners.policy_for(self.Owner()) is policy
            assert owners.policy_for(self.Special()) is policy
            owners.register(self.Owner, policy)  # the same again: harmless
            with pytest.raises(ImproperlyConfigured):
                owners.register(self.Owner, owners.OwnerPolicy())
        finally:
            owners.unregister(self.Owner)
        assert owners.policy_for(self.Owner()) is owners.REFUSE

    def test_the_base_policy_refuses_everything(self):
        policy, owner = owners.OwnerPolicy(), self.Owner()
        assert not policy.can_view(None, owner)
        assert not policy.can_post(None, owner)
        assert not policy.can_moderate(None, owner)
        assert policy.url(owner) is None
