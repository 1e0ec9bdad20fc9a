"""The edit page's contact, consent text, background (Markdown) and documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from consultations.models import ChangeLogEntry, ConsultationPage
from consultations.tests.views.test_authoring import details_data, fresh, url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DEFAULT_CONSENT = "Once the ministry publishes its outcome, responses may be shown with it"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = ""


@pytest.fixture
def cast(people, make_user, ministry, make_org):
    other_ministry = make_org("Ministry of Elsewhere", kind="national", country="GH")
    return {
        "anonymous": None,
        "owner_member": people["owner_member"],
        "owner_editor": people["owner"],
        "owner_admin": make_user("owner_admin", org=ministry, role="admin"),
        "other_editor": make_user("other_editor", org=other_ministry, role="editor"),
        "city_editor": people["city_editor"],
        "superuser": people["root"],
    }


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


# Contact and consent text ------------------------------------------------------------


def test_the_open_form_sets_contact_and_consent_text(client, people, ministry, city):
    client.force_login(people["owner"])
    form_page = client.get("/consultations/open/").content.decode()
    assert 'name="contact_email"' in form_page and 'name="consent_text"' in form_page
    assert DEFAULT_CONSENT in form_page  # the standard text, quoted in the help
    response = client.post(
        "/consultations/open/",
        {
            "owner_organisation": ministry.pk,
            "title": "With a contact",
            "summary": "Tell us.",
            "timezone": "UTC",
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2099-01-31T17:00",
            "audience": "public",
            "contact_name": "Ama Mensah",
            "contact_role": "Policy officer",
            "contact_email": "ama@example.org",
            "consent_text": "We publish only with your agreement.",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "40",
            "questions-0-text": "Anything?",
            "questions-0-kind": "text",
            "questions-0-max_length": "3000",
            "action": "draft",
        },
    )
    assert response.status_code == 302
    page = ConsultationPage.objects.get(title="With a contact")
    assert (page.contact_name, page.contact_role, page.contact_email) == (
        "Ama Mensah",
        "Policy officer",
        "ama@example.org",
    )
    assert page.consent_explanation == "We publish only with your agreement."


def test_a_bad_contact_email_is_a_form_error(client, people, make_consultation, ministry, city):
    page = make_consultation(ministry, invited=[city])
    client.force_login(people["owner"])
    response = client.post(url("edit", page), details_data(page, contact_email="not an address"))
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert fresh(page).contact_email == ""


def test_editing_contact_and_consent_is_logged_once_open(
    client, people, make_consultation, ministry, city
):
    page = make_consultation(ministry, invited=[city])
    client.force_login(people["owner"])
    response = client.post(
        url("edit", page),
        details_data(
            page,
            contact_name="Kofi",
            contact_role="Desk officer",
            contact_email="kofi@example.org",
            consent_text="Our own words.",
        ),
    )
    assert response.status_code == 302
    page = fresh(page)
    assert page.contact_name == "Kofi" and page.consent_text == "Our own words."
    log = ChangeLogEntry.objects.get(consultation=page).description
    assert "Contact changed." in log and "Consent text changed." in log
    # The edit form shows them again.
    edit_page = client.get(url("edit", page)).content.decode()
    assert 'value="kofi@example.org"' in edit_page and "Our own words." in edit_page


def test_the_contact_email_is_for_signed_in_viewers(
    client, people, make_consultation, ministry, city
):
    page = make_consultation(ministry, audience="public", invited=[city])
    ConsultationPage.objects.filter(pk=page.pk).update(
        contact_name="Ama Mensah", contact_role="Policy officer", contact_email="ama@example.org"
    )
    page = fresh(page)
    anonymous = as_user(client, None).get(page.url).content.decode()
    assert "Ama Mensah, Policy officer" in anonymous
    assert "ama@example.org" not in anonymous
    assert "Log in to see the contact email." in anonymous
    signed_in = as_user(client, people["ngo_member"]).get(page.url).content.decode()
    assert 'href="mailto:ama@example.org"' in signed_in


def test_no_contact_no_contact_line(client, people, make_consultation, ministry, city):
    page = make_consultation(ministry, audience="public", invited=[city])
    html = as_user(client, people["ngo_member"]).get(page.url).content.decode()
    assert "<dt>Contact</dt>" not in html


def test_the_consent_text_is_shown_above_the_consent_choice(
    client, people, make_consultation, ministry, city
):
    page = make_consultation(ministry, invited=[city])
    client.force_login(people["city_editor"])
    respond = reverse("consultations:respond", args=[page.pk])
    assert DEFAULT_CONSENT in client.get(respond).content.decode()
    ConsultationPage.objects.filter(pk=page.pk).update(
        consent_text="We publish responses <b>only</b> with consent."
    )
    html = client.get(respond).content.decode()
    assert "We publish responses &lt;b&gt;only&lt;/b&gt; with consent." in html
    assert DEFAULT_CONSENT not in html
    assert html.index("We publish responses") < html.index('name="consent"')


# Background as Markdown ---------------------------------------------------------------


def test_the_background_is_edited_as_markdown_and_keeps_admin_blocks(
    client, people, make_consultation, ministry, city
):
    annex = get_document_model().objects.create(
        title="Annex", file=SimpleUploadedFile("annex.pdf", PDF)
    )
    page = make_consultation(ministry, invited=[city], opens=2, closes=9)
    page.background = [
        ("heading", "Where we are"),
        (
            "text",
            f'<p>Some <b>bold</b> words and <a linktype="document" id="{annex.pk}">the annex</a>.'
            "</p><ul><li>one</li><li>two</li></ul>",
        ),
        ("document", {"document": annex, "caption": "The annex"}),
    ]
    page.save_revision().publish()
    client.force_login(people["owner"])
    edit_page = client.get(url("edit", page)).content.decode()
    assert "&lt;b&gt;" not in edit_page and "&lt;p&gt;" not in edit_page
    markdown = f"Some **bold** words and [the annex](document:{annex.pk}).\n\n- one\n- two"
    assert markdown in edit_page.replace("&#x27;", "'")

    # Saving it unchanged leaves the stored text as it was.
    before = fresh(page).background[1].value.source
    assert client.post(url("edit", page), details_data(fresh(page))).status_code == 302
    assert fresh(page).background[1].value.source == before

    # An edit keeps the heading, the document block and the link to the annex;
    # a link typed to another document is dropped.
    other = get_document_model().objects.create(
        title="Other", file=SimpleUploadedFile("other.pdf", PDF)
    )
    edited = markdown.replace("Some", "### New heading\n\nSome") + (
        f"\n\nSee [the other file](document:{other.pk})."
    )
    assert (
        client.post(url("edit", page), details_data(fresh(page), background=edited)).status_code
        == 302
    )
    page = fresh(page)
    kinds = [block.block_type for block in page.background]
    assert kinds == ["heading", "text", "document"]
    html = page.background[1].value.source
    assert "<h3>New heading</h3>" in html and "<strong>bold</strong>" in html
    assert f'<a id="{annex.pk}" linktype="document">' in html or (
        f'linktype="document" id="{annex.pk}"' in html
    )
    assert f'id="{other.pk}"' not in html and "See the other file." in html


# Documents -----------------------------------------------------------------------------


def pdf_upload(name="strategy.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_document(client, page, upload, title=""):
    return client.post(
        url("edit", page), {"action": "add_document", "doc-file": upload, "doc-title": title}
    )


EXPECTED_UPLOAD = {
    "anonymous": 302,  # to log in
    "owner_member": 403,
    "owner_editor": 302,
    "owner_admin": 302,
    "other_editor": 404,
    "city_editor": 403,
    "superuser": 302,
}


def test_who_may_add_a_document(client, cast, make_consultation, ministry, city):
    page = make_consultation(ministry, invited=[city], opens=2, closes=9)
    for role, user in cast.items():
        response = add_document(as_user(client, user), page, pdf_upload(f"{role}.pdf"), role)
        assert response.status_code == EXPECTED_UPLOAD[role], role
        if role == "anonymous":
            assert "/login/" in response["Location"]
    titles = [b.value["caption"] or b.value["document"].title for b in fresh(page).background]
    assert titles == ["owner_editor", "owner_admin", "superuser"]


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("diagram.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'),
        ("diagram.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    ],
)
def test_markup_disguised_as_a_document_is_refused(
    client, people, make_consultation, ministry, city, name, content
):
    page = make_consultation(ministry, invited=[city], opens=2, closes=9)
    client.force_login(people["owner"])
    count = get_document_model().objects.count()
    response = add_document(client, page, SimpleUploadedFile(name, content), "Bad")
    assert response.status_code == 400
    assert "web page, SVG, XML or script" in response.content.decode()
    assert get_document_model().objects.count() == count
    assert list(fresh(page).background) == []


def test_an_image_is_not_a_document_here(client, people, make_consultation, ministry, city):
    page = make_consultation(ministry, invited=[city], opens=2, closes=9)
    client.force_login(people["owner"])
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = add_document(client, page, SimpleUploadedFile("chart.png", png), "Chart")
    assert response.status_code == 400
    assert "is not a document the site shares" in response.content.decode()


def test_a_document_of_an_invited_draft_is_private_at_once(
    client, people, make_consultation, ministry, city
):
    page = make_consultation(ministry, invited=[city], opens=2, closes=9, live=False)
    client.force_login(people["owner"])
    assert add_document(client, page, pdf_upload(), "Draft strategy").status_code == 302
    document = get_document_model().objects.get(title="Draft strategy")
    assert document.file.name.endswith(".pdf")
    expected = {None: 404, "city_member": 404, "owner_member": 200, "root": 200}
    for role, status in expected.items():
        user = people[role] if role else None
        assert as_user(client, user).get(document.url).status_code == status, role
    # Published: its audience downloads it, others still not.
    fresh(page).save_revision().publish()
    assert as_user(client, people["city_member"]).get(document.url).status_code == 200
    assert as_user(client, people["ngo_editor"]).get(document.url).status_code == 404
    assert as_user(client, None).get(document.url).status_code == 404


def test_documents_are_removed_before_opening_only(
    client, people, make_consultation, ministry, city
):
    page = make_consultation(ministry, invited=[city], opens=2, closes=9)
    client.force_login(people["owner"])
    add_document(client, page, pdf_upload(), "Annex A")
    page = fresh(page)
    block = page.background[0]
    edit_page = client.get(url("edit", page)).content.decode()
    assert "Annex A" in edit_page and f'value="{block.id}"' in edit_page
    response = client.post(url("edit", page), {"remove_document": block.id})
    assert response.status_code == 302
    assert list(fresh(page).background) == []
    assert not get_document_model().objects.filter(title="Annex A").exists()
    assert not ChangeLogEntry.objects.filter(consultation=page).exists()

    opened = make_consultation(ministry, invited=[city], opens=-1, closes=9)
    add_document(client, opened, pdf_upload(), "Annex B")
    opened = fresh(opened)
    assert (
        "Document added: “Annex B”." in ChangeLogEntry.objects.get(consultation=opened).description
    )
    block = opened.background[0]
    assert f'value="{block.id}"' not in client.get(url("edit", opened)).content.decode()
    client.post(url("edit", opened), {"remove_document": block.id})
    assert len(fresh(opened).background) == 1
    assert get_document_model().objects.filter(title="Annex B").exists()


def test_removing_an_unknown_block_is_refused(client, people, make_consultation, ministry, city):
    page = make_consultation(ministry, invited=[city], opens=2, closes=9)
    client.force_login(people["owner"])
    response = client.post(url("edit", page), {"remove_document": "nope"}, follow=True)
    assert "That document is not attached to this consultation." in response.content.decode()
