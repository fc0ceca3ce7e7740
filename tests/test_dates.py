"""EDTF bounds: the fast path for plain forms agrees with the edtf package."""

from __future__ import annotations

import datetime as dt

import edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indopac.ingest.dates import EdtfError, edtf_bounds, edtf_package_bounds, plain_form_bounds


def _library_bounds(value: str):
    parsed = edtf.parse_edtf(value)
    lo, hi = parsed.lower_strict(), parsed.upper_strict()
    return dt.date(lo.tm_year, lo.tm_mon, lo.tm_mday), dt.date(hi.tm_year, hi.tm_mon, hi.tm_mday)


plain = st.tuples(
    st.integers(1000, 2999),
    st.none() | st.integers(1, 12),
    st.none() | st.integers(1, 31),
).map(
    lambda t: (
        f"{t[0]:04d}" + (f"-{t[1]:02d}" if t[1] else "") + (f"-{t[2]:02d}" if t[1] and t[2] else "")
    )
)
closed_forms = st.one_of(
    plain,
    st.tuples(plain, plain).map(lambda p: f"{p[0]}/{p[1]}"),
    st.tuples(plain, plain).map(lambda p: f"[{p[0]}..{p[1]}]"),
)
forms = st.one_of(
    plain,
    plain.map(lambda p: f"{p}/"),
    plain.map(lambda p: f"/{p}"),
    plain.map(lambda p: f"[..{p}]"),
    plain.map(lambda p: f"[{p}..]"),
    st.tuples(plain, plain).map(lambda p: f"{p[0]}~/{p[1]}~"),
    st.tuples(plain, plain).map(lambda p: f"{p[0]}/{p[1]}"),
    st.tuples(plain, plain).map(lambda p: f"[{p[0]}..{p[1]}]"),
)


@settings(max_examples=60, deadline=None)
@given(closed_forms)
def test_fast_path_matches_the_edtf_package(value: str) -> None:
    try:
        expected = _library_bounds(value)
    except Exception:
        expected = None  # the package rejects it (e.g. 31 February)
    fast = plain_form_bounds(value)
    if expected is None:
        assert fast is None
        with pytest.raises(EdtfError):
            edtf_bounds(value)
    else:
        assert fast in (expected, None)  # None: left to the package, e.g. mixed precision
        if expected[1] >= expected[0]:
            assert edtf_bounds(value) == expected


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ("2024-07", (dt.date(2024, 7, 1), dt.date(2024, 7, 31))),
        ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        ("[2024-06..2024-08]", (dt.date(2024, 6, 1), dt.date(2024, 8, 31))),
        ("2024-07-22/", (dt.date(2024, 7, 22), None)),
        ("[..2024-08-20]", (None, dt.date(2024, 8, 20))),
        ("2024-07-22~/2024-07-23~", (dt.date(2024, 7, 22), dt.date(2024, 7, 23))),
    ],
)
def test_bounds(value: str, bounds) -> None:
    assert edtf_bounds(value) == bounds


@settings(max_examples=60, deadline=None)
@given(forms)
def test_fast_path_matches_the_package_path_with_open_ends(value: str) -> None:
    """Fails when the fast path reads a form to other bounds than the edtf package does, or
    when edtf_bounds accepts what the package refuses (an end before the start, which the
    fast path reads and edtf_bounds must refuse). A form the fast path leaves to the package
    has nothing to compare."""
    fast = plain_form_bounds(value)
    if fast is None:
        return
    try:
        slow = edtf_package_bounds(value)
    except EdtfError:
        with pytest.raises(EdtfError):
            edtf_bounds(value)
    else:
        assert fast == slow


def test_a_day_the_calendar_lacks_is_an_edtf_error() -> None:
    # Found by Hypothesis: the edtf package takes 1000 for a leap year; the ISO calendar not.
    with pytest.raises(EdtfError, match="1000-02-29"):
        edtf_bounds("1000-02-29")
