"""Replacing a draft text keeps paragraph keys, and comments with them."""

import pytest

from consultations import drafts
from consultations.models import DraftParagraph
from forum_site.discussions import services as discussions

pytestmark = pytest.mark.django_db


def replace(page, html):
    return drafts.replace_text(page, drafts.split_html(html), None)


def test_unchanged_paragraphs_keep_their_keys_and_new_ones_get_new_keys(invited_page):
    replace(invited_page, "<p>Alpha one.</p><p>Beta two.</p><p>Gamma three.</p>")
    before = {p.text: p.key for p in drafts.current_paragraphs(invited_page)}
    summary = replace(
        invited_page, "<p>New zero.</p><p>Alpha one.</p><p>Beta two.</p><p>Gamma three.</p>"
    )
    after = drafts.current_paragraphs(invited_page)
    assert [p.position for p in after] == [1, 2, 3, 4]
    assert [p.key for p in after[1:]] == [
        before["Alpha one."],
        before["Beta two."],
        before["Gamma three."],
    ]
    assert after[0].key not in before.values()
    assert summary.added == 1 and summary.kept == 3


def test_a_reworded_paragraph_keeps_its_key_comments_and_earlier_wording(invited_page, people):
    replace(invited_page, "<p>Alpha one.</p><p>Beta two.</p><p>Gamma three.</p>")
    beta = drafts.current_paragraphs(invited_page)[1]
    comment = discussions.post_comment(beta.get_thread(), people["city_editor"], "Too vague.")
    summary = replace(
        invited_page, "<p>Alpha one.</p><p>Beta two, clarified.</p><p>Gamma three.</p>"
    )
    beta = DraftParagraph.objects.get(pk=beta.pk)
    assert beta.position == 2 and beta.text == "Beta two, clarified."
    assert beta.earlier_versions[0]["text"] == "Beta two."
    assert summary.changed == [2]
    assert drafts.earlier_wording_for(beta, comment.created_at)["text"] == "Beta two."
    assert beta.get_thread().comments.get() == comment


def test_a_removed_paragraph_with_comments_stays_without_a_number(invited_page, people):
    replace(invited_page, "<p>Alpha one.</p><p>Beta two.</p><p>Gamma three.</p>")
    alpha, beta, _gamma = drafts.current_paragraphs(invited_page)
    discussions.post_comment(beta.get_thread(), people["city_editor"], "Keep this one.")
    alpha.get_thread()  # a thread without comments goes with its paragraph
    summary = replace(invited_page, "<p>Gamma three.</p>")
    assert summary.removed == [2]
    assert not DraftParagraph.objects.filter(pk=alpha.pk).exists()
    beta = DraftParagraph.objects.get(pk=beta.pk)
    assert beta.position is None and beta.removed_at
    assert [p.text for p in drafts.current_paragraphs(invited_page)] == ["Gamma three."]
    # Its thread takes no new comments, but keeps the old ones.
    thread = beta.get_thread()
    assert thread.comments.count() == 1
    assert not discussions.can_post(people["city_editor"], thread)


def test_deleting_the_consultation_deletes_paragraph_threads(invited_page, people):
    from forum_site.discussions.models import Comment, Thread

    replace(invited_page, "<p>Alpha one.</p>")
    paragraph = drafts.current_paragraphs(invited_page)[0]
    thread = paragraph.get_thread()
    discussions.post_comment(thread, people["city_editor"], "Gone with it.")
    invited_page.delete()
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert not Comment.objects.filter(thread_id=thread.pk).exists()


def test_removed_paragraphs_stay_listed_on_the_consultation_page(client, invited_page, people):
    replace(invited_page, "<p>Alpha one.</p><p>Beta two.</p>")
    beta = drafts.current_paragraphs(invited_page)[1]
    discussions.post_comment(beta.get_thread(), people["city_editor"], "Keep this one.")
    replace(invited_page, "<p>Alpha one.</p>")
    client.force_login(people["city_member"])
    html = client.get(invited_page.url).content.decode()
    assert "1 paragraph removed from the text, kept with its comments" in html
    paragraph_url = f"/consultations/{invited_page.pk}/draft-text/{beta.key}/"
    assert paragraph_url in html
    page = client.get(paragraph_url).content.decode()
    assert "Beta two." in page and "Keep this one." in page and "was removed" in page
