"""Alembic, driven from code: the CLI and the build never shell out to ``alembic``; and a
working database opened only when it is at this checkout's revision."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, inspect, pool
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from indopac.db import (
    PUBLISHED_ONLY_TABLES,
    DatabaseProblem,
    check_sqlite_file,
    make_engine,
    parse_url,
    refuse_in_memory,
    safe_url,
    scrub,
    sqlite_path,
)
from indopac.paths import MIGRATIONS_DIR, PUBLISHED_DB


class MigrationFailed(RuntimeError):
    pass


class MigrationRefused(DatabaseProblem):
    """A migration not started, because it would destroy data without a copy, or touch a
    database that must not change."""


def alembic_config(url: str, script_location: Path | None = None) -> Config:
    """An Alembic Config for the database at ``url``, independent of the current directory."""
    # Built in code, not read from alembic.ini: an installed indopac has no checkout (the ini
    # file is only for Alembic's own command line).
    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
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


def head_revision(script_location: Path | None = None) -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://", script_location))
    return script.get_current_head()


def known_revisions(script_location: Path | None = None) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://", script_location))
    return {revision.revision for revision in script.walk_revisions()}


def revision_advice(revision: str) -> str:
    if revision in known_revisions():
        return "run `indopac migrate upgrade` on it first"
    return (
        "this checkout does not know that revision (a newer indopac migrated it); update the "
        "checkout before using this database"
    )


def open_checked(url: str, need_schema: bool = True) -> Engine:
    """An engine for an existing working database at ``url``, or DatabaseProblem.

    ``need_schema``: the database must be migrated to this checkout's head revision.
    """
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    refuse_in_memory(parsed, url)
    if path is not None:
        if not path.exists():
            raise DatabaseProblem(
                f"{path} does not exist: create it with `indopac migrate upgrade "
                f"--database-url {safe_url(url)}` first"
            )
        check_sqlite_file(path, url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = connection.exec_driver_sql(
                    "SELECT version_num FROM alembic_version"
                ).scalar()
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseProblem(
            f"could not open {safe_url(url)} ({scrub(getattr(exc, 'orig', exc), url)}); "
            "check the URL and that the server is running"
        ) from None
    if set(PUBLISHED_ONLY_TABLES) & tables:
        engine.dispose()
        raise DatabaseProblem(
            f"{safe_url(url)} is a published snapshot (it has the publish step's tables), "
            "served immutable and never migrated or loaded into; give a working database's URL"
        )
    if need_schema:
        head = head_revision()
        if revision is None:
            engine.dispose()
            what = "is empty" if not tables else "is not an indopac working database"
            raise DatabaseProblem(
                f"{safe_url(url)} {what} (no migration revision): run `indopac migrate "
                f"upgrade --database-url {safe_url(url)}` first"
            )
        if revision != head:
            engine.dispose()
            raise DatabaseProblem(
                f"{safe_url(url)} is at revision {revision}, not this checkout's {head}: "
                + revision_advice(revision)
            )
    return engine


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at (None when not migrated), checked."""
    engine = open_checked(url, need_schema=False)
    try:
        with engine.connect() as connection:
            if "alembic_version" not in inspect(connection).get_table_names():
                return None
            revision = connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar()
    finally:
        engine.dispose()
    if revision is not None and revision not in known_revisions():
        raise DatabaseProblem(
            f"{safe_url(url)} is at revision {revision}, which this checkout does not know (a "
            "newer indopac migrated it); update the checkout before using this database"
        )
    return revision


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


def _check_sqlite_target(url: str, path: Path, direction: str) -> None:
    """Refuse the published snapshot, a corrupt file, a file in a missing folder."""
    if not path.parent.is_dir():
        raise MigrationRefused(
            f"the folder {path.parent} does not exist; give a path in an existing folder"
        )
    if not path.exists():
        if direction == "downgrade":
            raise MigrationRefused(f"{path} does not exist: there is nothing to downgrade")
        return
    if path.resolve() == PUBLISHED_DB.resolve():
        raise MigrationRefused(
            f"{path} is the published snapshot, served immutable: it is only ever replaced "
            "whole by `indopac build` or `indopac publish`; migrate a working database instead"
        )
    # Integrity, the publish step's tables and an unknown revision: checked by
    # current_revision (open_checked) before any copy is made.
    _refuse_foreign(url, current_revision(url))


def _refuse_foreign(url: str, revision: str | None) -> None:
    """A database with tables but no migration revision belongs to something else."""
    if revision is not None:
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise MigrationRefused(
            f"{safe_url(url)} holds tables ({', '.join(sorted(tables)[:3])}…) but no indopac "
            "migration revision: it is not an indopac working database; give another URL"
        )


def pg_dump_binary() -> Path | None:
    """pg_dump on PATH, or in Debian's PostgreSQL folders (newest first)."""
    found = shutil.which("pg_dump")
    if found:
        return Path(found)
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "pg_dump").exists():
            return folder / "pg_dump"
    return None


def dump_postgresql(url: str, folder: Path) -> Path:
    """A fresh pg_dump (custom format) of the database at ``url`` in ``folder``; its path.

    The password goes to pg_dump in a temporary passfile (mode 0600), never on its command
    line, where other users could read it in the process list.
    """
    from psycopg.conninfo import make_conninfo

    parsed = parse_url(url)
    binary = pg_dump_binary()
    if binary is None:
        raise MigrationRefused(
            "pg_dump is not installed (Debian: apt-get install postgresql-client), so no copy "
            "can be made first; nothing was changed"
        )
    if not folder.is_dir():
        raise MigrationRefused(f"the dump folder {folder} does not exist; nothing was changed")
    params = {k: v for k, v in parsed.query.items() if isinstance(v, str)}
    conninfo = make_conninfo(
        **{
            key: value
            for key, value in {
                "host": parsed.host,
                "port": str(parsed.port) if parsed.port else None,
                "user": parsed.username,
                "dbname": parsed.database,
                **params,
            }.items()
            if value
        }
    )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{parsed.database or 'postgres'}-before-downgrade-{stamp}.dump"
    env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGPASSFILE")}
    with tempfile.TemporaryDirectory(prefix="indopac-pgpass-") as secret:
        if parsed.password is not None:
            passfile = Path(secret) / "pgpass"

            def escape(value: object) -> str:
                return str(value).replace("\\", "\\\\").replace(":", "\\:")

            passfile.write_text(f"*:*:*:*:{escape(parsed.password)}\n", encoding="utf-8")
            passfile.chmod(0o600)
            env["PGPASSFILE"] = str(passfile)
        partial = target.with_name(target.name + ".partial")
        try:
            result = subprocess.run(
                [str(binary), "--format=custom", f"--file={partial}", f"--dbname={conninfo}"],
                env=env,
                capture_output=True,
                text=True,
                timeout=3600,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            partial.unlink(missing_ok=True)
            raise MigrationRefused(
                f"pg_dump could not run ({scrub(exc, url)}); nothing was changed"
            ) from None
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            lines = result.stderr.strip().splitlines()
            detail = scrub(lines[-1] if lines else f"exit status {result.returncode}", url)
            raise MigrationRefused(
                f"pg_dump of {safe_url(url)} failed ({detail}); nothing was changed"
            )
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    return target


def migrate_safely(
    url: str,
    direction: str,
    revision: str,
    script_location: Path | None = None,
    yes: bool = False,
    dump_folder: Path | None = None,
) -> Path | None:
    """Upgrade or downgrade ``url``; for an existing SQLite file, back it up first and put the
    backup back if the migration fails (a failed batch migration can leave a SQLite file half
    rebuilt). A downgrade of a shared (PostgreSQL) database drops its tables, so it needs
    ``yes`` and first writes a pg_dump into ``dump_folder``. Returns the copy's path.

    Refuses (MigrationRefused / DatabaseProblem) the published snapshot, a corrupt file, an
    in-memory database and a URL that is no database, before touching anything.
    """
    parsed = parse_url(url)
    path = sqlite_file(url)
    refuse_in_memory(parsed, url)
    backup = None
    if path is not None:
        _check_sqlite_target(url, path, direction)
    else:
        # Connects first: a server that is down or a wrong password is told before anything.
        _refuse_foreign(url, current_revision(url))
        if direction == "downgrade":
            if not yes:
                raise MigrationRefused(
                    f"downgrading {safe_url(url)} drops its tables and the shared data in them; "
                    "run again with --yes to write a pg_dump copy first and then downgrade"
                )
            backup = dump_postgresql(url, dump_folder or Path.cwd())
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
        detail = scrub(exc, url)
        if path is None:
            kept = f"; the copy from before is {backup}" if backup else ""
            raise MigrationFailed(f"migration failed ({detail}){kept}") from exc
        if backup is None:
            raise MigrationFailed(f"migration failed ({detail})") from exc
        _copy_database(backup, path)
        raise MigrationFailed(
            f"migration failed ({detail}); {path} was restored from the backup {backup}"
        ) from exc
    return backup
