"""The models declare every table's columns in the order the migrations make them: the
exports write a table's columns in the database's order and the data package lists them in the
models' order, so the two must agree (frictionless checks the header against the package)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from indopac import schema


def test_models_list_columns_in_the_migrated_order(built_db: Path) -> None:
    with sqlite3.connect(f"file:{built_db}?mode=ro", uri=True) as conn:
        for table in schema.metadata.sorted_tables:
            migrated = [row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")]
            assert migrated == [column.name for column in table.columns], table.name
