"""What wagtail-localize copies from a page to its translations rather than
translating (docs/i18n.md, "Translating content").

wagtail-localize translates text fields and synchronises the rest; the page
models list in ``override_translatable_fields`` what must stay the source's:
the facts of the thing (dates, organisations, status, numbers, places,
classification) that a translator may not change, and the many-to-many
relations, which wagtail-localize would otherwise not synchronise at all.
This module imports nothing of the project, so every page model may use it.
"""

from wagtail_localize.fields import SynchronizedField


def kept_from_source(*names: str) -> list[SynchronizedField]:
    """Fields copied from the source at every sync, not editable in a translation."""
    return [SynchronizedField(name, overridable=False) for name in names]
