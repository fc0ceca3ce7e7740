"""What a person sees in a real browser: headless Chromium (Debian's) driven by Playwright.

The server is started as `indopac serve` starts it (the same Datasette command line), on a
free loopback port. `.ci/run` installs Chromium; elsewhere these tests skip with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from icalendar import Calendar

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


def test_table_page_with_a_facet_applied(page, server: str) -> None:
    page.goto(f"{server}/indopac/timeline?kind=visit&_facet_array=country_codes")
    body = page.inner_text("body")
    assert '8 rows where kind = "visit"' in body
    assert "One row per event of any kind" in body
    # The default facets (kind, status, year, type) and the country facet asked for.
    facets = page.locator(".facet-info")
    assert facets.count() >= 3
    with page.expect_navigation():
        page.locator(".facet-info[data-column='country_codes'] a", has_text="SG").first.click()
    assert "1 row where" in page.inner_text("body")
    assert "Defence Minister Minoru Kihara visits Singapore" in page.inner_text("body")


def test_search_on_a_table_and_across_all(page, server: str) -> None:
    page.goto(f"{server}/indopac/events?_search=Kihara")
    assert "4 rows where search matches" in page.inner_text("body")
    page.goto(f"{server}/-/search?q=Kihara")
    results = page.locator("#search-all-results")
    # Each table's results arrive by its own request, in no fixed order: wait for the
    # ones asserted, not for whichever table answers first.
    results.get_by_text("Minoru Kihara", exact=True).first.wait_for(timeout=15000)
    results.get_by_text("Defence Minister Minoru Kihara visits Vietnam").first.wait_for(
        timeout=15000
    )


def test_canned_question_with_a_parameter(page, server: str) -> None:
    page.goto(f"{server}/indopac/person_activity")
    page.fill("input[name='person']", "minoru-kihara")
    with page.expect_navigation():
        page.locator("form input[type='submit']").first.click()
    assert "Everything a person did, with the office held then" in page.inner_text("h1")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == 4
    assert "Defence Minister of Japan" in rows.first.inner_text()


def test_map_shows_a_marker_per_placed_event_with_a_popup(page, server: str) -> None:
    page.goto(f"{server}/indopac/event_map")
    page.locator(".leaflet-container").wait_for(timeout=15000)
    page.locator(".leaflet-marker-icon").first.wait_for(timeout=15000)
    clusters = page.locator(".marker-cluster")
    singles = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
    shown = singles.count() + sum(
        int(clusters.nth(i).inner_text()) for i in range(clusters.count())
    )
    assert shown == 2  # Tokyo and Vientiane: the only events whose place has coordinates
    if singles.count():
        singles.first.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5000)
        assert "2024-07" in popup.inner_text()


def test_dashboard_draws_its_charts(page, server: str) -> None:
    page.goto(f"{server}/-/dashboards/overview")
    assert "indopac overview" in page.inner_text("h1")
    page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=20000)
    assert page.locator(".vega-embed").count() == 3
    assert page.get_by_text("35", exact=True).first.is_visible()  # the events metric
    page.locator("#card-events-map .leaflet-container, .leaflet-container").first.wait_for(
        timeout=15000
    )


def test_calendar_feed_parses_as_icalendar(page, server: str) -> None:
    response = page.request.get(f"{server}/indopac/calendar.ics")
    assert response.status == 200
    calendar = Calendar.from_ical(response.body())
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 25
    assert all(uid.endswith("@indopac") for uid in uids)
