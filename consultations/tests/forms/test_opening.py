"""Opening a consultation: dates in the chosen zone, someone invited, two choices."""

import pytest

from consultations.forms.opening import ConsultationForm, QuestionForm, template_initial
from consultations.models import QuestionTemplate
from forum_site.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _data(ministry, city, **extra):
    return {
        "owner_organisation": ministry.pk,
        "title": "Policy",
        "summary": "Tell us.",
        "timezone": "Africa/Nairobi",
        "opens_at": "2026-01-01T09:00",
        "closes_at": "2026-01-31T17:00",
        "audience": "invited",
        "invited_organisations": [city.pk],
        **extra,
    }


def _form(ministry, city, **extra):
    owners = Organisation.objects.filter(pk=ministry.pk)
    return ConsultationForm(_data(ministry, city, **extra), owner_choices=owners)


def test_times_are_read_in_the_chosen_zone(ministry, city):
    form = _form(ministry, city)
    assert form.is_valid(), form.errors
    opens = form.cleaned_data["opens_at"]
    assert (opens.hour, opens.utcoffset().total_seconds()) == (9, 3 * 3600)


def test_closing_before_opening_and_nobody_invited_are_refused(ministry, city):
    form = _form(ministry, city, closes_at="2025-12-31T09:00", invited_organisations=[])
    assert not form.is_valid()
    assert {"closes_at", "invited_organisations"} <= set(form.errors)


def test_a_choice_question_needs_two_choices_and_an_empty_row_is_ignored():
    form = QuestionForm({"text": "Colour?", "kind": "single", "choices": "Red\nRed"})
    assert not form.is_valid() and "choices" in form.errors
    assert QuestionForm({"text": "", "kind": "single", "choices": ""}).is_valid()


def test_template_initial_fills_the_question_rows():
    template = QuestionTemplate(
        questions=[{"text": "Colour?", "kind": "single", "choices": ["Red", "Blue"]}]
    )
    (row,) = template_initial(template)
    assert row["choices"] == "Red\nBlue" and row["kind"] == "single"
    assert template_initial(None) == []
