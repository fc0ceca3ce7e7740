"""EDTF dates (Library of Congress Extended Date/Time Format) and the ISO bounds they allow."""

from __future__ import annotations

import datetime as dt
import time
from functools import lru_cache

import edtf


class EdtfError(ValueError):
    pass


def _as_date(value: time.struct_time | float) -> dt.date | None:
    if isinstance(value, float):  # the edtf package marks an open end with ±infinity
        return None
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


# Parsing one EDTF string takes tens of milliseconds (pyparsing); seed files repeat the same
# dates many times, and every caller gets the same immutable answer.
@lru_cache(maxsize=65536)
def edtf_bounds(value: str) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest ISO dates an EDTF string allows; ``None`` where it is open or unknown.

    >>> edtf_bounds("2024-07")
    (datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))
    """
    try:
        parsed = edtf.parse_edtf(value)
    except Exception as exc:  # the parser raises several types for malformed input
        raise EdtfError(f"{value!r} is not a valid EDTF date") from exc
    earliest = _as_date(parsed.lower_strict())
    latest = _as_date(parsed.upper_strict())
    # An interval with an unknown end ("/2024-08-20") gets a made-up bound from the edtf
    # package (ten years away); we know nothing there, so we store nothing.
    if value.startswith("/"):
        earliest = None
    if value.endswith("/"):
        latest = None
    if earliest and latest and latest < earliest:
        raise EdtfError(f"{value!r} ends ({latest}) before it starts ({earliest})")
    return earliest, latest
