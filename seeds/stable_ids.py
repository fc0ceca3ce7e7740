"""Stable IDs: a published ID never disappears silently and is never reused.

``published-ids.txt`` (in the seeds folder, written by ``indopac release``) lists every ID
any release has contained, one ``kind id`` pair per line. ``retired_ids.yaml`` says what
became of the ones withdrawn since. Validation fails when a published ID is neither present
nor retired, or when a retired ID is used again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Container
from pathlib import Path

from seeds.errors import SeedError

PUBLISHED_IDS_FILE = "published-ids.txt"
RETIRED_IDS_FILE = "retired_ids.yaml"

# The collector's namespaces, as RecordKind values.
_KIND_OF_NAMESPACE = {"event type": "event_type"}


def record_kind(namespace: str) -> str:
    return _KIND_OF_NAMESPACE.get(namespace, namespace)


def current_ids(origin: dict[tuple[str, str], str]) -> set[tuple[str, str]]:
    """Every (kind, id) the seeds define."""
    return {(record_kind(namespace), record_id) for namespace, record_id in origin}


# The table holding each kind of record in a built database.
TABLE_OF_KIND = {
    "source": "sources",
    "event_type": "event_types",
    "subject": "subjects",
    "figure": "figures",
    "assessment": "assessments",
    "place": "places",
    "organization": "organizations",
    "person": "persons",
    "position": "positions",
    "forum": "forums",
    "programme": "programmes",
    "event": "events",
}


def ids_in_database(database: Path) -> set[tuple[str, str]]:
    """Every (kind, ID) a built database holds: what a release publishes."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        return {
            (kind, record_id)
            for kind, table in TABLE_OF_KIND.items()
            for (record_id,) in conn.execute(f'SELECT id FROM "{table}"')
        }


def read_published_ids(path: Path) -> set[tuple[str, str]]:
    if not path.exists():
        return set()
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, record_id = line.split()
            pairs.add((kind, record_id))
    return pairs


def write_published_ids(path: Path, ids: set[tuple[str, str]]) -> None:
    """The list at ``path``, written whole or not at all (a kill leaves the old list), and
    never through a symbolic link (atomic_files.WriteRefused)."""
    from indopac.atomic_files import write_text

    header = (
        "# Every ID published in a release, as `kind id`. Written by `indopac release`;\n"
        "# never remove a line: retire the ID in retired_ids.yaml instead.\n"
    )
    lines = [f"{kind} {record_id}" for kind, record_id in sorted(ids)]
    write_text(path, header + "\n".join(lines) + "\n")


def check_stable_ids(
    seeds_dir: Path,
    display: str,
    current: Container[tuple[str, str]],
    retired: dict[tuple[str, str], object],
    retired_file: str,
    errors: list[SeedError],
) -> None:
    for kind, record_id in sorted(read_published_ids(seeds_dir / PUBLISHED_IDS_FILE)):
        if (kind, record_id) not in current and (kind, record_id) not in retired:
            errors.append(
                SeedError(
                    display,
                    record_id,
                    None,
                    f"published {kind} ID has no record and is not retired: restore the "
                    f"record, or retire the ID in {RETIRED_IDS_FILE}",
                )
            )
    for (kind, record_id), entry in sorted(retired.items()):
        if (kind, record_id) in current:
            errors.append(
                SeedError(
                    retired_file,
                    record_id,
                    "id",
                    f"retired {kind} ID is in use again; a published ID is never reused",
                )
            )
        replaced_by = getattr(entry, "replaced_by", None)
        if replaced_by is not None and (kind, replaced_by) not in current:
            errors.append(
                SeedError(
                    retired_file,
                    record_id,
                    "replaced_by",
                    f"replacement {kind} ID {replaced_by!r} has no record",
                )
            )
