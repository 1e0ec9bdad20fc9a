"""Front-end submission and editing of practices, uploads and bad input."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from forum_site.notifications.models import Notification
from practices.models import PracticeDraft, PracticePage
from practices.tests.helpers import (
    SUBMIT,
    approve,
    docx_file,
    fake_pdf,
    pdf_file,
    png_file,
    submit,
    valid_post,
)

pytestmark = pytest.mark.django_db


# Who may submit ---------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(SUBMIT)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("kind", ["civil_society", "national", "international"])
def test_members_of_other_kinds_cannot_submit(client, make_org, make_user, kind):
    org = make_org(kind=kind)
    client.force_login(make_user("someone", org=org, role="admin"))
    assert client.get(SUBMIT).status_code == 403
    assert submit(client, org).status_code == 403
    assert not PracticePage.objects.exists()


@pytest.mark.parametrize("kind", ["city", "local_government", "lga_association"])
def test_members_of_local_authorities_and_associations_may_submit(
    client, make_org, make_user, kind
):
    org = make_org(kind=kind)
    client.force_login(make_user("someone", org=org, role="member"))
    assert client.get(SUBMIT).status_code == 200
    assert submit(client, org).status_code == 302
    assert PracticePage.objects.filter(organisation=org).count() == 1


def test_cannot_submit_for_an_organisation_one_does_not_belong_to(client, city_member, other_city):
    client.force_login(city_member)
    response = submit(client, other_city)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not PracticePage.objects.exists()


# From submission to publication ------------------------------------------------


def test_submission_creates_a_draft_in_moderation(client, city_member, city):
    client.force_login(city_member)
    response = submit(client, city)
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:contributions")
    page = PracticePage.objects.get()
    assert not page.live
    assert page.submitted_by == city_member and page.organisation == city
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_task.name == "Approval by practice moderators"
    # Not public yet: neither the listing nor the page URL shows it.
    client.logout()
    assert page.title not in client.get("/practices/").content.decode()
    assert client.get(f"/practices/{page.slug}/").status_code == 404
    # The submitter sees it under "My contributions".
    client.force_login(city_member)
    html = client.get(reverse("practices:contributions")).content.decode()
    assert page.title in html and "Awaiting moderation" in html


def test_stored_fields_and_body(client, city_member, city):
    client.force_login(city_member)
    submit(client, city)
    page = PracticePage.objects.get().get_latest_revision_as_object()
    assert page.people_reached == 4200 and page.end_year is None
    assert [c.country.code for c in page.countries.all()] == ["GH"]
    assert page.countries.first().region == "002"
    assert [o.number for o in page.gcm_objectives.all()] == [15]
    types = [block.block_type for block in page.body]
    assert types == ["challenge", "approach", "results", "transfer", "link"]
    results = page.body[2].value
    assert [f["value"] for f in results["figures"]] == ["4,200", "-60%"]
    assert page.body[0].value.source == "<p>Newcomers visited six offices.</p><p>Many gave up.</p>"


# Sanitising ----------------------------------------------------------------------


def test_rich_text_from_the_form_is_sanitised(client, city_member, city):
    client.force_login(city_member)
    submit(
        client,
        city,
        challenge='<p onclick="steal()">Hello <script>alert(1)</script><b>bold</b> '
        '<a href="javascript:alert(2)">x</a> <a href="https://ok.example">ok</a></p>',
    )
    html = PracticePage.objects.get().get_latest_revision_as_object().body[0].value.source
    assert "script" not in html and "onclick" not in html and "javascript" not in html
    assert "<b>bold</b>" in html and 'href="https://ok.example"' in html


# Uploads ------------------------------------------------------------------------------


def test_pdf_docx_and_image_are_accepted(client, city_member, city):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    client.force_login(city_member)
    response = submit(client, city, files=[pdf_file(), docx_file(), png_file()])
    assert response.status_code == 302, response.context["form"].errors
    assert get_document_model().objects.count() == 2
    assert get_image_model().objects.count() == 1
    body = PracticePage.objects.get().get_latest_revision_as_object().body
    assert [b.block_type for b in body].count("document") == 2
    assert [b.block_type for b in body].count("image") == 1


@pytest.mark.parametrize(
    "upload,message",
    [
        (lambda: fake_pdf(), "checked by its content"),
        (lambda: pdf_file(size=10 * 1024 * 1024 + 1), "at most 10 MB"),
        (
            lambda: png_file(name="renamed.pdf").__class__("x.png", b"\x89PNG\r\n\x1a\nbroken"),
            "cannot be read",
        ),  # noqa: E501
    ],
)
def test_bad_uploads_are_rejected_and_nothing_is_saved(client, city_member, city, upload, message):
    from wagtail.documents import get_document_model

    client.force_login(city_member)
    response = submit(client, city, files=[upload()])
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["attachments"])
    assert not PracticePage.objects.exists()
    assert not get_document_model().objects.exists()
    # What was typed on every step is kept in the draft.
    assert PracticeDraft.objects.get().data["title"] == valid_post(city)["title"]


def test_at_most_five_files(client, city_member, city):
    client.force_login(city_member)
    response = submit(client, city, files=[pdf_file(f"f{i}.pdf") for i in range(6)])
    assert "at most 5" in " ".join(response.context["form"].errors["attachments"])


# Bad input on the form ---------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"title": ""}, "title"),
        ({"title": "abc"}, "title"),
        ({"summary": "x" * 301}, "summary"),
        ({"themes": []}, "themes"),
        ({"countries": []}, "countries"),
        ({"countries": ["XX"]}, "countries"),
        ({"start_year": "1800"}, "start_year"),
        ({"start_year": "2999"}, "start_year"),
        ({"start_year": "soon"}, "start_year"),
        ({"start_year": "2020", "end_year": "2010", "status": "completed"}, "end_year"),
        ({"end_year": "2001", "start_year": "2000", "status": "ongoing"}, "status"),
        ({"challenge": ""}, "challenge"),
        ({"challenge": "x" * 10_001}, "challenge"),
        ({"figures": "no bar here"}, "figures"),
        ({"links": "ftp://example.org file"}, "links"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"people_reached": "-5"}, "people_reached"),
        ({"status": "abandoned"}, "status"),
        ({"budget_band": "lots"}, "budget_band"),
    ],
)
def test_bad_input_is_reported_and_kept(client, city_member, city, overrides, field):
    client.force_login(city_member)
    response = submit(client, city, **overrides)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert not PracticePage.objects.exists()
    # The step's input is kept as typed, errors and all, and shown again.
    draft = PracticeDraft.objects.get()
    expected = valid_post(city, **overrides)[field]
    assert draft.data[field] == expected
    if isinstance(expected, str):
        assert form[field].value() == expected
    assert draft.data["title"] == valid_post(city, **overrides)["title"]
    assert "nothing was lost" in response.content.decode()


# Editing through moderation ---------------------------------------------------------------


def test_editor_updates_through_moderation(client, city, city_editor, moderator, make_practice):
    page = make_practice(city, title="Original title", summary="Original summary.")
    client.force_login(city_editor)
    form_page = client.get(reverse("practices:edit", args=[page.pk]))
    assert form_page.status_code == 200
    assert form_page.context["form"]["title"].value() == "Original title"
    data = valid_post(city, title="A better title")
    data.pop("organisation")
    response = client.post(reverse("practices:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Original title"  # the public page waits for approval
    assert page.has_unpublished_changes
    approve(page, moderator)
    page.refresh_from_db()
    assert page.title == "A better title" and page.live
    assert Notification.objects.filter(user=city_editor, kind="practice_moderation").exists()


def test_second_edit_restarts_the_workflow(client, city, city_editor, make_practice):
    page = make_practice(city, title="Original title")
    client.force_login(city_editor)
    url = reverse("practices:edit", args=[page.pk])
    client.post(url, valid_post(city, title="First change"))
    client.post(url, valid_post(city, title="Second change"))
    states = WorkflowState.objects.filter(object_id=str(page.pk))
    assert states.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    assert states.filter(status=WorkflowState.STATUS_CANCELLED).count() == 1


def test_edit_keeps_owner_even_if_another_is_posted(
    client, city, city_editor, other_city, make_practice
):
    page = make_practice(city, title="Original title")
    client.force_login(city_editor)
    client.post(reverse("practices:edit", args=[page.pk]), valid_post(other_city))
    assert page.get_latest_revision_as_object().organisation == city


@pytest.mark.parametrize("who", ["member", "other_editor", "ngo_admin", "anonymous"])
def test_nobody_else_can_edit(client, city, make_user, make_org, make_practice, who):
    page = make_practice(city, title="Original title")
    if who == "member":
        client.force_login(make_user("m", org=city, role="member"))
    elif who == "other_editor":
        client.force_login(make_user("e", org=make_org(kind="city"), role="editor"))
    elif who == "ngo_admin":
        client.force_login(make_user("n", org=make_org(kind="civil_society"), role="admin"))
    url = reverse("practices:edit", args=[page.pk])
    expected = 302 if who == "anonymous" else 403
    assert client.get(url).status_code == expected
    assert client.post(url, valid_post(city, title="Hijacked")).status_code == expected
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Original title"


# Hostile values ------------------------------------------------------------------

BIG_ID = "99999999999999999999"  # beyond a 64-bit integer


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"organisation": BIG_ID}, "organisation"),
        ({"partners": [BIG_ID]}, "partners"),
        ({"themes": [BIG_ID]}, "themes"),
        ({"gcm_objectives": ["-" + BIG_ID]}, "gcm_objectives"),
    ],
)
def test_ids_beyond_a_64_bit_integer_are_form_errors(client, city_member, city, overrides, field):
    client.force_login(city_member)
    response = submit(client, city, **overrides)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PracticePage.objects.exists()


def test_one_line_fields_lose_their_line_breaks(client, city_member, city):
    client.force_login(city_member)
    response = submit(
        client,
        city,
        title="Neighbourhood one-stop shop\r\nfor newcomers",
        contact_name="Ama\x00 Example",
        cities="Testville\u2028",
    )
    assert response.status_code == 302
    page = PracticePage.objects.get().get_latest_revision_as_object()
    assert page.title == "Neighbourhood one-stop shop for newcomers"
    assert page.contact_name == "Ama Example"


def test_a_page_id_past_64_bits_is_not_found(client, city_editor):
    """The database cannot hold such an id; the query raised (a 500 found by the hostile crawl)."""
    client.force_login(city_editor)
    assert client.get(f"/practices/{2**64}/edit/").status_code == 404
    assert client.post(f"/practices/{2**64}/adopt/").status_code == 404
