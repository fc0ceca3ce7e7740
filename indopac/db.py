"""Engines for working databases, and the checks that turn a bad database URL, a missing
server or a file that is no working database into one sentence saying what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

# Tables only the publish step makes (indopac/publish/catalogue.py): a file holding one is a
# published snapshot, served immutable, never a working database.
PUBLISHED_ONLY_TABLES = ("timeline", "event_countries", "monthly_event_counts")


class DatabaseProblem(RuntimeError):
    """A database URL that cannot be used as asked; the message says what to do."""


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


def safe_url(url: str) -> str:
    """The URL with its password masked, for messages; the raw text if it does not parse."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the URL given" if "@" in url else repr(url)


def scrub(message: str, url: str) -> str:
    """``message`` on one line, with the URL's password removed wherever it appears."""
    try:
        password = make_url(url).password
    except ArgumentError:
        password = None
    text = " ".join(str(message).split())
    if password:
        text = text.replace(str(password), "***")
    return text


def parse_url(url: str) -> URL:
    """The parsed URL of a SQLite or PostgreSQL database whose driver is installed."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseProblem(
            f"{safe_url(url)} is not a database URL; give one such as "
            "sqlite:///indopac-working.db or postgresql+psycopg://user@host/dbname"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseProblem(
            f"{safe_url(url)} is a {backend} database; indopac works with SQLite and "
            "PostgreSQL (postgresql+psycopg://user@host/dbname)"
        )
    try:
        parsed.get_dialect()
        create_engine(parsed).dispose()
    except (NoSuchModuleError, ModuleNotFoundError, ImportError) as exc:
        raise DatabaseProblem(
            f"{safe_url(url)} needs a database driver that is not installed ({exc}); "
            "use postgresql+psycopg://… for PostgreSQL"
        ) from None
    return parsed


def sqlite_path(parsed: URL) -> Path | None:
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def refuse_in_memory(parsed: URL, url: str) -> None:
    """A SQLite database with no file is gone when the command ends: nothing to work on."""
    if parsed.get_backend_name() == "sqlite" and sqlite_path(parsed) is None:
        raise DatabaseProblem(
            f"{safe_url(url)} is an in-memory database, gone when the command ends; give a "
            "file, e.g. sqlite:///indopac-working.db"
        )


def check_sqlite_file(path: Path, url: str) -> None:
    """Refuse a file that is not a healthy SQLite database (SQLite's own integrity check)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(
            f"{path} is not a usable SQLite database ({exc}); give the working database's "
            "file, or restore it from a backup"
        ) from None
    if result != [("ok",)]:
        detail = "; ".join(str(r[0]) for r in result[:3])
        raise DatabaseProblem(
            f"{path} is corrupt (integrity check: {detail}); restore it from a backup "
            "(migrate keeps one beside it) before using it"
        )
