"""Dutch dates as expertdesk writes them: one style for a date ("5 dec. 2026") and one for a
date with a time ("5 dec. 2026 14:30"), in lists and on pages alike. The months' Dutch
abbreviations (with their full stop, "mei" without) come from ``locale_django``."""

DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j N Y H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j N"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
