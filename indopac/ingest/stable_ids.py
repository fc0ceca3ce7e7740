"""Stable IDs: a published ID never disappears silently and is never reused.

``published-ids.txt`` (in the seeds folder, written by ``indopac release``) lists every ID
any release has contained, one ``kind id`` pair per line. ``retired_ids.yaml`` says what
became of the ones withdrawn since. Validation fails when a published ID is neither present
nor retired, or when a retired ID is used again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container
from pathlib import Path

from indopac.ingest.errors import SeedError
from indopac.ingest.seed_files import SeedFileError, read_seed_bytes
from indopac.schema.vocab import RecordKind

PUBLISHED_IDS_FILE = "published-ids.txt"
RETIRED_IDS_FILE = "retired_ids.yaml"


class PublishedIdsError(ValueError):
    """``published-ids.txt`` cannot be read or has a malformed line."""

    def __init__(self, record: str | None, message: str) -> None:
        super().__init__(f"{record}: {message}" if record else message)
        self.record = record
        self.message = message


# Every record kind an ID may belong to.
_KINDS = frozenset(kind.value for kind in RecordKind)


def read_published_ids(path: Path) -> set[tuple[str, str]]:
    """The (kind, ID) pairs of ``published-ids.txt``; raise ``PublishedIdsError`` naming the line
    of anything else. The file is read as a seed file: a plain file, never through a link (a
    dangling link must not turn the stable-ID check off silently)."""
    if not os.path.lexists(path):
        return set()
    try:
        text = read_seed_bytes(path).decode("utf-8")
    except SeedFileError as exc:
        raise PublishedIdsError(None, str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise PublishedIdsError(None, f"is not valid UTF-8 (byte {exc.start})") from exc
    pairs = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        words = line.split()
        if len(words) != 2 or words[0] not in _KINDS:
            raise PublishedIdsError(
                f"line {number}",
                f"must be `kind id` (kind one of {', '.join(sorted(_KINDS))}), not {line!r}",
            )
        pairs.add((words[0], words[1]))
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
    unreadable_kinds: Callable[[str], bool] = lambda kind: False,
) -> None:
    """``unreadable_kinds(kind)`` is true for kinds whose seed file could not be read: their
    published IDs are missing only because of that, which is reported once already."""
    try:
        published = read_published_ids(seeds_dir / PUBLISHED_IDS_FILE)
    except PublishedIdsError as exc:
        errors.append(SeedError(display, exc.record, None, exc.message))
        return
    for kind, record_id in sorted(published):
        if (kind, record_id) in current or (kind, record_id) in retired:
            continue
        if not unreadable_kinds(kind):
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
