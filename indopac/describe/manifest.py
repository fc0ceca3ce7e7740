"""A manifest of what a build publishes: the SHA-256 of the published schema and of every
export file (whose CSVs hold every row of every table and view).

Committed as ``docs/published.sha256`` and checked by a test against a fresh build of the
seeds, so that a change of code that should change nothing a user sees (a refactoring) is
proved to change nothing; a change of data regenerates it on purpose
(``indopac docs --write``), and the diff shows which files it touched.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from pathlib import Path

from indopac.describe.datapackage import file_sha256
from indopac.export import write_set

# The 0.1.0 command (the same as --write), kept so the file is unchanged.
HEADER = (
    "# SHA-256 of what a build of seeds/ publishes: the schema of dist/indopac.db, then every\n"
    "# export file. Written by `indopac docs --update README.md`; checked by the tests.\n"
)


def schema_text(database: Path) -> str:
    """The published file's schema: every table, view, index and trigger's SQL, sorted."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    return "".join(f"{kind} {name}\n{sql}\n" for kind, name, sql in rows)


def manifest_text(database: Path) -> str:
    """The manifest of the built ``database`` and of the exports made from it."""
    lines = [f"{hashlib.sha256(schema_text(database).encode()).hexdigest()}  (schema)"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for path in sorted(write_set(database, root)):
            lines.append(f"{file_sha256(path)}  {path.relative_to(root).as_posix()}")
    return HEADER + "\n".join(lines) + "\n"
