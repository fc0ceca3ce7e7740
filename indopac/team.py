"""A shared working database (PostgreSQL, or SQLite) for teams: load seeds into it, and
publish the read-only SQLite snapshot from it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from indopac import database_seeds
from indopac.build import build_into, replace_atomically
from indopac.db import make_engine, safe_url, scrub, sqlite_url
from indopac.ingest.errors import SeedValidationError
from indopac.ingest.kinds import FILED_KINDS
from indopac.ingest.load import existing_keys, load_seeds
from indopac.ingest.read import Dataset
from indopac.migrate import open_checked
from indopac.paths import SEEDS_DIR

PUBLISHED_IDS = SEEDS_DIR / database_seeds.PUBLISHED_IDS_FILE


class LoadConflict(RuntimeError):
    pass


class PublishRefused(RuntimeError):
    pass


class _DryRun(Exception):
    pass


@dataclass(frozen=True)
class LeftAlone:
    """A record ``load`` did not change although the seeds hold it with other content."""

    table: str
    record: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.table} {self.record!r} ({', '.join(self.fields)})"


class LoadResult(int):
    """How many events a load added (an int), with the records it left alone that differ."""

    left_alone: tuple[LeftAlone, ...]

    def __new__(cls, added: int, left_alone: list[LeftAlone]) -> LoadResult:
        result = super().__new__(cls, added)
        result.left_alone = tuple(left_alone)
        return result


def _reference_differences(
    connection: Connection, dataset: Dataset, existing: dict[str, set]
) -> list[LeftAlone]:
    stored = database_seeds.reference_records(connection)
    found = []
    for kind in FILED_KINDS:
        table = kind.table
        records = {r["id"]: r for r in stored[database_seeds.FILE_OF_KIND[kind.kind]]}
        for record_id, record in dataset.records[kind.kind].items():
            if record_id not in existing[table] or record_id not in records:
                continue
            fields = database_seeds.differing_fields(
                record.model_dump(mode="json"), records[record_id]
            )
            if fields:
                found.append(LeftAlone(table, record_id, tuple(fields)))
    return found


class _EventComparer:
    """Compares the seeds' events that the database has already with its rows, in batches."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.pending: dict[str, dict] = {}
        self.found: list[LeftAlone] = []

    def add(self, event) -> None:
        self.pending[event.id] = event.model_dump(mode="json")
        if len(self.pending) >= database_seeds.BATCH:
            self.flush()

    def flush(self) -> None:
        ids = list(self.pending)
        for kind, stored in database_seeds.event_records(self.connection, ids):
            seed = self.pending[stored["id"]]
            fields = database_seeds.differing_fields(seed, stored)
            if fields:
                self.found.append(LeftAlone(f"events (kind {kind})", stored["id"], tuple(fields)))
        self.pending = {}


def _conflict_message(exc: IntegrityError, url: str, left_alone: list[LeftAlone]) -> str:
    """What the database refused, told by the kind of constraint (SQLSTATE on PostgreSQL,
    SQLite's own wording otherwise)."""
    orig = exc.orig
    detail = scrub(orig, url)
    state = getattr(orig, "sqlstate", None)
    text = str(orig)
    unique = state == "23505" or "UNIQUE constraint failed" in text
    foreign = state == "23503" or "FOREIGN KEY constraint failed" in text
    nothing = "nothing from this load was written"
    if unique:
        return (
            f"another load wrote a record with the same ID first ({detail}); {nothing}: run it "
            "again to add what is still new"
        )
    if foreign:
        reason = (
            "a new record refers to a record that the database holds differently from the seeds"
        )
        if left_alone:
            reason += " (the database keeps, unchanged: " + "; ".join(map(str, left_alone)) + ")"
        return (
            f"{reason} ({detail}); {nothing}. load never changes existing records: undo the "
            "change in the seeds, or rebuild the shared database from them (see README, Team "
            "setup)"
        )
    return f"the database refused a row of this load ({detail}); {nothing}"


def load_into(
    url: str,
    seeds_dir: Path,
    before_commit: Callable[[], None] | None = None,
    dry_run: bool = False,
) -> LoadResult:
    """Add the seed folder's records that ``url`` does not have yet; return how many events,
    with the existing records it left alone although the seeds hold them differently.

    One transaction: a problem in the seeds, or another editor committing the same new ID
    first, leaves the database as it was. Records whose ID is already there are left alone
    (and reported when their content differs).
    """
    engine = open_checked(url)
    added = 0
    left_alone: list[LeftAlone] = []
    try:
        with engine.begin() as connection:
            existing = existing_keys(connection)
            comparer = _EventComparer(connection)
            loaded = load_seeds(
                connection,
                seeds_dir,
                existing,
                on_existing_event=comparer.add,
                before_reference=lambda ds: left_alone.extend(
                    _reference_differences(connection, ds, existing)
                ),
            )
            loaded.close()
            comparer.flush()
            left_alone.extend(comparer.found)
            added = loaded.added
            if before_commit is not None:
                before_commit()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except IntegrityError as exc:
        raise LoadConflict(_conflict_message(exc, url, left_alone)) from exc
    finally:
        engine.dispose()
    return LoadResult(added, left_alone)


def publish_from(url: str, out: Path, published_ids: Path | None = PUBLISHED_IDS) -> int:
    """Build the read-only SQLite snapshot from the records of the database at ``url`` and
    publish it atomically to ``out``. Returns the number of events.

    The database's records are written back as a seed folder and built with the very code
    and checks of ``indopac build``: a row the seed checks refuse is refused here, named by
    table, record and column (DatabaseValidationError). The built file's tables are then
    compared with the database's, so nothing the records cannot carry is lost silently.
    """
    engine = open_checked(url)
    where = safe_url(url)
    try:
        with tempfile.TemporaryDirectory(prefix="indopac-publish-") as folder:
            seeds = Path(folder) / "seeds"
            with engine.connect() as connection:
                problems = database_seeds.write_seed_folder(connection, seeds, published_ids)

            def fill(path: Path) -> int:
                try:
                    loaded = build_into(path, seeds)
                except SeedValidationError as exc:
                    errors = [database_seeds.translate(e, published_ids) for e in exc.errors]
                    raise database_seeds.DatabaseValidationError(errors + problems, where) from None
                events = loaded.event_count
                loaded.close()
                if problems:
                    raise database_seeds.DatabaseValidationError(problems, where)
                _compare(engine, path, where)
                return events

            return replace_atomically(out, fill)
    finally:
        engine.dispose()


def _compare(engine, path: Path, where: str) -> None:
    with engine.connect() as connection:
        stored = database_seeds.table_fingerprints(connection)
    built_engine = make_engine(sqlite_url(path), enforce_foreign_keys=False)
    try:
        with built_engine.connect() as connection:
            built = database_seeds.table_fingerprints(connection)
    finally:
        built_engine.dispose()
    differing = [name for name in stored if stored[name] != built.get(name)]
    if differing:
        details = ", ".join(
            f"{name} ({stored[name][0]} rows in the database, {built[name][0]} rebuilt)"
            for name in differing
        )
        raise PublishRefused(
            f"the rows of {where} in {details} differ from what their records rebuild (a "
            "column edited by hand that the records derive, or rows no record holds); nothing "
            "was published: correct those rows, then publish again"
        )
