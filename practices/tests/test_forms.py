"""The practice form's "language of the original": a short, grouped list."""

from practices.forms import PracticeForm, original_language_choices


def _codes(choices):
    return [code for _group, options in choices for code, _name in options]


def test_the_six_un_languages_come_first_then_a_short_list():
    choices = original_language_choices()
    assert [code for code, _name in choices[0][1]] == ["en", "fr", "es", "ar", "zh-hans", "ru"]
    codes = _codes(choices)
    assert len(codes) == len(set(codes)) < 60  # not Django's hundred-odd locales
    assert "pt" in codes and "tr" in codes and "sw" in codes
    assert "ast" not in codes and "hsb" not in codes  # Asturian, Upper Sorbian


def test_a_stored_language_outside_the_list_stays_selectable():
    assert "ast" in _codes(original_language_choices(current="ast"))
    form = PracticeForm(initial={"original_language": "ast"})
    assert "ast" in _codes(form.fields["original_language"].choices)


def test_a_language_outside_the_list_is_refused_with_a_message():
    form = PracticeForm(data={"original_language": "hsb"})
    form.is_valid()
    assert "original_language" in form.errors
