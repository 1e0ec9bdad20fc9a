"""The outcome items: what was heard comes before what will be done."""

from consultations.forms.outcomes import OutcomeItemForm


def test_will_do_needs_heard():
    form = OutcomeItemForm({"question": "", "heard": "", "will_do": "Paint it red."})
    assert not form.is_valid()
    assert "heard" in form.errors


def test_question_choices_come_from_the_consultation():
    form = OutcomeItemForm(
        {"question": "7", "heard": "Red.", "will_do": ""}, question_choices=[(7, "Colour?")]
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["question"] == 7
    assert not OutcomeItemForm(
        {"question": "8", "heard": "Red."}, question_choices=[(7, "Colour?")]
    ).is_valid()
