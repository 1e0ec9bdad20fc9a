from forum_site import sanitise


class TestRenderMarkdown:
    def test_safe_subset(self):
        html = sanitise.render_markdown(
            "**bold** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://a.org)"
        )
        assert "<strong>bold</strong>" in html
        assert "<script" not in html
        assert "&lt;script&gt;" in html  # shown as text, not dropped silently
        assert "javascript:" not in html
        assert 'href="https://a.org"' in html
        assert 'rel="nofollow noopener"' in html

    def test_no_images_or_raw_html(self):
        html = sanitise.render_markdown('![x](https://a.org/x.png)\n\n<img src=x onerror="y">')
        assert "<img" not in html
        assert "onerror" not in html or "&lt;img" in html


class TestRichText:
    def test_plain_text_becomes_escaped_paragraphs(self):
        html = sanitise.to_rich_text("One < 2\n\nTwo\nlines & more")
        assert html == "<p>One &lt; 2</p><p>Two<br/>lines &amp; more</p>"

    def test_html_is_cleaned_to_the_rich_text_allow_list(self):
        html = sanitise.to_rich_text(
            '<h1>T</h1><h3>Sub</h3><p onclick="x()">a <a href="javascript:x()">j</a>'
            '<a href="https://ok.org" target="_blank">ok</a></p><script>bad()</script>'
        )
        assert "<h1" not in html and "<h3>Sub</h3>" in html
        assert "onclick" not in html and "javascript" not in html and "bad()" not in html
        assert '<a href="https://ok.org">ok</a>' in html  # no target, no rel added

    def test_inline_html_is_wrapped_in_a_paragraph(self):
        assert sanitise.to_rich_text("<b>bold</b> text") == "<p><b>bold</b> text</p>"

    def test_round_trip_of_simple_paragraphs(self):
        text = "First & one\n\nSecond\nline"
        assert sanitise.to_plain_text(sanitise.to_rich_text(text)) == text

    def test_complex_html_is_kept_for_editing(self):
        html = "<ul><li>a</li></ul>"
        assert sanitise.to_plain_text(html) == html


def test_paragraphs_allow_list_drops_every_other_tag():
    dirty = '<p>a</p><a href="https://x.org">x</a><br><img src="y">'
    assert sanitise.clean_html(dirty, sanitise.PARAGRAPHS) == "<p>a</p>x<br>"
