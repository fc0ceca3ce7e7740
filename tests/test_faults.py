"""Faults survived: a build killed at any moment, a migration that fails half-way."""

from __future__ import annotations

import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indopac import migrate
from indopac.build import TEMP_PREFIX, build
from indopac.paths import MIGRATIONS_DIR, SEEDS_DIR

KILL_TRIALS = 20


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_build_killed_at_any_moment_leaves_the_old_file_or_the_new_one(
    tmp_path: Path, seeds_copy: Path
) -> None:
    # "Old": a build of slightly different seeds. "New": a build of the real ones.
    visits = seeds_copy / "visits.yaml"
    visits.write_text(visits.read_text().replace("spent three days", "spent 3 days"), "utf-8")
    old = tmp_path / "old.db"
    build(seeds_copy, old)
    new = tmp_path / "new.db"
    build(SEEDS_DIR, new)
    old_sha, new_sha = _sha256(old), _sha256(new)
    assert old_sha != new_sha

    out_dir = tmp_path / "dist"
    out_dir.mkdir()
    out = out_dir / "indopac.db"
    script = (
        "import sys; from pathlib import Path; from indopac.build import build; "
        "build(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    durations = []
    for _ in range(2):
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", script, str(SEEDS_DIR), str(out)], check=True)
        durations.append(time.monotonic() - started)
    # Spread the kills from just after start to past the slowest build seen, so that some
    # land before the final rename and some after, whatever the machine's load.
    full = max(durations) * 1.5
    outcomes = {"old": 0, "new": 0}
    for trial in range(KILL_TRIALS):
        shutil.copy(old, out)
        delay = full * (0.05 + 0.95 * trial / (KILL_TRIALS - 1))
        process = subprocess.Popen([sys.executable, "-c", script, str(SEEDS_DIR), str(out)])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        sha = _sha256(out)
        assert sha in (old_sha, new_sha), f"trial {trial} at {delay:.2f}s left a third file"
        assert _integrity(out) == "ok"
        outcomes["old" if sha == old_sha else "new"] += 1
    # Kills landed both before and after the final rename.
    assert outcomes["old"] > 0 and outcomes["new"] > 0, outcomes
    # The next build removes what killed builds left behind.
    build(SEEDS_DIR, out)
    assert list(out_dir.glob(f"{TEMP_PREFIX}*")) == []
    assert _sha256(out) == new_sha


FAILING_REVISION = '''"""A migration made to fail half-way, for the tests."""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("scratch", sa.Column("id", sa.Integer, primary_key=True))
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("doomed", sa.Integer))
    raise RuntimeError("this migration fails on purpose")


def downgrade() -> None:
    pass
'''


def test_a_failed_migration_restores_the_working_database(
    tmp_path: Path, populated_working_db
) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_fails.py").write_text(FAILING_REVISION, encoding="utf-8")
    path, url = populated_working_db
    before = _sha256(path)

    with pytest.raises(migrate.MigrationFailed, match="restored from the backup"):
        migrate.migrate_safely(url, "upgrade", "head", script_location=scripts)

    assert _sha256(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "scratch" not in tables
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    assert list(tmp_path.glob("working.db.backup-*")), "the backup is kept for the user"


def test_migrations_keep_foreign_keys_intact_on_a_populated_database(populated_working_db) -> None:
    path, url = populated_working_db
    script = migrate.alembic_config(url)
    from alembic.script import ScriptDirectory

    revisions = [r.revision for r in ScriptDirectory.from_config(script).walk_revisions()]
    for revision in ["base", *reversed(revisions)]:
        if revision == "base":
            migrate.downgrade(url, "base")
        else:
            migrate.upgrade(url, revision)
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
