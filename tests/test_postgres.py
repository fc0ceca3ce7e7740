"""The same models, migrations and seeds on a real PostgreSQL server, published to SQLite.

A server is started for this module (Debian's PostgreSQL, a temporary folder, a loopback
port) and stopped after. Skipped with the reason where no PostgreSQL binaries exist, but
never in CI: .ci/run installs them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_alembic.tests import (  # noqa: F401 - collected as tests, against PostgreSQL here
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from indopac import migrate
from indopac.build import build
from indopac.database_seeds import table_fingerprints
from indopac.db import sqlite_url
from indopac.export import exported_tables
from indopac.team import LoadConflict, load_into, publish_from
from tests.helpers import AN_OUTLET_DOMAIN, FIT_FOR_0001, FIXTURE_SEEDS, copy_seeds, read_only
from tests.postgres import create_database, postgres_bin, postgres_server

pytestmark = pytest.mark.skipif(
    postgres_bin() is None and not os.environ.get("CI"),
    reason="needs PostgreSQL binaries (apt-get install postgresql); .ci/run installs them",
)

_counter = iter(range(1_000_000))


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A new, empty database for one test."""
    return create_database(pg_server, f"test_{next(_counter)}")


@pytest.fixture
def alembic_engine(pg_url: str):
    engine = create_engine(pg_url)
    yield engine
    engine.dispose()


def _schema_signature(url: str) -> dict:
    engine = create_engine(url)
    inspector = inspect(engine)
    signature = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        signature[table] = {
            "columns": [(c["name"], c["nullable"]) for c in inspector.get_columns(table)],
            "checks": sorted(c["name"] for c in inspector.get_check_constraints(table)),
            "foreign_keys": sorted(f["name"] for f in inspector.get_foreign_keys(table)),
            "uniques": sorted(u["name"] for u in inspector.get_unique_constraints(table)),
            # PostgreSQL also lists a unique constraint's own index; it is the constraint.
            "indexes": sorted(
                i["name"]
                for i in inspector.get_indexes(table)
                if not i.get("duplicates_constraint")
            ),
            "primary_key": inspector.get_pk_constraint(table)["name"],
        }
    engine.dispose()
    return signature


def test_same_tables_columns_and_constraint_names_on_both_engines(
    pg_url: str, tmp_path: Path
) -> None:
    migrate.upgrade(pg_url)
    sqlite = sqlite_url(tmp_path / "working.db")
    migrate.upgrade(sqlite)
    pg, lite = _schema_signature(pg_url), _schema_signature(sqlite)
    assert pg.keys() == lite.keys()
    # A boolean is a native type on PostgreSQL, which needs no CHECK to stay 0 or 1.
    boolean_checks = {"ck_events_first_ever", "ck_sources_reliability_from_outlet"}
    for table in pg:
        assert pg[table]["columns"] == lite[table]["columns"], table
        assert set(pg[table]["checks"]) == set(lite[table]["checks"]) - boolean_checks, table
        assert pg[table]["foreign_keys"] == lite[table]["foreign_keys"], table
        assert pg[table]["indexes"] == lite[table]["indexes"], table


def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def _scalar(url: str, sql: str) -> object:
    engine = create_engine(url)
    with engine.connect() as connection:
        value = connection.execute(text(sql)).scalar()
    engine.dispose()
    return value


def _fingerprints(url: str) -> dict:
    engine = create_engine(url)
    with engine.connect() as connection:
        prints = table_fingerprints(connection)
    engine.dispose()
    return prints


def test_load_then_downgrade_and_upgrade_with_data(pg_url: str) -> None:
    migrate.upgrade(pg_url)
    assert load_into(pg_url, FIXTURE_SEEDS) == 35
    assert _scalar(pg_url, "SELECT count(*) FROM participants") > 0
    # What 0001 cannot hold (an outlet's kind, citations of one field) goes first; the
    # refusal when it is there is tested below and in test_team_hardening.
    _execute(pg_url, *FIT_FOR_0001)
    citations = _scalar(pg_url, "SELECT count(*) FROM citations")
    # 0003 -> 0001 keeps the rows; 0001 -> 0003 reads them back as they were.
    migrate.downgrade(pg_url, "0001")
    assert _scalar(pg_url, "SELECT count(*) FROM events") == 35
    assert _scalar(pg_url, "SELECT count(*) FROM citations WHERE credibility = '6'") == citations
    migrate.upgrade(pg_url)
    assert _scalar(pg_url, "SELECT count(*) FROM events") == 35
    assert _scalar(
        pg_url, "SELECT count(*) FROM citations WHERE credibility_reason IS NOT NULL"
    ) == (citations)
    migrate.downgrade(pg_url, "base")
    migrate.upgrade(pg_url)
    assert _scalar(pg_url, "SELECT count(*) FROM events") == 0
    assert load_into(pg_url, FIXTURE_SEEDS) == 35
    # Loading the same seeds again adds nothing and changes nothing.
    assert load_into(pg_url, FIXTURE_SEEDS) == 0


def test_downgrade_refuses_a_row_with_no_paragraph_and_changes_nothing(pg_url: str) -> None:
    migrate.upgrade(pg_url)
    load_into(pg_url, FIXTURE_SEEDS)
    _execute(
        pg_url,
        *FIT_FOR_0001,
        # A citation of a web page by its heading: 0001 has no column for a heading and needs
        # a paragraph.
        "UPDATE citations SET paragraph = NULL, heading = 'Japan and China' "
        "WHERE id = (SELECT min(id) FROM citations)",
    )
    # One transaction on PostgreSQL: 0003's step, which went first, is undone too.
    _assert_refused_changing_nothing(
        pg_url,
        "base",
        "cannot downgrade to 0001: 1 rows of citations cite no paragraph; revision 0001 cannot "
        "hold them. Remove or change those rows first, or keep the database at 0002.",
    )


def _assert_refused_changing_nothing(pg_url: str, target: str, message: str) -> None:
    """The downgrade to ``target`` is refused with ``message``, and the database is left as
    it was: at head, every row unchanged."""
    before = _fingerprints(pg_url)
    with pytest.raises(RuntimeError) as caught:
        migrate.downgrade(pg_url, target)
    assert str(caught.value) == message
    assert _scalar(pg_url, "SELECT version_num FROM alembic_version") == migrate.head_revision()
    assert _fingerprints(pg_url) == before


FIRST_SINCE_COMMENT = (
    "SELECT col_description('events'::regclass, attnum) FROM pg_attribute "
    "WHERE attrelid = 'events'::regclass AND attname = 'first_since'"
)


def test_outlet_domains_up_and_down_and_the_refusal_that_changes_nothing(pg_url: str) -> None:
    migrate.upgrade(pg_url)
    load_into(pg_url, FIXTURE_SEEDS)
    assert _scalar(pg_url, FIRST_SINCE_COMMENT).startswith("EDTF date since which this is")
    _execute(pg_url, AN_OUTLET_DOMAIN)
    _assert_refused_changing_nothing(
        pg_url,
        "0002",
        "cannot downgrade to 0002: 1 rows of outlet_domains hold outlets' web domains; revision "
        "0002 cannot hold them. Remove those rows first, or keep the database at 0003.",
    )

    # Without it: down to 0002 (the old comment back) and up again, every other row kept.
    _execute(pg_url, "DELETE FROM outlet_domains")
    before = _fingerprints(pg_url)
    migrate.downgrade(pg_url, "0002")
    assert _scalar(pg_url, "SELECT to_regclass('outlet_domains')") is None
    assert _scalar(pg_url, FIRST_SINCE_COMMENT) == (
        "EDTF date of the last such event before this one."
    )
    migrate.upgrade(pg_url)
    assert _scalar(pg_url, FIRST_SINCE_COMMENT).startswith("EDTF date since which this is")
    assert _fingerprints(pg_url) == before
    # The CHECKs hold on PostgreSQL too (their LIKE patterns mean the same on both engines).
    engine = create_engine(pg_url)
    try:
        for domain in ("Example.org", "https://example.org", "example.org/x", ".example.org"):
            insert = text(AN_OUTLET_DOMAIN.replace("'example.org'", ":domain"))
            with pytest.raises(IntegrityError, match="ck_outlet_"), engine.begin() as connection:
                connection.execute(insert, {"domain": domain})
    finally:
        engine.dispose()


def _rows(path: Path, table: str) -> list[tuple]:
    with read_only(path) as conn:
        return sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def test_publishing_from_postgresql_equals_building_from_the_seeds(
    pg_url: str, tmp_path: Path
) -> None:
    migrate.upgrade(pg_url)
    load_into(pg_url, FIXTURE_SEEDS)
    from_pg = tmp_path / "pg" / "indopac.db"
    assert publish_from(pg_url, from_pg) == 35
    from_seeds = tmp_path / "seeds" / "indopac.db"
    build(FIXTURE_SEEDS, from_seeds)
    for table in exported_tables():
        assert _rows(from_pg, table.name) == _rows(from_seeds, table.name), table.name


def _seeds_with_new_meeting(folder: Path, event_id: str, title: str) -> Path:
    target = copy_seeds(folder)
    with open(target / "meetings.yaml", "a", encoding="utf-8") as handle:
        handle.write(
            f"""
- id: {event_id}
  title: {title}
  type: consult
  date: 2024-07-30
  status: occurred
  format: bilateral
  summary: A record added by one editor in a concurrency test.
  participants:
    - {{country: JP, role: counterpart}}
    - {{country: CN, role: counterpart}}
  citations:
    - {{source: neo-2024-08-20, paragraph: 5}}
"""
        )
    return target


def _titles(url: str) -> dict[str, str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, title FROM events")).all()
    engine.dispose()
    return dict(rows)


def test_two_editors_adding_different_records_at_once_both_succeed(
    pg_url: str, tmp_path: Path
) -> None:
    migrate.upgrade(pg_url)
    load_into(pg_url, FIXTURE_SEEDS)
    first = _seeds_with_new_meeting(tmp_path / "a", "test-meeting-a", "Editor A's meeting")
    second = _seeds_with_new_meeting(tmp_path / "b", "test-meeting-b", "Editor B's meeting")
    both_ready = threading.Barrier(2)
    results: dict[str, object] = {}

    def run(name: str, seeds: Path) -> None:
        try:
            results[name] = load_into(pg_url, seeds, before_commit=lambda: both_ready.wait(30))
        except Exception as exc:  # reported below
            results[name] = exc

    threads = [threading.Thread(target=run, args=a) for a in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == {"a": 1, "b": 1}
    titles = _titles(pg_url)
    assert titles["test-meeting-a"] == "Editor A's meeting"
    assert titles["test-meeting-b"] == "Editor B's meeting"


def test_two_editors_adding_the_same_id_one_wins_the_other_gets_a_clear_error(
    pg_url: str, tmp_path: Path
) -> None:
    migrate.upgrade(pg_url)
    load_into(pg_url, FIXTURE_SEEDS)
    first = _seeds_with_new_meeting(tmp_path / "a", "test-meeting-same", "Editor A's version")
    second = _seeds_with_new_meeting(tmp_path / "b", "test-meeting-same", "Editor B's version")
    with open(second / "meetings.yaml", "a", encoding="utf-8") as handle:
        # B also adds a record nobody else adds: it must not be half-written either.
        text_ = (second / "meetings.yaml").read_text(encoding="utf-8")
        block = text_[text_.rindex("\n- id: test-meeting-same") :]
        handle.write(block.replace("test-meeting-same", "test-meeting-only-b"))
    first_inserted = threading.Event()
    release_first = threading.Event()
    results: dict[str, object] = {}

    def run_first() -> None:
        def hold() -> None:
            first_inserted.set()
            release_first.wait(30)

        results["a"] = load_into(pg_url, first, before_commit=hold)

    def run_second() -> None:
        try:
            results["b"] = load_into(pg_url, second)
        except LoadConflict as exc:
            results["b"] = exc

    a = threading.Thread(target=run_first)
    a.start()
    assert first_inserted.wait(60)
    b = threading.Thread(target=run_second)
    b.start()
    time.sleep(1.5)  # B now waits on A's uncommitted row with the same key
    release_first.set()
    a.join(60)
    b.join(60)
    assert results["a"] == 1
    assert isinstance(results["b"], LoadConflict)
    assert "nothing from this load was written" in str(results["b"])
    titles = _titles(pg_url)
    assert titles["test-meeting-same"] == "Editor A's version"
    assert "test-meeting-only-b" not in titles
