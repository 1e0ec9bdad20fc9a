"""Rich text edited as Markdown in a textarea, and back (forum_site/rich_text_markdown.py)."""

from forum_site.rich_text_markdown import internal_links, to_markdown, to_rich_text

STORED = (
    "<h3>Why</h3>"
    '<p>Some <b>bold</b> and <i>snake_case</i> with <a href="https://example.org/a b">a link</a>'
    ' and <a linktype="document" id="3">the annex</a>.<br/>Next line *not emphasis*</p>'
    "<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>"
    "<ol><li>first</li><li>second</li></ol>"
    "<p>1. not a list</p><p># not a heading</p>"
)


def test_stored_rich_text_reads_as_markdown():
    markdown = to_markdown(STORED)
    assert markdown.startswith("### Why\n\nSome **bold** and *snake\\_case* with ")
    assert "[a link](https://example.org/a%20b)" in markdown
    assert "[the annex](document:3).\nNext line \\*not emphasis\\*" in markdown
    assert "- one\n- two\n    - nested" in markdown
    assert "1. first\n2. second" in markdown
    assert "1\\. not a list" in markdown and "\\# not a heading" in markdown
    assert "<" not in markdown


def test_the_round_trip_is_stable():
    markdown = to_markdown(STORED)
    html = to_rich_text(markdown, keep_internal=internal_links(STORED))
    assert '<a linktype="document" id="3">the annex</a>' in html
    assert "<p>1. not a list</p>" in html and "<p># not a heading</p>" in html
    assert "*not emphasis*" in html
    assert to_markdown(html) == markdown


def test_plain_text_becomes_paragraphs():
    assert to_rich_text("First line\nsecond line\n\nNew paragraph") == (
        "<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>"
    )


def test_typed_html_is_text_and_unknown_internal_links_are_dropped():
    html = to_rich_text(
        "<script>alert(1)</script> [x](javascript:alert(1)) [annex](document:9) [p](page:4)",
        keep_internal={("page", "4")},
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html and "<a>" not in html
    assert "document" not in html and "annex" in html
    assert '<a linktype="page" id="4">p</a>' in html


def test_headings_are_third_level():
    assert to_rich_text("# Big") == "<h3>Big</h3>"
