"""The live thread socket, ``/ws/threads/<id>/`` (protocol: docs/realtime.md).

Permissions and actions all go through ``forum_site.discussions.services``; this
module only translates between JSON frames and those functions. The database
is the source of truth: a comment is committed first, then broadcast (by the
``comment_changed`` receiver in ``forum_site.discussions.realtime``), and every
comment carries its thread's sequence number so a client that missed a
broadcast notices (heartbeat) and asks for the rest (``resume``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async as _database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.middleware.csrf import CSRF_SECRET_LENGTH, get_token
from django.utils import translation
from django.utils.translation import gettext as _

from forum_site.discussions import realtime as rt
from forum_site.discussions import services as discussions
from forum_site.discussions.models import COMMENT_MAX_LENGTH, Comment, Thread
from forum_site.discussions.services import DiscussionError
from forum_site.i18n import language_for
from forum_site.organisations import rules as org_rules
from forum_site.realtime import user_group
from forum_site.viewer import in_viewer_scope

logger = logging.getLogger(__name__)


def database_sync_to_async(fn):
    """On PostgreSQL, database work runs in the thread pool rather than the
    one shared thread: a thousand sockets connecting at once must not queue
    behind each other (each pool thread keeps its own connection, see
    CONN_MAX_AGE). SQLite has a single writer anyway: one thread."""
    parallel = "sqlite" not in settings.DATABASES["default"]["ENGINE"]
    return _database_sync_to_async(fn, thread_sensitive=not parallel)


# A thread that does not exist and one the user may not see close alike, so a
# socket cannot probe which threads exist: 4401 when not signed in, else 4403.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_MANY_SOCKETS = 4429

MAX_FRAME_CHARS = 4 * COMMENT_MAX_LENGTH  # room for JSON escaping of a full comment
RESUME_BATCH = 1000
CHANGE_MARGIN = 5.0  # seconds; see _missed
TYPING_INTERVAL = 2.0
REFRESH_EVERY = 3  # heartbeats between refreshes of the socket and presence entries
ACCESS_CHECK_EVERY = 6  # heartbeats between re-checks of the user's access


class AccessRevoked(Exception):
    """The user may no longer see this thread (or no longer exists): close 4403."""


class ClientError(Exception):
    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


def _missing(field: str) -> ClientError:
    return ClientError("missing_field", _("The field “%(field)s” is missing.") % {"field": field})


def _int_field(content: dict, field: str, required: bool = True):
    value = content.get(field)
    if value in (None, ""):
        if required:
            raise _missing(field)
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ClientError("bad_field", _("“%(field)s” must be a number.") % {"field": field})
    try:
        return int(value)
    except ValueError:
        raise ClientError(
            "bad_field", _("“%(field)s” must be a number.") % {"field": field}
        ) from None


def _time_field(content: dict, field: str):
    """An optional server timestamp (seconds since the epoch) from the client."""
    value = content.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ClientError("bad_field", _("“%(field)s” must be a number.") % {"field": field})
    if not 0 <= value < 1e11:
        raise ClientError("bad_field", _("“%(field)s” is out of range.") % {"field": field})
    return float(value)


def _body_field(content: dict) -> str:
    body = content.get("body")
    if body is None:
        raise _missing("body")
    if not isinstance(body, str):
        raise ClientError("bad_field", _("“body” must be text."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise ClientError(
            "too_long",
            _("A comment can be at most %(max)d characters long (this one has %(n)d).")
            % {"max": COMMENT_MAX_LENGTH, "n": len(body)},
        )
    return body


# --- The page the socket serves ------------------------------------------------------

MAX_PAGE_PATH = 2000


def _page_view(scope) -> tuple[str, str, str]:
    """(language, page path, CSRF secret) of the page that opened the socket,
    for rendering comments as that page does: the client passes the page's
    language (``lang``) and path (``next``, the return address of the comment
    forms) in the query string; the CSRF secret is the cookie the page's forms
    were made with. No (or an unknown) language: '' (``_connect`` takes the
    user's preferred one, else the site's); an unexpected path: '' (the
    thread's own page)."""
    query = parse_qs(scope.get("query_string", b"").decode("utf-8", "replace"))
    language = (query.get("lang") or [""])[0]
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = ""
    path = (query.get("next") or [""])[0]
    if (
        not path.startswith("/")
        or path.startswith(("//", "/\\"))
        or len(path) > MAX_PAGE_PATH
        or any(ord(ch) < 32 or ch == "\\" for ch in path)
    ):
        path = ""
    secret = (scope.get("cookies") or {}).get(settings.CSRF_COOKIE_NAME) or ""
    return language, path, secret


def _csrf_token(secret: str) -> str:
    """A masked CSRF token for the cookie's secret, as ``{% csrf_token %}``
    renders on the page (empty when the cookie is missing or malformed: the
    client then copies the page's token)."""
    if len(secret) != CSRF_SECRET_LENGTH or not (secret.isascii() and secret.isalnum()):
        return ""
    request = HttpRequest()
    request.META["CSRF_COOKIE"] = secret
    return get_token(request)


def _fragments(thread, user, comment_ids, view) -> dict[int, str]:
    """Comment id -> its HTML as ``user`` sees it on the page (the page's own
    include, in the page's language)."""
    language, path, secret = view
    comments = discussions.comments_for_display(thread, comment_ids)
    with translation.override(language):
        return discussions.render_comments(
            comments,
            user,
            thread,
            next_url=path or thread.get_absolute_url().split("#")[0],
            csrf_token=_csrf_token(secret),
        )


# A group event reaches every socket of the thread in this process; each asks the
# rules afresh for its own user, but the comment is the same for all of them, and
# so is its HTML for users whom the rules answer alike (the template depends on
# nothing else). Both are made once per event and process, then shared; the CSRF
# token, which is each socket's own, goes in last.
CSRF_PLACEHOLDER = "0livecsrf0" * 6 + "0000"  # the length and alphabet of a real token


class _PerEvent:
    """A small bounded map, safe across the threads that render for sockets."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key, make):
        with self._lock:
            if key in self._items:
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self):
        with self._lock:
            self._items.clear()


_per_event = _PerEvent()


def _event_fragment(thread, user, comment_id: int, view, event_key) -> dict[int, str]:
    """``_fragments`` for one comment of one group event, sharing the comment and
    its HTML with the other sockets of this process (above)."""
    language, path, secret = view
    comment = _per_event.get_or_make(
        ("comment", comment_id, event_key),
        lambda: next(iter(discussions.comments_for_display(thread, [comment_id])), None),
    )
    if comment is None:
        return {}
    context = discussions.viewer_context(user, thread, visible=True)
    authors = {comment.author_id, *(reply.author_id for reply in comment.replies.all())}
    alike = (
        bool(user.is_authenticated),
        user.pk if user.pk in authors else None,
        context["can_post"],
        context["can_moderate"],
        tuple((org.pk, org.name) for org in context["posting_organisations"]),
    )
    next_url = path or thread.get_absolute_url().split("#")[0]

    def render():
        with translation.override(language):
            return discussions.render_comments(
                [comment],
                user,
                thread,
                next_url=next_url,
                csrf_token=CSRF_PLACEHOLDER,
                context=context,
            )[comment.pk]

    html = _per_event.get_or_make(
        ("html", comment_id, event_key, language, next_url, alike), render
    )
    return {comment_id: html.replace(CSRF_PLACEHOLDER, _csrf_token(secret))}


# --- Database work (run in a thread) ----------------------------------------------


def _fresh_user(user_id: int | None):
    """The socket's user as the database has it now: a new object for every
    message, so no rule result cached on a user object outlives one message.
    Anonymous sockets get an anonymous user; a deactivated or deleted account
    ends the socket (``AccessRevoked``)."""
    if user_id is None:
        return AnonymousUser()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise AccessRevoked
    return user


def _viewable_thread(thread_id: int, user):
    """The thread, if ``user`` may still read it; ``AccessRevoked`` if not."""
    thread = _fresh_thread(thread_id)
    if not discussions.can_view_thread(user, thread):
        raise AccessRevoked
    return thread


@in_viewer_scope
def _check_access(thread_id: int, user_id: int | None) -> tuple[bool, bool]:
    """(may still read, may post), asked with fresh data (an ``access.recheck``)."""
    try:
        user = _fresh_user(user_id)
        thread = _viewable_thread(thread_id, user)
    except (AccessRevoked, ClientError):
        return False, False
    return True, bool(user.is_authenticated and discussions.can_post(user, thread))


def _presence_person(user) -> dict:
    organisations = list(org_rules.organisations_for(user).values_list("name", flat=True)[:3])
    return {**rt.person(user), "organisations": organisations}


def _open_thread(thread_id: int, user):
    """(thread, close code or None, posting allowed). Missing and forbidden
    threads answer alike (see ``CLOSE_FORBIDDEN``)."""
    thread = Thread.objects.select_related("content_type").filter(pk=thread_id).first()
    if thread is None or not discussions.can_view_thread(user, thread):
        signed_in = user is not None and user.is_authenticated
        return thread, CLOSE_FORBIDDEN if signed_in else CLOSE_UNAUTHENTICATED, False
    return thread, None, discussions.can_post(user, thread)


def _language(user, page_language: str) -> str:
    """The language of the socket's texts: its page's, else the user's preferred
    language, else the site's."""
    return page_language or language_for(
        user if user is not None and user.is_authenticated else None
    )


def _connect(thread_id: int, user, channel: str, address: str = "", language: str = ""):
    """Everything a new socket needs from the database and the cache, in one
    trip to a worker thread: (thread, close code, may post, people here,
    whether presence changed, the language of its texts)."""
    return (*_connect_to(thread_id, user, channel, address), _language(user, language))


@in_viewer_scope
def _connect_to(thread_id: int, user, channel: str, address: str = ""):
    thread, close_code, may_post = _open_thread(thread_id, user)
    if close_code:
        return thread, close_code, may_post, None, False
    if not (user is not None and user.is_authenticated):
        if not rt.register_anonymous_socket(address, channel, thread_id):
            return thread, CLOSE_TOO_MANY_SOCKETS, False, None, False
        return thread, None, may_post, None, False
    if not rt.register_socket(user.pk, channel, thread_id):
        return thread, CLOSE_TOO_MANY_SOCKETS, False, None, False
    people, changed = rt.presence_join(thread_id, _presence_person(user))
    return thread, None, may_post, people, changed


def _fresh_thread(thread_id: int):
    thread = Thread.objects.select_related("content_type").filter(pk=thread_id).first()
    if thread is None:
        raise ClientError("not_found", _("This discussion no longer exists."))
    return thread


@in_viewer_scope
def _post(thread_id, user_id, body, parent, client_id, organisation=None, language=""):
    user = _fresh_user(user_id)
    thread = _viewable_thread(thread_id, user)
    existing = Comment.objects.filter(thread=thread, author=user, client_id=client_id).first()
    if existing is not None:
        return existing, False
    if thread.locked:
        raise DiscussionError("locked", _("This discussion is locked."))
    rt.check_post_rate(user.pk, thread.pk)
    comment = discussions.post_comment(
        thread,
        user,
        body,
        parent=parent,
        organisation=organisation,
        client_id=client_id,
        language=language,
    )
    return comment, getattr(comment, "created", True)


@in_viewer_scope
def _edit(thread_id, user_id, comment_id, body):
    user = _fresh_user(user_id)
    thread = _viewable_thread(thread_id, user)
    comment = discussions.get_comment(thread, comment_id)
    comment.thread = thread
    return discussions.edit_comment(comment, user, body)


@in_viewer_scope
def _delete(thread_id, user_id, comment_id):
    user = _fresh_user(user_id)
    thread = _viewable_thread(thread_id, user)
    comment = discussions.get_comment(thread, comment_id)
    comment.thread = thread
    return discussions.delete_comment(comment, user)


@in_viewer_scope
def _render(thread_id, user_id, comment_id, view, event_key) -> dict[int, str]:
    """The comment's HTML for the socket's user, who is read afresh and asked
    about afresh (one group event, ``event_key``): ``AccessRevoked`` if they
    may no longer read the thread."""
    user = _fresh_user(user_id)
    thread = _viewable_thread(thread_id, user)
    return _event_fragment(thread, user, comment_id, view, event_key)


MAX_REFRESH = 500  # comments re-rendered per ``refresh`` (a page shows 30 and their replies)


@in_viewer_scope
def _refresh(thread_id, user_id, comment_ids, view):
    """The comments ``comment_ids`` of the thread with their HTML for the
    socket's user, asked about afresh (after the thread was locked or their
    right to post changed, their controls change)."""
    user = _fresh_user(user_id)
    thread = _viewable_thread(thread_id, user)
    comments = discussions.comments_for_display(thread, comment_ids)
    return comments, _fragments(thread, user, [c.pk for c in comments], view)


@in_viewer_scope
def _missed(thread_id, user_id, last_id, last_seq, since=None, view=None):
    """What a resuming client lacks: the comments after its last one, in
    sequence order; the sequence number they bring it up to; whether there is
    more; when ``since`` (the server time of the last event it saw) is given,
    its older comments edited, deleted or moderated after that; and (with
    ``view``) the HTML of each for this user. Asks the rule first, with fresh
    data."""
    user = _fresh_user(user_id)
    thread = _viewable_thread(thread_id, user)
    if last_seq is None:
        last_seq = 0
        if last_id:
            found = Comment.objects.filter(thread_id=thread_id, pk=last_id).values_list(
                "seq", flat=True
            )
            if not found:
                raise ClientError("not_found", _("That comment does not exist."))
            last_seq = found[0] or 0
    comments = list(
        Comment.objects.filter(thread_id=thread_id, seq__gt=last_seq)
        .select_related("author", "organisation")
        .order_by("seq")[: RESUME_BATCH + 1]
    )
    more = len(comments) > RESUME_BATCH
    comments = comments[:RESUME_BATCH]
    upto = comments[-1].seq if comments else last_seq
    changed = []
    if since is not None:
        # A margin, because a change stamped just before the client's last
        # event may have committed just after it. Replaying an update twice
        # is harmless; missing one is not.
        after = datetime.fromtimestamp(since - CHANGE_MARGIN, tz=UTC)
        changed = list(
            Comment.objects.filter(thread_id=thread_id, seq__lte=last_seq, changed_at__gt=after)
            .select_related("author", "organisation")
            .order_by("changed_at", "pk")[:RESUME_BATCH]
        )
    fragments = {}
    if view is not None and (comments or changed):
        fragments = _fragments(thread, user, {c.pk for c in comments + changed}, view)
    return comments, last_seq, upto, more, changed, fragments


@in_viewer_scope
def _heartbeat_state(thread_id, user_id, check_access, channel, refresh, address=""):
    state = rt.thread_state(thread_id)
    allowed = True
    may_post = None
    if check_access:
        allowed, may_post = _check_access(thread_id, user_id)
    if refresh and allowed and user_id is None:
        rt.register_anonymous_socket(address, channel, thread_id)
    elif refresh and allowed:  # entries expire unless refreshed
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is not None:
            rt.register_socket(user.pk, channel, thread_id)
            rt.presence_join(thread_id, _presence_person(user))
    return state, allowed, may_post


def _with(event: dict, fragments: dict[int, str], comment) -> dict:
    fragment = fragments.get(comment.pk)
    return {**event, "fragment": fragment} if fragment is not None else event


# --- The consumer ----------------------------------------------------------------


class ThreadConsumer(AsyncWebsocketConsumer):
    """One socket on one thread. State per socket: the sequence numbers sent
    (to drop a live event a resume already delivered), the typing throttle
    and the heartbeat task."""

    # Messages whose handlers never touch the database outside
    # database_sync_to_async (which closes stale connections itself). For
    # them channels' dispatch would first hop to the database thread to close
    # stale connections: for a group message, one hop per socket, serialised
    # through that one thread, which was most of the fan-out time.
    NO_DATABASE_MESSAGES = frozenset({"thread.event", "websocket.receive"})

    async def dispatch(self, message):
        if message.get("type") in self.NO_DATABASE_MESSAGES:
            await getattr(self, get_handler_name(message))(message)
        else:
            await super().dispatch(message)

    async def _join_group(self, quiet: bool = False) -> bool:
        """Join the thread group, again on every heartbeat (idempotent). The
        pub/sub layer subscribes this process to the group's Redis channel
        once, whatever the number of its sockets in the group; redis-py
        subscribes again after a reconnect. False, logged, when the layer is
        down: the next heartbeat retries."""
        if not self.group:
            return False
        try:
            await self.channel_layer.group_add(self.group, self.channel_name)
        except Exception:
            if not quiet:
                logger.warning("Could not join %s", self.group, exc_info=True)
            return False
        self.subscribed = True
        return True

    # Connection --------------------------------------------------------------

    async def connect(self):
        self.user = self.scope.get("user")
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        self.group = None
        self.subscribed = False
        self.registered = False
        self.heartbeat_task = None
        # Sequence numbers delivered on this socket: all <= sent_floor, and
        # those in sent_seqs. Live events <= live_floor predate the socket.
        self.sent_floor = 0
        self.sent_seqs: set[int] = set()
        self.live_floor = 0
        self.last_typing = 0.0
        self.signed_in = bool(self.user and self.user.is_authenticated)
        self.user_id = self.user.pk if self.signed_in else None
        self.user_group = None
        language, path, secret = _page_view(self.scope)
        self.page_language = language  # what the comments posted here are written in
        client = self.scope.get("client") or ("", 0)
        self.address = str(client[0] or "")
        (
            thread,
            close_code,
            self.can_post,
            people,
            changed,
            self.language,
        ) = await database_sync_to_async(_connect)(
            self.thread_id, self.user, self.channel_name, self.address, language
        )
        self.view = (self.language, path, secret)
        await self.accept()  # accept, then close with a code that says why
        if close_code == CLOSE_TOO_MANY_SOCKETS:
            await self.send_event(
                {
                    "type": "error",
                    "code": "too_many_sockets",
                    "message": _("You have too many open connections."),
                }
            )
        if close_code:
            await self.close(code=close_code)
            return
        self.registered = True  # in the socket counts: per user, or per address
        self.group = rt.thread_group(self.thread_id)
        await self._join_group()
        if self.signed_in:
            # Revocations of this user's access arrive on their own group.
            self.user_group = user_group(self.user_id)
            try:
                await self.channel_layer.group_add(self.user_group, self.channel_name)
            except Exception:
                logger.warning("Could not join %s", self.user_group, exc_info=True)
        self.live_floor = thread.last_seq
        await self.send_event(
            {
                "type": "hello",
                "thread": self.thread_id,
                "last_seq": thread.last_seq,
                "locked": thread.locked,
                "can_post": self.can_post,
                "user": rt.person(self.user) if self.signed_in else None,
                "heartbeat": rt.heartbeat_seconds(),
            }
        )
        if people is not None:
            await self._announce_presence(people, changed)
        self.heartbeat_task = asyncio.ensure_future(self._heartbeat())

    async def disconnect(self, code):
        if self.heartbeat_task:
            self.heartbeat_task.cancel()
        for group in (self.group if self.subscribed else None, self.user_group):
            if not group:
                continue
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:
                logger.warning("Could not leave %s", group, exc_info=True)
        if self.registered:
            await database_sync_to_async(self._leave)()

    def _leave(self):
        if not self.signed_in:
            rt.unregister_socket(rt.anonymous_owner(self.address), self.channel_name)
            return
        still_here = rt.unregister_socket(self.user.pk, self.channel_name)
        if self.thread_id not in still_here:
            people = rt.presence_leave(self.thread_id, self.user.pk)
            rt.group_send(self.group, rt.group_message({"type": "presence", "people": people}))

    async def _announce_presence(self, people, changed: bool):
        """Tell the whole group when the set of people changed, else just us."""
        message = rt.group_message({"type": "presence", "people": people})
        if changed:
            try:
                await self.channel_layer.group_send(self.group, message)
                return
            except Exception:
                logger.warning("Could not announce presence", exc_info=True)
        await self.send(text_data=message["text"])

    async def _heartbeat(self):
        beats = 0
        interval = rt.heartbeat_seconds()
        while True:
            try:
                await asyncio.sleep(interval * (0.9 + 0.2 * random.random()))
                beats += 1
                refresh = beats % REFRESH_EVERY == 0
                check = self.signed_in and beats % ACCESS_CHECK_EVERY == 0
                # Most beats need no thread hop: the thread's latest seq is
                # cached per process for a second.
                state = rt.cached_thread_state(self.thread_id)
                if refresh or check or state is None:
                    state, allowed, may_post = await database_sync_to_async(_heartbeat_state)(
                        self.thread_id,
                        self.user_id,
                        check,
                        self.channel_name,
                        self.registered and refresh,
                        self.address,
                    )
                    if not allowed or state is None:
                        await self.close(
                            code=CLOSE_FORBIDDEN if self.signed_in else CLOSE_UNAUTHENTICATED
                        )
                        return
                    if may_post is not None:
                        self.can_post = may_post
                # Re-join: a restarted Redis forgot every group membership.
                await self._join_group(quiet=True)
                await self.send_event(
                    {"type": "heartbeat", "last_seq": state[0], "locked": state[1]}
                )
            except asyncio.CancelledError:
                return
            except Exception:  # the database or cache may be down: try next beat
                logger.warning("Heartbeat failed on thread %s", self.thread_id, exc_info=True)

    # Sending -----------------------------------------------------------------

    async def send_event(self, event: dict):
        await self.send(text_data=json.dumps({**event, "ts": event.get("ts", time.time())}))

    async def send_error(self, code: str, message: str, ref=None):
        event = {"type": "error", "code": code, "message": message}
        if ref is not None:
            event["ref"] = ref
        await self.send_event(event)

    def _was_sent(self, seq: int) -> bool:
        return seq <= self.sent_floor or seq in self.sent_seqs

    def _mark_sent(self, seq: int) -> None:
        self.sent_seqs.add(seq)
        self._compact()

    def _compact(self):
        while self.sent_floor + 1 in self.sent_seqs:
            self.sent_floor += 1
            self.sent_seqs.discard(self.sent_floor)

    async def access_recheck(self, message):
        """Group message ``{"type": "access.recheck"}`` (``revocation``): a
        change may have taken this socket's access away; ask the rule again."""
        allowed, may_post = await database_sync_to_async(_check_access)(
            self.thread_id, self.user_id
        )
        if not allowed:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if may_post != self.can_post:
            self.can_post = may_post
            await self.send_event({"type": "access", "can_post": may_post})

    async def thread_event(self, message):
        """Group messages from ``forum_site.discussions.realtime.group_message``."""
        if message.get("exclude") == self.channel_name:
            return
        seq = message.get("seq")
        text = message["text"]
        if not self.signed_in and "anonymous_text" in message:
            text = message["anonymous_text"]  # presence as a count; no typing
            if text is None:
                return
        if seq is not None:
            # Older than this socket (the hello told the client the latest
            # seq, it resumes if behind) or already delivered by a resume.
            if seq <= self.live_floor or self._was_sent(seq):
                return
            self._mark_sent(seq)
        if message.get("render") is not None:
            text = await self._with_fragment(text, message["render"])
            if text is None:
                return
        await self.send(text_data=text)

    async def _with_fragment(self, text: str, comment_id) -> str | None:
        """The comment event with ``fragment``: the comment's HTML as this
        socket's user sees it on the page, rendered with their fresh data (a
        viewer per message). None, and the socket closed, if they may no
        longer read the thread; without a fragment if rendering failed (the
        client then builds the comment from the event itself)."""
        event = json.loads(text)
        try:
            fragments = await database_sync_to_async(_render)(
                self.thread_id,
                self.user_id,
                int(comment_id),
                self.view,
                (event.get("type"), event.get("ts")),
            )
        except AccessRevoked:
            await self.close(code=CLOSE_FORBIDDEN if self.signed_in else CLOSE_UNAUTHENTICATED)
            return None
        except Exception:
            logger.warning("Could not render comment %s", comment_id, exc_info=True)
            return text
        fragment = fragments.get(int(comment_id))
        if fragment is None:
            return text
        return json.dumps({**event, "fragment": fragment})

    # Receiving ---------------------------------------------------------------

    async def websocket_receive(self, message):
        """A frame with neither text nor bytes is an empty frame (the base
        class would raise a KeyError)."""
        await self.receive(text_data=message.get("text"), bytes_data=message.get("bytes"))

    async def receive(self, text_data=None, bytes_data=None):
        if not text_data:
            await self.send_error("bad_json", _("Messages must be JSON text."))
            return
        if len(text_data) > MAX_FRAME_CHARS:
            await self.send_error("too_long", _("That message is too large."))
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.send_error("bad_json", _("That message is not valid JSON."))
            return
        if not isinstance(content, dict):
            await self.send_error("bad_json", _("A message must be a JSON object."))
            return
        kind = content.get("type")
        handler = self.HANDLERS.get(kind) if isinstance(kind, str) else None
        ref = content.get("client_id")
        ref = ref if isinstance(ref, str) else None
        if handler is None:
            await self.send_error("unknown_type", _("Unknown message type."), ref)
            return
        try:
            # Error messages in the page's language.
            with translation.override(self.language):
                await handler(self, content)
        except AccessRevoked:
            await self.send_error(
                "forbidden", _("You may no longer take part in this discussion."), ref
            )
            await self.close(code=CLOSE_FORBIDDEN)
        except ClientError as error:
            await self.send_error(error.code, error.message, ref)
        except DiscussionError as error:
            await self.send_error(error.code, error.message, ref)
        except Exception:
            logger.exception("Thread socket %s failed on %r", self.thread_id, kind)
            await self.send_error("server_error", _("Something went wrong; please retry."), ref)

    def _require_user(self):
        if not self.signed_in:
            raise ClientError("unauthenticated", _("Log in to take part in the discussion."))

    async def on_post(self, content):
        client_id = content.get("client_id")
        if client_id in (None, ""):
            raise _missing("client_id")
        if not isinstance(client_id, str) or len(client_id) > 64:
            raise ClientError("bad_field", _("“client_id” must be text of at most 64 characters."))
        body = _body_field(content)
        parent = _int_field(content, "parent", required=False)
        organisation = _int_field(content, "organisation", required=False)
        self._require_user()
        # Written in the language of the page the socket serves ('' if it did not say).
        comment, created = await database_sync_to_async(_post)(
            self.thread_id, self.user_id, body, parent, client_id, organisation, self.page_language
        )
        await self.send_event(
            {
                "type": "ack",
                "client_id": client_id,
                "id": comment.pk,
                "seq": comment.seq,
                "duplicate": not created,
            }
        )

    async def on_edit(self, content):
        comment_id = _int_field(content, "id")
        body = _body_field(content)
        self._require_user()
        comment = await database_sync_to_async(_edit)(
            self.thread_id, self.user_id, comment_id, body
        )
        await self.send_event(
            {"type": "ack", "id": comment.pk, "client_id": content.get("client_id")}
        )

    async def on_delete(self, content):
        comment_id = _int_field(content, "id")
        self._require_user()
        comment = await database_sync_to_async(_delete)(self.thread_id, self.user_id, comment_id)
        await self.send_event(
            {"type": "ack", "id": comment.pk, "client_id": content.get("client_id")}
        )

    async def on_typing(self, content):
        if not self.signed_in or not self.can_post:
            return  # silently ignored: typing is a hint, not an action
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL:
            return
        self.last_typing = now
        message = rt.group_message(
            {"type": "typing", "user": rt.person(self.user)}, exclude=self.channel_name
        )
        try:
            await self.channel_layer.group_send(self.group, message)
        except Exception:
            logger.warning("Could not send typing", exc_info=True)

    async def on_resume(self, content):
        last_id = _int_field(content, "last_id", required=False)
        last_seq = _int_field(content, "last_seq", required=False)
        if "last_id" not in content and "last_seq" not in content:
            raise _missing("last_id")
        since = _time_field(content, "since")
        comments, after, upto, more, changed, fragments = await database_sync_to_async(_missed)(
            self.thread_id, self.user_id, last_id, last_seq, since, self.view
        )
        for comment in changed:
            action = "deleted" if comment.deleted else "updated"
            await self.send_event(_with(rt.comment_event(comment, action), fragments, comment))
        sent = 0
        for comment in comments:
            if self._was_sent(comment.seq):
                continue  # already delivered live on this socket
            await self.send_event(_with(rt.comment_event(comment), fragments, comment))
            self.sent_seqs.add(comment.seq)
            sent += 1
        # Everything in (after, upto] has now been delivered.
        if after <= self.sent_floor < upto:
            self.sent_floor = upto
            self.sent_seqs = {s for s in self.sent_seqs if s > upto}
        self._compact()
        await self.send_event(
            {
                "type": "resumed",
                "count": sent,
                "changed": len(changed),
                "last_seq": upto,
                "more": more,
            }
        )

    async def on_refresh(self, content):
        """``{"type": "refresh", "ids": [...]}``: the comments again, as
        ``comment.updated`` with this user's fragment (numbers only, at most
        ``MAX_REFRESH``; others are ignored)."""
        ids = content.get("ids")
        if not isinstance(ids, list):
            raise _missing("ids")
        ids = [i for i in ids if isinstance(i, int) and not isinstance(i, bool)][:MAX_REFRESH]
        if not ids:
            return
        comments, fragments = await database_sync_to_async(_refresh)(
            self.thread_id, self.user_id, ids, self.view
        )
        for comment in comments:
            action = "deleted" if comment.deleted else "updated"
            await self.send_event(_with(rt.comment_event(comment, action), fragments, comment))

    async def on_ping(self, content):
        await self.send_event({"type": "pong"})

    HANDLERS = {
        "comment.post": on_post,
        "comment.edit": on_edit,
        "comment.delete": on_delete,
        "typing": on_typing,
        "resume": on_resume,
        "refresh": on_refresh,
        "ping": on_ping,
    }
