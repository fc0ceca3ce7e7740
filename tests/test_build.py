"""The build publishes all or nothing: a failed build leaves the published file as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import indopac.build
from indopac.build import TEMP_PREFIX, build
from indopac.ingest import SeedValidationError
from tests.helpers import sha256


def _break_a_seed(seeds: Path) -> None:
    path = seeds / "visits.yaml"
    path.write_text(path.read_text().replace("destination_country: CN", "destination_country: XX"))


def test_build_publishes_a_checked_database(tmp_path: Path, seeds_copy: Path) -> None:
    out = tmp_path / "dist" / "indopac.db"
    dataset = build(seeds_copy, out)
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (dataset.event_count,)
        assert conn.execute("SELECT count(*) FROM timeline").fetchone() == (dataset.event_count,)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() is not None
        # ANALYZE ran, so the query planner has statistics.
        assert conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0
        # Full-text search over titles and summaries.
        hits = conn.execute(
            "SELECT e.id FROM events e JOIN events_fts f ON f.rowid = e.rowid "
            "WHERE events_fts MATCH 'Laotian'"
        ).fetchall()
        assert hits == [("kamikawa-wang-yi-vientiane-2024-07-26",)]
    assert list(out.parent.glob(f"{TEMP_PREFIX}*")) == []


def test_invalid_seeds_leave_the_published_file_byte_identical(
    tmp_path: Path, seeds_copy: Path
) -> None:
    out = tmp_path / "indopac.db"
    build(seeds_copy, out)
    before = sha256(out)
    _break_a_seed(seeds_copy)
    with pytest.raises(SeedValidationError):
        build(seeds_copy, out)
    assert sha256(out) == before
    assert list(tmp_path.glob(f"{TEMP_PREFIX}*")) == []


def test_a_failure_after_migrating_leaves_the_published_file_byte_identical(
    tmp_path: Path, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "indopac.db"
    build(seeds_copy, out)
    before = sha256(out)

    def publish_fails(path: Path) -> None:
        assert path.exists() and path != out  # the half-built file is a temporary one
        raise OSError("disk full while publishing")

    monkeypatch.setattr(indopac.build, "publish", publish_fails)
    with pytest.raises(OSError, match="disk full"):
        build(seeds_copy, out)
    assert sha256(out) == before
    assert list(tmp_path.glob(f"{TEMP_PREFIX}*")) == []


def test_leftovers_of_a_killed_build_are_removed_by_the_next(
    tmp_path: Path, seeds_copy: Path
) -> None:
    leftover = tmp_path / f"{TEMP_PREFIX}abc.db.tmp"
    leftover.write_bytes(b"half a database")
    build(seeds_copy, tmp_path / "indopac.db")
    assert not leftover.exists()


def test_two_builds_of_the_same_seeds_have_the_same_rows(tmp_path: Path, seeds_copy: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build(seeds_copy, first)
    build(seeds_copy, second)
    query = "SELECT * FROM timeline"
    with sqlite3.connect(first) as a, sqlite3.connect(second) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
