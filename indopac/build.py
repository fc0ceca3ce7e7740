"""Build the published database from the seeds, all or nothing.

seeds → validate → fresh SQLite file migrated to head → load → publish → checks → atomic
rename over ``dist/indopac.db``. Until the rename, the previously published file is untouched;
after a failure, it is still byte for byte what it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from indopac import migrate
from indopac.db import make_engine, sqlite_url
from indopac.publish import publish
from seeds.load import EventWriter, load_claims, load_reference
from seeds.validate import Checks, Dataset, check_seeds

TEMP_PREFIX = ".indopac-build-"
TEMP_SUFFIX = ".db.tmp"


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


def build_into(path: Path, seeds_dir: Path) -> tuple[Dataset, Checks]:
    """Migrate a new SQLite file at ``path`` to head, check and load the seeds, publish.

    Seeds are checked and loaded in one pass inside one transaction: a problem anywhere rolls
    it all back and raises SeedValidationError.
    """
    url = sqlite_url(path)
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            writer = EventWriter(connection)
            dataset, checks = check_seeds(
                seeds_dir,
                on_event=writer.add,
                on_reference=lambda ds: load_reference(connection, ds),
            )
            writer.finish()
            load_claims(connection, dataset)
    finally:
        engine.dispose()
    publish(path)
    return dataset, checks


def build(seeds_dir: Path, out: Path) -> Dataset:
    """Check ``seeds_dir`` and atomically publish the database to ``out``.

    The returned Dataset holds the reference data; ``dataset.event_ids`` the events' IDs.
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
        dataset, checks = build_into(temporary, seeds_dir)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, out)
        _fsync_dir(out.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}-journal").unlink(missing_ok=True)
        raise
    dataset.event_ids = set(checks.event_files)
    dataset.published_ids = checks.current_ids()
    return dataset
