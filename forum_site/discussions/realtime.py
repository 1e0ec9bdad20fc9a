"""The real-time side of discussion threads (no decisions about permissions here).

- group names and the JSON events sent to sockets (``comment_event``),
- the after-commit broadcast, hooked to ``discussions.comment_changed`` and
  ``discussions.thread_changed`` (so form views and sockets broadcast alike),
- ``@username`` mentions, notified only to users who may view the thread,
- small shared state kept in the Django cache (Redis when ``REDIS_URL`` is
  set, so it is shared by every Daphne process): the per-user socket count
  and presence per thread (atomic updates, ``forum_site.presence``), and the
  posting and mention rate limits (``forum_site.ratelimit``). The cache is infrastructure
  like the channel layer: when it fails, we log and carry on (fail open)
  rather than refuse to save a comment.

Tunables come from the environment so a deployment (or the benchmark) can
change them without a settings change: ``REALTIME_HEARTBEAT_SECONDS`` (15),
``REALTIME_RATE_LIMIT`` (``"5/10"``: posts per seconds, per user and thread),
``REALTIME_MAX_SOCKETS_PER_USER`` (10), ``MENTION_RATE_LIMIT`` (``"100/3600"``:
mentions notified per author).
"""

from __future__ import annotations

import json
import logging
import os
import re
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from forum_site import presence, ratelimit
from forum_site.discussions import services as discussions
from forum_site.discussions.models import Comment, Thread
from forum_site.notifications.models import Notification
from forum_site.notifications.service import notify
from forum_site.realtime import group_send

logger = logging.getLogger(__name__)


def _env_float(name: str, default: float) -> float:
    value = getattr(settings, name, None) or os.environ.get(name)
    try:
        return float(value) if value not in (None, "") else default
    except ValueError:
        return default


def heartbeat_seconds() -> float:
    return _env_float("REALTIME_HEARTBEAT_SECONDS", 15.0)


def max_sockets_per_user() -> int:
    return int(_env_float("REALTIME_MAX_SOCKETS_PER_USER", 10))


def rate_limit() -> tuple[int, int]:
    """(posts, seconds) allowed per user and thread."""
    return ratelimit.setting_rate("REALTIME_RATE_LIMIT", "5/10")


def mention_limit() -> tuple[int, int]:
    """(mentions notified, seconds) per author: each comment may carry up to
    50 @mentions, each an e-mail; past the cap further mentions notify no one."""
    return ratelimit.setting_rate("MENTION_RATE_LIMIT", "100/3600")


def thread_group(thread_id: int) -> str:
    return f"thread.{thread_id}"


# --- Events -------------------------------------------------------------------


def person(user) -> dict:
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
    }


def comment_payload(comment: Comment) -> dict:
    """A comment as sockets see it. The body goes out only as sanitised HTML
    (``body_html`` is Markdown cleaned by nh3) and never for a deleted or
    hidden comment; the page shows those with its own wording."""
    visible = not comment.deleted and not comment.hidden
    org = comment.organisation
    return {
        "id": comment.pk,
        "seq": comment.seq,
        "thread": comment.thread_id,
        "parent": comment.parent_id,
        "author": person(comment.author),
        "organisation": {"id": org.pk, "name": org.name} if org else None,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "deleted": comment.deleted,
        "hidden": comment.hidden,
        "html": comment.body_html if visible else "",
        "language": comment.language,  # '' when unknown
    }


ACTION_TYPES = {
    "created": "comment.created",
    "updated": "comment.updated",
    "hidden": "comment.updated",
    "unhidden": "comment.updated",
    "deleted": "comment.deleted",
}


def comment_event(comment: Comment, action: str = "created") -> dict:
    return {"type": ACTION_TYPES[action], "comment": comment_payload(comment)}


def group_message(event: dict, *, seq: int | None = None, exclude: str = "") -> dict:
    """Wrap an event for ``group_send``: the JSON is encoded once here (not
    once per socket) and stamped with the server time (``ts``, seconds since
    the epoch) so clients can measure fan-out latency.

    Anonymous watchers learn no names from presence: they get the number of
    people here instead (``anonymous_text``), and no typing events (``None``)."""
    event = {**event, "ts": time.time()}
    message = {"type": "thread.event", "seq": seq, "exclude": exclude, "text": json.dumps(event)}
    if event.get("type") == "presence":
        message["anonymous_text"] = json.dumps(
            {"type": "presence", "count": len(event.get("people") or []), "ts": event["ts"]}
        )
    elif event.get("type") == "typing":
        message["anonymous_text"] = None
    return message


def broadcast_comment(comment: Comment, action: str) -> bool:
    seq = comment.seq if action == "created" else None
    message = group_message(comment_event(comment, action), seq=seq)
    # Each socket adds the comment's HTML as its own user sees it on the page
    # (``ThreadConsumer.thread_event``): the controls depend on who looks.
    message["render"] = comment.pk
    return group_send(thread_group(comment.thread_id), message)


def broadcast_thread(thread: Thread, action: str) -> bool:
    event = {
        "type": "thread.updated",
        "thread": {"id": thread.pk, "locked": bool(thread.locked), "last_seq": thread.last_seq},
    }
    return group_send(thread_group(thread.pk), group_message(event))


# --- Mentions -----------------------------------------------------------------

MENTION_RE = re.compile(r"(?<![\w@/])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def mentioned_usernames(text: str) -> list[str]:
    names = []
    for match in MENTION_RE.finditer(text or ""):
        name = match.group(1).rstrip(".-+")
        if name and name not in names:
            names.append(name)
    return names[:50]


def notify_mentions(comment: Comment) -> list:
    """Notify each ``@username`` in the comment who may view its thread
    (never the author; idempotent per comment, so an edit notifies only the
    newly mentioned)."""
    if comment.deleted or comment.hidden:
        return []
    names = mentioned_usernames(comment.body)
    if not names:
        return []
    users = (
        get_user_model()
        .objects.filter(username__in=names, is_active=True)
        .exclude(pk=comment.author_id)
    )
    thread = comment.thread
    key = f"comment-{comment.pk}-mention"
    readers = [
        user
        for user in users.exclude(notifications__key=key)  # already told (an edit)
        if discussions.can_view_thread(user, thread)
    ]
    if not readers:
        return []
    # Fan-out cap per author and window: the rest are not notified.
    mentions, seconds = mention_limit()
    allowed = ratelimit.grant(f"mentions:{comment.author_id}", mentions, seconds, len(readers))
    if allowed < len(readers):
        logger.info("Mention cap reached for user %s", comment.author_id)
        readers = readers[:allowed]
    if not readers:
        return []
    author = comment.author.get_full_name() or comment.author.get_username()
    return notify(
        readers,
        title=lambda: (
            _("%(author)s mentioned you in “%(thread)s”") % {"author": author, "thread": thread}
        ),
        body=comment.body[:500],
        body_language=comment.language,  # the quote is in the comment's language
        url=comment.get_absolute_url(),
        kind="mention",
        key=key,
    )


# --- Signal receivers ---------------------------------------------------------


def withdraw_mentions(comment: Comment) -> int:
    """A comment hidden or deleted after it was posted: the in-app notifications of
    its mentions stop quoting it (their text is the comment's; only its author and
    the moderators may read a hidden comment). Shown again, they quote it again.
    Emails already sent cannot be recalled."""
    key = f"comment-{comment.pk}-mention"
    body = "" if comment.deleted or comment.hidden else comment.body[:500]
    return Notification.objects.filter(key=key).update(body=body)


def on_comment_changed(sender, comment, action, **kwargs):
    """Runs after commit (persist before broadcast)."""
    try:
        broadcast_comment(comment, action)
    except Exception:  # never turn a saved comment into an error
        logger.exception("Could not broadcast comment %s", comment.pk)
    if action in ("hidden", "unhidden", "deleted"):
        try:
            withdraw_mentions(comment)
        except Exception:
            logger.exception("Could not withdraw the mentions of comment %s", comment.pk)
    if action in ("created", "updated"):
        try:
            notify_mentions(comment)
        except Exception:
            logger.exception("Could not notify mentions of comment %s", comment.pk)


def on_thread_changed(sender, thread, action, **kwargs):
    try:
        broadcast_thread(thread, action)
    except Exception:
        logger.exception("Could not broadcast thread %s", thread.pk)


def connect_signals():
    discussions.comment_changed.connect(on_comment_changed, dispatch_uid="realtime-comment")
    discussions.thread_changed.connect(on_thread_changed, dispatch_uid="realtime-thread")


# --- Shared state in the cache (fail open) --------------------------------------


def _cache_call(default, fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception:
        logger.warning("Cache unavailable for real-time state", exc_info=True)
        return default


def allow_post(user_id: int, thread_id: int, now: float | None = None) -> bool:
    """Sliding-window limit on posts per user and thread, shared by the socket
    and the comment form (atomic, fails open: ``forum_site.ratelimit``)."""
    posts, seconds = rate_limit()
    return ratelimit.allow(f"post:{thread_id}:{user_id}", posts, seconds, now=now)


def check_post_rate(user_id: int, thread_id: int) -> None:
    """Raise ``DiscussionError("rate_limited")`` when the user posts too fast."""
    if not allow_post(user_id, thread_id):
        posts, seconds = rate_limit()
        raise discussions.DiscussionError(
            "rate_limited",
            _("You are posting too fast: at most %(posts)d comments in %(seconds)d seconds.")
            % {"posts": posts, "seconds": seconds},
        )


def _ttl() -> float:
    """How long socket and presence entries live unless the heartbeat
    refreshes them (every third beat)."""
    return heartbeat_seconds() * 5 + 5


def max_anonymous_sockets_per_address() -> int:
    return int(_env_float("REALTIME_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS", 20))


def anonymous_owner(address: str) -> str:
    """The key anonymous sockets from one client address are counted under."""
    return f"anon:{address or 'unknown'}"


def register_anonymous_socket(address: str, channel: str, thread_id: int) -> bool:
    """Record one open anonymous socket of a client address; False over the cap
    (``REALTIME_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS``, 20: offices share one
    address behind their gateway). Behind nginx the address is the client's
    only when Daphne runs with ``--proxy-headers`` (docs/deployment.md)."""
    return _cache_call(
        True,
        presence.register_socket,
        anonymous_owner(address),
        channel,
        thread_id,
        cap=max_anonymous_sockets_per_address(),
        ttl=_ttl(),
    )


def register_socket(user_id: int, channel: str, thread_id: int) -> bool:
    """Record one open socket of a user; False when the user is over the cap
    (atomic: parallel connects never exceed it, see ``forum_site.presence``)."""
    return _cache_call(
        True,
        presence.register_socket,
        user_id,
        channel,
        thread_id,
        cap=max_sockets_per_user(),
        ttl=_ttl(),
    )


def unregister_socket(user_id: int | str, channel: str) -> set[int]:
    """Forget a socket; return the threads the user still has sockets on."""
    return _cache_call(set(), presence.unregister_socket, user_id, channel, ttl=_ttl())


def presence_join(thread_id: int, who: dict) -> tuple[list[dict], bool]:
    """Add (or refresh) a user; return (people here, whether the set changed)."""
    return _cache_call(([who], True), presence.join, thread_id, who, ttl=_ttl())


def presence_leave(thread_id: int, user_id: int) -> list[dict]:
    return _cache_call([], presence.leave, thread_id, user_id, ttl=_ttl())


_last_seq_cache: dict[int, tuple[float, int, bool]] = {}


def cached_thread_state(thread_id: int, max_age: float = 1.0) -> tuple[int, bool] | None:
    """The per-process cached (last_seq, locked), or None when stale (no I/O)."""
    cached = _last_seq_cache.get(thread_id)
    if cached and time.monotonic() - cached[0] < max_age:
        return cached[1], cached[2]
    return None


def thread_state(thread_id: int, max_age: float = 1.0) -> tuple[int, bool] | None:
    """(last_seq, locked) of a thread, cached per process for ``max_age``
    seconds so a thousand sockets' heartbeats cost one query a second."""
    now = time.monotonic()
    cached = _last_seq_cache.get(thread_id)
    if cached and now - cached[0] < max_age:
        return cached[1], cached[2]
    row = Thread.objects.filter(pk=thread_id).values_list("last_seq", "locked").first()
    if row is None:
        return None
    _last_seq_cache[thread_id] = (now, row[0], row[1])
    return row
