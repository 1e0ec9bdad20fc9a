"""The draft-text views: who may open and post to each, the edit page (pasted
text, .docx, hostile files, replacing a commented text), the paragraphs on the
consultation page, comments and proposed wordings, the overview, the exports,
and what the uninvited never see."""

import csv
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import drafts
from consultations.models import DraftParagraph, ParagraphProposal
from consultations.tests.drafts import docx
from forum_site.discussions import services as discussions

pytestmark = pytest.mark.django_db

MARKER = "saltmarshword"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()  # the posting rate limit
    yield
    cache.clear()


def url(name, page, *args):
    return reverse(f"consultations:{name}", args=[page.pk, *args])


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


OWNER_VIEWS = ("edit_draft_text", "draft_overview", "draft_export_csv", "draft_export_xlsx")

# Invited-only consultation: the owner's editors manage; the owner's members and
# the invited see it but may not manage (403); everyone else is not told it exists.
OWNER_EXPECTED = {
    "anonymous": 302,
    "owner_member": 403,
    "owner_editor": 200,
    "owner_admin": 200,
    "invited_member": 403,
    "invited_editor": 403,
    "uninvited_editor": 404,
    "other_ministry_editor": 404,
    "no_organisation": 404,
    "superuser": 200,
}
READERS = {"owner_member", "owner_editor", "owner_admin", "invited_member", "invited_editor"}
READERS |= {"superuser"}


@pytest.mark.parametrize("view", OWNER_VIEWS)
@pytest.mark.parametrize("role", list(OWNER_EXPECTED))
def test_who_may_open_the_owner_views(client, cast, invited_page, with_draft, role, view):
    with_draft(invited_page)
    response = login(client, cast[role]).get(url(view, invited_page))
    assert response.status_code == OWNER_EXPECTED[role]


@pytest.mark.parametrize("role", list(OWNER_EXPECTED))
def test_who_may_read_a_paragraph(client, cast, invited_page, with_draft, role):
    paragraph = with_draft(invited_page, html=f"<p>About {MARKER}.</p>")[0]
    response = login(client, cast[role]).get(url("draft_paragraph", invited_page, paragraph.key))
    assert response.status_code == (200 if role in READERS else 404)
    assert (MARKER in response.content.decode()) == (role in READERS)


@pytest.mark.parametrize("role", list(OWNER_EXPECTED))
def test_who_may_propose_a_wording(client, cast, invited_page, with_draft, role):
    paragraph = with_draft(invited_page, html="<p>Old words here.</p>")[0]
    response = login(client, cast[role]).post(
        url("draft_propose", invited_page, paragraph.key), {"proposed": "New words here."}
    )
    posted = ParagraphProposal.objects.filter(paragraph=paragraph).exists()
    if role == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    elif role in READERS:
        assert response.status_code == 302 and posted
    else:
        assert response.status_code == 404
    assert posted == (role in READERS)


@pytest.mark.parametrize("role", ["uninvited_editor", "owner_member", "invited_editor"])
def test_who_may_not_change_the_text(client, cast, invited_page, with_draft, role):
    with_draft(invited_page, html="<p>Kept.</p>")
    response = login(client, cast[role]).post(
        url("edit_draft_text", invited_page), {"text": "Replaced."}
    )
    assert response.status_code in (403, 404)
    assert [p.text for p in drafts.current_paragraphs(invited_page)] == ["Kept."]


def test_public_consultation_paragraphs_are_readable_by_anyone(
    client, make_consultation, ministry, with_draft
):
    page = make_consultation(ministry, audience="public")
    paragraph = with_draft(page, html=f"<p>{MARKER}</p>")[0]
    assert MARKER in client.get(url("draft_paragraph", page, paragraph.key)).content.decode()
    assert MARKER in client.get(page.url).content.decode()


# The owner's edit page ------------------------------------------------------------


def test_pasting_plain_text_and_html(client, cast, invited_page):
    login(client, cast["owner_editor"])
    response = client.post(
        url("edit_draft_text", invited_page), {"title": "Strategy", "text": "First.\n\nSecond."}
    )
    assert response.status_code == 302
    assert [p.text for p in drafts.current_paragraphs(invited_page)] == ["First.", "Second."]
    client.post(
        url("edit_draft_text", invited_page), {"text": "<h2>T</h2><ul><li>a</li><li>b</li></ul>"}
    )
    assert [p.kind for p in drafts.current_paragraphs(invited_page)] == ["heading", "li", "li"]


def test_uploading_a_docx(client, cast, invited_page):
    login(client, cast["owner_editor"])
    document = SimpleUploadedFile("strategy.docx", docx.build_docx())
    response = client.post(url("edit_draft_text", invited_page), {"document": document})
    assert response.status_code == 302
    paragraphs = drafts.current_paragraphs(invited_page)
    assert len(paragraphs) == 8
    assert paragraphs[0].draft.source_name == "strategy.docx"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.docx", b"not a zip at all", "not a Word document"),
        ("a.docx", docx.zip_bomb(25), "once unpacked"),
        ("a.docx", docx.with_macros(), "macros"),
        ("a.docm", docx.build_docx(), "ending in .docx"),
        ("a.docx", b"\0" * (drafts.MAX_UPLOAD_BYTES + 10), "larger than 5 MB"),
    ],
    ids=["not-a-zip", "bomb", "macros", "docm-name", "oversize"],
)
def test_hostile_uploads_are_form_errors(client, cast, invited_page, name, data, message):
    login(client, cast["owner_editor"])
    response = client.post(
        url("edit_draft_text", invited_page), {"document": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DraftParagraph.objects.filter(draft__consultation=invited_page).exists()


def test_empty_and_double_input_are_form_errors(client, cast, invited_page):
    login(client, cast["owner_editor"])
    assert client.post(url("edit_draft_text", invited_page), {"text": "  "}).status_code == 400
    both = client.post(
        url("edit_draft_text", invited_page),
        {"text": "x", "document": SimpleUploadedFile("a.docx", docx.build_docx())},
    )
    assert both.status_code == 400 and "not both" in both.content.decode()


def test_replacing_a_commented_text_needs_confirmation(client, cast, invited_page, with_draft):
    paragraph = with_draft(invited_page, html="<p>One.</p><p>Two.</p>")[0]
    discussions.post_comment(paragraph.get_thread(), cast["invited_editor"], "Hmm.")
    login(client, cast["owner_editor"])
    page_html = client.get(url("edit_draft_text", invited_page)).content.decode()
    assert "confirm_replace" in page_html
    refused = client.post(url("edit_draft_text", invited_page), {"text": "One, better.\n\nTwo."})
    assert refused.status_code == 400
    assert [p.text for p in drafts.current_paragraphs(invited_page)] == ["One.", "Two."]
    done = client.post(
        url("edit_draft_text", invited_page),
        {"text": "One, better.\n\nTwo.", "confirm_replace": "on"},
        follow=True,
    )
    assert "Reworded paragraphs that have comments: 1." in done.content.decode()
    paragraph.refresh_from_db()
    assert paragraph.text == "One, better." and paragraph.earlier_versions
    # The paragraph says it changed, with the wording the comment was about.
    html = (
        login(client, cast["invited_editor"])
        .get(url("draft_paragraph", invited_page, paragraph.key))
        .content.decode()
    )
    assert "This paragraph changed" in html and "One." in html and "Hmm." in html
    # A commented text cannot be removed.
    client.force_login(cast["owner_editor"])
    client.post(url("edit_draft_text", invited_page), {"action": "remove"})
    assert drafts.current_paragraphs(invited_page)


def test_removing_an_uncommented_text(client, cast, invited_page, with_draft):
    with_draft(invited_page)
    login(client, cast["owner_editor"]).post(
        url("edit_draft_text", invited_page), {"action": "remove"}
    )
    assert not DraftParagraph.objects.filter(draft__consultation=invited_page).exists()


# Reading and commenting ------------------------------------------------------------


def test_paragraphs_on_the_consultation_page(client, cast, invited_page, with_draft):
    paragraphs = with_draft(invited_page, n=4)
    discussions.post_comment(paragraphs[2].get_thread(), cast["invited_editor"], "One.")
    discussions.post_comment(paragraphs[2].get_thread(), cast["invited_member"], "Two.")
    hidden = discussions.post_comment(paragraphs[1].get_thread(), cast["invited_member"], "Rude.")
    discussions.hide_comment(hidden, cast["owner_editor"])
    html = login(client, cast["invited_member"]).get(invited_page.url).content.decode()
    for p in paragraphs:
        assert f'id="p-{p.position}" data-paragraph="{p.position}"' in html
        assert url("draft_paragraph", invited_page, p.key) in html
    assert "<h3>Draft strategy</h3>" in html
    assert 'data-count="2">2 comments' in html
    assert 'data-count="0">0 comments' in html  # the hidden one is not counted
    assert html.count('data-count="1"') == 0


def test_posting_a_comment_on_a_paragraph_through_the_thread_form(
    client, cast, invited_page, with_draft
):
    paragraph = with_draft(invited_page)[1]
    thread = paragraph.get_thread()
    paragraph_url = url("draft_paragraph", invited_page, paragraph.key)
    page_html = login(client, cast["invited_member"]).get(paragraph_url).content.decode()
    assert f'data-thread-socket="/ws/threads/{thread.pk}/"' in page_html
    response = client.post(
        reverse("discussions:thread_post", args=[thread.pk]),
        {"body": "We need *more* detail.", "next": paragraph_url},
    )
    comment = thread.comments.get()
    assert response.status_code == 302
    assert response["Location"] == f"{paragraph_url}#comment-{comment.pk}"
    assert comment.get_absolute_url().startswith(paragraph_url)
    assert "<em>more</em>" in client.get(paragraph_url).content.decode()


def test_a_proposal_is_shown_as_an_escaped_word_diff(client, cast, invited_page, with_draft):
    paragraph = with_draft(invited_page, html="<p>Cities shall report every year.</p>")[0]
    response = login(client, cast["invited_editor"]).post(
        url("draft_propose", invited_page, paragraph.key),
        {
            "proposed": "Cities and regions shall report every <b>two</b> years.",
            "explanation": "Less paperwork.",
            "organisation": cast["invited_editor"].memberships.get().organisation_id,
        },
        follow=True,
    )
    html = response.content.decode()
    proposal = ParagraphProposal.objects.get()
    assert proposal.original_text == "Cities shall report every year."
    assert proposal.comment.organisation.name == "City of Testville"
    assert "Cities<ins> and regions</ins> shall" in html
    assert "<del>year.</del><ins>&lt;b&gt;two&lt;/b&gt; years.</ins>" in html
    assert "<b>two</b>" not in html
    # The comment carries the wording into the thread (and its live delivery).
    assert "Proposed wording:" in proposal.comment.body and "Less paperwork." in html


def test_proposal_errors_are_form_errors(client, cast, invited_page, with_draft):
    paragraph = with_draft(invited_page, html="<p>Same.</p>")[0]
    login(client, cast["invited_editor"])
    same = client.post(url("draft_propose", invited_page, paragraph.key), {"proposed": "Same."})
    assert same.status_code == 400 and "the same as" in same.content.decode()
    long = client.post(url("draft_propose", invited_page, paragraph.key), {"proposed": "x" * 6000})
    assert long.status_code == 400
    assert not ParagraphProposal.objects.exists()


def test_a_hidden_proposal_is_shown_to_its_author_and_moderators_only(
    client, cast, invited_page, with_draft
):
    paragraph = with_draft(invited_page, html="<p>Old.</p>")[0]
    comment = drafts.post_proposal(
        paragraph, paragraph.get_thread(), cast["invited_editor"], f"New {MARKER}."
    )
    discussions.hide_comment(comment, cast["owner_editor"])
    page_url = url("draft_paragraph", invited_page, paragraph.key)
    assert MARKER not in login(client, cast["invited_member"]).get(page_url).content.decode()
    assert MARKER in login(client, cast["invited_editor"]).get(page_url).content.decode()
    assert MARKER in login(client, cast["owner_editor"]).get(page_url).content.decode()


# The owner's overview and exports ---------------------------------------------------


def test_overview_ranks_the_most_discussed_paragraphs_first(client, cast, invited_page, with_draft):
    paragraphs = with_draft(invited_page, n=5)
    for n, paragraph in ((1, paragraphs[1]), (3, paragraphs[3]), (2, paragraphs[4])):
        for i in range(n):
            discussions.post_comment(paragraph.get_thread(), cast["invited_editor"], f"c{i}")
    context = drafts.overview(invited_page)
    assert [p.position for p in context["ranking"]] == [4, 5, 2]
    assert [p.heat for p in context["paragraphs"]] == [0, 35, 0, 100, 65]
    html = (
        login(client, cast["owner_editor"])
        .get(url("draft_overview", invited_page))
        .content.decode()
    )
    assert html.index(
        'href="' + url("draft_paragraph", invited_page, paragraphs[3].key)
    ) < html.index('href="' + url("draft_paragraph", invited_page, paragraphs[1].key))
    assert 'aria-label="Paragraph 4: 3 comments"' in html
    assert 'class="heat-bar heat-100"' in html


def test_exports_hold_comments_and_proposals_formula_safe(client, cast, invited_page, with_draft):
    paragraphs = with_draft(invited_page, html="<p>One.</p><p>Two.</p>")
    discussions.post_comment(paragraphs[1].get_thread(), cast["invited_editor"], '=HYPERLINK("x")')
    drafts.post_proposal(paragraphs[0], paragraphs[0].get_thread(), cast["invited_member"], "One!")
    deleted = discussions.post_comment(paragraphs[0].get_thread(), cast["invited_member"], "Oops")
    discussions.delete_comment(deleted, cast["invited_member"])
    login(client, cast["owner_editor"])
    response = client.get(url("draft_export_csv", invited_page))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Paragraph" and len(rows) == 3
    assert rows[1][0] == "1" and rows[1][9] == "One!" and rows[1][10] == "One."
    assert rows[2][0] == "2" and rows[2][8] == '\'=HYPERLINK("x")'
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(url("draft_export_xlsx", invited_page)).content)
    )
    sheet = workbook.active
    cell = sheet.cell(row=3, column=9)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


# Hidden from the uninvited -----------------------------------------------------------


def test_the_uninvited_see_nothing_of_the_draft_text(client, cast, invited_page, with_draft):
    paragraph = with_draft(invited_page, html=f"<p>The {MARKER} clause.</p>")[0]
    discussions.post_comment(paragraph.get_thread(), cast["invited_editor"], "Fine.")
    for role in ("uninvited_editor", "other_ministry_editor", "no_organisation"):
        login(client, cast[role])
        assert client.get(invited_page.url).status_code == 404
        assert client.get(url("draft_paragraph", invited_page, paragraph.key)).status_code == 404
        assert client.get(url("draft_export_csv", invited_page)).status_code == 404
        thread = paragraph.get_thread()
        assert client.get(reverse("discussions:thread", args=[thread.pk])).status_code == 404
        search = client.get("/search/", {"q": MARKER}).content.decode()
        results = search.split('class="item-list search-results"', 1)[1:]
        assert not results or MARKER not in results[0].split("</ol>", 1)[0]


def test_the_draft_text_is_not_indexed_for_search(invited_page, with_draft):
    """Paragraphs are rows of their own, not page fields: the page's search
    document holds none of their words (nor does any other index)."""
    with_draft(invited_page, html=f"<p>The {MARKER} clause.</p>")
    fields = {field.field_name for field in type(invited_page).search_fields}
    assert not fields & {"draft_text", "paragraphs"}


# Bounded queries ----------------------------------------------------------------------


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_paragraphs_or_comments(
    client, cast, make_consultation, ministry, city, with_draft
):
    counts = {}
    for n in (10, 60):
        page = make_consultation(ministry, invited=[city])
        paragraphs = with_draft(page, n=n)
        for paragraph in paragraphs[::2]:
            thread = paragraph.get_thread()
            discussions.post_comment(thread, cast["invited_editor"], "A comment.")
            drafts.post_proposal(paragraph, thread, cast["invited_member"], "Other words.")
            cache.clear()
        client.force_login(cast["invited_editor"])
        _queries(client, page.url)  # warm caches (site, content types)
        page_queries = _queries(client, page.url)
        client.force_login(cast["owner_editor"])
        _queries(client, url("draft_overview", page))
        counts[n] = (page_queries, _queries(client, url("draft_overview", page)))
    assert counts[10] == counts[60], counts


def test_on_a_public_consultation_any_organisation_may_comment_and_anonymous_only_read(
    client, cast, make_consultation, ministry, with_draft
):
    page = make_consultation(ministry, audience="public")
    paragraph = with_draft(page, html="<p>Open words.</p>")[0]
    paragraph_url = url("draft_paragraph", page, paragraph.key)
    anonymous = client.get(paragraph_url).content.decode()
    assert "Open words." in anonymous and "Propose a new wording" not in anonymous
    login(client, cast["uninvited_editor"])
    assert "Propose a new wording" in client.get(paragraph_url).content.decode()
    response = client.post(url("draft_propose", page, paragraph.key), {"proposed": "Opener."})
    assert response.status_code == 302
    # Someone in no organisation may read but not post (the rule of responding).
    login(client, cast["no_organisation"])
    refused = client.post(url("draft_propose", page, paragraph.key), {"proposed": "Mine."})
    assert refused.status_code == 403
    assert ParagraphProposal.objects.count() == 1
