"""Upgrading a database from before the move: threads, comments and their
content types (with the permissions pointing at them) all survive."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from forum_site.discussions.models import Comment, Thread

MODELS = ["thread", "comment"]
LAST_BEFORE_THE_MOVE = ("consultations", "0005_comment_changed_at")


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_threads_and_comments_keep_their_rows_and_content_types():
    migrate([LAST_BEFORE_THE_MOVE, ("discussions", None)])
    old = MigrationExecutor(connection).loader.project_state([LAST_BEFORE_THE_MOVE]).apps
    try:
        content_types = old.get_model("contenttypes", "ContentType").objects
        comment_type = content_types.get(app_label="consultations", model="comment")
        organisation = old.get_model("organisations", "Organisation").objects.create(
            name="Old City", kind="city", country="GH"
        )
        author = old.get_model("auth", "User").objects.create(username="old-author")
        OldThread = old.get_model("consultations", "Thread")
        OldComment = old.get_model("consultations", "Comment")
        thread = OldThread.objects.create(
            content_type=content_types.get(app_label="organisations", model="organisation"),
            object_id=organisation.pk,
            title="Before the move",
            last_seq=2,
        )
        first = OldComment.objects.create(
            thread=thread, author=author, body="First", body_html="<p>First</p>", seq=1
        )
        OldComment.objects.create(
            thread=thread, author=author, parent=first, body="Reply", seq=2, client_id="c-2"
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()

    moved = Thread.objects.get(pk=thread.pk)
    assert (moved.title, moved.last_seq, moved.object_id) == ("Before the move", 2, organisation.pk)
    assert moved.get_owner().name == "Old City"
    comments = list(Comment.objects.filter(thread=moved).values_list("body", "seq", "parent_id"))
    assert comments == [("First", 1, None), ("Reply", 2, first.pk)]
    assert ContentType.objects.get_for_model(Comment).pk == comment_type.pk
    left_behind = ContentType.objects.filter(app_label="consultations", model__in=MODELS)
    assert not left_behind.exists()
    permission = Permission.objects.get(codename="change_comment", content_type=comment_type.pk)
    assert permission.content_type.app_label == "discussions"
