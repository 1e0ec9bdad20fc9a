"""Searchable selects: a plain ``<select>`` that ``combobox.js`` turns into a
combobox with a filtered list box (WAI-ARIA APG "combobox with listbox popup").

Progressive enhancement: the server renders an ordinary select (``data-combobox``
marks it), so without JavaScript the form works as before, and with it the
select stays in the form, hidden, and carries the chosen values. The options
are the field's choices, so a picker offers exactly what its form's queryset
allows (the rule of the content kind, e.g. ``visible_pages``): the script only
filters what the server sent and never asks the server for more.

Used for long lists (250 countries, the organisation directory, time zones,
pages); short ones (your own organisations) stay plain selects.
"""

from __future__ import annotations

from django import forms


class _Searchable:
    template_name = "forum_site/widgets/searchable_select.html"
    # Shown without JavaScript under a multiple select; combobox.js removes it.
    multiple_hint = False

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-combobox": "", **(attrs or {})}, choices)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["multiple_hint"] = self.multiple_hint
        return context


class SearchableSelect(_Searchable, forms.Select):
    """One choice among many: type to find it."""


class SearchableSelectMultiple(_Searchable, forms.SelectMultiple):
    """Several choices among many: chosen ones become removable tags."""

    multiple_hint = True

    def __init__(self, attrs=None, choices=()):
        super().__init__({"size": 8, **(attrs or {})}, choices)
