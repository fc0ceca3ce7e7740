"""Build the published database from the seeds, all or nothing.

seeds → validate → fresh SQLite file migrated to head → load → publish → checks → atomic
rename over ``dist/indopac.db``. Until the rename, the previously published file is untouched;
after a failure, it is still byte for byte what it was.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import sqlalchemy.exc
from sqlalchemy import Connection

from indopac import atomic_files, migrate
from indopac.db import make_engine, sqlite_url
from indopac.ingest.load import BulkInserter, Loaded, load_seeds
from indopac.ingest.read import Dataset
from indopac.publish import publish

# Every temporary file of the build starts so; the next command in the folder removes leftovers.
TEMP_PREFIX = atomic_files.TEMP_PREFIX
T = TypeVar("T")


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Delete temporary files left by a command killed before it could clean up.

    Only under the folder's lock (replace_atomically): another build's live temporary file
    must never be removed.
    """
    return atomic_files.remove_temporaries(out_dir)


def _disk_error(exc: Exception, directory: Path) -> OSError | None:
    """SQLite's own words for a full or read-only disk, as the OSError they stand for."""
    text = str(exc)
    for needle, code in (
        ("database or disk is full", errno.ENOSPC),
        ("attempt to write a readonly database", errno.EROFS),
    ):
        if needle in text:
            return OSError(code, os.strerror(code), str(directory))
    return None


# A new temporary file, thrown away on any failure: it needs no durability on disk, only a
# cache big enough for the indexes (the benchmarks load the same way).
NEW_FILE_PRAGMAS = ("synchronous = OFF", "cache_size = -65536")


@contextmanager
def indexes_built_after(connection: Connection) -> Iterator[None]:
    """Drop a new SQLite file's indexes and create them again after the block: building an
    index once over loaded rows is several times faster than keeping it up to date row by
    row. The definitions put back are the same (read from sqlite_master)."""
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)


def load_new_file(
    path: Path, seeds_dir: Path, inserter: Callable[[Connection], BulkInserter] | None = None
) -> Loaded:
    """Check and load the seeds, in one transaction, into a new SQLite file at ``path``
    migrated to head. ``inserter`` makes the inserter (the benchmarks time theirs)."""
    url = sqlite_url(path)
    # Checking each row's foreign keys as it goes in costs more than the insert itself; the
    # publish step checks every foreign key of the finished file before anything is renamed.
    engine = make_engine(url, enforce_foreign_keys=False)
    try:
        with engine.begin() as connection:
            for pragma in NEW_FILE_PRAGMAS:
                connection.exec_driver_sql(f"PRAGMA {pragma}")
            with indexes_built_after(connection):
                return load_seeds(
                    connection, seeds_dir, inserter=inserter(connection) if inserter else None
                )
    finally:
        engine.dispose()


def build_into(path: Path, seeds_dir: Path) -> Loaded:
    """Migrate a new SQLite file at ``path`` to head, check and load the seeds, publish.

    A problem anywhere in the seeds rolls the load back and raises SeedValidationError.
    """
    # A new temporary file, synced whole before the rename (replace_atomically).
    migrate.upgrade(sqlite_url(path), durable=False)
    loaded = load_new_file(path, seeds_dir)
    publish(path)
    return loaded


def replace_atomically(out: Path, fill: Callable[[Path], T]) -> T:
    """Call ``fill`` on a new temporary file beside ``out``, then rename it over ``out``.

    Until the rename, ``out`` is untouched; on any failure the temporary file is removed.
    One command at a time per folder: a second waits for the folder's lock.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_files.folder_lock(out.parent):
        remove_stale_temporaries(out.parent)
        try:
            with atomic_files.replacing(out) as temporary:
                temporary.unlink()  # SQLite must create the file itself
                return fill(temporary)
        except (sqlite3.OperationalError, sqlalchemy.exc.OperationalError) as exc:
            disk = _disk_error(exc, out.parent)
            if disk is None:
                raise
            raise disk from exc


def build(seeds_dir: Path, out: Path) -> Dataset:
    """Check ``seeds_dir`` and atomically publish the database to ``out``.

    The returned Dataset holds the reference data; ``dataset.event_count`` the events' number.
    """
    loaded = replace_atomically(out, lambda path: build_into(path, seeds_dir))
    loaded.dataset.event_count = loaded.event_count
    loaded.close()
    return loaded.dataset
