"""Plain form views for discussion threads (no JavaScript needed).

Every action goes through ``forum_site.discussions.services``; errors become Django
messages, and a refused post re-renders the thread with the text kept, so
nothing typed is lost.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from forum_site.discussions import realtime as rt
from forum_site.discussions import services as discussions
from forum_site.discussions.models import COMMENT_MAX_LENGTH, Comment, Thread
from forum_site.discussions.services import DiscussionError


def _visible_thread(request, thread_id) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("content_type"), pk=thread_id)
    if not discussions.can_view_thread(request.user, thread):
        # Do not confirm that a restricted thread exists.
        raise Http404
    return thread


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate.split("#")[0]
    return ""


def _next_url(request, thread, anchor="") -> str:
    url = _safe_next(request) or thread.get_absolute_url().split("#")[0]
    return f"{url}#{anchor or f'thread-{thread.pk}'}"


def thread_detail(request, thread_id):
    """The thread on a page of its own (owners without a page, and fallbacks)."""
    thread = _visible_thread(request, thread_id)
    return render(request, "discussions/thread_page.html", {"thread": thread})


_ERROR_STATUS = {"forbidden": 403, "locked": 403, "rate_limited": 429}


@require_POST
def thread_post(request, thread_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.POST.get("next") or request.path)
    thread = _visible_thread(request, thread_id)
    body = request.POST.get("body", "")
    client_id = request.POST.get("client_id", "")
    try:
        if thread.locked:
            raise DiscussionError("locked", _("This discussion is locked."))
        # The socket's limit, shared (a retry of a posted comment is no new post).
        if not (
            client_id
            and Comment.objects.filter(
                thread=thread, author=request.user, client_id=client_id
            ).exists()
        ):
            rt.check_post_rate(request.user.pk, thread.pk)
        comment = discussions.post_comment(
            thread,
            request.user,
            body,
            parent=request.POST.get("parent") or None,
            organisation=request.POST.get("organisation") or None,
            client_id=client_id,
            # Written in the interface language the author posts from.
            language=getattr(request, "LANGUAGE_CODE", None),
        )
    except DiscussionError as error:
        messages.error(request, error.message)
        return render(
            request,
            "discussions/thread_page.html",
            {
                "thread": thread,
                "thread_error": error.message,
                "draft_body": body,
                "thread_next_url": _safe_next(request) or thread.get_absolute_url().split("#")[0],
            },
            status=_ERROR_STATUS.get(error.code, 400),
        )
    messages.success(request, _("Your comment was posted."))
    return HttpResponseRedirect(_next_url(request, thread, f"comment-{comment.pk}"))


@require_http_methods(["GET", "POST"])
def comment_edit(request, thread_id, comment_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    thread = _visible_thread(request, thread_id)
    try:
        comment = discussions.get_comment(thread, comment_id)
    except DiscussionError:
        raise Http404 from None
    comment.thread = thread
    error = None
    # A hidden comment's text reaches only its author and the moderators.
    body = comment.body if discussions.can_read_comment(request.user, comment) else ""
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            discussions.edit_comment(comment, request.user, body)
        except DiscussionError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your comment was updated."))
            return HttpResponseRedirect(_next_url(request, thread, f"comment-{comment.pk}"))
    elif not discussions.can_edit_comment(request.user, comment):
        error = _("You can only edit your own comments in an open discussion.")
    return render(
        request,
        "discussions/comment_edit.html",
        {
            "thread": thread,
            "comment": comment,
            "body": body,
            "error": error,
            "max_length": COMMENT_MAX_LENGTH,
            "next_url": _safe_next(request),
            "cancel_url": _next_url(request, thread, f"comment-{comment.pk}"),
        },
        status=400 if error and request.method == "POST" else 200,
    )


def _comment_action(request, thread_id, comment_id, action, success):
    if not request.user.is_authenticated:
        return redirect_to_login(request.POST.get("next") or request.path)
    thread = _visible_thread(request, thread_id)
    try:
        comment = discussions.get_comment(thread, comment_id)
        comment.thread = thread
        action(comment)
    except DiscussionError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(_next_url(request, thread))
    messages.success(request, success)
    return HttpResponseRedirect(_next_url(request, thread, f"comment-{comment.pk}"))


@require_POST
def comment_delete(request, thread_id, comment_id):
    return _comment_action(
        request,
        thread_id,
        comment_id,
        lambda c: discussions.delete_comment(c, request.user),
        _("Your comment was deleted."),
    )


@require_POST
def comment_hide(request, thread_id, comment_id):
    hidden = request.POST.get("hidden", "1") != "0"
    return _comment_action(
        request,
        thread_id,
        comment_id,
        lambda c: discussions.hide_comment(c, request.user, hidden=hidden),
        _("The comment was hidden.") if hidden else _("The comment is shown again."),
    )


@require_POST
def thread_lock(request, thread_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.POST.get("next") or request.path)
    thread = _visible_thread(request, thread_id)
    locked = request.POST.get("locked", "1") != "0"
    try:
        discussions.lock_thread(thread, request.user, locked=locked)
    except DiscussionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The discussion is locked.") if locked else _("The discussion is open again."),
        )
    return HttpResponseRedirect(_next_url(request, thread))


@csrf_exempt  # it changes nothing; the view it leads to checks the token
def moved_permanently(request, name, **kwargs):
    """A thread URL from before the move to /discussions/: 301 for GET and
    HEAD, 308 for the rest, so a form posted from an old page keeps its
    method and body."""
    url = reverse(f"discussions:{name}", kwargs=kwargs)
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(
        url, preserve_request=request.method not in ("GET", "HEAD")
    )
