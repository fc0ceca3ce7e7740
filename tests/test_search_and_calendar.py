"""Full-text search, on each table and across all, and the iCalendar feed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from indopac.paths import METADATA_FILE
from indopac.publish.catalogue import FULL_TEXT
from indopac.serve import make_app

pytestmark = pytest.mark.anyio


@pytest.fixture
def datasette(built_db: Path):
    return make_app(built_db, METADATA_FILE)


async def test_search_on_table_pages(datasette) -> None:
    events = await datasette.client.get("/indopac/events.json?_search=vaccine&_shape=array")
    assert {row["id"] for row in events.json()} >= {"takemi-vaccine-cooperation-wish-2024-07"}
    assessments = await datasette.client.get(
        "/indopac/assessments.json?_search=semicircle&_shape=array"
    )
    assert {row["id"] for row in assessments.json()} == {
        "mongolia-pressure-on-china-northern-border",
        "us-japan-semicircle-and-trade-routes",
    }
    persons = await datasette.client.get("/indopac/persons.json?_search=Kihara&_shape=array")
    assert [row["id"] for row in persons.json()] == ["minoru-kihara"]


async def test_search_across_all_tables_covers_every_searchable_table(datasette) -> None:
    # The results themselves are fetched by the page's script: see test_browser.py.
    page = await datasette.client.get("/-/search?q=Kihara")
    assert page.status_code == 200
    for table in FULL_TEXT:
        assert f'data-searchable-url="/indopac/{table}"' in page.text, table


async def test_calendar_feed_is_all_day_with_stable_uids(datasette) -> None:
    response = await datasette.client.get("/indopac/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    entries = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert "yohei-kono-visits-china-2024-07@indopac" in entries
    kono = entries["yohei-kono-visits-china-2024-07@indopac"]
    assert kono.decoded("DTSTART") == dt.date(2024, 7, 1)
    assert kono.decoded("DTEND") == dt.date(2024, 7, 7)  # exclusive: last day is 6 July
    single = entries["quad-foreign-ministers-2024-07-29@indopac"]
    assert single.decoded("DTSTART") == dt.date(2024, 7, 29)
    assert single.decoded("DTEND") == dt.date(2024, 7, 30)
    # Events with an open end cannot be placed on a calendar and are left out.
    assert "quad-cybersecurity-meeting-planned@indopac" not in entries
    assert str(calendar["X-WR-CALNAME"]) == "indopac timeline calendar"
