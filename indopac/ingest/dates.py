"""EDTF dates (Library of Congress Extended Date/Time Format) and the ISO bounds they allow."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from functools import lru_cache


class EdtfError(ValueError):
    pass


# The years a date in this dataset may fall in. Modern diplomacy and what it recalls ("the first
# visit since 1972") lie well inside; 9999-12-31 does not, and a day past it cannot even be
# computed (an all-day calendar entry ends on the following day).
EARLIEST_DATE = dt.date(1850, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _as_date(value: time.struct_time | float) -> dt.date | None:
    if isinstance(value, float):  # the edtf package marks an open end with ±infinity
        return None
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


# A plain date, optionally marked approximate (~): its strict bounds are the plain date's.
_PLAIN = r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?~?"
_FAST_FORMS = {
    "single": re.compile(rf"{_PLAIN}"),
    "interval": re.compile(rf"{_PLAIN}/{_PLAIN}"),
    "one_of": re.compile(rf"\[{_PLAIN}\.\.{_PLAIN}\]"),
    "open_end": re.compile(rf"(?:{_PLAIN}/(?:\.\.)?|\[{_PLAIN}\.\.\])"),
    "open_start": re.compile(rf"(?:(?:\.\.)?/{_PLAIN}|\[\.\.{_PLAIN}\])"),
}


def _plain_bounds(year: str, month: str | None, day: str | None) -> tuple[dt.date, dt.date]:
    y = int(year)
    if month is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    m = int(month)
    if day is None:
        return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
    return dt.date(y, m, int(day)), dt.date(y, m, int(day))


def plain_form_bounds(value: str) -> tuple[dt.date | None, dt.date | None] | None:
    """Bounds of the plain forms (a year, month or day; an interval or one-of set of two; an
    open or unknown end), or None to let the edtf package decide. Same answers as the
    package path (a test checks)."""
    for form, pattern in _FAST_FORMS.items():
        # fullmatch, not match with $: $ also matches before a final newline.
        match = pattern.fullmatch(value)
        if match is None:
            continue
        try:
            if form == "single":
                return _plain_bounds(*match.groups())
            if form in ("open_end", "open_start"):
                groups = match.groups()
                parts = groups[:3] if groups[0] is not None else groups[3:]
                bounds = _plain_bounds(*parts)
                return (bounds[0], None) if form == "open_end" else (None, bounds[1])
            start, end = match.groups()[:3], match.groups()[3:]
            if [part is None for part in start] != [part is None for part in end]:
                return None  # mixed precisions: left to the package
            first = _plain_bounds(*start)
            last = _plain_bounds(*end)
        except ValueError:
            return None  # an impossible date: the package reports it
        return first[0], last[1]
    return None


@lru_cache(maxsize=65536)
def edtf_bounds(value: str) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest ISO dates an EDTF string allows; ``None`` where it is open or unknown.

    >>> edtf_bounds("2024-07")
    (datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))
    """
    fast = plain_form_bounds(value)
    if fast is not None:
        # The edtf package parses with pyparsing, tens of milliseconds a string: too slow for
        # bulk seeds, whose dates are nearly all of these plain forms.
        if fast[0] and fast[1] and fast[1] < fast[0]:
            raise EdtfError(f"{value!r} ends ({fast[1]}) before it starts ({fast[0]})")
        return fast
    return edtf_package_bounds(value)


def edtf_package_bounds(value: str) -> tuple[dt.date | None, dt.date | None]:
    """Bounds through the edtf package: every EDTF form it knows."""
    import edtf  # imported only when needed: building its grammar takes a tenth of a second

    try:
        parsed = edtf.parse_edtf(value)
    except Exception as exc:  # the parser raises several types for malformed input
        raise EdtfError(f"{value!r} is not a valid EDTF date") from exc
    try:
        earliest = _as_date(parsed.lower_strict())
        latest = _as_date(parsed.upper_strict())
    except ValueError as exc:  # e.g. 1000-02-29: the package's calendar allows it, ISO's not
        raise EdtfError(f"{value!r} is not a valid date: {exc}") from exc
    # An interval with an unknown end ("/2024-08-20") gets a made-up bound from the edtf
    # package (ten years away); we know nothing there, so we store nothing.
    if value.startswith("/"):
        earliest = None
    if value.endswith("/"):
        latest = None
    if earliest and latest and latest < earliest:
        raise EdtfError(f"{value!r} ends ({latest}) before it starts ({earliest})")
    return earliest, latest
