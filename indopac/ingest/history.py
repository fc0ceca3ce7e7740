"""Per-record history: what each record said in each release, and what changed since.

``indopac release`` keeps the seed records it published in ``seeds/releases/<version>.jsonl``
(one line per record: kind, ID and its fields as written in the seed files; the file of 0.1.0
was made from that release's commit). The build compares each release with the one before it,
and the seeds as they stand with the last release (``unreleased``), field by field. Seeds
without a release file (a new dataset, synthetic benchmark data) have no history.

Records are compared as the curators wrote them, not as the database holds them: a change of
the database's shape between releases is not a change of any record, and a field added to a
record shows as a change from nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indopac import atomic_files
from indopac.ingest.errors import SeedError
from indopac.ingest.kinds import EVENT_KINDS, FILED_KINDS
from indopac.ingest.seed_files import SeedFileError, read_seed_bytes, read_yaml
from indopac.schema.vocab import RecordKind

RELEASES_DIR = "releases"
UNRELEASED = "unreleased"
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")

Key = tuple[str, str]  # (kind, id)


@dataclass(frozen=True)
class Change:
    """One row of ``record_changes``."""

    release: str
    release_order: int
    record_kind: str
    record_id: str
    change: str  # added, changed, removed
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    replaced_by: str | None = None

    def row(self, number: int) -> dict:
        return {"id": number, **self.__dict__}


def _value(value: object) -> str:
    """A field's value as one text: strings as they are, anything else as sorted JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _records_in(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        text = read_seed_bytes(path).decode("utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return read_yaml(path) or []


def seed_records(seeds_dir: Path) -> dict[Key, dict[str, str]]:
    """Every record of the seed files, by (kind, ID): its fields as texts. A person's offices
    are records of their own (kind ``position``), as their IDs are published on their own.

    The seeds have passed their checks when this runs (it reads them again as written)."""
    files: list[tuple[str, str]] = [(str(k.kind), k.seed_file) for k in FILED_KINDS]
    files += [(str(RecordKind.EVENT), e.seed_file) for e in EVENT_KINDS]
    records: dict[Key, dict[str, str]] = {}
    for kind, name in files:
        for path in (seeds_dir / name, seeds_dir / name.replace(".yaml", ".jsonl")):
            if not path.exists():
                continue
            for item in _records_in(path):
                fields = {k: v for k, v in item.items() if k != "id"}
                if kind == RecordKind.PERSON:
                    for office in fields.pop("positions", None) or []:
                        own = {k: v for k, v in office.items() if k != "id"}
                        own["person"] = item["id"]
                        records[(str(RecordKind.POSITION), office["id"])] = {
                            k: _value(v) for k, v in own.items()
                        }
                records[(kind, item["id"])] = {k: _value(v) for k, v in fields.items()}
    return records


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in _VERSION.match(version).groups())


def release_files(seeds_dir: Path) -> list[tuple[str, Path]]:
    """(version, file) of every kept release, oldest first."""
    folder = seeds_dir / RELEASES_DIR
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        version = path.name.removesuffix(".jsonl")
        if path.suffix == ".jsonl" and _VERSION.match(version):
            found.append((version, path))
    return sorted(found, key=lambda item: _version_key(item[0]))


def problems(seeds_dir: Path) -> Iterator[SeedError]:
    """Files in the releases folder that are not release files, and malformed lines in those
    that are: named by file, line (as the record) and field."""
    folder = seeds_dir / RELEASES_DIR
    if not folder.is_dir():
        return
    kept = {path for _, path in release_files(seeds_dir)}
    for path in sorted(folder.iterdir()):
        shown = f"seeds/{RELEASES_DIR}/{path.name}"
        if path not in kept:
            if not path.name.startswith("."):
                yield SeedError(
                    shown,
                    None,
                    None,
                    "is not a release file (expected VERSION.jsonl, e.g. 0.1.0.jsonl)",
                )
            continue
        try:
            text = read_seed_bytes(path).decode("utf-8")
        except (SeedFileError, UnicodeDecodeError) as exc:
            yield SeedError(shown, None, None, f"cannot be read: {exc}")
            continue
        for number, line in enumerate(text.splitlines(), 1):
            where = f"line {number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield SeedError(shown, where, None, f"is not JSON: {exc.msg}")
                continue
            if not isinstance(item, dict):
                yield SeedError(shown, where, None, "is not a JSON object")
                continue
            for name in ("kind", "id"):
                if not isinstance(item.get(name), str) or not item[name]:
                    yield SeedError(shown, where, name, "is missing or not a text")
            if item.get("kind") not in {str(k) for k in RecordKind}:
                yield SeedError(
                    shown, where, "kind", f"is not a kind of record: {item.get('kind')!r}"
                )
            fields = item.get("fields")
            if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
                yield SeedError(shown, where, "fields", "must map each field to a text")


def read_release(path: Path) -> dict[Key, dict[str, str]]:
    text = read_seed_bytes(path).decode("utf-8")
    records = {}
    for line in text.splitlines():
        item = json.loads(line)
        records[(item["kind"], item["id"])] = item["fields"]
    return records


def write_release(records: dict[Key, dict[str, str]], path: Path) -> None:
    """Keep a release's records: sorted, one per line, written whole or not at all."""
    lines = [
        json.dumps(
            {"kind": kind, "id": record_id, "fields": fields}, ensure_ascii=False, sort_keys=True
        )
        for (kind, record_id), fields in sorted(records.items())
    ]
    path.parent.mkdir(exist_ok=True)
    atomic_files.write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))


def record_changes(seeds_dir: Path, replaced_by: dict[Key, str | None]) -> list[Change]:
    """What each release added, changed and removed, then what the seeds change since the last
    release (``unreleased``). Empty without a kept release."""
    releases = release_files(seeds_dir)
    if not releases:
        return []
    states = [(version, read_release(path)) for version, path in releases]
    states.append((UNRELEASED, seed_records(seeds_dir)))
    changes: list[Change] = []
    before: dict[Key, dict[str, str]] = {}
    for order, (release, records) in enumerate(states, 1):
        for key in sorted(records.keys() | before.keys()):
            old, new = before.get(key), records.get(key)
            if old is None:
                changes.append(Change(release, order, *key, "added"))
            elif new is None:
                changes.append(
                    Change(release, order, *key, "removed", replaced_by=replaced_by.get(key))
                )
            else:
                for field in sorted(old.keys() | new.keys()):
                    if old.get(field) != new.get(field):
                        changes.append(
                            Change(
                                release,
                                order,
                                *key,
                                "changed",
                                field,
                                old.get(field),
                                new.get(field),
                            )
                        )
        before = records
    return changes


def keep_release(seeds_dir: Path, version: str) -> Path:
    """Write ``seeds/releases/<version>.jsonl`` from the seeds as they stand (at release)."""
    if not _VERSION.match(version):
        raise ValueError(f"not a release version: {version!r}")
    path = seeds_dir / RELEASES_DIR / f"{version}.jsonl"
    write_release(seed_records(seeds_dir), path)
    return path
