"""Engines for working databases."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event


def _enforce_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite ignores foreign keys unless each connection asks for them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str, enforce_foreign_keys: bool = True) -> Engine:
    """An engine for ``url`` that enforces foreign keys on SQLite as PostgreSQL always does.

    ``enforce_foreign_keys=False`` is for bulk loads into a new SQLite file that is checked
    in full (PRAGMA foreign_key_check) before it is published.
    """
    engine = create_engine(url)
    if engine.dialect.name == "sqlite" and enforce_foreign_keys:
        event.listen(engine, "connect", _enforce_sqlite_foreign_keys)
    return engine


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"
