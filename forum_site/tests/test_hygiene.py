"""The input hygiene layer: one line, bounded dates, bounded ids, search words."""

from datetime import date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from forum_site.hygiene import (
    BoundedDateField,
    BoundedDateTimeField,
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    SingleLineCharField,
    bound_model_choices,
    bounded_id,
    search_words,
    single_line,
    tidy_cleaned_data,
    validate_single_line,
)
from forum_site.organisations.models import Organisation

BIG_ID = "99999999999999999999"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Title", "Title"),
        ("  Title  ", "Title"),
        ("A\r\nB", "A B"),
        ("A \r\n B", "A B"),
        ("A\x00B", "A B"),
        ("A\u2028B\u2029C", "A B C"),
        ("A\x85B\x1bC\x7f", "A B C"),
        ("A\tB", "A B"),
        ("Two  spaces kept", "Two  spaces kept"),
        ("مرحبا\nبكم", "مرحبا بكم"),
        (None, ""),
    ],
)
def test_single_line(raw, expected):
    assert single_line(raw) == expected


def test_validate_single_line_refuses_control_characters():
    validate_single_line("A fine title")
    for bad in ("A\nB", "A\rB", "A\x00", "A\u2028B"):
        with pytest.raises(ValidationError):
            validate_single_line(bad)


def test_single_line_char_field_normalises():
    field = SingleLineCharField(max_length=20)
    assert field.clean("Forum\r\nBcc: x") == "Forum Bcc: x"
    with pytest.raises(ValidationError):
        SingleLineCharField().clean("\r\n")  # nothing left: required


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_bounded_date_refuses_years_out_of_range(value):
    with pytest.raises(ValidationError):
        BoundedDateField().clean(value)


def test_bounded_dates_accept_the_supported_range():
    assert BoundedDateField().clean("2200-12-31") == date(2200, 12, 31)
    assert BoundedDateTimeField().clean("1900-01-01 10:00").year == 1900


@pytest.mark.parametrize("value", ["10000-01-01", "0000-01-01", "2200-13-01"])
def test_bounded_date_refuses_what_is_no_date(value):
    with pytest.raises(ValidationError):
        BoundedDateField().clean(value)


@pytest.mark.django_db
def test_bounded_model_choice_refuses_huge_ids(city):
    single = BoundedModelChoiceField(Organisation.objects.all())
    assert single.clean(str(city.pk)) == city
    for raw in (BIG_ID, "-" + BIG_ID, str(2**63)):
        with pytest.raises(ValidationError):
            single.clean(raw)


@pytest.mark.django_db
def test_bounded_model_multiple_choice_refuses_huge_ids(city):
    several = BoundedModelMultipleChoiceField(Organisation.objects.all())
    assert list(several.clean([str(city.pk)])) == [city]
    with pytest.raises(ValidationError):
        several.clean([str(city.pk), BIG_ID])


@pytest.mark.django_db
def test_plain_model_multiple_choice_would_crash_on_huge_ids(city):
    """Why the bounded field exists: Django's own raises instead of refusing
    (OverflowError on SQLite; PostgreSQL's driver refuses it as a choice)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite's driver raises on an id past 2**63")
    with pytest.raises(Exception) as raised:
        forms.ModelMultipleChoiceField(Organisation.objects.all()).clean([BIG_ID])
    assert not isinstance(raised.value, ValidationError)


def test_bounded_id():
    assert bounded_id("42") == 42
    for raw in (BIG_ID, "0", "-3", "x", None, ""):
        assert bounded_id(raw) is None


def test_tidy_cleaned_data():
    class Form(forms.Form):
        title = forms.CharField()
        day = forms.DateField()

        def clean(self):
            super().clean()
            return tidy_cleaned_data(self, ("title",))

    form = Form({"title": "A\r\nB", "day": "0001-01-01"})
    assert not form.is_valid()
    assert form.cleaned_data["title"] == "A B"
    assert "day" in form.errors
    assert Form({"title": "A", "day": "2030-01-01"}).is_valid()


@pytest.mark.parametrize(
    "raw, expected",
    [('"', ""), ("\x00", ""), ("  ", ""), ('"cities', "cities"), ("a AND b", "a b")],
)
def test_search_words(raw, expected):
    assert search_words(raw) == expected


def test_bounded_datetime_out_of_range():
    with pytest.raises(ValidationError):
        BoundedDateTimeField().clean(datetime(2500, 1, 1))


@pytest.mark.django_db
def test_bound_model_choices_bounds_the_fields_of_a_model_form(city):
    class Form(forms.Form):
        one = forms.ModelChoiceField(Organisation.objects.all(), required=False)
        many = forms.ModelMultipleChoiceField(Organisation.objects.all(), required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            bound_model_choices(self)

    form = Form({"one": BIG_ID, "many": [BIG_ID]})
    assert not form.is_valid()
    assert set(form.errors) == {"one", "many"}
    assert Form({"one": str(city.pk), "many": [str(city.pk)]}).is_valid()
    # Only the form's own copies change class.
    assert type(Form.base_fields["many"]) is forms.ModelMultipleChoiceField


def test_the_id_path_converter_refuses_ids_past_64_bits():
    from django.urls import resolve, reverse

    from forum_site.hygiene import MAX_DB_INT, DatabaseIdConverter

    converter = DatabaseIdConverter()
    assert converter.to_python(str(MAX_DB_INT)) == MAX_DB_INT
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_DB_INT + 1))
    assert resolve(reverse("consultations:respond", args=[MAX_DB_INT])).kwargs == {"pk": MAX_DB_INT}
    # Not the consultation's view: the path falls through to Wagtail's pages (a 404).
    assert resolve(f"/consultations/{2**64}/respond/").url_name == "wagtail_serve"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/?q=a%00b", "/practices/?%00=1", "/organisations/?q=%00"])
def test_nul_in_a_query_string_is_ignored(client, url):
    assert client.get(url).status_code == 200


def test_nul_is_removed_before_views_see_it(rf):
    from forum_site.hygiene import RemoveNulMiddleware

    seen = {}

    def view(request):
        seen.update(get=request.GET.dict(), post=request.POST.dict())
        return None

    request = rf.post("/x/?q=a%00b&%00k=v", {"title": "one\x00two", "plain": "ok"})
    RemoveNulMiddleware(view)(request)
    assert seen["get"] == {"q": "ab", "k": "v"}
    assert seen["post"] == {"title": "onetwo", "plain": "ok"}


@pytest.mark.django_db
def test_a_sign_in_with_an_overlong_username_is_refused_not_a_500(client):
    response = client.post("/accounts/login/", {"username": "x" * 10_000, "password": "wrong"})
    assert response.status_code in (200, 400)
    from axes.models import AccessAttempt

    assert all(len(a.username) <= 255 for a in AccessAttempt.objects.all())


@pytest.mark.django_db
def test_wagtail_admin_forms_apply_the_hygiene_rules():
    """Forms the Wagtail admin builds from models (pages, their inline children,
    snippets) normalise single-line text and refuse out-of-range dates; choice
    fields and multi-line text keep their own form fields."""
    from wagtail.admin.panels import get_edit_handler

    from events.models import EventPage
    from practices.models import PracticePage

    practice_form = PracticePage.get_edit_handler().get_form_class()
    assert isinstance(practice_form.base_fields["title"], SingleLineCharField)
    session_form = EventPage.get_edit_handler().get_form_class().formsets["sessions"].form
    assert isinstance(session_form.base_fields["title"], SingleLineCharField)
    assert isinstance(session_form.base_fields["room"], SingleLineCharField)
    assert isinstance(session_form.base_fields["start"], BoundedDateTimeField)

    organisation_form = get_edit_handler(Organisation).get_form_class()
    assert isinstance(organisation_form.base_fields["kind"], forms.TypedChoiceField)
    assert not isinstance(organisation_form.base_fields["description"], SingleLineCharField)
    organisation = Organisation.objects.create(
        name="Accra", slug="accra", kind="city", country="GH"
    )
    data = dict.fromkeys(organisation_form.base_fields, "")
    data.update(name="Accra\r\nMetropolitan\x00Assembly", slug="accra", kind="city", country="GH")
    form = organisation_form(data=data, instance=organisation)
    assert form.is_valid(), form.errors
    assert form.save().name == "Accra Metropolitan Assembly"

    start = session_form.base_fields["start"]
    with pytest.raises(ValidationError):
        start.clean("0001-01-01 10:00")
    assert start.clean("2027-03-01 10:00").year == 2027
