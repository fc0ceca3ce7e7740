"""Turn a loaded SQLite database into the published snapshot: make what the catalogue
(``indopac.publish.catalogue``) lists, then check the result."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from indopac.publish.catalogue import FULL_TEXT, PUBLISHED_OBJECTS, QUERY_INDEXES


class PublishCheckError(RuntimeError):
    pass


def publish(path: Path) -> None:
    """Add derived tables, views, search and statistics to the loaded file, then check it."""
    db = sqlite_utils.Database(path)
    try:
        with db.conn:
            for item in PUBLISHED_OBJECTS:
                for statement in item.create:
                    db.conn.execute(statement)
                if item.fill is not None:
                    item.fill(db.conn)
            for statement in QUERY_INDEXES:
                db.conn.execute(statement)
        for table, columns in FULL_TEXT.items():
            db[table].enable_fts(columns, tokenize="unicode61", create_triggers=False)
        db.conn.execute("ANALYZE")
        db.conn.commit()
        check_published(db.conn)
        db.conn.execute("VACUUM")
    finally:
        db.conn.close()


def check_published(conn: sqlite3.Connection) -> None:
    """Integrity, foreign keys and the published objects' columns, or PublishCheckError."""
    # quick_check verifies the file's structure without cross-checking every index entry,
    # which takes minutes at a million events; foreign keys are checked in full below.
    integrity = conn.execute("PRAGMA quick_check").fetchall()
    if integrity != [("ok",)]:
        raise PublishCheckError(f"integrity check failed: {integrity[:5]}")
    dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
    if dangling:
        raise PublishCheckError(f"foreign key check failed: {dangling[:5]}")
    for item in PUBLISHED_OBJECTS:
        columns = tuple(row[1] for row in conn.execute(f"PRAGMA table_info({item.name})"))
        if columns != tuple(item.columns):
            raise PublishCheckError(
                f"{item.name} has columns {columns}, expected {tuple(item.columns)}"
            )
