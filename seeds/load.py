"""Write a validated Dataset into a database that is already migrated to head.

Rows go in with SQLAlchemy Core ``executemany`` in the caller's transaction: one statement per
table, no ORM object per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, Table

import schema
from seeds.dates import edtf_bounds
from seeds.records import (
    AgreementIn,
    CitationIn,
    ExerciseIn,
    ForumMeetingIn,
    MeetingIn,
    VisitIn,
)
from seeds.validate import Dataset, position_bounds


def _insert(connection: Connection, table: Table, rows: list[dict]) -> None:
    if rows:
        connection.execute(table.insert(), rows)


def _parents_first(items: dict[str, str | None]) -> list[str]:
    """IDs ordered so that each comes after the one it points to (foreign keys stay valid)."""
    ordered: list[str] = []
    placed: set[str] = set()

    def place(item: str) -> None:
        if item in placed:
            return
        parent = items.get(item)
        if parent is not None and parent in items:
            place(parent)
        placed.add(item)
        ordered.append(item)

    for item in sorted(items):
        place(item)
    return ordered


def _citation_rows(column: str, record_id: str, cites: Iterable[CitationIn]) -> list[dict]:
    blank = dict.fromkeys(schema.CITED_RECORD_COLUMNS)
    return [
        {
            **blank,
            column: record_id,
            "source_id": cite.source,
            "paragraph": cite.paragraph,
            "credibility": cite.credibility,
        }
        for cite in cites
    ]


def load_dataset(connection: Connection, ds: Dataset) -> None:
    """Insert every record of ``ds`` through ``connection`` (the caller commits)."""
    t = {name: table for name, table in schema.metadata.tables.items()}
    citations: list[dict] = []

    _insert(
        connection,
        t["countries"],
        [
            {"code": code, "alpha3": alpha3, "name": name}
            for code, (alpha3, name) in ds.countries().items()
        ],
    )
    sources = []
    for source in ds.sources.values():
        earliest, latest = edtf_bounds(source.published)
        sources.append(
            {
                "id": source.id,
                "title": source.title,
                "author": source.author,
                "author_affiliation": source.author_affiliation,
                "publisher": source.publisher,
                "published": source.published,
                "published_earliest": earliest,
                "published_latest": latest,
                "url": source.url,
                "language": source.language,
                "kind": source.kind,
                "reliability": source.reliability,
                "reliability_rationale": source.reliability_rationale,
                "paragraph_count": source.paragraph_count,
                "scope_note": source.scope_note,
            }
        )
    _insert(connection, t["sources"], sources)
    _insert(connection, t["event_types"], [et.model_dump() for et in ds.event_types.values()])
    _insert(
        connection,
        t["subjects"],
        [
            {"id": x.id, "name": x.name, "kind": x.kind, "summary": x.summary}
            for x in ds.subjects.values()
        ],
    )
    _insert(
        connection,
        t["subject_countries"],
        [
            {"subject_id": x.id, "country_code": code}
            for x in ds.subjects.values()
            for code in x.countries
        ],
    )
    for subject in ds.subjects.values():
        citations += _citation_rows("subject_id", subject.id, subject.citations)

    places = []
    for place in ds.places.values():
        latitude, longitude = ds.coordinates.get(place.id, (None, None))
        places.append(
            {
                "id": place.id,
                "name": place.name,
                "kind": place.kind,
                "country_code": place.country,
                "latitude": latitude,
                "longitude": longitude,
                "geo_precision": place.geo_precision,
                "geonames_id": place.geonames_id,
            }
        )
        citations += _citation_rows("place_id", place.id, place.citations)
    _insert(connection, t["places"], places)

    organizations = []
    for org_id in _parents_first({k: v.parent for k, v in ds.organizations.items()}):
        org = ds.organizations[org_id]
        organizations.append(
            {
                "id": org.id,
                "name": org.name,
                "kind": org.kind,
                "country_code": org.country,
                "parent_id": org.parent,
            }
        )
        citations += _citation_rows("organization_id", org.id, org.citations)
    _insert(connection, t["organizations"], organizations)

    persons, positions = [], []
    for person in ds.persons.values():
        persons.append(
            {
                "id": person.id,
                "name": person.name,
                "name_as_cited": person.name_as_cited,
                "country_code": person.country,
            }
        )
        citations += _citation_rows("person_id", person.id, person.citations)
        for position in person.positions:
            start, end = position_bounds(position)
            positions.append(
                {
                    "id": position.id,
                    "person_id": person.id,
                    "office": position.office,
                    "organization_id": position.organization,
                    "start": position.start,
                    "start_earliest": start,
                    "end": position.end,
                    "end_latest": end,
                }
            )
            citations += _citation_rows("position_id", position.id, position.citations)
    _insert(connection, t["persons"], persons)
    _insert(connection, t["positions"], positions)

    _insert(
        connection,
        t["forums"],
        [
            {
                "id": f.id,
                "name": f.name,
                "acronym": f.acronym,
                "kind": f.kind,
                "host_country_code": f.host_country,
            }
            for f in ds.forums.values()
        ],
    )
    for forum in ds.forums.values():
        citations += _citation_rows("forum_id", forum.id, forum.citations)
    _insert(
        connection,
        t["programmes"],
        [
            {
                "id": p.id,
                "name": p.name,
                "acronym": p.acronym,
                "donor_country_code": p.donor_country,
            }
            for p in ds.programmes.values()
        ],
    )
    for programme in ds.programmes.values():
        citations += _citation_rows("programme_id", programme.id, programme.citations)

    events: list[dict] = []
    by_kind: dict[str, list[dict]] = {
        "visits": [],
        "meetings": [],
        "exercises": [],
        "agreements": [],
        "forum_meetings": [],
    }
    participants: list[dict] = []
    event_subjects: list[dict] = []
    event_links: list[dict] = []
    for event_id in _parents_first({k: v[1].part_of for k, v in ds.events.items()}):
        kind, event = ds.events[event_id]
        start, end = event.bounds
        events.append(
            {
                "id": event.id,
                "kind": kind,
                "title": event.title,
                "date": event.date,
                "start_date": start,
                "end_date": end,
                "status": event.status,
                "level": event.level,
                "place_id": event.place,
                "part_of_id": event.part_of,
                "summary": event.summary,
                "type_id": event.type,
                "first_since": event.first_since,
                "first_in_years": event.first_in_years,
                "first_ever": event.first_ever,
            }
        )
        event_subjects += [{"event_id": event.id, "subject_id": x} for x in event.subjects]
        event_links += [
            {
                "event_id": event.id,
                "relation": link.relation,
                "related_event_id": link.event,
                "source_id": link.source,
                "paragraph": link.paragraph,
            }
            for link in event.links
        ]
        if isinstance(event, VisitIn):
            by_kind["visits"].append(
                {"event_id": event.id, "destination_country_code": event.destination_country}
            )
        elif isinstance(event, MeetingIn):
            by_kind["meetings"].append({"event_id": event.id, "format": event.format})
        elif isinstance(event, ExerciseIn):
            by_kind["exercises"].append(
                {"event_id": event.id, "domain": event.domain, "exercise_name": event.exercise_name}
            )
        elif isinstance(event, AgreementIn):
            by_kind["agreements"].append(
                {
                    "event_id": event.id,
                    "stage": event.stage,
                    "programme_id": event.programme,
                    "subject": event.subject,
                }
            )
        elif isinstance(event, ForumMeetingIn):
            by_kind["forum_meetings"].append(
                {"event_id": event.id, "forum_id": event.forum, "edition": event.edition}
            )
        for participant in event.participants:
            participants.append(
                {
                    "event_id": event.id,
                    "country_code": participant.country,
                    "person_id": participant.person,
                    "organization_id": participant.organization,
                    "role": participant.role,
                    "position_id": participant.position,
                }
            )
        citations += _citation_rows("event_id", event.id, event.citations)
    _insert(connection, t["events"], events)
    for table_name, rows in by_kind.items():
        _insert(connection, t[table_name], rows)
    _insert(connection, t["participants"], participants)
    _insert(connection, t["event_subjects"], event_subjects)
    _insert(connection, t["event_links"], event_links)
    _insert(
        connection,
        t["figures"],
        [
            {
                "id": f.id,
                "measure": f.measure,
                "value_low": f.value_low,
                "value_high": f.value_high,
                "unit": f.unit,
                "period": f.period,
                "country_code": f.country,
                "organization_id": f.organization,
                "event_id": f.event,
                "attributed_to": f.attributed_to,
                "source_id": f.source,
                "paragraph": f.paragraph,
            }
            for f in ds.figures.values()
        ],
    )
    _insert(
        connection,
        t["assessments"],
        [
            {
                "id": a.id,
                "kind": a.kind,
                "attributed_to": a.attributed_to,
                "statement": a.statement,
                "source_id": a.source,
                "paragraph": a.paragraph,
            }
            for a in ds.assessments.values()
        ],
    )
    for column, table, attribute in (
        ("event_id", "assessment_events", "events"),
        ("country_code", "assessment_countries", "countries"),
        ("subject_id", "assessment_subjects", "subjects"),
    ):
        _insert(
            connection,
            t[table],
            [
                {"assessment_id": a.id, column: value}
                for a in ds.assessments.values()
                for value in getattr(a, attribute)
            ],
        )
    _insert(connection, t["citations"], citations)
    _insert(
        connection,
        t["retired_ids"],
        [
            {
                "record_kind": r.kind,
                "id": r.id,
                "replaced_by": r.replaced_by,
                "reason": r.reason,
                "retired_on": dt.date.fromisoformat(r.date),
            }
            for r in ds.retired.values()
        ],
    )
