"""Datasette output renderer: any query with event_* columns as an iCalendar (.ics) feed.

Used instead of datasette-ics because that plugin turns dates into midnight date-times; the
dataset's dates are days, so entries here are all-day (VALUE=DATE), spanning the whole range
the EDTF date allows, with RFC 5545's exclusive end date. UIDs come from the stable event IDs.
Columns: event_uid, event_name, event_dtstart, event_dtend (ISO dates), and optionally
event_description and event_url.

A row that cannot be an entry (no UID; a start or end that is not an ISO day, or an end before
the start or on 9999-12-31, which has no following day for the exclusive end) never makes the
feed answer 500. In the project's own canned feed it is left out, so one bad row cannot break
every subscriber's calendar; for a visitor's own SQL the answer is 400 naming the row and
column. event_url must be a path on this site (one leading slash): anything else could send a
subscriber off-site under this site's name (``@evil.example/x`` made ``http://host@evil.example``).
"""

from __future__ import annotations

import datetime as dt
import re

from datasette import hookimpl
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError
from icalendar import Calendar, Event

REQUIRED = {"event_uid", "event_name", "event_dtstart", "event_dtend"}
UID_DOMAIN = "indopac"
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ].*)?", re.DOTALL)
# A path on this site: one leading slash (`//host` and `/\host` are other hosts to a browser;
# without a slash, `@evil.example/x` would turn the site's host into userinfo), no spaces or
# control characters.
_SITE_PATH = re.compile(r"/(?![/\\])[^\s\x00-\x1f\x7f\\]*")


class RowError(ValueError):
    """A row that cannot be a calendar entry; the message names the row and column."""


def _day(row: dict, column: str) -> dt.date:
    value = row[column]
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise RowError(f"{column} must be an ISO date (YYYY-MM-DD), not {value!r}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise RowError(f"{column} {value!r} is not a day of the calendar") from None


def calendar_entry(row: dict, base_url: str, skip_bad_url: bool) -> Event:
    """One all-day entry; RowError when the row's UID, dates or URL cannot be rendered."""
    if row["event_uid"] is None or str(row["event_uid"]).strip() == "":
        raise RowError("event_uid is empty")
    start = _day(row, "event_dtstart")
    last = _day(row, "event_dtend")
    if last < start:
        raise RowError(f"event_dtend {row['event_dtend']} is before event_dtstart")
    if last >= dt.date.max:
        # All-day entries end on the day after the last day (RFC 5545, 3.6.1).
        raise RowError(f"event_dtend {row['event_dtend']} has no following day")
    entry = Event()
    entry.add("uid", f"{row['event_uid']}@{UID_DOMAIN}")
    entry.add("summary", "" if row["event_name"] is None else str(row["event_name"]))
    entry.add("dtstart", start)
    entry.add("dtend", last + dt.timedelta(days=1))
    # DTSTAMP is required; a fixed value derived from the event keeps the feed identical
    # across rebuilds, so calendar applications do not see every entry as changed.
    entry.add("dtstamp", dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC))
    if row.get("event_description"):
        entry.add("description", str(row["event_description"]))
    url = row.get("event_url")
    if url:
        if isinstance(url, str) and _SITE_PATH.fullmatch(url):
            entry.add("url", base_url.rstrip("/") + url)
        elif not skip_bad_url:
            raise RowError(f"event_url must be a path on this site starting with /, not {url!r}")
    return entry


def calendar_text(rows, title: str, base_url: str, skip_bad_rows: bool = False) -> bytes:
    """The rows as an iCalendar feed.

    ``skip_bad_rows`` (the published canned feed) leaves out a row that cannot be rendered,
    and the URL of a row whose URL is not on this site, so one bad row never breaks every
    subscriber's feed; otherwise (a person's own SQL) such a row raises RowError, naming it.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//indopac//timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title)
    for number, row in enumerate(rows, start=1):
        try:
            entry = calendar_entry(row, base_url, skip_bad_url=skip_bad_rows)
        except RowError as error:
            if skip_bad_rows:
                continue
            raise RowError(f"row {number} (event_uid {row['event_uid']!r}): {error}") from None
        calendar.add_component(entry)
    return calendar.to_ical()


def render_ics(datasette, request, database, rows, columns, query_name):
    title = "indopac"
    if query_name:
        queries = (datasette.metadata(database=database) or {}).get("queries", {})
        title = queries.get(query_name, {}).get("title", title)
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    base_url = f"{request.scheme}://{request.host}"
    content_type = "text/plain" if request.args.get("_plain") else "text/calendar"
    try:
        # Only the project's own canned questions skip rows; custom SQL is told what is wrong.
        body = calendar_text(records, title, base_url, skip_bad_rows=bool(query_name))
    except RowError as error:
        # Raised, not returned: Datasette sets the status of a renderer's Response itself.
        raise DatasetteError(
            f"This query cannot be a calendar: {error}. Fix the row or leave it out.",
            title="Not a calendar",
            status=400,
        ) from None
    return Response(
        body,
        content_type=f"{content_type}; charset=utf-8",
        status=200,
    )


@hookimpl
def register_output_renderer(datasette):
    return {
        "extension": "ics",
        "render": render_ics,
        "can_render": lambda columns: REQUIRED.issubset(columns),
    }
