"""Alembic, driven from code: the CLI and the build never shell out to ``alembic``."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import make_url

from indopac.paths import MIGRATIONS_DIR, ROOT


class MigrationFailed(RuntimeError):
    pass


def alembic_config(url: str, script_location: Path | None = None) -> Config:
    """An Alembic Config for the database at ``url``, independent of the current directory."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    # ConfigParser interpolation would choke on a % in a password-bearing URL.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(
    url: str, revision: str = "head", script_location: Path | None = None, durable: bool = True
) -> None:
    """Upgrade the database at ``url``. ``durable=False`` is for a new temporary SQLite file
    that is synced to disk as a whole before anyone uses it (the build): each DDL statement
    then skips its own sync, which is most of a small build's migration time."""
    config = alembic_config(url, script_location)
    if durable or sqlite_file(url) is None:
        command.upgrade(config, revision)
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA synchronous = OFF")
            connection.commit()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def downgrade(url: str, revision: str, script_location: Path | None = None) -> None:
    command.downgrade(alembic_config(url, script_location), revision)


def current(url: str) -> None:
    command.current(alembic_config(url), verbose=False)


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other engines and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _copy_database(source: Path, target: Path) -> None:
    """Copy a database file byte for byte, after letting SQLite settle any hot journal."""
    # Opening the file makes SQLite roll back a journal left by a crashed writer, so the
    # main file alone is then the whole, consistent database.
    connection = sqlite3.connect(source)
    connection.execute("PRAGMA schema_version").fetchone()
    connection.close()
    shutil.copyfile(source, target)
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def migrate_safely(
    url: str, direction: str, revision: str, script_location: Path | None = None
) -> Path | None:
    """Upgrade or downgrade ``url``; for an existing SQLite file, back it up first and put the
    backup back if the migration fails (a failed batch migration can leave a SQLite file half
    rebuilt). Returns the backup's path."""
    path = sqlite_file(url)
    backup = None
    if path is not None and path.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        backup = path.with_name(f"{path.name}.backup-{stamp}")
        _copy_database(path, backup)
    try:
        if direction == "upgrade":
            upgrade(url, revision, script_location)
        else:
            downgrade(url, revision, script_location)
    except Exception as exc:
        if backup is None:
            raise
        _copy_database(backup, path)
        raise MigrationFailed(
            f"migration failed ({exc}); {path} was restored from the backup {backup}"
        ) from exc
    return backup
