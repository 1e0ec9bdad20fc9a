"""Splitting a draft text into paragraphs, and reading .docx files: a real
document (headings, a numbered list, a table) and hostile ones."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations import drafts
from consultations.tests.drafts import docx

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="draft.docx"):
    return SimpleUploadedFile(name, data)


def test_blocks_are_paragraphs_headings_list_items_and_whole_tables():
    blocks = drafts.split_html(
        "<h1>Title</h1><p>One <strong>bold</strong> claim.</p>"
        "<ol><li>First</li><li>Second<ul><li>nested</li></ul></li></ol>"
        "<ul><li>Bullet</li></ul>"
        "<table><tr><th>Measure</th><th>Cost</th></tr><tr><td>Desks</td><td>4</td></tr></table>"
        "<blockquote><p>Quoted law.</p></blockquote><p>   </p>loose <em>text</em>"
    )
    assert [b.kind for b in blocks] == ["heading", "p", "li", "li", "li", "table", "quote", "p"]
    assert blocks[0].html == "<h3>Title</h3>"  # shifted below the page's headings
    assert blocks[1].html == "<p>One <strong>bold</strong> claim.</p>"
    assert blocks[2].html == '<ol start="1"><li>First</li></ol>'
    assert blocks[3].html.startswith('<ol start="2"><li>Second<ul><li>nested</li></ul>')
    assert blocks[3].text == "Second\nnested"
    assert blocks[4].html == "<ul><li>Bullet</li></ul>"
    assert blocks[5].text == "Measure | Cost\nDesks | 4"
    assert blocks[7].html == "<p>loose <em>text</em></p>"


def test_pasted_html_is_sanitised():
    blocks = drafts.split_html(
        '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">link</a>'
        '<img src="x" onerror="y"></p><style>p{}</style><iframe src="//evil"></iframe>'
    )
    assert len(blocks) == 1
    html = blocks[0].html
    for bad in ("onclick", "script", "javascript", "img", "onerror", "iframe", "style"):
        assert bad not in html
    assert "Hi" in html and "link" in html


def test_too_many_paragraphs_is_an_error():
    with pytest.raises(drafts.DraftTextError):
        drafts.split_html("<p>x</p>" * (drafts.MAX_PARAGRAPHS + 1))


def test_a_real_docx_becomes_numbered_paragraphs():
    html = drafts.docx_to_html(upload(docx.build_docx()))
    blocks = drafts.split_html(html)
    assert [b.kind for b in blocks] == ["heading", "p", "heading", "li", "li", "li", "table", "p"]
    assert blocks[0].text == "Local integration strategy"
    assert blocks[1].html == "<p><strong>Purpose. </strong>Cities are where newcomers settle.</p>"
    assert blocks[5].html == '<ol start="3"><li>Recognition of foreign qualifications.</li></ol>'
    assert "Welcome desks | 4 million" in blocks[6].text
    # Text with markup characters stays text.
    assert "&lt;with numbers&gt; &amp; indicators" in blocks[7].html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"This is plain text, not a zip.", "not a Word document"),
        (b"PK\x03\x04 truncated", "not a Word document"),
        (docx.zip_bomb(25), "larger than 20 MB once unpacked"),
        (docx.many_entries(1000), "too many parts"),
        (docx.with_macros(), "macros"),
    ],
    ids=["not-a-zip", "broken-zip", "zip-bomb", "many-entries", "macros"],
)
def test_hostile_files_are_refused(data, message):
    with pytest.raises(drafts.DraftTextError, match=message):
        drafts.docx_to_html(upload(data))


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(drafts.DraftTextError, match="not a Word document"):
        drafts.docx_to_html(upload(buffer.getvalue()))


def test_a_zip_understating_its_sizes_fails_to_read_instead_of_inflating():
    """The central directory says 1 KB; zipfile stops there and the CRC fails."""
    with pytest.raises(drafts.DraftTextError, match="could not be read"):
        drafts.docx_to_html(upload(docx.lying_sizes()))
    # (and never got past the announced kilobyte: nothing was inflated to 30 MB)


def test_a_bomb_is_small_on_disk():
    assert len(docx.zip_bomb(25)) < drafts.MAX_UPLOAD_BYTES // 50


def test_an_oversize_upload_is_refused_before_reading():
    big = upload(b"\0" * (drafts.MAX_UPLOAD_BYTES + 1))
    with pytest.raises(drafts.DraftTextError, match="larger than 5 MB"):
        drafts.docx_to_html(big)
