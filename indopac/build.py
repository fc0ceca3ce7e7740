"""Build the published database from the seeds, all or nothing.

seeds → validate → fresh SQLite file migrated to head → load → publish → checks → atomic
rename over ``dist/indopac.db``. Until the rename, the previously published file is untouched;
after a failure, it is still byte for byte what it was.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlalchemy.exc
from sqlalchemy import Connection

from indopac import atomic_files, migrate
from indopac.db import make_engine, sqlite_url
from indopac.ingest.checks import Checks, Dataset, check_seeds
from indopac.ingest.load import EventWriter, load_claims, load_reference
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


def load_seeds(connection: Connection, seeds_dir: Path) -> tuple[Dataset, Checks]:
    """Check ``seeds_dir`` and load it through ``connection`` in one pass (one transaction).

    For a new SQLite file: indexes are dropped first and built again at the end, since
    building an index once over loaded rows is several times faster than keeping it up to
    date row by row; the definitions put back are the same.
    """
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    writer = EventWriter(connection)
    dataset, checks = check_seeds(
        seeds_dir,
        on_event=writer.add,
        on_reference=lambda ds: load_reference(connection, ds),
    )
    writer.finish()
    load_claims(connection, dataset)
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)
    return dataset, checks


def build_into(path: Path, seeds_dir: Path) -> tuple[Dataset, Checks]:
    """Migrate a new SQLite file at ``path`` to head, check and load the seeds, publish.

    A problem anywhere in the seeds rolls the load back and raises SeedValidationError.
    """
    url = sqlite_url(path)
    # A new temporary file, synced whole before the rename (replace_atomically).
    migrate.upgrade(url, durable=False)
    # Checking each row's foreign keys as it goes in costs more than the insert itself; the
    # publish step checks every foreign key of the finished file before anything is renamed.
    engine = make_engine(url, enforce_foreign_keys=False)
    try:
        with engine.begin() as connection:
            # The file is a temporary one, thrown away on any failure: it needs no durability
            # on disk, only a cache big enough for the indexes.
            for pragma in ("synchronous = OFF", "cache_size = -65536"):
                connection.exec_driver_sql(f"PRAGMA {pragma}")
            dataset, checks = load_seeds(connection, seeds_dir)
    finally:
        engine.dispose()
    publish(path)
    return dataset, checks


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
    dataset, checks = replace_atomically(out, lambda path: build_into(path, seeds_dir))
    dataset.event_count = len(checks.events)
    checks.events.close()
    return dataset
