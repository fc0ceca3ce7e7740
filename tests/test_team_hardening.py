"""Shared databases under attack (review of 0.1.0, findings 3, 4, 15 and 16): destructive
migrations, publishing unchecked rows, loads that drop edits silently, bad database URLs.

Real SQLite files, a real throwaway PostgreSQL server (tests/postgres.py), real pg_dump and
pg_restore, real `indopac` processes where the exit status and stderr are the contract.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from indopac import migrate
from indopac.database_seeds import DatabaseValidationError
from indopac.db import sqlite_url
from indopac.paths import SEEDS_DIR
from indopac.team import LoadConflict, PublishRefused, load_into, publish_from
from tests.helpers import (
    FIT_FOR_0001,
    FIXTURE_SEEDS,
    appending,
    copy_seeds,
    replacing,
    run_indopac,
    sha256,
)
from tests.postgres import postgres_bin, postgres_server

needs_postgres = pytest.mark.skipif(
    postgres_bin() is None and not os.environ.get("CI"),
    reason="needs PostgreSQL binaries (apt-get install postgresql); .ci/run installs them",
)
_counter = iter(range(1_000_000))


def _count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _admin(url: str) -> psycopg.Connection:
    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    if postgres_bin() is None:
        pytest.skip("needs PostgreSQL binaries")
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def pg_loaded(pg_server: str) -> str:
    """A template database, migrated and loaded with the real seeds once for the module."""
    with _admin(pg_server) as connection:
        connection.execute('CREATE DATABASE "loaded"')
    url = make_url(pg_server).set(database="loaded").render_as_string(hide_password=False)
    migrate.upgrade(url)
    assert load_into(url, FIXTURE_SEEDS) == 35
    return url


def _pg_copy(pg_loaded: str) -> str:
    """A new database that is a copy of the loaded one (CREATE DATABASE … TEMPLATE)."""
    name = f"copy_{next(_counter)}"
    with _admin(pg_loaded) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "loaded"')
    return make_url(pg_loaded).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def sqlite_loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("loaded") / "working.db"
    migrate.upgrade(sqlite_url(path))
    assert load_into(sqlite_url(path), FIXTURE_SEEDS) == 35
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def working_copy(request, tmp_path: Path, sqlite_loaded: Path) -> str:
    """A loaded working database of each engine, private to one test."""
    if request.param == "sqlite":
        path = tmp_path / "working.db"
        shutil.copyfile(sqlite_loaded, path)
        return sqlite_url(path)
    return _pg_copy(request.getfixturevalue("pg_loaded"))


# -- finding 3: nothing destroys shared data without a copy ---------------------------------


@needs_postgres
def test_finding_03_postgres_downgrade_refused_without_yes(pg_loaded: str, tmp_path) -> None:
    url = _pg_copy(pg_loaded)
    result = run_indopac("migrate", "downgrade", "base", "--database-url", url, cwd=tmp_path)
    assert result.returncode == 1
    assert "--yes" in result.stderr and "pg_dump" in result.stderr
    assert "Traceback" not in result.stderr
    assert _count(url, "SELECT count(*) FROM events") == 35
    assert list(tmp_path.iterdir()) == []


@needs_postgres
def test_finding_03_postgres_downgrade_with_yes_dumps_first_and_the_dump_restores(
    pg_loaded: str, tmp_path: Path
) -> None:
    url = _pg_copy(pg_loaded)
    _execute(url, *FIT_FOR_0001)
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    result = run_indopac(
        "migrate", "downgrade", "base", "--yes", "--dump-dir", str(dumps), "--database-url", url
    )
    assert result.returncode == 0, result.stderr
    (dump,) = dumps.iterdir()
    assert dump.name in result.stderr
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    assert "events" not in _tables_pg(url)
    # The copy is the whole shared database: restored into a new one, every event is back.
    restored = make_url(url).set(database=f"restored_{next(_counter)}")
    with _admin(url) as connection:
        connection.execute(f'CREATE DATABASE "{restored.database}"')
    pg_restore = migrate.pg_dump_binary().with_name("pg_restore")
    subprocess.run(
        [
            str(pg_restore),
            f"--host={restored.host}",
            f"--port={restored.port}",
            f"--username={restored.username}",
            f"--dbname={restored.database}",
            str(dump),
        ],
        check=True,
        capture_output=True,
    )
    assert _count(restored.render_as_string(False), "SELECT count(*) FROM events") == 35


@needs_postgres
def test_finding_03_postgres_downgrade_refuses_rows_0001_cannot_hold(
    pg_loaded: str, tmp_path: Path
) -> None:
    """The seeds hold what revision 0001 cannot (an outlet, citations of one field): the
    downgrade stops with a sentence that says so, after the copy, and changes nothing."""
    url = _pg_copy(pg_loaded)
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    result = run_indopac(
        "migrate", "downgrade", "base", "--yes", "--dump-dir", str(dumps), "--database-url", url
    )
    assert result.returncode == 1
    assert "cannot downgrade to 0001" in result.stderr
    assert "organisations are of a kind added in 0002" in result.stderr
    assert "Traceback" not in result.stderr
    # One transaction: 0003's step, which went first, is undone with the rest.
    assert _count(url, "SELECT version_num FROM alembic_version") == migrate.head_revision()
    assert _count(url, "SELECT count(*) FROM citations WHERE field IS NOT NULL") == 3
    assert _count(url, "SELECT count(*) FROM events") == 35


def _tables_pg(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return set(
                connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).scalars()
            )
    finally:
        engine.dispose()


@needs_postgres
def test_finding_03_postgres_downgrade_refused_when_pg_dump_is_missing(
    pg_loaded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _pg_copy(pg_loaded)
    # The one stand-in of this file: a machine without pg_dump cannot be made here otherwise.
    monkeypatch.setattr(migrate, "pg_dump_binary", lambda: None)
    with pytest.raises(migrate.MigrationRefused, match="pg_dump is not installed"):
        migrate.migrate_safely(url, "downgrade", "base", yes=True, dump_folder=tmp_path)
    assert _count(url, "SELECT count(*) FROM events") == 35


@needs_postgres
def test_finding_03_postgres_downgrade_refused_when_pg_dump_fails(
    pg_loaded: str, tmp_path: Path
) -> None:
    url = _pg_copy(pg_loaded)
    stamp_blocker = tmp_path / "dumps"
    stamp_blocker.mkdir()
    stamp_blocker.chmod(0o500)  # pg_dump runs as this user (root ignores modes: see below)
    if os.geteuid() == 0:
        # root writes anywhere; make pg_dump itself fail instead: a user it cannot log in as.
        url = make_url(url).set(username="nobody_here").render_as_string(False)
        with pytest.raises(migrate.DatabaseProblem):
            migrate.migrate_safely(url, "downgrade", "base", yes=True, dump_folder=stamp_blocker)
        return
    with pytest.raises(migrate.MigrationRefused, match="pg_dump"):
        migrate.migrate_safely(url, "downgrade", "base", yes=True, dump_folder=stamp_blocker)
    assert _count(url, "SELECT count(*) FROM events") == 35


def test_finding_03_published_snapshot_is_never_migrated(built_db: Path, tmp_path: Path) -> None:
    served = tmp_path / "live" / "indopac.db"
    served.parent.mkdir()
    shutil.copyfile(built_db, served)
    before = sha256(served)
    for direction in (("downgrade", "base"), ("upgrade",)):
        result = run_indopac("migrate", *direction, "--database-url", sqlite_url(served))
        assert result.returncode == 1
        assert "published snapshot" in result.stderr
        assert "Traceback" not in result.stderr
    assert sha256(served) == before
    assert sorted(p.name for p in served.parent.iterdir()) == ["indopac.db"]  # no backup


def test_finding_03_corrupt_sqlite_file_is_refused_before_migrating(
    sqlite_loaded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "c1.db"
    shutil.copyfile(sqlite_loaded, path)
    with open(path, "r+b") as handle:  # 4 KB of garbage in the middle, as in the review
        handle.seek(path.stat().st_size // 2 // 4096 * 4096)
        handle.write(os.urandom(4096))
    before = sha256(path)
    result = run_indopac("migrate", "upgrade", "--database-url", sqlite_url(path))
    assert result.returncode == 1
    assert "corrupt" in result.stderr or "not a usable SQLite database" in result.stderr
    assert "Traceback" not in result.stderr
    assert sha256(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["c1.db"]


def test_finding_03_one_sentence_for_not_a_database_future_revision_and_memory(
    sqlite_loaded: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 200)
    future = tmp_path / "future.db"
    shutil.copyfile(sqlite_loaded, future)
    with sqlite3.connect(future) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    cases = [
        (["upgrade"], sqlite_url(junk), "file is not a database"),
        (["current"], sqlite_url(junk), "file is not a database"),
        (["current"], sqlite_url(future), "does not know"),
        (["upgrade"], sqlite_url(future), "does not know"),
        (["upgrade"], "sqlite://", "in-memory"),
        (["upgrade"], "sqlite:///:memory:", "in-memory"),
    ]
    for args, url, words in cases:
        result = run_indopac("migrate", *args, "--database-url", url)
        assert result.returncode == 1, (args, url, result.stderr)
        assert words in result.stderr, (args, url, result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.db", "junk.db"]


def test_finding_03_downgrade_minus_one_works_as_the_message_says(
    sqlite_loaded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "working.db"
    shutil.copyfile(sqlite_loaded, path)
    _execute(sqlite_url(path), *FIT_FOR_0001)
    for below, gone in (
        ("0004", {"record_changes"}),
        ("0003", set()),
        ("0002", {"outlet_domains"}),
        ("0001", {"disagreements", "event_statuses"}),
    ):
        result = run_indopac("migrate", "downgrade", "-1", "--database-url", sqlite_url(path))
        assert result.returncode == 0, result.stderr
        assert "kept in" in result.stderr  # SQLite keeps its copy-before-migrate
        # One revision down each time, with the data (what 0001 cannot hold removed above).
        with sqlite3.connect(path) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (below,)
            assert conn.execute("SELECT count(*) FROM events").fetchone() == (35,)
        assert "events" in tables
        assert not gone & tables


# -- finding 4: publish --from runs the seed checks on the database's rows -------------------

VISIT = "yohei-kono-visits-china-2024-07"
MEETING = "yohei-kono-meets-he-lifeng-2024-07"

# (statements, [(where, record, field) expected in the message]); where is the table label.
BAD_ROWS: dict[str, tuple[list[str], list[tuple[str, str, str]]]] = {
    "formula_title": (
        [
            f'UPDATE events SET title = \'=HYPERLINK("http://evil.example","click")\' '
            f"WHERE id = '{VISIT}'"
        ],
        [("table events (kind visit)", VISIT, "events.title")],
    ),
    "invalid_edtf": (
        [f"UPDATE events SET date = 'not an edtf date' WHERE id = '{VISIT}'"],
        [("table events (kind visit)", VISIT, "events.date")],
    ),
    "derived_dates_9999": (
        [
            f"UPDATE events SET start_date = '9999-12-31', end_date = '9999-12-31' "
            f"WHERE id = '{VISIT}'"
        ],
        [("table events", VISIT, "events.start_date")],
    ),
    "visit_without_visits_row_participants_or_citations": (
        [
            "INSERT INTO events (id, kind, title, date, start_date, end_date, status, summary, "
            "type_id, first_ever) SELECT 'hand-inserted-1', 'visit', 'A hand-inserted visit', "
            "'2024-07-01', '2024-07-01', '2024-07-01', 'occurred', 'Inserted by hand.', "
            "type_id, first_ever FROM events WHERE id = "
            f"'{VISIT}'"
        ],
        [
            ("table events (kind visit)", "hand-inserted-1", "visits.destination_country_code"),
            ("table events (kind visit)", "hand-inserted-1", "participants"),
            ("table events (kind visit)", "hand-inserted-1", "citations"),
        ],
    ),
    "non_slug_id": (
        [
            "INSERT INTO events (id, kind, title, date, start_date, end_date, status, summary, "
            "type_id, first_ever) SELECT 'Hand Inserted 2', 'statement', 'A statement', "
            "'2024-07-01', '2024-07-01', '2024-07-01', 'occurred', 'Inserted by hand.', "
            f"type_id, first_ever FROM events WHERE id = '{VISIT}'"
        ],
        [("table events (kind statement)", "Hand Inserted 2", "events.id")],
    ),
    "subtype_row_of_another_kind": (
        [f"INSERT INTO meetings (event_id, format) VALUES ('{VISIT}', 'bilateral')"],
        [("table meetings", VISIT, "meetings.event_id")],
    ),
    "citation_beyond_the_source": (
        [f"UPDATE citations SET paragraph = 99 WHERE event_id = '{MEETING}'"],
        [("table events (kind meeting)", MEETING, "citations.paragraph")],
    ),
    "blank_person_name": (
        ["UPDATE persons SET name = '   ' WHERE id = 'yohei-kono'"],
        [("table persons", "yohei-kono", "persons.name")],
    ),
    "position_dates": (
        [
            "UPDATE positions SET start = '2099', start_earliest = '2099-01-01' "
            "WHERE id = 'yohei-kono-chairman-japit'"
        ],
        [("table events (kind visit)", VISIT, "participants.position_id")],
    ),
    "bilateral_meeting_one_side": (
        ["UPDATE persons SET country_code = 'JP' WHERE id = 'he-lifeng'"],
        [],  # the exact wording is the seed checks'; the record is asserted below
    ),
    "retired_id_in_use": (
        [
            "INSERT INTO retired_ids (record_kind, id, reason, retired_on) VALUES "
            f"('event', '{VISIT}', 'Withdrawn.', '2024-09-01')"
        ],
        [],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_finding_04_publish_from_refuses_rows_the_seed_checks_refuse(
    case: str, working_copy: str, tmp_path: Path
) -> None:
    statements, expected = BAD_ROWS[case]
    _execute(working_copy, *statements)
    out = tmp_path / "dist" / "indopac.db"
    with pytest.raises(DatabaseValidationError) as caught:
        publish_from(working_copy, out)
    message = str(caught.value)
    for where, record, field in expected:
        assert f"{where}: record {record!r}: field '{field}" in message, message
    if not expected:
        assert "record" in message
    assert "seeds" not in message.split("\n")[0]
    assert not out.exists()
    # Nothing but the folder's lock (indopac/atomic_files.py) is left: no temporary file.
    assert not out.parent.exists() or _left_in(out.parent) == []


def test_finding_04_publish_from_leaves_the_published_file_untouched(
    sqlite_loaded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "working.db"
    shutil.copyfile(sqlite_loaded, path)
    out = tmp_path / "dist" / "indopac.db"
    result = run_indopac("publish", "--from", sqlite_url(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    before = sha256(out)
    _execute(sqlite_url(path), *BAD_ROWS["formula_title"][0])
    result = run_indopac("publish", "--from", sqlite_url(path), "--out", str(out))
    assert result.returncode == 1
    assert f"table events (kind visit): record '{VISIT}': field 'events.title'" in result.stderr
    assert "Traceback" not in result.stderr
    assert sha256(out) == before
    assert _left_in(out.parent) == ["indopac.db"]


def _left_in(folder: Path) -> list[str]:
    from indopac.atomic_files import LOCK_NAME

    return sorted(p.name for p in folder.iterdir() if p.name != LOCK_NAME)


def test_finding_04_rows_the_records_cannot_carry_are_refused_too(
    sqlite_loaded: Path, tmp_path: Path
) -> None:
    """A derived column the seed records do not hold (a GeoNames place's coordinates) edited
    by hand: the rebuilt tables differ from the database's, so nothing is published."""
    path = tmp_path / "working.db"
    shutil.copyfile(sqlite_loaded, path)
    with sqlite3.connect(path) as conn:
        (place,) = conn.execute(
            "SELECT id FROM places WHERE geonames_id IS NOT NULL LIMIT 1"
        ).fetchone()
        conn.execute("UPDATE places SET latitude = 0.5 WHERE id = ?", (place,))
    out = tmp_path / "dist" / "indopac.db"
    with pytest.raises(PublishRefused, match="places"):
        publish_from(sqlite_url(path), out)
    assert not out.exists()


def test_finding_04_round_trip_of_a_working_database_equals_the_build(
    sqlite_loaded: Path, tmp_path: Path, fixture_db: Path
) -> None:
    out = tmp_path / "dist" / "indopac.db"
    assert publish_from(sqlite_url(sqlite_loaded), out) == 35
    _assert_same_exported_tables(out, fixture_db)


def test_the_real_seeds_round_trip_through_a_working_database(
    tmp_path: Path, built_db: Path
) -> None:
    # The real data uses every kind of evidence (outlets with domains, claims on positions,
    # status histories, field citations, overrides): read back, it must publish as built.
    working = sqlite_url(tmp_path / "working.db")
    migrate.upgrade(working)
    events = load_into(working, SEEDS_DIR)
    out = tmp_path / "dist" / "indopac.db"
    assert publish_from(working, out) == events
    _assert_same_exported_tables(out, built_db)
    # The history is made from the checkout's release files, not from a database (README).
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT count(*) FROM record_changes").fetchone() == (0,)


def _assert_same_exported_tables(published: Path, built: Path) -> None:
    from indopac.database_seeds import MADE_FROM_RELEASE_FILES
    from indopac.export import exported_tables

    for table in exported_tables():
        if table.name in MADE_FROM_RELEASE_FILES:
            continue
        query = f'SELECT * FROM "{table.name}"'
        with sqlite3.connect(published) as a, sqlite3.connect(built) as b:
            assert sorted(a.execute(query), key=repr) == sorted(b.execute(query), key=repr)


# -- finding 15: load tells which existing records it leaves alone, and why it conflicts ----


def test_finding_15_load_reports_existing_records_it_leaves_alone(
    working_copy: str, tmp_path: Path
) -> None:
    seeds = copy_seeds(tmp_path)
    replacing("persons.yaml", "name: Yohei Kono", "name: Yohei Kōno")(seeds)
    replacing(
        "meetings.yaml",
        "    - {source: neo-2024-08-20, paragraph: 3}",
        "    - {source: neo-2024-08-20, paragraph: 3}\n"
        "    - {source: neo-2024-08-20, paragraph: 9}",
    )(seeds)
    result = load_into(working_copy, seeds)
    assert result == 0
    found = {(item.table, item.record): item.fields for item in result.left_alone}
    assert found[("persons", "yohei-kono")] == ("name",)
    assert ("citations",) in found.values()
    # Still left alone: the database keeps the old name.
    assert _count(working_copy, "SELECT count(*) FROM persons WHERE name = 'Yohei Kono'") == 1
    cli = run_indopac("load", "--seeds", str(seeds), "--database-url", working_copy)
    assert cli.returncode == 1
    assert "persons 'yohei-kono' (name)" in cli.stderr
    assert "Traceback" not in cli.stderr
    # The unedited seeds leave nothing alone that differs: exit 0, nothing listed.
    assert load_into(working_copy, FIXTURE_SEEDS).left_alone == ()


def test_finding_15_conflict_message_names_a_foreign_key_conflict(
    working_copy: str, tmp_path: Path
) -> None:
    seeds = copy_seeds(tmp_path)
    block = (
        "    - id: yohei-kono-chairman-japit\n"
        "      office: Chairman\n"
        "      organization: japan-association-for-the-promotion-of-international-trade\n"
        "      citations:\n"
        "        - {source: neo-2024-08-20, paragraph: 3}\n"
    )
    replacing("persons.yaml", block, "")(seeds)
    replacing(
        "persons.yaml",
        "        - {source: neo-2024-08-20, paragraph: 3}\n\n- id: keizo-takemi",
        "        - {source: neo-2024-08-20, paragraph: 3}\n" + block + "\n- id: keizo-takemi",
    )(seeds)
    for name in ("meetings.yaml", "visits.yaml"):
        replacing(
            name,
            "{person: yohei-kono, position: yohei-kono-chairman-japit, role: visitor}",
            "{person: yohei-kono, role: visitor}",
        )(seeds)
    appending(
        "statements.yaml",
        """
- id: he-lifeng-statement-test
  title: A statement that uses the moved office
  type: consult
  date: 2024-07-30
  status: occurred
  summary: A record for the conflict test.
  participants:
    - {person: he-lifeng, position: yohei-kono-chairman-japit, role: participant}
  citations:
    - {source: neo-2024-08-20, paragraph: 3}
""",
    )(seeds)
    check = run_indopac("validate", "--seeds", str(seeds))
    assert check.returncode == 0, check.stderr  # the seeds alone are valid
    before = _count(working_copy, "SELECT count(*) FROM events")
    with pytest.raises(LoadConflict) as caught:
        load_into(working_copy, seeds)
    message = str(caught.value)
    assert "another load" not in message
    assert "holds differently" in message
    assert "persons 'he-lifeng' (positions)" in message
    assert "nothing from this load was written" in message
    assert _count(working_copy, "SELECT count(*) FROM events") == before


# -- finding 16: every command that takes a database URL, every bad URL ----------------------

PASSWORD = "S3cretPassw0rd"


def _bad_urls(tmp_path: Path) -> dict[str, str]:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    return {
        "not_a_url": "notaurl",
        "missing_folder": "sqlite:////nonexistent/dir/x.db",
        "mysql": f"mysql://alice:{PASSWORD}@127.0.0.1/db",
        "no_driver": f"postgresql://alice:{PASSWORD}@127.0.0.1:1/db",
        "server_down": f"postgresql+psycopg://alice:{PASSWORD}@127.0.0.1:1/db",
        "memory": "sqlite://",
        "corrupt": sqlite_url(corrupt),
        "foreign": sqlite_url(foreign),
        "not_migrated": sqlite_url(empty),
    }


COMMANDS: dict[str, Callable[[str, Path], list[str]]] = {
    "migrate": lambda url, out: ["migrate", "upgrade", "--database-url", url],
    "load": lambda url, out: ["load", "--database-url", url],
    "publish": lambda url, out: ["publish", "--from", url, "--out", str(out)],
    "validate": lambda url, out: ["validate", "--load", url],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_finding_16_every_database_command_gives_one_sentence_for_every_bad_url(
    command: str, tmp_path: Path
) -> None:
    urls = _bad_urls(tmp_path)
    out = tmp_path / "dist" / "indopac.db"
    for case, url in urls.items():
        if command == "migrate" and case == "not_migrated":
            continue  # migrating an empty file is how a working database begins
        before = {p.name: sha256(p) for p in tmp_path.iterdir() if p.is_file()}
        result = run_indopac(*COMMANDS[command](url, out))
        assert result.returncode != 0, (case, result.stdout)
        assert "Traceback" not in result.stderr, (case, result.stderr)
        assert PASSWORD not in result.stderr + result.stdout, case
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (case, result.stderr)
        if case == "not_migrated":
            assert "migrate upgrade" in result.stderr
        after = {p.name: sha256(p) for p in tmp_path.iterdir() if p.is_file()}
        assert after == before, case  # nothing written, no backup of a refused file
        assert not out.exists()
