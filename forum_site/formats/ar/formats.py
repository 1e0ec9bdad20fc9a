# Arabic: Django has no date-and-time format for it (it falls back to the
# American English one) and a 12-hour clock; the UN's Arabic texts use 24 hours.
DATETIME_FORMAT = "j F، Y، H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
