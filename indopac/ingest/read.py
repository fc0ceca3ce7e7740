"""Read a seed folder into typed records: every file its kind's record shape, one at a time.

Files are opened by ``seed_files`` (plain files only, strict YAML); each record is shaped by
its input record (``records``), and a malformed one is reported by file, record and field
and kept out. What records say about each other is checked next, in ``checks``.
"""

from __future__ import annotations

import difflib
import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pycountry
from pydantic import ValidationError

from indopac.ingest.errors import SeedError
from indopac.ingest.kinds import EVENT_KINDS, FILED_KINDS, label
from indopac.ingest.records import (
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
    EventIn,
    PersonIn,
    PositionIn,
    Record,
    RetiredIdIn,
)
from indopac.ingest.seed_files import SeedFileError, open_seed_file, read_yaml
from indopac.ingest.stable_ids import (
    PUBLISHED_IDS_FILE,
    RETIRED_IDS_FILE,
)
from indopac.schema.vocab import EventKind, RecordKind

# One file per kind of record (declared in kinds.py): an editor adding a visit opens
# visits.yaml and sees every other visit as a model; reviewers see one kind of change per
# file in a diff.
R = TypeVar("R", bound=Record)


REFERENCE_FILES: dict[str, type[Record]] = {k.seed_file: k.record for k in FILED_KINDS}


EVENT_FILES: dict[str, tuple[type[EventIn], EventKind]] = {
    e.seed_file: (e.record, e.kind) for e in EVENT_KINDS
}


SEED_FILES = [*REFERENCE_FILES, *EVENT_FILES, RETIRED_IDS_FILE]


# For bulk data, each kind of record may also come as JSON Lines, one record per line, beside
# or instead of its YAML file: read a line at a time, without YAML's document tree, so memory
# holds only the records that must stay (reference data) or nothing at all (events).
BULK_EVENT_FILES = {e.bulk_file: (e.record, e.kind) for e in EVENT_KINDS}


BULK_REFERENCE_FILES = {k.bulk_file: k.seed_file for k in FILED_KINDS if k.bulk_file}


BULK_FILES = [*BULK_REFERENCE_FILES, *BULK_EVENT_FILES]


@dataclass
class Dataset:
    """Validated seed records, by ID, ready to load."""

    # Records of every kind read from a file of its own (kinds.FILED_KINDS), by kind and ID.
    records: dict[RecordKind, dict[str, Record]] = field(
        default_factory=lambda: {k.kind: {} for k in FILED_KINDS}
    )
    positions: dict[str, tuple[str, PositionIn]] = field(default_factory=dict)  # id -> person
    events: dict[str, tuple[EventKind, EventIn]] = field(default_factory=dict)
    coordinates: dict[str, tuple[float, float]] = field(default_factory=dict)  # from GeoNames
    origin: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> file
    retired: dict[tuple[str, str], RetiredIdIn] = field(default_factory=dict)
    event_count: int = 0  # filled by a streaming build
    # Records already reported as malformed: references to them are not reported again.
    unreadable: set[tuple[str, str]] = field(default_factory=set)
    # Namespaces whose file could not be read at all -> that file's root error. Problems that
    # only follow from its absence (references to its records, its published IDs) are counted
    # in ``follow_ons`` and summarised on the root error instead of listed one by one.
    unreadable_files: dict[str, SeedError] = field(default_factory=dict)
    follow_ons: dict[str, int] = field(default_factory=dict)

    def follows_from_unreadable_file(self, namespace: str) -> bool:
        """True (and counted) when ``namespace``'s file could not be read."""
        root = self.unreadable_files.get(namespace)
        if root is None:
            return False
        self.follow_ons[root.file] = self.follow_ons.get(root.file, 0) + 1
        return True

    @staticmethod
    def countries() -> dict[str, tuple[str, str]]:
        """Every ISO 3166-1 country: code -> (alpha-3, name), from pycountry.

        All of them, not only those the seeds name, so that events can be loaded as they are
        read without first collecting every code they use.
        """
        result = {}
        for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
            # The common name where ISO has one ("Taiwan", "Vietnam"), else the short name.
            name = getattr(country, "common_name", None) or country.name
            result[country.alpha_2] = (country.alpha_3, name)
        return result


def display_path(path: Path) -> str:
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def _field_path(loc: Iterable[int | str]) -> str | None:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _pydantic_errors(file: str, record: str, exc: ValidationError) -> Iterator[SeedError]:
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field (misspelt?)"
        elif (
            error["type"] == "string_pattern_mismatch"
            and error.get("ctx", {}).get("pattern") == SLUG_PATTERN
        ):
            message = _slug_problem(str(error.get("input", "")))
        yield SeedError(file, record, _field_path(error["loc"]), message)


def _slug_problem(value: str) -> str:
    """Why ``value`` is not an ID, naming the character: a Cyrillic 'а' looks like 'a'."""
    rule = f"IDs use only a-z, 0-9 and single hyphens between them, at most {SLUG_MAX_LENGTH}"
    for position, char in enumerate(value, start=1):
        if not ("a" <= char <= "z" or "0" <= char <= "9" or char == "-"):
            name = unicodedata.name(char, "unnamed character")
            where = f"(U+{ord(char):04X} {name}) at position {position}"
            return f"{value!r} holds {char!r} {where}; {rule}"
    return f"{value!r} is not an ID: {rule} (no hyphen at the start or end, none doubled)"


def _record_id(item: object, fallback: str) -> str:
    """The record's own ID for error messages, or where it stands when it has none."""
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return item["id"]
    return fallback


def _nested_ids(item: dict) -> Iterator[tuple[str, str]]:
    """IDs that a malformed record defines inside itself (a person's offices): they are not
    missing, only unreadable, so references to them are not reported again."""
    positions = item.get("positions")
    if isinstance(positions, list):
        for position in positions:
            if isinstance(position, dict) and isinstance(position.get("id"), str):
                yield "position", position["id"]


def _read_records(
    path: Path,
    model: type[Record],
    errors: list[SeedError],
    unreadable: set[str],
    nested: set[tuple[str, str]] | None = None,
) -> list[Record] | None:
    """Records of one file that have the right shape; IDs of the others go to ``unreadable``
    (and IDs defined inside them to ``nested``). None when the file itself cannot be read."""
    file = display_path(path)
    if not os.path.lexists(path):
        return []
    try:
        data = read_yaml(path)
    except SeedFileError as exc:
        errors.append(SeedError(file, None, None, str(exc)))
        return None
    if data is None:
        return []
    if not isinstance(data, list):
        errors.append(SeedError(file, None, None, "must be a list of records"))
        return None
    records = []
    for index, item in enumerate(data):
        record_id = _record_id(item, f"#{index + 1}")
        if not isinstance(item, dict):
            errors.append(SeedError(file, record_id, None, "must be a mapping of field: value"))
            continue
        try:
            records.append(model.model_validate(item))
        except ValidationError as exc:
            errors.extend(_pydantic_errors(file, record_id, exc))
            unreadable.add(record_id)
            if nested is not None:
                nested.update(_nested_ids(item))
    return records


class _Collector:
    """Puts records into the dataset, reporting an ID used twice in one namespace."""

    def __init__(self, dataset: Dataset, errors: list[SeedError]) -> None:
        self.dataset = dataset
        self.errors = errors

    def add(self, namespace: str, record_id: str, file: str, field_name: str = "id") -> bool:
        key = (namespace, record_id)
        first = self.dataset.origin.get(key)
        if first is not None:
            where = "earlier in this file" if first == file else f"already in {first}"
            self.errors.append(
                SeedError(file, record_id, field_name, f"duplicate {label(namespace)} ID ({where})")
            )
            return False
        self.dataset.origin[key] = file
        return True


def read_reference_seeds(seeds_dir: Path, errors: list[SeedError]) -> Dataset:
    """Parse and shape-check every reference file (everything but events) into a Dataset."""
    dataset = Dataset()
    collect = _Collector(dataset, errors)
    errors.extend(_unexpected_files(seeds_dir))
    bulk_of = {yaml_name: jsonl_name for jsonl_name, yaml_name in BULK_REFERENCE_FILES.items()}
    for kind in FILED_KINDS:
        name, model, namespace = kind.seed_file, kind.record, kind.kind
        into = dataset.records[namespace]
        unreadable: set[str] = set()
        paths = [seeds_dir / name]
        if name in bulk_of:
            paths.append(seeds_dir / bulk_of[name])
        for path in paths:
            before = len(errors)
            if path.suffix == ".jsonl":
                records = _read_jsonl(path, model, errors, unreadable.add, dataset.unreadable)
            else:
                records = _read_records(path, model, errors, unreadable, dataset.unreadable)
            file = display_path(path)
            if records is None:
                dataset.unreadable_files[namespace] = errors[before]
                if namespace == RecordKind.PERSON:
                    dataset.unreadable_files[RecordKind.POSITION] = errors[before]
                continue
            for record in records:
                if collect.add(namespace, record.id, file):
                    into[record.id] = record
                if isinstance(record, PersonIn):
                    for index, position in enumerate(record.positions):
                        where = f"positions[{index}].id"
                        if collect.add(RecordKind.POSITION, position.id, file, where):
                            dataset.positions[position.id] = (record.id, position)
        dataset.unreadable.update((namespace, record_id) for record_id in unreadable)
    retired_path = seeds_dir / RETIRED_IDS_FILE
    for entry in _read_records(retired_path, RetiredIdIn, errors, set()) or []:
        if (entry.kind, entry.id) in dataset.retired:
            errors.append(
                SeedError(display_path(retired_path), entry.id, "id", "retired twice in this file")
            )
        dataset.retired[(entry.kind, entry.id)] = entry
    return dataset


# Suffixes of files that look like seed data: such a file with a name this project does not
# read is reported (with the name it probably meant), never silently skipped.
_DATA_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".txt", ".csv")


def _unexpected_files(seeds_dir: Path) -> Iterator[SeedError]:
    known = [*SEED_FILES, *BULK_FILES, PUBLISHED_IDS_FILE]
    for path in sorted(seeds_dir.iterdir()):
        name = path.name
        if name in known or name.startswith(".") or not name.lower().endswith(_DATA_SUFFIXES):
            continue
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.8)
        hint = f"; did you mean {close[0]}?" if close else ""
        yield SeedError(
            display_path(path),
            None,
            None,
            "is not a seed file this project reads, so none of it is checked or loaded"
            + (hint or "; expected one of " + ", ".join(known)),
        )


def iter_events(
    seeds_dir: Path,
    errors: list[SeedError],
    unreadable: set[tuple[str, str]],
    unreadable_files: dict[str, SeedError],
) -> Iterator[tuple[str, EventKind, EventIn]]:
    """Every event record that has the right shape, as (file, kind, record), file by file.

    YAML files are read whole (they are written by people); JSON Lines a line at a time.
    """
    for name, (model, kind) in EVENT_FILES.items():
        path = seeds_dir / name
        bad: set[str] = set()
        before = len(errors)
        records = _read_records(path, model, errors, bad)
        if records is None:
            unreadable_files.setdefault("event", errors[before])
        for record in records or []:
            yield display_path(path), kind, record
        unreadable.update(("event", record_id) for record_id in bad)

    def mark_unreadable(record_id: str) -> None:
        unreadable.add(("event", record_id))

    for name, (model, kind) in BULK_EVENT_FILES.items():
        path = seeds_dir / name
        before = len(errors)
        for record in _read_jsonl(path, model, errors, mark_unreadable):
            yield display_path(path), kind, record
        if any(e.file == display_path(path) and e.record is None for e in errors[before:]):
            unreadable_files.setdefault("event", errors[before])


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    item = dict(pairs)
    if len(item) != len(pairs):
        seen: set[str] = set()
        repeated = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"repeats the key {repeated!r} (JSON would silently keep the last)")
    return item


def _not_json_constant(name: str) -> float:
    raise ValueError(f"holds {name}, which is not JSON (RFC 8259) and no measurement")


def _read_jsonl(
    path: Path,
    model: type[R],
    errors: list[SeedError],
    bad: Callable[[str], None],
    nested: set[tuple[str, str]] | None = None,
) -> Iterator[R]:
    """Records of a JSON Lines file that have the right shape, a line at a time; ``bad`` is
    told the ID of every record that has not.

    Lines are parsed by the json module, not by pydantic's faster JSON path, because only the
    former can refuse a repeated key (as the YAML reader does) and NaN or Infinity.
    """
    if not os.path.lexists(path):
        return
    file = display_path(path)
    try:
        handle = open(open_seed_file(path), encoding="utf-8", closefd=True)  # noqa: SIM115
    except SeedFileError as exc:
        errors.append(SeedError(file, None, None, str(exc)))
        return
    with handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(
                        line,
                        object_pairs_hook=_no_repeated_keys,
                        parse_constant=_not_json_constant,
                    )
                except ValueError as exc:
                    errors.append(SeedError(file, f"line {number}", None, f"is not JSON: {exc}"))
                    continue
                record_id = _record_id(item, f"line {number}")
                if not isinstance(item, dict):
                    errors.append(SeedError(file, record_id, None, "must be a JSON object"))
                    continue
                try:
                    yield model.model_validate(item)
                except ValidationError as exc:
                    errors.extend(_pydantic_errors(file, record_id, exc))
                    bad(record_id)
                    if nested is not None:
                        nested.update(_nested_ids(item))
        except UnicodeDecodeError as exc:
            errors.append(
                SeedError(file, f"line {number + 1}", None, f"is not valid UTF-8 ({exc.reason})")
            )
        except OSError as exc:
            errors.append(SeedError(file, None, None, f"cannot be read ({exc.strerror})"))
