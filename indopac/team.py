"""A shared working database (PostgreSQL, or SQLite) for teams: load seeds into it, and
publish the read-only SQLite snapshot from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError

import schema
from indopac import migrate
from indopac.build import replace_atomically
from indopac.db import make_engine, sqlite_url
from indopac.publish import publish
from seeds.load import EventWriter, _insert, existing_keys, load_claims, load_reference
from seeds.validate import check_seeds


class LoadConflict(RuntimeError):
    pass


class _DryRun(Exception):
    pass


def load_into(
    url: str,
    seeds_dir: Path,
    before_commit: Callable[[], None] | None = None,
    dry_run: bool = False,
) -> int:
    """Add the seed folder's records that ``url`` does not have yet; return how many events.

    One transaction: a problem in the seeds, or another editor committing the same new ID
    first, leaves the database as it was. Records whose ID is already there are left alone.
    """
    engine = make_engine(url)
    added = 0
    try:
        with engine.begin() as connection:
            existing = existing_keys(connection)
            writer = EventWriter(connection)

            def on_event(kind, event) -> None:
                if event.id not in existing["events"]:
                    writer.add(kind, event)

            dataset, _checks = check_seeds(
                seeds_dir,
                on_event=on_event,
                on_reference=lambda ds: load_reference(connection, ds, existing),
            )
            writer.finish()
            load_claims(connection, dataset, existing)
            added = writer.count
            if before_commit is not None:
                before_commit()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except IntegrityError as exc:
        detail = " ".join(str(exc.orig).split())
        raise LoadConflict(
            f"another load wrote a conflicting record first ({detail}); nothing from this "
            "load was written: run it again to add what is still new"
        ) from exc
    finally:
        engine.dispose()
    return added


def publish_from(url: str, out: Path) -> int:
    """Copy every table of the database at ``url`` into a new SQLite snapshot and publish it
    atomically to ``out`` (as ``indopac build`` does). Returns the number of events."""

    def fill(path: Path) -> int:
        migrate.upgrade(sqlite_url(path))
        source = create_engine(url)
        target = make_engine(sqlite_url(path), enforce_foreign_keys=False)
        events = 0
        try:
            with source.connect() as reader, target.begin() as writer:
                for table in schema.metadata.sorted_tables:
                    order = list(table.primary_key.columns)
                    result = reader.execution_options(yield_per=5000).execute(
                        table.select().order_by(*order)
                    )
                    for rows in result.partitions():
                        _insert(writer, table, [dict(row._mapping) for row in rows])
                        if table.name == "events":
                            events += len(rows)
        finally:
            source.dispose()
            target.dispose()
        publish(path)
        return events

    return replace_atomically(out, fill)
