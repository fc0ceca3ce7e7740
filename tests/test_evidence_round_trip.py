"""The evidence model (release 0.2.0) survives a working database: every new column and table
read back by ``publish --from`` builds the same rows as the seeds it was loaded from.

A copy of the real seeds in ``tmp_path`` gets records that use every new feature: a second
source that is a web page (no paragraph count) cited by heading and by quote, a re-report, an
outlet with a rating that a source inherits, claims on an event and on a person's position,
a status history of two reports, and a citation whose credibility a curator overrode. Loaded
into a real SQLite file and a real PostgreSQL database, published from there, and compared
table by table with a build of the same seeds.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from indopac import migrate
from indopac.build import build
from indopac.database_seeds import DatabaseValidationError, database_field
from indopac.db import sqlite_url
from indopac.export import exported_tables
from indopac.team import load_into, publish_from
from tests.helpers import appending, copy_seeds, read_only
from tests.postgres import create_database, postgres_bin, postgres_server

needs_postgres = pytest.mark.skipif(
    postgres_bin() is None and not os.environ.get("CI"),
    reason="needs PostgreSQL binaries (apt-get install postgresql); .ci/run installs them",
)
_counter = iter(range(1_000_000))

WEB_PAGE = "test-kyodo-web-page"
RE_REPORT = "test-re-report"
MEETING = "test-meeting-with-evidence"
POSITION = "test-person-minister"

ORGANIZATIONS = """
- id: test-kyodo
  name: Test Kyodo
  kind: news_agency
  country: JP
  reliability: B
  reliability_rationale: A news agency whose reports have mostly been borne out elsewhere.
  domains: [example.org, agency.example.net]
"""

SOURCES = f"""
- id: {WEB_PAGE}
  title: Talks in Beijing, a web page
  outlet: test-kyodo
  published: "2024-08-01"
  url: https://example.org/talks-in-beijing
  language: en
  kind: news

- id: {RE_REPORT}
  title: The same report, carried again
  outlet: new-eastern-outlook
  published: "2024-08-02"
  language: en
  kind: wire_story
  re_reports: {WEB_PAGE}
  independent: false
"""

PERSONS = f"""
- id: test-person
  name: Test Person
  country: JP
  citations:
    - {{source: {WEB_PAGE}, heading: Who came}}
  positions:
    - id: {POSITION}
      office: Minister of Tests
      start: "2023"
      citations:
        - {{source: {WEB_PAGE}, quote: the minister of tests}}
      claims:
        - field: start
          value: "2022"
          stance: contradicts
          source: {RE_REPORT}
          note: The re-report dates the appointment a year earlier; the original is kept.
"""

MEETINGS = f"""
- id: {MEETING}
  title: A meeting that uses every kind of evidence
  type: consult
  date: 2024-07-30
  status: occurred
  format: bilateral
  summary: A record added to test the evidence model through a working database.
  participants:
    - {{person: test-person, position: {POSITION}, role: counterpart}}
    - {{country: CN, role: counterpart}}
  links:
    - {{relation: led_to, event: yohei-kono-meets-he-lifeng-2024-07, source: {WEB_PAGE},
        heading: What followed}}
  citations:
    - {{source: neo-2024-08-20, paragraph: 5}}
    - {{source: {WEB_PAGE}, heading: Talks in Beijing}}
    - {{source: {WEB_PAGE}, quote: the two sides agreed}}
    - source: {RE_REPORT}
      paragraph: 2
      credibility: 2
      credibility_reason: Confirmed by the curator against the ministry's own readout.
  claims:
    - field: date
      value: 2024-07-31
      stance: contradicts
      source: {WEB_PAGE}
      heading: Talks in Beijing
      note: The web page gives the next day; the other sources agree on the 30th.
  status_history:
    - {{status: planned, as_of: 2024-07-20, source: {WEB_PAGE}, quote: the two will meet}}
    - {{status: occurred, as_of: 2024-07-30, source: {RE_REPORT}}}
"""

FIGURES = f"""
- id: test-figure-by-heading
  measure: Number of delegates at the test meeting
  value_low: 12
  value_high: 12
  unit: people
  event: {MEETING}
  source: {WEB_PAGE}
  heading: Who came
"""


def evidence_seeds(folder: Path) -> Path:
    """A copy of the real seeds with records that use every feature of the evidence model."""
    seeds = copy_seeds(folder)
    for name, text_ in (
        ("organizations.yaml", ORGANIZATIONS),
        ("sources.yaml", SOURCES),
        ("persons.yaml", PERSONS),
        ("meetings.yaml", MEETINGS),
        ("figures.yaml", FIGURES),
    ):
        appending(name, text_)(seeds)
    return seeds


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return evidence_seeds(tmp_path_factory.mktemp("evidence"))


@pytest.fixture(scope="module")
def built(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "indopac.db"
    build(seeds, out)
    return out


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    if postgres_bin() is None:
        pytest.skip("needs PostgreSQL binaries")
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def working(request, seeds: Path, tmp_path: Path) -> str:
    """A working database of each engine, migrated and loaded with the evidence seeds."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "working.db")
    else:
        url = create_database(request.getfixturevalue("pg_server"), f"ev_{next(_counter)}")
    migrate.upgrade(url)
    assert load_into(url, seeds) == 36
    return url


def _rows(path: Path, table: str) -> list[tuple]:
    with read_only(path) as conn:
        return sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def test_the_seeds_use_every_new_feature(built: Path) -> None:
    """The fixture holds what the round trip is meant to carry (else it tests less)."""
    with read_only(built) as conn:

        def one(sql: str) -> tuple:
            return conn.execute(sql).fetchone()

        assert one(
            f"SELECT paragraph_count, reliability, reliability_from_outlet FROM sources "
            f"WHERE id = '{WEB_PAGE}'"
        ) == (None, "B", 1)
        assert one(f"SELECT re_reports_id FROM sources WHERE id = '{RE_REPORT}'") == (WEB_PAGE,)
        assert one(
            f"SELECT count(*) FROM citations WHERE event_id = '{MEETING}' "
            "AND (heading IS NOT NULL OR quote IS NOT NULL)"
        ) == (2,)
        assert one(
            "SELECT credibility, credibility_reason IS NOT NULL FROM citations "
            f"WHERE event_id = '{MEETING}' AND credibility IS NOT NULL"
        ) == ("2", 1)
        assert one(f"SELECT count(*) FROM disagreements WHERE event_id = '{MEETING}'") == (1,)
        assert one(f"SELECT count(*) FROM disagreements WHERE position_id = '{POSITION}'") == (1,)
        assert one(f"SELECT count(*) FROM event_statuses WHERE event_id = '{MEETING}'") == (2,)
        assert one(f"SELECT heading FROM event_links WHERE event_id = '{MEETING}'") == (
            "What followed",
        )
        assert one("SELECT heading FROM figures WHERE id = 'test-figure-by-heading'") == (
            "Who came",
        )
        assert conn.execute(
            "SELECT domain FROM outlet_domains WHERE organization_id = 'test-kyodo' ORDER BY 1"
        ).fetchall() == [("agency.example.net",), ("example.org",)]


def test_publishing_from_a_working_database_equals_building_from_the_seeds(
    working: str, built: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist" / "indopac.db"
    assert publish_from(working, out) == 36
    for table in exported_tables():
        assert _rows(out, table.name) == _rows(built, table.name), table.name
    # The evidence tables too, whether exported or not.
    with sqlite3.connect(out) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in (
        "disagreements",
        "event_statuses",
        "citations",
        "sources",
        "organizations",
        "outlet_domains",
    ):
        assert table in tables
        assert _rows(out, table) == _rows(built, table), table


def test_loading_the_same_seeds_again_finds_every_record_as_it_is(
    working: str, seeds: Path
) -> None:
    """``load`` compares the records it leaves alone field by field: none differs."""
    result = load_into(working, seeds)
    assert result == 0
    assert result.left_alone == ()


# (statements, (table label, record, field) expected in the message) on the evidence seeds.
HAND_EDITS = {
    "inherited_rating_edited": (
        [f"UPDATE sources SET reliability = 'A' WHERE id = '{WEB_PAGE}'"],
        ("table sources", WEB_PAGE, "sources.reliability"),
    ),
    "outlet_rating_changed_after_the_load": (
        ["UPDATE organizations SET reliability = 'D' WHERE id = 'test-kyodo'"],
        ("table sources", WEB_PAGE, "sources.reliability"),
    ),
    "status_date_bounds_edited": (
        ["UPDATE event_statuses SET as_of_latest = '2024-12-31' WHERE as_of = '2024-07-20'"],
        ("table event_statuses", MEETING, "event_statuses.as_of_latest"),
    ),
    "claim_on_no_field_of_the_record": (
        [f"UPDATE disagreements SET field = 'colour' WHERE event_id = '{MEETING}'"],
        ("table events (kind meeting)", MEETING, "disagreements.field (row 1 of the record)"),
    ),
    "status_dated_after_its_source": (
        ["UPDATE event_statuses SET as_of = '2025-01-01', as_of_earliest = '2025-01-01', "
         "as_of_latest = '2025-01-01' WHERE as_of = '2024-07-20'"],
        ("table events (kind meeting)", MEETING, "event_statuses.as_of (row 1 of the record)"),
    ),
    "outlet_domain_of_a_cited_page_removed": (
        ["DELETE FROM outlet_domains WHERE domain = 'example.org'"],
        ("table sources", WEB_PAGE, "sources.url"),
    ),
    "outlet_domain_that_is_no_host_name": (
        ["INSERT INTO outlet_domains VALUES ('test-kyodo', 'kyodo_news.example')"],
        ("table organizations", "test-kyodo", "outlet_domains.domain (row 3 of the record)"),
    ),
    "position_claim_on_no_field": (
        [f"UPDATE disagreements SET field = 'colour' WHERE position_id = '{POSITION}'"],
        ("table persons", "test-person", "disagreements.field (row 1 of the record)"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HAND_EDITS))
def test_hand_edits_of_the_evidence_are_refused_by_table_record_and_column(
    case: str, working: str, tmp_path: Path
) -> None:
    statements, (where, record, field) = HAND_EDITS[case]
    _execute(working, *statements)
    out = tmp_path / "dist" / "indopac.db"
    with pytest.raises(DatabaseValidationError) as caught:
        publish_from(working, out)
    message = str(caught.value)
    assert f"{where}: record {record!r}: field '{field}" in message, message
    assert not out.exists()


def test_error_locations_of_the_evidence_lists() -> None:
    assert database_field("events", "claims[0].field") == (
        "disagreements.field (row 1 of the record)"
    )
    assert database_field("events", "status_history[1].as_of") == (
        "event_statuses.as_of (row 2 of the record)"
    )
    assert database_field("events", "citations[2].credibility_reason") == (
        "citations.credibility_reason (row 3 of the record)"
    )
    assert database_field("persons", "positions[0].claims[1].value") == (
        "disagreements.value (row 2 of the record) (row 1 of the record)"
    )
    assert database_field("places", "claims[0].source") == (
        "disagreements.source_id (row 1 of the record)"
    )
    assert database_field("organizations", "domains[1]") == (
        "outlet_domains.domain (row 2 of the record)"
    )
    assert database_field("sources", "outlet") == "sources.outlet_id"
    assert database_field("sources", "re_reports") == "sources.re_reports_id"
