"""Datasette output renderer: any query with event_* columns as an iCalendar (.ics) feed.

Used instead of datasette-ics because that plugin turns dates into midnight date-times; the
dataset's dates are days, so entries here are all-day (VALUE=DATE), spanning the whole range
the EDTF date allows, with RFC 5545's exclusive end date. UIDs come from the stable event IDs.
Columns: event_uid, event_name, event_dtstart, event_dtend (ISO dates), and optionally
event_description and event_url.
"""

from __future__ import annotations

import datetime as dt

from datasette import hookimpl
from datasette.utils.asgi import Response
from icalendar import Calendar, Event

REQUIRED = {"event_uid", "event_name", "event_dtstart", "event_dtend"}
UID_DOMAIN = "indopac"


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def calendar_text(rows, title: str, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//indopac//timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title)
    for row in rows:
        entry = Event()
        entry.add("uid", f"{row['event_uid']}@{UID_DOMAIN}")
        entry.add("summary", row["event_name"])
        start = _day(row["event_dtstart"])
        entry.add("dtstart", start)
        # All-day entries end on the day after the last day (RFC 5545, 3.6.1).
        entry.add("dtend", _day(row["event_dtend"]) + dt.timedelta(days=1))
        # DTSTAMP is required; a fixed value derived from the event keeps the feed identical
        # across rebuilds, so calendar applications do not see every entry as changed.
        entry.add("dtstamp", dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC))
        if row.get("event_description"):
            entry.add("description", row["event_description"])
        if row.get("event_url"):
            entry.add("url", base_url.rstrip("/") + row["event_url"])
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
    return Response(
        calendar_text(records, title, base_url),
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
