"""Live threads equal to rendered ones (issue 18), in headless Chromium against
a real Daphne process (as tests/browser/test_realtime.py): a comment that
arrives over the socket has the DOM it has after a reload, for its author,
another member and a moderator (three browser contexts); the typing indicator
goes when the typer posts; focus returns to the composer; the author hears
that their comment was posted, others who posted it; inline controls are
targets of at least 24 x 24 CSS px."""

import pytest

from forum_site.discussions.models import Comment
from tests.html_support import comment_item
from tests.realtime_support import session_cookie

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

MIN_TARGET = 24  # CSS px, WCAG 2.2 SC 2.5.8 (Target Size, Minimum)
CONTROLS = ".comment-actions a, .comment-actions button, .reply-form > summary"


def open_page(browser, server, user, thread):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    name, _, value = session_cookie(user).partition("=")
    context.add_cookies([{"name": name, "value": value, "url": server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{server.url}/discussions/threads/{thread.pk}/")
    page.wait_for_selector(f"#thread-{thread.pk}[data-live-state=live]")
    return page


def outer_html(page, comment_id) -> str:
    return page.locator(f"#comment-{comment_id}").evaluate("el => el.outerHTML")


def reloaded_item(page, thread, comment_id) -> str:
    page.reload()
    page.wait_for_selector(f"#thread-{thread.pk}[data-live-state=live]")
    return comment_item(outer_html(page, comment_id), comment_id)


def target_boxes(page, comment_id) -> list[dict]:
    return page.locator(f"#comment-{comment_id}").evaluate(
        """(li, selector) => Array.from(li.querySelectorAll(selector)).map(el => {
             const r = el.getBoundingClientRect();
             return {text: el.textContent.trim(), x: r.x, y: r.y, width: r.width, height: r.height};
           })""",
        CONTROLS,
    )


def assert_targets_big_enough(page, comment_id, expected: set[str]):
    boxes = target_boxes(page, comment_id)
    found = {box["text"] for box in boxes}
    assert expected <= found, (expected, found)
    for box in boxes:
        assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, box
    for i, a in enumerate(boxes):  # and they do not overlap
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, (a, b)


def test_a_live_comment_is_the_comment_a_reload_shows(browser, daphne, thread, people):
    pages = {role: open_page(browser, daphne, user, thread) for role, user in people.items()}
    author, member = pages["author"], pages["member"]
    member.wait_for_selector(".live-presence:has-text('Alice Ayew')")

    composer = author.get_by_label("Your comment")
    composer.fill("Shall we meet on **Monday**?")
    member.wait_for_selector(".live-typing:has-text('Alice Ayew is typing')")
    author.get_by_role("button", name="Post comment").click()
    for page in pages.values():
        page.wait_for_selector(".comment-list .comment-text:has-text('Monday')")
    comment = Comment.objects.get(thread=thread)

    # The typing indicator went with the post (it would otherwise stay 4 s).
    assert member.locator(".live-typing").text_content() == ""
    # The author's composer is empty and has the focus, ready for the next one.
    assert composer.input_value() == ""
    author.wait_for_function(
        f"document.activeElement && document.activeElement.id === 'thread-{thread.pk}-body'"
    )
    # What each live region says: to the author that it was posted, to others by whom.
    author.wait_for_selector("[data-thread-live]:has-text('Your comment was posted.')")
    member.wait_for_selector("[data-thread-live]:has-text('New comment by Alice Ayew')")
    author.wait_for_timeout(300)  # the comment's own event came too: no "New comment by" Alice
    assert author.locator("[data-thread-live]").text_content() == "Your comment was posted."

    # Each live comment has the controls the page gives its viewer.
    live = {
        role: comment_item(outer_html(page, comment.pk), comment.pk) for role, page in pages.items()
    }
    assert "Edit" in live["author"] and "Delete" in live["author"] and "Hide" not in live["author"]
    assert "Hide" in live["moderator"] and "Edit" not in live["moderator"]
    assert "Hide" not in live["member"] and "Delete" not in live["member"]
    assert all("Reply" in html for html in live.values())
    # Target sizes, on the live comment.
    assert_targets_big_enough(
        author, comment.pk, {"Edit your comment", "Delete your comment", "Reply"}
    )
    assert_targets_big_enough(pages["moderator"], comment.pk, {"Hide", "Reply"})
    assert_targets_big_enough(member, comment.pk, {"Reply"})
    # The author can edit it at once, from the live comment.
    author.locator(f"#comment-{comment.pk} .comment-actions a", has_text="Edit").click()
    author.wait_for_url("**/edit/**")
    author.locator("#comment-body").fill("Shall we meet on **Tuesday**?")
    author.get_by_role("button", name="Save").click()
    author.wait_for_selector(f"#thread-{thread.pk}[data-live-state=live]")
    for role in ("member", "moderator"):
        pages[role].wait_for_selector(f"#comment-{comment.pk} .comment-text:has-text('Tuesday')")
        live[role] = comment_item(outer_html(pages[role], comment.pk), comment.pk)
        assert "edited" in live[role]
    live["author"] = comment_item(outer_html(author, comment.pk), comment.pk)

    # The same DOM after a reload, for each of them.
    for role, page in pages.items():
        assert live[role] == reloaded_item(page, thread, comment.pk), role
    for page in pages.values():
        page.context.close()


def test_hiding_and_replies_arrive_as_a_reload_shows_them(browser, daphne, thread, people):
    from forum_site.discussions import services as discussions

    top = discussions.post_comment(thread, people["member"], "Bad words here", client_id="t")
    pages = {role: open_page(browser, daphne, user, thread) for role, user in people.items()}
    moderator = pages["moderator"]

    # A reply posted live from the author's page, through the reply form.
    author = pages["author"]
    author.locator(f"#comment-{top.pk} > details.reply-form > summary").click()
    author.get_by_label("Reply to Bob Boateng").fill("A reply from Alice")
    author.get_by_role("button", name="Post reply").click()
    for page in pages.values():
        page.wait_for_selector(".comment-replies .comment-text:has-text('A reply from Alice')")
    reply = Comment.objects.get(thread=thread, parent=top)
    # Focus went back to the "Reply" of the comment answered, not to <body>.
    author.wait_for_function(
        "document.activeElement && document.activeElement.tagName === 'SUMMARY'"
    )

    # The moderator hides the top comment (a plain form post: their page reloads).
    moderator.locator(
        f"#comment-{top.pk} > article .comment-actions button", has_text="Hide"
    ).click()
    moderator.wait_for_selector(f"#comment-{top.pk} > article .hidden-text")
    for role in ("author", "member"):
        pages[role].wait_for_selector(
            f"#comment-{top.pk} > article p.empty-state:has-text('hidden by a moderator')"
        )
        assert "Bad words here" not in outer_html(pages[role], top.pk)
    live = {
        role: (
            comment_item(outer_html(page, top.pk), top.pk),
            comment_item(outer_html(page, reply.pk), reply.pk),
        )
        for role, page in pages.items()
    }
    assert "Show again" in live["moderator"][0]
    assert_targets_big_enough(moderator, top.pk, {"Show again", "Reply"})
    for role, page in pages.items():
        page.reload()
        page.wait_for_selector(f"#thread-{thread.pk}[data-live-state=live]")
        after = (
            comment_item(outer_html(page, top.pk), top.pk),
            comment_item(outer_html(page, reply.pk), reply.pk),
        )
        assert live[role] == after, role
    for page in pages.values():
        page.context.close()
