"""Discussion threads: the ONE place for thread permissions and actions.

Form views, the WebSocket consumers and any other app call these functions;
none re-implements a check. Superusers may do anything; everyone else gets
the answer of the policy registered for the thread's owner (``owners``):
whether they may view, post (signed-in viewers only) and moderate (signed-in
only). An owner without a registered policy refuses everything.

Actions validate, save in a transaction and raise ``DiscussionError`` with a
stable ``code`` (``locked``, ``forbidden``, ``too_long``, ``empty``,
``bad_parent``, ``not_found``, ``deleted``, ``bad_organisation``): the
socket layer maps codes to error messages, the form views to Django messages.

After each committed change the ``comment_changed`` signal is sent
(``comment=``, ``action=`` one of ``created``, ``updated``, ``deleted``,
``hidden``, ``unhidden``) and ``thread_changed`` (``thread=``, ``action=``
``locked``/``unlocked``), so the real-time layer can broadcast without this
module knowing about it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.dispatch import Signal
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forum_site.discussions import owners
from forum_site.discussions.models import COMMENT_MAX_LENGTH, Comment, Thread
from forum_site.organisations import rules as org_rules
from forum_site.organisations.models import Organisation
from forum_site.sanitise import render_markdown
from forum_site.viewer import as_viewer

COMMENTS_PER_PAGE = 30

comment_changed = Signal()  # sender=Comment, comment=, action=
thread_changed = Signal()  # sender=Thread, thread=, action=


class DiscussionError(Exception):
    """A refused discussion action. ``code`` is stable; ``message`` is for people."""

    def __init__(self, code: str, message: str = ""):
        self.code = code
        self.message = message or code
        super().__init__(self.message)


# --- Permissions --------------------------------------------------------------


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _is_superuser(user) -> bool:
    return _signed_in(user) and user.is_superuser


def visible_to(viewer, queryset=None):
    """The threads ``viewer`` may read: all for superusers; otherwise those whose
    owner the owner's policy lists (``OwnerPolicy.visible_to``, each app's own
    queryset rule). A thread whose owner has no policy is in none."""
    if queryset is None:
        queryset = Thread.objects.all()
    viewer = as_viewer(viewer)
    if _is_superuser(viewer):
        return queryset
    q = Q(pk__in=[])
    for model, policy in owners.registered().items():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
        owner_ids = policy.visible_to(viewer, model).values("pk")
        q |= Q(content_type=content_type, object_id__in=owner_ids)
    return queryset.filter(q)


def can_view_thread(user, thread: Thread) -> bool:
    """``visible_to`` for one thread: the owner policy's yes/no rule, which each
    app builds from the same Q as its queryset."""
    if _is_superuser(user):
        return True
    owner = thread.get_owner()
    return bool(owners.policy_for(owner).can_view(user, owner))


def can_moderate(user, thread: Thread) -> bool:
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    owner = thread.get_owner()
    return bool(owners.policy_for(owner).can_moderate(user, owner))


def _may_post_ignoring_lock(user, thread: Thread) -> bool:
    if not _signed_in(user) or not can_view_thread(user, thread):
        return False
    if user.is_superuser:
        return True
    owner = thread.get_owner()
    return bool(owners.policy_for(owner).can_post(user, owner))


def can_post(user, thread: Thread) -> bool:
    """May ``user`` add a comment now (a locked thread accepts none)."""
    return not thread.locked and _may_post_ignoring_lock(user, thread)


def can_edit_comment(user, comment: Comment) -> bool:
    return (
        _signed_in(user)
        and comment.author_id == user.pk
        and not comment.deleted
        and not comment.hidden
        and can_post(user, comment.thread)
    )


def can_read_comment(user, comment: Comment) -> bool:
    """Whether ``user`` may read the text of ``comment`` (in a thread they may view):
    everyone while it is shown; once hidden by a moderator, only its author and the
    thread's moderators; once deleted, nobody. Every surface that shows a comment's
    text asks this (the page, the edit view, sockets, notifications)."""
    if comment.deleted:
        return False
    if not comment.hidden:
        return True
    if _signed_in(user) and comment.author_id == user.pk:
        return True
    return can_moderate(user, comment.thread)


def can_delete_comment(user, comment: Comment) -> bool:
    # Authors may always withdraw their words, even from a locked thread.
    return _signed_in(user) and comment.author_id == user.pk and not comment.deleted


def organisations_for_posting(user):
    """The organisations a user may speak for in a comment."""
    return org_rules.organisations_for(user).order_by("name")


# --- Validation ---------------------------------------------------------------


def _clean_body(body) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise DiscussionError("empty", _("Write something before posting."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise DiscussionError(
            "too_long",
            _("A comment can be at most %(max)d characters long (this one has %(n)d).")
            % {"max": COMMENT_MAX_LENGTH, "n": len(body)},
        )
    return body


def _send_after_commit(signal, sender, **kwargs):
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))


# --- Actions ------------------------------------------------------------------


def get_comment(thread: Thread, comment_id) -> Comment:
    try:
        return Comment.objects.select_related("thread").get(thread=thread, pk=int(comment_id))
    except (Comment.DoesNotExist, TypeError, ValueError):
        raise DiscussionError("not_found", _("That comment does not exist.")) from None


def written_language(code) -> str:
    """``code`` as one of the site's languages (``settings.LANGUAGES``), or ''."""
    code = (code or "").lower()
    for known, _name in settings.LANGUAGES:
        if code == known.lower():
            return known
    return ""


def post_comment(
    thread, user, body, parent=None, organisation=None, client_id="", language=None
) -> Comment:
    """Add a comment (or return the one already posted with this ``client_id``).

    ``parent`` may be a Comment or an id; ``organisation`` an Organisation or
    an id the user may act for. ``language`` is the language it is written in:
    by default the active one (a request's, the interface language the author
    writes from, whatever their preferred language); '' for unknown. The
    returned comment has ``created`` set to False when it was an idempotent
    retry.
    """
    language = written_language(translation.get_language() if language is None else language)
    client_id = (client_id or "")[:64]
    if not _signed_in(user) or not can_view_thread(user, thread):
        raise DiscussionError("forbidden", _("You may not take part in this discussion."))
    if client_id:
        existing = Comment.objects.filter(thread=thread, author=user, client_id=client_id).first()
        if existing is not None:
            existing.created = False
            return existing
    if thread.locked:
        raise DiscussionError("locked", _("This discussion is locked."))
    if not _may_post_ignoring_lock(user, thread):
        raise DiscussionError("forbidden", _("You may not take part in this discussion."))
    body = _clean_body(body)

    parent_obj = None
    if parent not in (None, ""):
        parent_id = parent.pk if isinstance(parent, Comment) else parent
        try:
            parent_obj = Comment.objects.get(pk=int(parent_id), thread=thread)
        except (Comment.DoesNotExist, TypeError, ValueError):
            raise DiscussionError(
                "bad_parent", _("You can only reply to a comment here.")
            ) from None
        if parent_obj.parent_id is not None:
            raise DiscussionError("bad_parent", _("Replies cannot be replied to."))
        if parent_obj.deleted:
            raise DiscussionError("bad_parent", _("That comment was deleted."))

    org_obj = None
    if organisation not in (None, ""):
        org_id = getattr(organisation, "pk", organisation)
        try:
            org_id = int(org_id)
        except (TypeError, ValueError):
            org_id = None
        if org_id is None or not org_rules.can_act_for(user, org_id):
            raise DiscussionError("bad_organisation", _("You cannot speak for that organisation."))
        org_obj = org_rules.organisations_for(user).filter(pk=org_id).first()
        if org_obj is None and user.is_superuser:
            org_obj = Organisation.objects.filter(pk=org_id).first()
        if org_obj is None:
            raise DiscussionError("bad_organisation", _("You cannot speak for that organisation."))

    try:
        with transaction.atomic():
            # The UPDATE locks the thread row until commit: sequence numbers are
            # gap-free and in commit order, and a concurrent lock waits for us.
            updated = Thread.objects.filter(pk=thread.pk, locked=False).update(
                last_seq=F("last_seq") + 1
            )
            if not updated:
                raise DiscussionError("locked", _("This discussion is locked."))
            seq = Thread.objects.filter(pk=thread.pk).values_list("last_seq", flat=True).get()
            comment = Comment.objects.create(
                thread=thread,
                parent=parent_obj,
                author=user,
                organisation=org_obj,
                body=body,
                body_html=render_markdown(body),
                language=language,
                seq=seq,
                client_id=client_id,
            )
            thread.last_seq = seq
            _send_after_commit(comment_changed, Comment, comment=comment, action="created")
    except IntegrityError:
        # A concurrent retry with the same client id won the race.
        existing = Comment.objects.filter(thread=thread, author=user, client_id=client_id).first()
        if client_id and existing is not None:
            existing.created = False
            return existing
        raise
    comment.created = True
    return comment


def edit_comment(comment: Comment, user, body) -> Comment:
    if comment.deleted:
        raise DiscussionError("deleted", _("That comment was deleted."))
    if comment.thread.locked:
        raise DiscussionError("locked", _("This discussion is locked."))
    if not can_edit_comment(user, comment):
        raise DiscussionError("forbidden", _("You can only edit your own comments."))
    body = _clean_body(body)
    with transaction.atomic():
        comment.body = body
        comment.body_html = render_markdown(body)
        comment.edited_at = comment.changed_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at", "changed_at"])
        _send_after_commit(comment_changed, Comment, comment=comment, action="updated")
    return comment


def delete_comment(comment: Comment, user) -> Comment:
    """Soft delete: the row stays (replies keep their place), the words go."""
    if comment.deleted:
        raise DiscussionError("deleted", _("That comment was already deleted."))
    if not can_delete_comment(user, comment):
        raise DiscussionError("forbidden", _("You can only delete your own comments."))
    with transaction.atomic():
        comment.deleted = True
        comment.body = ""
        comment.body_html = ""
        comment.edited_at = comment.changed_at = timezone.now()
        comment.save(update_fields=["deleted", "body", "body_html", "edited_at", "changed_at"])
        _send_after_commit(comment_changed, Comment, comment=comment, action="deleted")
    return comment


def hide_comment(comment: Comment, user, hidden: bool = True) -> Comment:
    if not can_moderate(user, comment.thread):
        raise DiscussionError("forbidden", _("Only the discussion's moderators can do that."))
    if comment.deleted:
        raise DiscussionError("deleted", _("That comment was deleted."))
    with transaction.atomic():
        comment.hidden = bool(hidden)
        comment.hidden_by = user if hidden else None
        comment.changed_at = timezone.now()
        comment.save(update_fields=["hidden", "hidden_by", "changed_at"])
        _send_after_commit(
            comment_changed, Comment, comment=comment, action="hidden" if hidden else "unhidden"
        )
    return comment


def lock_thread(thread: Thread, user, locked: bool = True) -> Thread:
    if not can_moderate(user, thread):
        raise DiscussionError("forbidden", _("Only the discussion's moderators can do that."))
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(locked=bool(locked))
        thread.locked = bool(locked)
        _send_after_commit(
            thread_changed, Thread, thread=thread, action="locked" if locked else "unlocked"
        )
    return thread


# --- Display ------------------------------------------------------------------


def comments_page(thread: Thread, page_number=1, per_page: int = COMMENTS_PER_PAGE):
    """One page of top-level comments with their replies: three queries."""
    replies = Prefetch(
        "replies", queryset=Comment.objects.with_people().order_by("created_at", "pk")
    )
    queryset = (
        thread.comments.top_level()
        .with_people()
        .prefetch_related(replies)
        .order_by("created_at", "pk")
    )
    return Paginator(queryset, per_page).get_page(page_number)


def viewer_context(user, thread: Thread, visible: bool | None = None) -> dict:
    """What the thread and comment templates need to know about who looks:
    the page (``thread_context``) and the live socket (``render_comment``) ask
    the same rules, so a comment shows the same controls on both."""
    if visible is None:
        visible = can_view_thread(user, thread)
    may_post = visible and can_post(user, thread)
    return {
        "thread": thread,
        "thread_visible": visible,
        "can_post": may_post,
        "can_moderate": visible and can_moderate(user, thread),
        "posting_organisations": list(organisations_for_posting(user)) if may_post else [],
        "max_length": COMMENT_MAX_LENGTH,
        "user": user,
    }


def thread_context(request, thread: Thread) -> dict:
    """Everything ``discussions/includes/thread.html`` needs."""
    user = request.user
    visible = can_view_thread(user, thread)
    page = comments_page(thread, request.GET.get("comments_page") or 1) if visible else None
    return {
        **viewer_context(user, thread, visible),
        "comments": page,
        "next_url": request.get_full_path(),
        "request": request,
    }


COMMENT_TEMPLATE = "discussions/includes/comment_item.html"


def comments_for_display(thread: Thread, ids) -> list[Comment]:
    """The comments ``ids`` of ``thread`` loaded as the page loads them (people
    and, for top-level comments, their replies), in thread order."""
    replies = Prefetch(
        "replies", queryset=Comment.objects.with_people().order_by("created_at", "pk")
    )
    return list(
        thread.comments.filter(pk__in=list(ids))
        .with_people()
        .prefetch_related(replies)
        .order_by("seq", "pk")
    )


def render_comments(
    comments,
    user,
    thread: Thread,
    *,
    next_url: str,
    csrf_token: str = "",
    context: dict | None = None,
) -> dict[int, str]:
    """Comment id -> the HTML of its list item as ``user`` sees it on the page
    (``discussions/includes/comment_item.html``, the page's own include): the
    controls they may use, the hidden-comment rules, the same date format.
    For the live socket, which sends each viewer their own fragment. The
    caller activates the viewer's language."""
    template = get_template(COMMENT_TEMPLATE)
    base = {
        **(context if context is not None else viewer_context(user, thread)),
        "next_url": next_url,
        "csrf_token": csrf_token,
    }
    if not base["thread_visible"]:
        return {}
    rendered = {}
    for comment in comments:
        rendered[comment.pk] = template.render(
            {**base, "comment": comment, "is_reply": comment.parent_id is not None}
        )
    return rendered
