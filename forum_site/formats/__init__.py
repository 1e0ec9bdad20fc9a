"""Date and time formats per language (settings.FORMAT_MODULE_PATH).

Templates and Python code name a format ("DATE_FORMAT", "DATETIME_FORMAT",
"TIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
"YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT") instead of spelling one out, so each
language shows dates one way everywhere; ranges go through
``forum_tags.date_range``. Only what differs from Django's own formats for a
language is written here (docs/i18n.md)."""
