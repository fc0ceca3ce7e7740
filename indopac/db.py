"""Engines for working databases."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event


def _enforce_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite ignores foreign keys unless each connection asks for them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` that enforces foreign keys on SQLite as PostgreSQL always does."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enforce_sqlite_foreign_keys)
    return engine


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"
