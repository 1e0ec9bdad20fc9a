"""Searchable selects (forum_site.widgets): a plain select the script enhances.

Without JavaScript the form is an ordinary select (``data-combobox`` marks it;
a multiple one keeps its Ctrl hint); the options are the field's choices only,
so a picker offers what its form's queryset allows and nothing else. The long
pickers of the practice, event, delegation and consultation forms use it."""

import pytest
from django import forms
from django.utils import translation

from forum_site.content_language import ContentSelect
from forum_site.widgets import SearchableSelect, SearchableSelectMultiple

CHOICES = [("KE", "Kenya"), ("GH", "Ghana"), ("CI", "Côte d'Ivoire")]


class CountriesForm(forms.Form):
    countries = forms.MultipleChoiceField(choices=CHOICES, widget=SearchableSelectMultiple)
    country = forms.ChoiceField(
        choices=[("", "(none)"), *CHOICES], required=False, widget=SearchableSelect
    )


def test_a_plain_multiple_select_with_its_hint():
    html = str(CountriesForm(initial={"countries": ["GH"]})["countries"])
    assert html.startswith('<select name="countries" data-combobox=""')
    assert " multiple" in html and 'size="8"' in html and 'id="id_countries"' in html
    assert '<option value="GH" selected>Ghana</option>' in html
    assert 'data-combobox-hint="id_countries"' in html
    assert "Hold Ctrl (or Cmd) to choose more than one." in html


def test_a_plain_single_select_without_the_hint():
    html = str(CountriesForm(initial={"country": "KE"})["country"])
    assert html.startswith('<select name="country" data-combobox=""')
    assert "multiple" not in html and "data-combobox-hint" not in html
    assert '<option value="KE" selected>Kenya</option>' in html


def test_submitting_the_plain_select_works():
    form = CountriesForm({"countries": ["KE", "GH"], "country": "CI"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"countries": ["KE", "GH"], "country": "CI"}
    assert "countries" in CountriesForm({"countries": ["XX"]}).errors


def test_attrs_given_are_kept():
    widget = SearchableSelectMultiple(attrs={"size": 4, "class": "wide"})
    html = widget.render("x", None, attrs={"id": "id_x"})
    assert 'size="4"' in html and 'class="wide"' in html and "data-combobox" in html


@pytest.mark.django_db
def test_the_long_pickers_use_it():
    from django.contrib.auth.models import AnonymousUser

    from consultations.forms.opening import ConsultationForm
    from events.editing import EventForm
    from events.forms import InviteForm, PositionPaperForm
    from practices.forms import PracticeForm

    def widget(form, name):
        return type(form.fields[name].widget)

    practice = PracticeForm()
    assert widget(practice, "countries") is SearchableSelectMultiple
    assert widget(practice, "partners") is SearchableSelectMultiple
    event = EventForm(user=AnonymousUser())
    assert widget(event, "co_organisers") is SearchableSelectMultiple
    assert widget(event, "country") is SearchableSelect
    assert widget(event, "timezone") is SearchableSelect
    assert widget(InviteForm(delegation=None), "organisation") is SearchableSelect
    # The page picker is searchable and its options keep their page's language.
    paper_widget = widget(PositionPaperForm(user=AnonymousUser()), "consultation")
    assert issubclass(paper_widget, SearchableSelect) and issubclass(paper_widget, ContentSelect)
    opening = ConsultationForm.base_fields
    assert type(opening["invited_organisations"].widget) is SearchableSelectMultiple
    assert type(opening["invite_local_authorities_of"].widget) is SearchableSelect


@pytest.mark.django_db
def test_country_names_follow_the_request_language():
    """The names are read per request: a form built in Arabic lists them in Arabic."""
    from practices.forms import PracticeForm

    with translation.override("ar"):
        names = dict(PracticeForm().fields["countries"].choices)
    assert names["KE"] == "كينيا"
    with translation.override("fr"):
        assert dict(PracticeForm().fields["countries"].choices)["DE"] == "Allemagne"
