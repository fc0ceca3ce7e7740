"""Build the published database from the seeds, all or nothing.

seeds → validate → fresh SQLite file migrated to head → load → publish → checks → atomic
rename over ``dist/indopac.db``. Until the rename, the previously published file is untouched;
after a failure, it is still byte for byte what it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection

from indopac import migrate
from indopac.db import make_engine, sqlite_url
from indopac.publish import publish
from seeds.load import EventWriter, load_claims, load_reference
from seeds.validate import Checks, Dataset, check_seeds

TEMP_PREFIX = ".indopac-build-"
TEMP_SUFFIX = ".db.tmp"
T = TypeVar("T")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Delete temporary files left by a build that was killed before it could clean up."""
    removed = []
    for leftover in out_dir.glob(f"{TEMP_PREFIX}*"):
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


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
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out.parent)
    # The temporary file lives beside the target so the final rename stays on one filesystem,
    # where os.replace is atomic.
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=out.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        temporary.unlink()  # SQLite must create the file itself
        result = fill(temporary)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, out)
        _fsync_dir(out.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}-journal").unlink(missing_ok=True)
        raise
    return result


def build(seeds_dir: Path, out: Path) -> Dataset:
    """Check ``seeds_dir`` and atomically publish the database to ``out``.

    The returned Dataset holds the reference data; ``dataset.event_count`` the events' number.
    """
    dataset, checks = replace_atomically(out, lambda path: build_into(path, seeds_dir))
    dataset.event_count = len(checks.events)
    checks.events.close()
    return dataset
