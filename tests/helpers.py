"""Helpers the test modules share: the `indopac` command as a user runs it, a file's SHA-256,
a private copy of the seeds, edits to make to such a copy, and a read-only connection to a
database file. Fixtures built on
them are in conftest.py; serving helpers (a free port, Datasette as `indopac serve` runs it)
in serving.py."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

# The seed folder of release 0.1.0 as the evidence migration (0002) left it: one source, 35
# events. Frozen here so that tests which break seeds on purpose, or pin what a record says,
# do not follow the data as curators correct and extend it; tests of the data itself read
# indopac.paths.SEEDS_DIR (the `built_db` fixture, the copy and content checks).
FIXTURE_SEEDS = Path(__file__).parent / "fixtures" / "seeds"

# The command line in a child process, with this interpreter: exit status, stdout and stderr
# are what a user sees, and a kill stops only the child.
INDOPAC = [sys.executable, "-c", "from indopac.cli import cli; cli()"]


def run_indopac(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``indopac ARGS`` to the end and capture its output as text."""
    return subprocess.run([*INDOPAC, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def sha256(path: Path) -> str:
    """A file's SHA-256, hex. Computed here, not with indopac.datapackage.file_sha256: the
    tests that check the hashes indopac writes must not reuse the code they check."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_seeds(folder: Path) -> Path:
    """A private copy of the fixture seed folder at ``folder/seeds``, safe to edit.

    An earlier copy there is replaced: Hypothesis runs every example of a test in the same
    ``tmp_path``, and each example must start from the same seeds.
    """
    target = folder / "seeds"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(FIXTURE_SEEDS, target)
    return target


# An edit of a seed folder: made to a private copy (``seeds_copy``) before the test reads it,
# so each bad-seed case is a value that a table of cases can hold.
SeedEdit = Callable[[Path], None]


def replacing(name: str, old: str, new: str, count: int = 1) -> SeedEdit:
    """In seed file ``name``, ``old`` becomes ``new``. ``old`` must be there: a case whose
    text no longer matches the seeds fails as out of date instead of testing nothing."""

    def edit(seeds: Path) -> None:
        path = seeds / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture out of date: {old!r} not in {name}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def appending(name: str, text: str) -> SeedEdit:
    """``text`` added at the end of seed file ``name`` (made when missing)."""

    def edit(seeds: Path) -> None:
        with open(seeds / name, "a", encoding="utf-8") as handle:
            handle.write(text)

    return edit


def all_of(*edits: SeedEdit) -> SeedEdit:
    """Every one of ``edits``, in order: one case that needs several files changed."""

    def edit(seeds: Path) -> None:
        for one in edits:
            one(seeds)

    return edit


def writing(name: str, data: bytes) -> SeedEdit:
    """Seed file ``name`` holding exactly ``data`` (bytes: encodings and BOMs are cases too)."""

    def edit(seeds: Path) -> None:
        (seeds / name).write_bytes(data)

    return edit


@contextlib.contextmanager
def read_only(database: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot write to ``database`` (the files tests read are published
    ones, which must not change), closed on leaving: sqlite3's own context manager only
    commits."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


# What the downgrades refuse in a database at head loaded from the real seeds, because the
# revision below cannot hold it: outlets' domains (0003; the real seeds declare none yet), the
# outlet (an organisation kind added in 0002) and the citations that support one field of
# their record. These statements make such a database fit to go down to 0001 (a test of the
# downgrade with data runs them first).
FIT_FOR_0001 = (
    "DELETE FROM outlet_domains",
    "UPDATE organizations SET kind = 'company' "
    "WHERE kind IN ('news_agency', 'newspaper', 'broadcaster', 'magazine')",
    "DELETE FROM citations WHERE field IS NOT NULL",
)


# An outlet's web domain, which migration 0003's downgrade refuses to drop (revision 0002 has no
# table for it), on the real seeds' one outlet.
AN_OUTLET_DOMAIN = (
    "INSERT INTO outlet_domains (organization_id, domain) "
    "VALUES ('new-eastern-outlook', 'example.org')"
)


def user_tables_and_views(database: Path, with_full_text: bool = False) -> list[str]:
    """Every table and view of the published file by name, SQLite's own left out; the
    full-text search tables only when asked for."""
    full_text = "" if with_full_text else " AND name NOT LIKE '%_fts%'"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            f"AND name NOT LIKE 'sqlite_%'{full_text}"
        ).fetchall()
    return sorted(name for (name,) in rows)
