"""What a person sees in a real browser: headless Chromium (Debian's) driven by Playwright.

The server is started as `indopac serve` starts it (the same Datasette command line), on a
free loopback port. `.ci/run` installs Chromium; elsewhere these tests skip with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.helpers import user_tables_and_views

CHROMIUM = Path("/usr/bin/chromium")
# Skipped with a reason on a machine without Chromium, but never in CI, where .ci/run
# installs it: there a missing browser is a failure, not a silent skip.
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="needs Debian's chromium (apt-get install chromium); .ci/run installs it",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(served: str) -> str:
    return served


def _count(database: Path, sql: str) -> int:
    """A count read from the served database: what a page must show follows the data."""
    with sqlite3.connect(f"file:{database}?immutable=1", uri=True) as conn:
        return conn.execute(sql).fetchone()[0]


EVENTS = "SELECT count(*) FROM events"
PLACED = "SELECT count(*) FROM timeline WHERE latitude IS NOT NULL"
ON_A_CALENDAR = "SELECT count(*) FROM events WHERE start_date IS NOT NULL AND end_date IS NOT NULL"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path: Path):
    context = browser.new_context()
    # Map tiles come from the internet, which this machine does not reach: answer them
    # locally so the page settles; markers and popups are drawn by the page itself.
    context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def test_home_page_introduces_the_dataset(page, server: str) -> None:
    page.goto(server)
    assert page.locator("h1").first.inner_text() == "indopac: Japan in the Indo-Pacific"
    assert "Start with timeline" in page.inner_text("body")
    page.goto(f"{server}/indopac")
    body = page.inner_text("body")
    for title in ("Everything involving a country in a date range", "Who met whom", "Firsts"):
        assert title in body


def _rows(count: int) -> str:
    return f"{count:,} row{'' if count == 1 else 's'} where"


def test_table_page_with_a_facet_applied(page, server: str, built_db: Path) -> None:
    page.goto(f"{server}/indopac/timeline?kind=visit&_facet_array=country_codes")
    body = page.inner_text("body")
    visits = _count(built_db, "SELECT count(*) FROM timeline WHERE kind = 'visit'")
    assert f'{_rows(visits)} kind = "visit"' in body
    assert "One row per event of any kind" in body
    # The default facets (kind, status, year, type) and the country facet asked for.
    facets = page.locator(".facet-info")
    assert facets.count() >= 3
    with page.expect_navigation():
        page.locator(".facet-info[data-column='country_codes'] a", has_text="SG").first.click()
    in_singapore = _count(
        built_db,
        "SELECT count(*) FROM timeline WHERE kind = 'visit' "
        "AND EXISTS (SELECT 1 FROM json_each(country_codes) WHERE value = 'SG')",
    )
    assert _rows(in_singapore) in page.inner_text("body")
    assert "Defence Minister Minoru Kihara in Singapore" in page.inner_text("body")


def test_search_on_a_table_and_across_all(page, server: str, built_db: Path) -> None:
    page.goto(f"{server}/indopac/events?_search=Kihara")
    naming_kihara = _count(
        built_db,
        "SELECT count(*) FROM events WHERE title LIKE '%Kihara%' OR summary LIKE '%Kihara%'",
    )
    assert f"{_rows(naming_kihara)} search matches" in page.inner_text("body")
    page.goto(f"{server}/-/search?q=Kihara")
    results = page.locator("#search-all-results")
    # Each table's results arrive by its own request, in no fixed order: wait for the
    # ones asserted, not for whichever table answers first.
    results.get_by_text("Minoru Kihara", exact=True).first.wait_for(timeout=15000)
    # The events shown are the first page of the table's own search, whatever the data holds.
    import urllib.request

    with urllib.request.urlopen(
        f"{server}/indopac/events.json?_search=Kihara&_size=5&_shape=objects", timeout=30
    ) as response:
        first_event = json.load(response)["rows"][0]["title"]
    results.get_by_text(first_event).first.wait_for(timeout=15000)


def test_canned_question_with_a_parameter(page, server: str, built_db: Path) -> None:
    page.goto(f"{server}/indopac/person_activity")
    page.fill("input[name='person']", "minoru-kihara")
    with page.expect_navigation():
        page.locator("form input[type='submit']").first.click()
    assert "Everything a person did, with the office held then" in page.inner_text("h1")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == _count(
        built_db, "SELECT count(*) FROM participants WHERE person_id = 'minoru-kihara'"
    )
    assert "Defence Minister of Japan" in rows.first.inner_text()


def test_map_shows_a_marker_per_placed_event_with_a_popup(
    page, server: str, built_db: Path
) -> None:
    page.goto(f"{server}/indopac/event_map")
    page.locator(".leaflet-container").wait_for(timeout=15000)
    page.locator(".leaflet-marker-icon").first.wait_for(timeout=15000)
    clusters = page.locator(".marker-cluster")
    singles = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
    shown = singles.count() + sum(
        int(clusters.nth(i).inner_text()) for i in range(clusters.count())
    )
    assert shown == _count(built_db, PLACED)  # every event whose place has coordinates
    if singles.count():
        singles.first.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5000)
        assert re.search(r"\b20\d\d-\d\d", popup.inner_text())


def test_partners_around_china_draws_a_marker_per_partner_capital(
    page, server: str, built_db: Path
) -> None:
    # The README's one-click link: the question's answer for the range, on a map.
    page.goto(f"{server}/indopac/partners_around_china?date_from=2024-05-01&date_to=2024-12-31")
    page.locator(".leaflet-marker-icon").first.wait_for(timeout=15000)
    clusters = page.locator(".marker-cluster")
    singles = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
    shown = singles.count() + sum(
        int(clusters.nth(i).inner_text()) for i in range(clusters.count())
    )
    rows = page.locator("table.rows-and-columns tbody tr")
    placed = sum(
        1
        for i in range(rows.count())
        if rows.nth(i).locator("td.col-latitude").inner_text().strip() not in ("", "\xa0")
    )
    assert shown == placed > 0  # every partner with a reference point, and no other
    if singles.count():
        singles.first.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5000)
        assert "(reference point, not an event place)" in popup.inner_text()
        assert "from Beijing" in popup.inner_text()


def test_dashboard_draws_its_charts(page, server: str, built_db: Path) -> None:
    page.goto(f"{server}/-/dashboards/overview")
    assert "indopac overview" in page.inner_text("h1")
    page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=20000)
    # The charts are drawn one by one by the page's script: wait for all three, not only the
    # first (on a busy machine the third may not be there yet when the first is).
    from playwright.sync_api import expect

    expect(page.locator(".vega-embed")).to_have_count(3, timeout=20000)
    events = str(_count(built_db, EVENTS))
    assert page.get_by_text(events, exact=True).first.is_visible()  # the events metric
    page.locator("#card-events-map .leaflet-container, .leaflet-container").first.wait_for(
        timeout=15000
    )


def test_calendar_feed_parses_as_icalendar(page, server: str, built_db: Path) -> None:
    response = page.request.get(f"{server}/indopac/calendar.ics")
    assert response.status == 200
    calendar = Calendar.from_ical(response.body())
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == _count(built_db, ON_A_CALENDAR)
    assert all(uid.endswith("@indopac") for uid in uids)


# ---- Finding 2: no script from the data runs on any page -----------------------------------

# Markup in every kind of text the site shows. `xssmark` is a word, so search finds the rows.
XSS_PAYLOAD = (
    'xssmark "\'><img src=x onerror="window.__xss=1;alert(1)">'
    '<svg onload="window.__xss=2"></svg><script>window.__xss=3</script>'
)
# Columns that hold keys, dates or codes the site joins, links or parses on: left as they are
# so every page still works. Every other text value gets the payload appended.
KEY_COLUMNS = re.compile(
    r"^(id|kind|status|level|date|start|end|published|language|reliability|credibility|stage"
    r"|domain|format|role|geo_precision|alpha3|cameo_code|event_type|country_codes|earliest"
    r"|latest|year|version_num|tbl|idx|stat)$|_id$|_date$|_code$"
)


def write_payloads(database: Path) -> None:
    """Put XSS_PAYLOAD into every text value of a built database copy, past seed validation
    (as a shared database could hold it: finding 4), and rebuild the search indexes."""
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE '%_fts%' AND name <> 'alembic_version'"
            )
        ]
        for table in tables:
            keys = {row[3] for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
            for _, column, _, _, _, pk in conn.execute(f'PRAGMA table_info("{table}")'):
                if pk or column in keys or KEY_COLUMNS.search(column):
                    continue
                # A link value that would run script if linked as it is.
                new = (
                    "'javascript:window.__xss=5'"
                    if column == "url"
                    else f"\"{column}\" || ' ' || ?"
                )
                conn.execute(
                    f'UPDATE "{table}" SET "{column}" = {new} WHERE typeof("{column}") = \'text\'',
                    [] if column == "url" else [XSS_PAYLOAD],
                )
        for (fts,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%USING FTS5%'"
        ).fetchall():
            conn.execute(f'INSERT INTO "{fts}" ("{fts}") VALUES (\'rebuild\')')


@pytest.fixture(scope="module")
def payload_server(built_db: Path, tmp_path_factory: pytest.TempPathFactory):
    from indopac.export import export_all
    from tests.serving import serve_process

    folder = tmp_path_factory.mktemp("xss")
    database = folder / "indopac.db"
    shutil.copyfile(built_db, database)
    write_payloads(database)
    export_all(database, folder / "exports")
    with serve_process(database, folder / "exports") as (base, _):
        yield base


@pytest.fixture
def xss_page(page):
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    yield page
    assert dialogs == [], f"a dialog opened: {dialogs}"


def assert_no_script_ran(page, url: str, shows_payload: bool = True) -> None:
    # Give onerror/onload handlers (image errors, SVG loads) their moment.
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__xss") is None, url
    assert page.locator("a[href^='javascript:']").count() == 0, url
    if shows_payload:
        assert "<img src=x onerror=" in page.inner_text("body"), url


def _shows_payload(conn: sqlite3.Connection, sql: str, params: dict | None = None) -> bool:
    """Whether the first page of the query's results holds the payload (some tables and
    questions show only keys, dates and numbers)."""
    rows = conn.execute(f"SELECT * FROM ({sql}) LIMIT 100", params or {}).fetchall()
    return any(isinstance(value, str) and "xssmark" in value for row in rows for value in row)


def _database_pages(database: Path) -> list[tuple[str, bool]]:
    """Every table and view, some row pages, custom SQL and every canned question, each with
    whether its page shows the payload."""
    from tests.test_serving_hardening import CANNED, SAMPLE_PARAMETERS

    pages = [("/", False), ("/indopac", False)]
    with sqlite3.connect(f"file:{database}?immutable=1", uri=True) as conn:
        for name in user_tables_and_views(database):
            pages.append((f"/indopac/{name}", _shows_payload(conn, f'SELECT * FROM "{name}"')))
        pages += [
            ("/indopac/events/kamikawa-wang-yi-vientiane-2024-07-26", True),
            ("/indopac/persons/minoru-kihara", True),
            ("/indopac/places/vientiane", True),
            ("/indopac?sql=select+title,+summary+from+timeline", True),
        ]
        for name, query in CANNED.items():
            params = {k: v for k, v in SAMPLE_PARAMETERS.items() if f":{k}" in query["sql"]}
            query_string = "&".join(f"{key}={value}" for key, value in params.items())
            sql = query["sql"].rstrip().rstrip(";")
            pages.append((f"/indopac/{name}?{query_string}", _shows_payload(conn, sql, params)))
    return pages


@pytest.mark.slow
def test_finding_02_no_page_runs_script_from_the_data(
    xss_page, payload_server: str, built_db: Path
) -> None:
    for path, shows_payload in _database_pages(built_db):
        xss_page.goto(payload_server + path)
        assert_no_script_ran(xss_page, path, shows_payload)


@pytest.mark.slow
def test_finding_02_dashboard_and_each_chart_show_markup_as_text(
    xss_page, payload_server: str, built_db: Path
) -> None:
    import yaml

    from indopac.paths import METADATA_FILE

    config = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    charts = config["plugins"]["datasette-dashboards"]["overview"]["charts"]
    xss_page.goto(f"{payload_server}/-/dashboards/overview")
    # The table chart (0.1.0 wrote its cells with innerHTML) and the map, drawn by script.
    xss_page.locator("#chart-events-table td", has_text="xssmark").first.wait_for(timeout=20000)
    xss_page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=20000)
    assert_no_script_ran(xss_page, "/-/dashboards/overview")
    for slug, chart in charts.items():
        xss_page.goto(f"{payload_server}/-/dashboards/overview/{slug}")
        if chart["library"] == "table":
            xss_page.locator("td", has_text="xssmark").first.wait_for(timeout=20000)
        elif chart["library"] == "map":
            xss_page.locator(".leaflet-marker-icon").first.wait_for(timeout=20000)
            xss_page.locator(".leaflet-marker-icon").first.click()
            popup = xss_page.locator(".leaflet-popup-content")
            popup.wait_for(timeout=5000)
            assert "<img src=x onerror=" in popup.inner_text()
        elif chart["library"] == "metric":
            events = str(_count(built_db, EVENTS))
            xss_page.get_by_text(events, exact=True).first.wait_for(timeout=20000)
        else:
            mark = xss_page.locator(".vega-embed g.mark-rect path").first
            mark.wait_for(timeout=20000)
            # Hovering a bar opens vega's tooltip, which shows the row's values.
            mark.hover()
            xss_page.locator("#vg-tooltip-element.visible").wait_for(timeout=5000)
        assert_no_script_ran(xss_page, slug, shows_payload=chart["library"] in ("table", "map"))


def test_finding_02_map_popup_and_search_show_markup_as_text(xss_page, payload_server: str) -> None:
    xss_page.goto(f"{payload_server}/indopac/event_map")
    xss_page.locator(".leaflet-marker-icon").first.wait_for(timeout=15000)
    singles = xss_page.locator(".leaflet-marker-icon:not(.marker-cluster)")
    if singles.count():
        singles.first.click()
        popup = xss_page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5000)
        assert "<img src=x onerror=" in popup.inner_text()
    assert_no_script_ran(xss_page, "/indopac/event_map")
    xss_page.goto(f"{payload_server}/-/search?q=xssmark")
    results = xss_page.locator("#search-all-results")
    results.get_by_text("<img src=x onerror=", exact=False).first.wait_for(timeout=15000)
    assert_no_script_ran(xss_page, "/-/search?q=xssmark")


def test_finding_02_exports_are_never_served_as_html(xss_page, payload_server: str) -> None:
    xss_page.goto(f"{payload_server}/exports/index.html")
    assert_no_script_ran(xss_page, "/exports/index.html", shows_payload=False)
    links = xss_page.locator("a[href$='.csv'], a[href$='.jsonl'], a[href$='.md']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) > 20
    for href in hrefs:
        response = xss_page.request.get(f"{payload_server}/exports/{href}")
        assert response.status == 200, href
        assert "html" not in response.headers["content-type"], href
