"""Migrations: one linear history that matches the models and goes down as well as up."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from pytest_alembic.tests import (  # noqa: F401 - collected as tests
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)

from indopac import migrate
from indopac.db import make_engine, sqlite_url


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def test_history_is_linear() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    revisions = list(script.walk_revisions())  # newest first
    for newer, older in itertools.pairwise(revisions):
        assert newer.down_revision == older.revision
    assert revisions[-1].down_revision is None


def test_alembic_check_is_clean(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "work.db")
    migrate.upgrade(url)
    command.check(migrate.alembic_config(url))  # raises when models and migrations drift


def test_downgrade_and_upgrade_a_populated_database(populated_working_db) -> None:
    path, url = populated_working_db
    assert "events" in _tables(path)

    migrate.downgrade(url, "base")
    assert _tables(path) == {"alembic_version"}

    migrate.upgrade(url)
    assert {"events", "visits", "participants", "citations"} <= _tables(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_foreign_keys_are_enforced_on_working_databases(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "work.db")
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        (enabled,) = connection.exec_driver_sql("PRAGMA foreign_keys").fetchone()
    engine.dispose()
    assert enabled == 1


def test_every_foreign_key_has_an_index() -> None:
    from indopac import schema

    missing = []
    for table in schema.metadata.sorted_tables:
        leading = {tuple(c.name for c in index.columns)[:1] for index in table.indexes}
        leading.add(tuple(c.name for c in table.primary_key.columns)[:1])
        for fk in table.foreign_key_constraints:
            if tuple(c.name for c in fk.columns)[:1] not in leading:
                missing.append(f"{table.name}.{','.join(c.name for c in fk.columns)}")
    assert missing == []
