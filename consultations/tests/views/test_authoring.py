"""The owner's edit pages: who may, the builder's operations without JavaScript,
bad input, what may change once organisations respond, revisions and the
public change log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.authoring import details_initial
from consultations.forms.authoring import question_row
from consultations.forms.opening import DATETIME_FORMAT
from consultations.models import ChangeLogEntry, ConsultationPage, QuestionTemplate
from consultations.tests.conftest import submit
from forum_site.notifications.models import Notification

pytestmark = pytest.mark.django_db

VIEWS = ("edit", "edit_questions", "edit_preview")


def url(name, page, query=""):
    return reverse(f"consultations:{name}", args=[page.pk]) + query


def fresh(page):
    return ConsultationPage.objects.get(pk=page.pk)


def rows_of(page):
    return [question_row(q, keep_id=True) for q in page.questions.all()]


def builder_data(rows, op="save"):
    data = {
        "q-TOTAL_FORMS": str(len(rows)),
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "100",
        "op": op,
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            if name == "required":
                if value:
                    data[f"q-{i}-required"] = "on"
                continue
            data[f"q-{i}-{name}"] = "" if value is None else str(value)
    return data


def new_row(text, kind="text", **extra):
    row = {
        "id": "",
        "text": text,
        "kind": kind,
        "required": False,
        "help_text": "",
        "choices": "",
        "max_length": 3000,
        "scale_min": 1,
        "scale_max": 5,
        "scale_min_label": "",
        "scale_max_label": "",
    }
    row.update(extra)
    return row


def details_data(page, **changes):
    initial = details_initial(page)
    data = {
        "title": initial["title"],
        "summary": initial["summary"],
        "background": initial["background"],
        "timezone": initial["timezone"],
        "opens_at": initial["opens_at"].strftime(DATETIME_FORMAT),
        "closes_at": initial["closes_at"].strftime(DATETIME_FORMAT),
        "audience": initial["audience"],
        "invited_organisations": [o.pk for o in initial["invited_organisations"]],
        "themes": [t.pk for t in initial["themes"]],
        "invite_local_authorities_of": initial["invite_local_authorities_of"],
        "invite_members_of": "",
        "action": "save",
    }
    data.update(changes)
    return data


@pytest.fixture
def cast(people, make_user, ministry, make_org):
    other_ministry = make_org("Ministry of Elsewhere", kind="national", country="GH")
    return {
        "anonymous": None,
        "owner_member": people["owner_member"],
        "owner_editor": people["owner"],
        "owner_admin": make_user("owner_admin", org=ministry, role="admin"),
        "other_editor": make_user("other_editor", org=other_ministry, role="editor"),
        "superuser": people["root"],
    }


@pytest.fixture
def public(make_consultation, ministry, city):
    return make_consultation(ministry, audience="public", invited=[city], opens=1, closes=9)


@pytest.fixture
def invited_open(make_consultation, ministry, city):
    return make_consultation(ministry, audience="invited", invited=[city], opens=-1, closes=7)


# Who may ------------------------------------------------------------------------

EXPECTED_PUBLIC = {
    "anonymous": 302,  # to log in
    "owner_member": 403,
    "owner_editor": 200,
    "owner_admin": 200,
    "other_editor": 403,  # sees the public consultation, may not manage it
    "superuser": 200,
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("role", list(EXPECTED_PUBLIC))
def test_who_may_open_each_view(client, cast, public, role, view):
    if cast[role]:
        client.force_login(cast[role])
    response = client.get(url(view, public))
    assert response.status_code == EXPECTED_PUBLIC[role]
    if response.status_code == 302:
        assert "/login" in response["Location"] or "accounts" in response["Location"]
    if response.status_code == 200:
        assert public.title in response.content.decode()


@pytest.mark.parametrize("view", VIEWS)
def test_an_invited_only_consultation_is_not_found_by_other_organisations(
    client, cast, invited_open, view
):
    client.force_login(cast["other_editor"])
    assert client.get(url(view, invited_open)).status_code == 404


@pytest.mark.parametrize("role", list(EXPECTED_PUBLIC))
def test_who_may_post(client, cast, public, role):
    if cast[role]:
        client.force_login(cast[role])
    allowed = EXPECTED_PUBLIC[role] == 200
    details = client.post(url("edit", public), details_data(public, title="Renamed"))
    rows = rows_of(public)
    rows[0]["text"] = "Reworded"
    questions = client.post(url("edit_questions", public), builder_data(rows))
    page = fresh(public)
    if allowed:
        assert details.status_code == 302 and questions.status_code == 302
        assert page.title == "Renamed"
        assert page.questions.first().text == "Reworded"
    else:
        assert details.status_code == EXPECTED_PUBLIC[role]
        assert questions.status_code == EXPECTED_PUBLIC[role]
        assert page.title == public.title
        assert page.questions.first().text == "Tell us more"


def test_edit_links_only_for_managers(client, cast, public):
    edit = url("edit", public)
    for role in ("owner_editor", "owner_admin", "superuser"):
        client.force_login(cast[role])
        page_html = client.get(public.url).content.decode()
        assert f'href="{edit}"' in page_html, role
    client.force_login(cast["owner_editor"])
    dashboard = client.get(url("dashboard", public)).content.decode()
    assert f'href="{edit}"' in dashboard
    for role in ("owner_member", "other_editor"):
        client.force_login(cast[role])
        assert f'href="{edit}"' not in client.get(public.url).content.decode(), role


# The details ----------------------------------------------------------------------


def test_edit_details_saves_a_published_revision(client, people, public, make_org):
    client.force_login(people["owner"])
    response = client.get(url("edit", public))
    assert response.status_code == 200
    assert 'value="Consultation' in response.content.decode()
    before = public.revisions.count()
    town = make_org("Town", kind="city")
    response = client.post(
        url("edit", public),
        details_data(
            public,
            title="A better title",
            summary="A new summary.",
            background="Some **bold** words.",
            audience="invited",
            invited_organisations=[town.pk],
            invite_local_authorities_of="IT",
        ),
    )
    assert response.status_code == 302
    page = fresh(public)
    assert page.title == "A better title" and page.summary == "A new summary."
    assert "<strong>bold</strong>" in str(page.background)
    assert page.audience == "invited"
    assert list(page.invited_organisations.all()) == [town]
    assert [str(r.country) for r in page.invite_rules.all()] == ["IT"]
    assert page.revisions.count() == before + 1
    assert page.live_revision_id == page.latest_revision_id
    assert page.latest_revision.content["title"] == "A better title"
    # Scheduled, not yet open: no public change log.
    assert not ChangeLogEntry.objects.filter(consultation=page).exists()


def test_a_draft_is_saved_as_a_draft(client, people, make_consultation, ministry, city):
    draft = make_consultation(ministry, invited=[city], live=False, opens=1)
    client.force_login(people["owner"])
    response = client.post(url("edit", draft), details_data(draft, title="Draft renamed"))
    assert response.status_code == 302
    page = fresh(draft)
    assert not page.live
    assert page.title == "Draft renamed"
    assert page.latest_revision.content["title"] == "Draft renamed"


def test_bad_details_are_form_errors(client, people, public):
    client.force_login(people["owner"])
    response = client.post(
        url("edit", public),
        details_data(
            public, closes_at="2000-01-01T00:00", audience="invited", invited_organisations=[]
        ),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The closing date must be after the opening." in text
    assert "Invite at least one organisation" in text
    assert fresh(public).title == public.title


# The builder without JavaScript ---------------------------------------------------


def _texts(response):
    return [f.initial.get("text") for f in response.context["formset"].forms]


def test_builder_operations_rerender_without_saving(client, people, public):
    client.force_login(people["owner"])
    rows = rows_of(public)
    texts = [r["text"] for r in rows]
    response = client.post(url("edit_questions", public), builder_data(rows, op="add"))
    assert response.status_code == 200
    assert _texts(response) == [*texts, ""]

    response = client.post(url("edit_questions", public), builder_data(rows, op="remove-1"))
    assert _texts(response) == [texts[0], *texts[2:]]

    response = client.post(url("edit_questions", public), builder_data(rows, op="duplicate-1"))
    assert _texts(response) == [texts[0], texts[1], texts[1], *texts[2:]]
    duplicate = response.context["formset"].forms[2]
    assert not duplicate.initial["id"]  # a new question, not the same one twice

    response = client.post(url("edit_questions", public), builder_data(rows, op="up-1"))
    assert _texts(response) == [texts[1], texts[0], *texts[2:]]

    response = client.post(url("edit_questions", public), builder_data(rows, op="down-1"))
    assert _texts(response) == [texts[0], texts[2], texts[1], *texts[3:]]

    # Typed text survives an operation; nothing was saved.
    rows[0]["text"] = "Typed but not saved"
    response = client.post(url("edit_questions", public), builder_data(rows, op="add"))
    assert _texts(response)[0] == "Typed but not saved"
    assert [q.text for q in fresh(public).questions.all()] == texts
    html = response.content.decode()
    assert 'name="op" value="up-1"' in html and 'name="op" value="remove-0"' in html


def test_builder_saves_every_kind_and_sections(client, people, public):
    client.force_login(people["owner"])
    before = public.revisions.count()
    rows = [
        new_row("About you", "section", help_text="First, who you are."),
        new_row("Who are you?", "text", max_length=200, required=True),
        new_row("Pick", "single", choices="A\nB\nA\n"),
        new_row("Pick many", "multiple", choices="X\nY\nZ"),
        new_row(
            "Rate",
            "scale",
            scale_min=0,
            scale_max=10,
            scale_min_label="Bad",
            scale_max_label="Good",
        ),
        new_row("Agree?", "yes_no"),
        new_row("", "text"),  # an empty new row is ignored
    ]
    response = client.post(url("edit_questions", public), builder_data(rows))
    assert response.status_code == 302
    questions = list(fresh(public).questions.all())
    assert [(q.text, q.kind) for q in questions] == [
        ("About you", "section"),
        ("Who are you?", "text"),
        ("Pick", "single"),
        ("Pick many", "multiple"),
        ("Rate", "scale"),
        ("Agree?", "yes_no"),
    ]
    assert questions[1].max_length == 200 and questions[1].required
    assert questions[2].choice_list == ["A", "B"]
    assert questions[4].answer_options() == [str(i) for i in range(11)]
    assert fresh(public).revisions.count() == before + 1


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (new_row("Pick", "single", choices="Only one"), "at least two choices"),
        (new_row("Pick", "multiple", choices=""), "at least two choices"),
        (new_row("Rate", "scale", scale_min=5, scale_max=5), "must be above the lowest"),
        (new_row("Rate", "scale", scale_min=3, scale_max=1), "must be above the lowest"),
        (new_row("Rate", "scale", scale_min=0, scale_max=99), "less than or equal to 10"),
        (new_row("Long", "text", max_length=10**9), "less than or equal to 20000"),
        (new_row("Odd", "nonsense"), "Select a valid choice"),
    ],
)
def test_bad_questions_are_form_errors(client, people, public, row, error):
    client.force_login(people["owner"])
    response = client.post(url("edit_questions", public), builder_data([row]))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert fresh(public).questions.count() == 5


def test_ten_thousand_forms_are_refused_unread(client, people, public):
    """TOTAL_FORMS=10000 (with as many texts as the site's field limit lets
    through) is a form error; the forms are not read."""
    client.force_login(people["owner"])
    data = builder_data([])
    data["q-TOTAL_FORMS"] = "10000"
    data.update({f"q-{i}-text": f"Q{i}" for i in range(9_000)})
    response = client.post(url("edit_questions", public), data)
    assert response.status_code == 400
    assert "at most 100 items" in response.content.decode()
    assert fresh(public).questions.count() == 5
    # The saved questionnaire is shown again, not the posted one.
    assert len(response.context["formset"].forms) == 5


def test_ten_thousand_complete_forms_are_refused_by_the_site_limit(client, people, public):
    client.force_login(people["owner"])
    data = builder_data([new_row(f"Q{i}") for i in range(10_000)])
    response = client.post(url("edit_questions", public), data)
    assert response.status_code == 400  # DATA_UPLOAD_MAX_NUMBER_FIELDS, not a 500
    assert fresh(public).questions.count() == 5


def test_a_hundred_and_one_forms_are_refused(client, people, public):
    client.force_login(people["owner"])
    response = client.post(
        url("edit_questions", public), builder_data([new_row(f"Q{i}") for i in range(101)])
    )
    assert response.status_code == 400
    assert fresh(public).questions.count() == 5


def test_a_tampered_management_form_is_refused(client, people, public):
    client.force_login(people["owner"])
    data = builder_data(rows_of(public))
    data["q-TOTAL_FORMS"] = "lots"
    response = client.post(url("edit_questions", public), data)
    assert response.status_code == 400
    assert fresh(public).questions.count() == 5


@pytest.mark.parametrize("op", ["remove-99", "explode", "up-x", "remove-" + "9" * 30])
def test_unknown_operations_are_refused(client, people, public, op):
    client.force_login(people["owner"])
    response = client.post(url("edit_questions", public), builder_data(rows_of(public), op=op))
    assert response.status_code == 400
    assert fresh(public).questions.count() == 5


@pytest.mark.parametrize("bad_id", ["other", "abc", "99999999999999999999999", "-3"])
def test_a_question_id_from_elsewhere_is_refused(
    client, people, public, make_consultation, ministry, bad_id
):
    other = make_consultation(ministry, audience="public")
    client.force_login(people["owner"])
    rows = rows_of(public)
    rows[0]["id"] = other.questions.first().pk if bad_id == "other" else bad_id
    rows[0]["text"] = "Hijacked"
    response = client.post(url("edit_questions", public), builder_data(rows))
    assert response.status_code == 400
    assert "does not belong to this consultation" in response.content.decode()
    assert other.questions.first().text == "Tell us more"
    assert fresh(public).questions.first().text == "Tell us more"


def test_the_same_question_twice_is_refused(client, people, public):
    client.force_login(people["owner"])
    rows = rows_of(public)
    rows[1]["id"] = rows[0]["id"]
    response = client.post(url("edit_questions", public), builder_data(rows))
    assert response.status_code == 400
    assert "appears twice" in response.content.decode()


# Starting points --------------------------------------------------------------------


def test_start_from_the_migration_marker_template(client, people, public):
    template = QuestionTemplate.objects.get(slug="migration-marker-review")
    client.force_login(people["owner"])
    response = client.get(url("edit_questions", public, "?start=template:" + template.slug))
    assert response.status_code == 200
    assert _texts(response) == [q["text"] for q in template.questions]
    assert fresh(public).questions.count() == 5  # nothing saved yet
    blank = client.get(url("edit_questions", public, "?start=blank"))
    assert _texts(blank) == []


def test_start_from_a_previous_consultation_of_the_same_organisation_only(
    client, people, public, make_consultation, ministry, make_org
):
    earlier = make_consultation(
        ministry, audience="public", questions=[{"text": "Earlier question", "kind": "text"}]
    )
    elsewhere = make_org("Ministry of Other Things", kind="national")
    foreign = make_consultation(
        elsewhere, audience="public", questions=[{"text": "Foreign question", "kind": "text"}]
    )
    client.force_login(people["owner"])
    response = client.get(url("edit_questions", public, f"?start=consultation:{earlier.pk}"))
    assert _texts(response) == ["Earlier question"]
    assert not response.context["formset"].forms[0].initial["id"]
    html = response.content.decode()
    assert f'value="consultation:{earlier.pk}"' in html
    assert f'value="consultation:{foreign.pk}"' not in html
    response = client.get(url("edit_questions", public, f"?start=consultation:{foreign.pk}"))
    assert "Foreign question" not in response.content.decode()
    assert "That starting point is not available." in response.content.decode()


# Preview ----------------------------------------------------------------------------


def test_preview_renders_the_respondent_form_disabled(client, people, public):
    client.force_login(people["owner"])
    rows = [new_row("Part one", "section", help_text="Intro to part one")] + rows_of(public)
    client.post(url("edit_questions", public), builder_data(rows))
    response = client.get(url("edit_preview", public))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "consultations/respond.html"
    html = response.content.decode()
    # Question texts are the consultation's content: dir="auto" (and its lang
    # when the page is in another language, docs/i18n.md).
    assert '<h2 dir="auto">Part one</h2>' in html and "Intro to part one" in html
    assert '1. <span dir="auto">Tell us more</span>' in html  # sections take no number
    assert 'method="post"' not in html.split("response-form")[0].rsplit("<form", 1)[-1]
    assert html.count(" disabled>") >= 2


# Once organisations respond ---------------------------------------------------------


@pytest.fixture
def answered(invited_open, city):
    submit(invited_open, city, {"Tell us more": "Text", "Pick one": "Red"})
    return invited_open


def _save(client, page, rows):
    return client.post(url("edit_questions", page), builder_data(rows))


def test_once_answered_removing_a_question_is_refused(client, people, answered):
    client.force_login(people["owner"])
    rows = rows_of(answered)
    response = client.post(url("edit_questions", answered), builder_data(rows, op="remove-1"))
    assert response.status_code == 400
    assert "cannot be removed" in response.content.decode()
    assert len(response.context["formset"].forms) == 5
    response = _save(client, answered, rows[:1] + rows[2:])
    assert response.status_code == 400
    assert "cannot be removed" in response.content.decode()
    assert fresh(answered).questions.count() == 5


@pytest.mark.parametrize(
    ("index", "change", "error"),
    [
        (0, {"kind": "yes_no"}, "the type of a question cannot change"),
        (1, {"choices": "Red\nGreen\nBlue\nYellow"}, "the choices cannot change"),
        (1, {"choices": "Red\nGreen"}, "the choices cannot change"),
        (3, {"scale_max": 7}, "the scale cannot change"),
        (0, {"required": True}, "cannot become required"),
    ],
)
def test_once_answered_invalidating_changes_are_refused(
    client, people, answered, index, change, error
):
    client.force_login(people["owner"])
    rows = rows_of(answered)
    rows[index].update(change)
    response = _save(client, answered, rows)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert rows_of(fresh(answered)) == rows_of(answered)


def test_once_answered_new_questions_go_at_the_end_and_are_optional(client, people, answered):
    client.force_login(people["owner"])
    rows = rows_of(answered)
    response = _save(client, answered, [rows[0], new_row("In the middle"), *rows[1:]])
    assert response.status_code == 400
    assert "new questions go at the end" in response.content.decode()
    response = _save(client, answered, [*rows, new_row("Required late", required=True)])
    assert response.status_code == 400
    assert "must be optional" in response.content.decode()
    response = _save(client, answered, [*rows, new_row("Late optional")])
    assert response.status_code == 302
    assert fresh(answered).questions.last().text == "Late optional"
    entry = ChangeLogEntry.objects.get(consultation=answered)
    assert "Question added: “Late optional”" in entry.description


def test_once_answered_wording_fixes_are_logged_publicly(client, people, answered):
    client.force_login(people["owner"])
    before = answered.revisions.count()
    rows = rows_of(answered)
    first_id = rows[0]["id"]
    rows[0]["text"] = "Tell us much more"
    rows[1]["help_text"] = "Choose the closest."
    rows[1]["required"] = False  # optional is always allowed
    rows[0], rows[2] = rows[2], rows[0]  # reordering is allowed too
    response = _save(client, answered, rows)
    assert response.status_code == 302
    page = fresh(answered)
    assert page.questions.get(pk=first_id).text == "Tell us much more"  # same id, same answers
    assert page.revisions.count() == before + 1
    entry = ChangeLogEntry.objects.get(consultation=page)
    assert "“Tell us more” is now “Tell us much more”" in entry.description
    assert "Help text of “Pick one” changed." in entry.description
    assert "Questions reordered." in entry.description
    # Shown to everyone who may see the consultation.
    client.force_login(people["city_member"])
    html = client.get(page.url).content.decode()
    assert "Changes since the consultation opened" in html
    assert "Tell us much more" in html


def test_extending_the_closing_date_notifies_invitees(
    client, people, answered, django_capture_on_commit_callbacks
):
    client.force_login(people["owner"])
    later = details_initial(answered)["closes_at"] + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("edit", answered), details_data(answered, closes_at=later.strftime(DATETIME_FORMAT))
        )
    assert response.status_code == 302
    page = fresh(answered)
    assert page.closes_at > answered.closes_at + timedelta(days=9)
    notice = Notification.objects.get(user=people["city_member"], kind="consultation_extended")
    assert page.title in notice.title
    assert not Notification.objects.filter(user=people["owner"], kind="consultation_extended")
    assert "Closing date extended" in ChangeLogEntry.objects.get(consultation=page).description


def test_once_open_the_opening_date_is_fixed(client, people, answered):
    client.force_login(people["owner"])
    earlier = details_initial(answered)["opens_at"] - timedelta(days=3)
    response = client.post(
        url("edit", answered), details_data(answered, opens_at=earlier.strftime(DATETIME_FORMAT))
    )
    assert response.status_code == 400
    assert "opening date can no longer change" in response.content.decode()
    past = timezone.now() - timedelta(hours=1)
    response = client.post(
        url("edit", answered),
        details_data(answered, closes_at=past.astimezone(answered.tz).strftime(DATETIME_FORMAT)),
    )
    assert response.status_code == 400
    assert "Close now" in response.content.decode()


def test_closing_early(client, people, answered):
    client.force_login(people["owner"])
    before = answered.revisions.count()
    response = client.post(url("edit", answered), {"action": "close"})
    assert response.status_code == 302
    page = fresh(answered)
    assert page.status == "closed"
    assert page.revisions.count() == before + 1
    assert "Closed early" in ChangeLogEntry.objects.get(consultation=page).description
    # Closed: no second early closing.
    response = client.post(url("edit", answered), {"action": "close"})
    assert response.status_code == 302
    assert ChangeLogEntry.objects.filter(consultation=page).count() == 1


def test_a_public_consultation_with_responses_stays_public(
    client, people, make_consultation, ministry, city
):
    page = make_consultation(ministry, audience="public")
    submit(page, city, {"Tell us more": "x"})
    client.force_login(people["owner"])
    response = client.post(
        url("edit", page), details_data(page, audience="invited", invited_organisations=[city.pk])
    )
    assert response.status_code == 400
    assert fresh(page).audience == "public"


def test_the_response_form_has_sections_and_custom_scales(client, people, invited_open):
    client.force_login(people["owner"])
    rows = [new_row("Part A", "section")] + rows_of(invited_open)
    rows[4]["scale_max"] = 7  # "Rate it": no responses yet, so the scale may change
    assert _save(client, invited_open, rows).status_code == 302
    client.force_login(people["city_editor"])
    respond = reverse("consultations:respond", args=[invited_open.pk])
    html = client.get(respond).content.decode()
    assert '<h2 dir="auto">Part A</h2>' in html and 'value="7"' in html
    rate = fresh(invited_open).questions.get(text="Rate it")
    response = client.post(
        respond,
        {
            "action": "submit",
            "consent": "private",
            "version": "0",
            f"q_{rate.pk}": "7",
            f"q_{fresh(invited_open).questions.get(text='Pick one').pk}": "Red",
        },
    )
    assert response.status_code == 302
    answers = invited_open.responses.get().submitted_answers
    assert answers[str(rate.pk)] == 7


def test_once_answered_the_questionnaire_cannot_start_over(client, people, answered):
    client.force_login(people["owner"])
    response = client.get(url("edit_questions", answered))
    assert 'name="start"' not in response.content.decode()
    response = client.get(url("edit_questions", answered, "?start=blank"))
    assert "cannot start over" in response.content.decode()
    assert len(response.context["formset"].forms) == 5


def test_sections_are_left_out_of_the_dashboard_and_the_exports(client, people, answered):
    client.force_login(people["owner"])
    rows = [*rows_of(answered), new_row("Closing remarks", "section")]
    assert _save(client, answered, rows).status_code == 302
    csv_text = client.get(url("export_csv", answered)).content.decode("utf-8-sig")
    assert "Closing remarks" not in csv_text and "Tell us more" in csv_text
    dashboard = client.get(url("dashboard", answered))
    assert len(dashboard.context["questions"]) == 5
