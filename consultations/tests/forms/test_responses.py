"""The response form: fields from the consultation's questions, "required" only on submit."""

from consultations.forms.responses import ResponseForm, field_name
from consultations.models import Question, QuestionKind


def _questions():
    return [
        Question(pk=1, text="Why?", kind=QuestionKind.TEXT, max_length=20, required=True),
        Question(pk=2, text="Pick", kind=QuestionKind.MULTIPLE, choices="A\nB\nC"),
        Question(pk=3, text="Rate", kind=QuestionKind.SCALE),
    ]


def _data(**answers):
    return {"consent": "private", "version": "0", **answers}


def test_draft_may_be_incomplete_but_submit_needs_required_answers():
    questions = _questions()
    assert ResponseForm(_data(), questions=questions).is_valid()
    form = ResponseForm(_data(), questions=questions, submitting=True)
    assert not form.is_valid()
    assert field_name(questions[0]) in form.errors


def test_answers_are_typed_trimmed_and_keyed_by_question_id():
    form = ResponseForm(
        _data(q_1="  Because  ", q_2=["A", "C"], q_3="4", q_99="tampered"),
        questions=_questions(),
        submitting=True,
    )
    assert form.is_valid(), form.errors
    assert form.answers() == {"1": "Because", "2": ["A", "C"], "3": 4}


def test_invalid_choice_and_overlong_text_are_refused():
    form = ResponseForm(_data(q_1="x" * 21, q_2=["Z"], q_3="6"), questions=_questions())
    assert not form.is_valid()
    assert set(form.errors) == {"q_1", "q_2", "q_3"}


def test_initial_for_round_trips_saved_answers():
    questions = _questions()
    initial = ResponseForm.initial_for(questions, {"1": "Text", "3": 4})
    assert initial == {"q_1": "Text", "q_3": "4"}
