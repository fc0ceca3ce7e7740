"""The events' IDs seen while checking, kept on disk rather than in memory.

Checking a million events must not hold a million IDs in Python objects (about 200 bytes
each): the IDs, the file each came from, and the references between events that can only be
resolved once every event has been read go into a private temporary SQLite file, which
SQLite deletes when it is closed. Memory then grows with the reference data only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

# SQLite's page cache for the index; what does not fit stays in the temporary file.
CACHE_KIB = 16 * 1024


class EventIndex:
    """Event ID -> file, references to events, and each event's ``part_of``."""

    def __init__(self) -> None:
        # An empty file name opens a private temporary database, removed on close.
        self._db = sqlite3.connect("", isolation_level=None)
        for pragma in (f"cache_size = -{CACHE_KIB}", "journal_mode = OFF", "synchronous = OFF"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(
            """
            BEGIN;
            CREATE TABLE ids (id TEXT PRIMARY KEY, file INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE refs (namespace TEXT, record_id TEXT, field TEXT, target TEXT);
            CREATE TABLE parents (id TEXT PRIMARY KEY, parent TEXT NOT NULL) WITHOUT ROWID;
            """
        )
        self._files: list[str] = []
        self._file_numbers: dict[str, int] = {}
        self._count = 0

    def add(self, event_id: str, file: str) -> str | None:
        """Record ``event_id`` as read from ``file``; if it was seen before, the first file."""
        number = self._file_numbers.get(file)
        if number is None:
            number = self._file_numbers[file] = len(self._files)
            self._files.append(file)
        inserted = self._db.execute(
            "INSERT OR IGNORE INTO ids (id, file) VALUES (?, ?)", (event_id, number)
        ).rowcount
        if inserted:
            self._count += 1
            return None
        return self.file_of(event_id)

    def file_of(self, event_id: str) -> str | None:
        row = self._db.execute("SELECT file FROM ids WHERE id = ?", (event_id,)).fetchone()
        return None if row is None else self._files[row[0]]

    def __contains__(self, event_id: object) -> bool:
        return (
            self._db.execute("SELECT 1 FROM ids WHERE id = ?", (event_id,)).fetchone() is not None
        )

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        for (event_id,) in self._db.execute("SELECT id FROM ids ORDER BY id"):
            yield event_id

    def add_reference(self, namespace: str, record_id: str, field: str, target: str) -> None:
        """A record that names an event, to be resolved by ``unknown_references``."""
        self._db.execute(
            "INSERT INTO refs VALUES (?, ?, ?, ?)", (namespace, record_id, field, target)
        )

    def add_parent(self, event_id: str, parent: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO parents VALUES (?, ?)", (event_id, parent))

    def unknown_references(self) -> Iterator[tuple[str, str, str, str]]:
        """References to events that were never read, in the order they were made."""
        yield from self._db.execute(
            "SELECT namespace, record_id, field, target FROM refs "
            "WHERE NOT EXISTS (SELECT 1 FROM ids WHERE ids.id = refs.target) ORDER BY rowid"
        )

    def parents_that_may_cycle(self) -> dict[str, str]:
        """``part_of`` links between events that both have a parent: only they can form a
        cycle, and there are far fewer of them than links."""
        return dict(
            self._db.execute(
                "SELECT p.id, p.parent FROM parents p "
                "WHERE p.parent IN (SELECT id FROM parents) "
                "AND p.id IN (SELECT parent FROM parents)"
            ).fetchall()
        )

    def close(self) -> None:
        self._db.close()
