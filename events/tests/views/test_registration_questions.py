"""Registration questions (events/questions.py): the organisers' formset on the
event's form (each button without JavaScript, limits, bad input, the rules once
people have answered), the registration form with required and optional
questions, the registrant's page and the participants' CSV."""

import csv
import io

import pytest
from django.core import mail
from wagtail.models import Revision

from events.models import EventPage, Registration, RegistrationQuestion
from events.registration import register
from events.tests.conftest import berlin
from events.tests.views.test_editing import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user, city):
    return make_user("q_editor", org=city, role="editor")


@pytest.fixture
def forum(make_event, city):
    return make_event(
        "Mayoral Forum",
        organisers=[city],
        timezone="Europe/Berlin",
        start=berlin(2027, 3, 1, 10),
        end=berlin(2027, 3, 1, 12),
        capacity=50,
    )


def question(event, label, kind="short", *, choices="", required=False, order=0, help_text=""):
    return RegistrationQuestion.objects.create(
        page=event,
        label=label,
        kind=kind,
        choices=choices,
        required=required,
        sort_order=order,
        help_text=help_text,
    )


def rows_data(rows, initial=None):
    """The formset's POST for ``rows`` (dicts of the question fields)."""
    data = {
        "questions-TOTAL_FORMS": str(len(rows)),
        "questions-INITIAL_FORMS": str(len(rows) if initial is None else initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        for name in ("id", "label", "help_text", "kind", "choices"):
            data[f"questions-{i}-{name}"] = str(row.get(name, "short" if name == "kind" else ""))
        if row.get("required"):
            data[f"questions-{i}-required"] = "on"
    return data


def edit(client, event, city, rows, action="save", initial=None, **changes):
    data = form_data(organisation=city.pk, action=action, **changes)
    data.update(rows_data(rows, initial))
    return client.post(f"/events/{event.slug}/edit/", data)


def live_questions(event):
    return list(
        RegistrationQuestion.objects.filter(page=event).values_list(
            "label", "kind", "choices", "required"
        )
    )


# -- the organisers' formset -----------------------------------------------------------


def test_questions_are_saved_in_a_revision_and_shown_on_the_form(client, editor, forum, city):
    client.force_login(editor)
    page = client.get(f"/events/{forum.slug}/edit/").content.decode()
    assert 'value="q-add"' in page and "Registration questions" in page
    response = edit(
        client,
        forum,
        city,
        [
            {"label": "Dietary needs", "help_text": "Allergies too", "kind": "long"},
            {"label": "Session", "kind": "choice", "choices": "Morning\n\n Afternoon \nMorning"},
            {"label": "Need a visa letter?", "kind": "yes_no", "required": True},
        ],
    )
    assert response.status_code == 302
    assert live_questions(forum) == [
        ("Dietary needs", "long", "", False),
        ("Session", "choice", "Morning\nAfternoon", False),
        ("Need a visa letter?", "yes_no", "", True),
    ]
    revision = Revision.page_revisions.filter(object_id=str(forum.pk)).latest("created_at")
    assert [q["label"] for q in revision.content["registration_questions"]] == [
        "Dietary needs",
        "Session",
        "Need a visa letter?",
    ]
    page = client.get(f"/events/{forum.slug}/edit/").content.decode()
    assert 'value="Dietary needs"' in page and 'for="id_questions-2-required"' in page


def test_add_move_and_remove_buttons_rearrange_without_saving(client, editor, forum, city):
    client.force_login(editor)
    revisions = Revision.objects.count()
    rows = [{"label": "First"}, {"label": "Second", "kind": "long"}]
    page = edit(client, forum, city, rows, action="q-add").content.decode()
    assert 'name="questions-TOTAL_FORMS" value="3"' in page
    assert 'id="id_questions-2-label"' in page and "Question 3" in page
    assert "Please correct the errors below." not in page
    page = edit(client, forum, city, rows, action="q-down-0").content.decode()
    assert page.index('value="Second"') < page.index('value="First"')
    page = edit(client, forum, city, rows, action="q-up-1").content.decode()
    assert page.index('value="Second"') < page.index('value="First"')
    page = edit(client, forum, city, rows, action="q-remove-0").content.decode()
    assert 'value="First"' not in page and 'value="Second"' in page
    assert 'name="questions-TOTAL_FORMS" value="1"' in page
    # The rest of the form keeps what was typed, and nothing is saved.
    page = edit(client, forum, city, rows, action="q-remove-1", title="Typed title")
    assert 'value="Typed title"' in page.content.decode()
    assert Revision.objects.count() == revisions
    assert not RegistrationQuestion.objects.exists()
    # A blank added row (an extra form, as "add" renders it) is ignored on saving.
    response = edit(client, forum, city, [*rows, {"label": ""}], action="save", initial=2)
    assert response.status_code == 302
    assert [q[0] for q in live_questions(forum)] == ["First", "Second"]


def test_saving_keeps_each_questions_key_and_applies_order_and_removal(client, editor, forum, city):
    first = question(forum, "First", order=0)
    second = question(forum, "Second", order=1)
    third = question(forum, "Third", order=2)
    client.force_login(editor)
    response = edit(
        client,
        forum,
        city,
        [{"id": third.pk, "label": "Third, reworded"}, {"id": first.pk, "label": "First"}],
    )
    assert response.status_code == 302
    kept = list(RegistrationQuestion.objects.filter(page=forum).values_list("pk", "label"))
    assert kept == [(third.pk, "Third, reworded"), (first.pk, "First")]
    assert not RegistrationQuestion.objects.filter(pk=second.pk).exists()


def test_a_post_without_the_questions_keeps_them(client, editor, forum, city):
    question(forum, "Kept")
    client.force_login(editor)
    response = client.post(f"/events/{forum.slug}/edit/", form_data(organisation=city.pk))
    assert response.status_code == 302
    assert [q[0] for q in live_questions(forum)] == ["Kept"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"label": ""}, "This field is required."),
        ({"label": "x" * 201}, "at most 200 characters"),
        ({"label": "Pick", "kind": "choice", "choices": ""}, "at least two choices"),
        ({"label": "Pick", "kind": "choice", "choices": "Only one"}, "at least two choices"),
        (
            {"label": "Pick", "kind": "choice", "choices": "\n".join(f"c{n}" for n in range(21))},
            "at most 20 choices",
        ),
        ({"label": "Pick", "kind": "choice", "choices": "a\n" + "b" * 201}, "200 characters"),
        ({"label": "Odd", "kind": "essay"}, "Select a valid choice"),
        ({"label": "Who?", "id": "999999"}, "do not match the event"),
        ({"label": "Who?", "id": "abc"}, "Enter a whole number"),
    ],
)
def test_bad_questions_are_form_errors(client, editor, forum, city, row, message):
    client.force_login(editor)
    response = edit(client, forum, city, [row])
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Please correct the errors below." in page
    assert not RegistrationQuestion.objects.exists()


def test_at_most_twenty_questions(client, editor, forum, city):
    client.force_login(editor)
    rows = [{"label": f"Q{n}"} for n in range(21)]
    response = edit(client, forum, city, rows)
    assert response.status_code == 200
    assert "An event has at most 20 questions." in response.content.decode()
    assert not RegistrationQuestion.objects.exists()
    twenty = [{"label": f"Q{n}"} for n in range(20)]
    page = edit(client, forum, city, twenty, action="q-add").content.decode()
    assert "An event has at most 20 questions." in page
    assert 'name="questions-TOTAL_FORMS" value="20"' in page
    assert edit(client, forum, city, twenty).status_code == 302
    assert RegistrationQuestion.objects.filter(page=forum).count() == 20


@pytest.fixture
def answered(forum, people, city, ngo):
    """A choice question and a short one, answered by one registrant."""
    session = question(forum, "Session", "choice", choices="Morning\nAfternoon", order=0)
    note = question(forum, "Note", order=1)
    register(people[0], forum, ngo, answers={str(session.pk): "Morning", str(note.pk): "Hi"})
    return session, note


def test_once_answered_rewording_and_optional_questions_are_allowed(
    client, editor, forum, city, answered
):
    session, note = answered
    client.force_login(editor)
    response = edit(
        client,
        forum,
        city,
        [
            {"id": session.pk, "label": "Which session?", "kind": "choice",
             "choices": "Morning\nAfternoon\nEvening", "help_text": "New help"},
            {"id": note.pk, "label": "Anything else?"},
            {"label": "Optional newcomer", "kind": "yes_no"},
        ],
    )  # fmt: skip
    assert response.status_code == 302
    assert [q[0] for q in live_questions(forum)] == [
        "Which session?",
        "Anything else?",
        "Optional newcomer",
    ]
    assert Registration.objects.get().answers == {str(session.pk): "Morning", str(note.pk): "Hi"}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        # The kind of an answered question.
        (
            lambda s, n: [
                {"id": s.pk, "label": "Session", "kind": "short"},
                {"id": n.pk, "label": "Note"},
            ],
            "its kind cannot change",
        ),
        # An answered choice.
        (
            lambda s, n: [
                {"id": s.pk, "label": "Session", "kind": "choice", "choices": "Afternoon\nEve"},
                {"id": n.pk, "label": "Note"},
            ],
            "Registrants chose “Morning”",
        ),
        # An answered question.
        (
            lambda s, n: [
                {"id": s.pk, "label": "Session", "kind": "choice", "choices": "Morning\nAfter"}
            ],
            "“Note” has answers from registrants",
        ),
        # A new required question, or an optional one made required.
        (
            lambda s, n: [
                {"id": s.pk, "label": "Session", "kind": "choice", "choices": "Morning\nX"},
                {"id": n.pk, "label": "Note"},
                {"label": "Passport number", "required": True},
            ],
            "only an optional question can be added",
        ),
        (
            lambda s, n: [
                {"id": s.pk, "label": "Session", "kind": "choice", "choices": "Morning\nX"},
                {"id": n.pk, "label": "Note", "required": True},
            ],
            "only an optional question can be added",
        ),
    ],
)
def test_once_answered_the_rules_are_form_errors(
    client, editor, forum, city, answered, rows, message
):
    session, note = answered
    before = live_questions(forum)
    client.force_login(editor)
    response = edit(client, forum, city, rows(session, note))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert live_questions(forum) == before


def test_the_remove_button_refuses_an_answered_question(client, editor, forum, city, answered):
    session, note = answered
    client.force_login(editor)
    rows = [
        {"id": session.pk, "label": "Session", "kind": "choice", "choices": "Morning\nAfternoon"},
        {"id": note.pk, "label": "Note"},
    ]
    page = edit(client, forum, city, rows, action="q-remove-1").content.decode()
    assert "“Note” has answers from registrants" in page
    assert 'value="Note"' in page


def test_a_required_question_can_be_added_when_registrations_are_cancelled(
    client, editor, forum, city, people, ngo
):
    registration = register(people[0], forum, ngo)
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")
    client.force_login(editor)
    response = edit(client, forum, city, [{"label": "Passport", "required": True}])
    assert response.status_code == 302


def test_questions_on_a_new_event(client, editor, index_page, city):
    client.force_login(editor)
    data = form_data(organisation=city.pk, action="publish", title="Brand new")
    data.update(rows_data([{"label": "Your role", "required": True}]))
    response = client.post("/events/new/", data)
    assert response.status_code == 302
    event = EventPage.objects.get(title="Brand new")
    assert [q[0] for q in live_questions(event)] == ["Your role"]
    data["action"] = "q-add"
    page = client.post("/events/new/", data).content.decode()
    assert 'id="id_questions-1-label"' in page


# -- registering -------------------------------------------------------------------------


@pytest.fixture
def asked(forum):
    return {
        "role": question(forum, "Your role", required=True, order=0, help_text="<b>bold</b>"),
        "session": question(
            forum, "Session", "choice", choices="Morning\nAfternoon", required=False, order=1
        ),
        "visa": question(forum, "Visa letter?", "yes_no", required=True, order=2),
        "note": question(forum, "Note", "long", order=3),
    }


def test_the_registration_form_shows_the_questions(client, forum, asked, people):
    client.force_login(people[0])
    page = client.get(forum.url).content.decode()
    role = asked["role"].pk
    assert f'<label for="id_answer_{role}">Your role:</label>' in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page
    assert f'id="id_answer_{asked["session"].pk}_0"' in page and "Afternoon" in page
    assert "<legend>Visa letter?</legend>" in page


def test_registering_stores_the_answers_and_shows_them_to_the_registrant(
    client, forum, asked, people, ngo, django_capture_on_commit_callbacks
):
    client.force_login(people[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/{forum.slug}/register/",
            {
                "organisation": ngo.pk,
                f"answer_{asked['role'].pk}": "  Mayor's adviser ",
                f"answer_{asked['session'].pk}": "Afternoon",
                f"answer_{asked['visa'].pk}": "yes",
            },
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.answers == {
        str(asked["role"].pk): "Mayor's adviser",
        str(asked["session"].pk): "Afternoon",
        str(asked["visa"].pk): "yes",
    }
    page = client.get(forum.url).content.decode()
    assert "Your answers" in page and "Mayor&#x27;s adviser" in page
    assert "<dt>Visa letter?</dt><dd>Yes</dd>" in page
    (email,) = mail.outbox
    assert (
        "Your role: Mayor's adviser\nSession: Afternoon\nVisa letter?: Yes\nNote: —" in email.body
    )


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"visa": "yes"}, "This field is required."),  # the required role missing
        ({"role": "Adviser"}, "This field is required."),  # the required yes/no missing
        ({"role": "Adviser", "visa": "maybe"}, "Select a valid choice"),
        ({"role": "Adviser", "visa": "no", "session": "Evening"}, "Select a valid choice"),
        ({"role": "x" * 501, "visa": "no"}, "at most 500 characters"),
        ({"role": "Adviser", "visa": "no", "note": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_bad_answers_are_form_errors(client, forum, asked, people, ngo, answers, message):
    client.force_login(people[0])
    data = {"organisation": ngo.pk}
    data.update({f"answer_{asked[k].pk}": v for k, v in answers.items()})
    response = client.post(f"/events/{forum.slug}/register/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Register for" in page
    assert not Registration.objects.exists()


def test_an_empty_post_is_still_sent_back_to_the_event(client, forum, asked, people):
    client.force_login(people[0])
    response = client.post(f"/events/{forum.slug}/register/", {})
    assert response.status_code == 302
    assert not Registration.objects.exists()


# -- the participants' CSV -----------------------------------------------------------------


def test_the_csv_has_a_column_per_question_formula_safe(
    client, forum, asked, people, ngo, city, editor
):
    register(
        people[0],
        forum,
        ngo,
        answers={str(asked["role"].pk): '=HYPERLINK("http://x")', str(asked["visa"].pk): "no"},
    )
    register(people[1], forum, city, answers={str(asked["session"].pk): "Morning"})
    question(forum, "@risk", order=9)
    client.force_login(people[0])
    assert client.get(f"/events/{forum.slug}/participants.csv").status_code == 403
    client.force_login(editor)
    response = client.get(f"/events/{forum.slug}/participants.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-5:] == ["Your role", "Session", "Visa letter?", "Note", "'@risk"]
    by_name = {row[0]: row[-5:] for row in rows[1:]}
    assert by_name["Person-0-Name"] == ['\'=HYPERLINK("http://x")', "", "No", "", ""]
    assert by_name["Person-1-Name"] == ["", "Morning", "", "", ""]
