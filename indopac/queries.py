"""Canned questions: the published API of the dataset, one click each in Datasette.

Each has a title, a description and named parameters with an example value; the tests run
every one through Datasette with its examples and check with EXPLAIN QUERY PLAN that no
event table is scanned in full where an index fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indopac import schema
from indopac.publish.catalogue import EVENT_PAGE_PATH, locator, office_with_body

# Questions that list events stop after this many rows, most walking an index in date
# order, so that a question over a million events answers in milliseconds instead of
# sorting them all; a page of 1,000 rows also keeps Datasette's JSON and HTML quick.
ROW_LIMIT = 1000
# who_met_whom answers in pages of whole events: Datasette spends about 12 µs a row turning
# an answer into JSON, so a page of 1,000 pairs cost 13 ms on top of the query itself.
PAIRS_PAGE_ROWS = 200
PAIRS_PAGE_EVENTS = 50


def _record_sources_sql() -> str:
    """SQL listing the sources cited for the record a ``claims`` row (alias d) is about, one
    index lookup per kind of record."""
    whens = " ".join(
        f"WHEN '{column[:-3]}' THEN (SELECT group_concat(source_id || COALESCE(' ' || loc, ''), "
        f"'; ') FROM (SELECT ci.source_id, {locator('ci')} AS loc FROM citations ci "
        f"WHERE ci.{column} = d.record_id AND ci.field IS NULL ORDER BY ci.id))"
        for column in schema.CITED_RECORD_COLUMNS
    )
    return f"CASE d.record_kind {whens} END"


_RECORD_SOURCES = _record_sources_sql()


# An event's possible dates overlap the range [:date_from, :date_to] (ISO dates; an empty bound
# is no bound; an open end of the event's date counts as overlapping), as in country_events.
def _overlaps(alias: str) -> str:
    return (
        f"(:date_from = '' OR {alias}.end_date IS NULL OR {alias}.end_date >= :date_from)"
        f" AND (:date_to = '' OR {alias}.start_date IS NULL OR {alias}.start_date <= :date_to)"
    )


def _from_origins_text(alias: str) -> str:
    """SQL text for a popup: 'from Beijing 163.2° SSE, 9012 km; from Tokyo ...' (Beijing
    itself has no bearing from Beijing: printf would print a NULL as 0.0)."""
    parts = []
    for origin in ("beijing", "tokyo"):
        bearing, compass, km = (f"{alias}.{m}_from_{origin}" for m in ("bearing", "compass", "km"))
        parts.append(
            f"'from {origin.capitalize()} ' || CASE WHEN {bearing} IS NOT NULL "
            f"THEN printf('%.1f° %s, ', {bearing}, {compass}) ELSE '' END "
            f"|| printf('%.0f km', {km})"
        )
    return " || '; ' || ".join(parts)


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    sql: str
    examples: dict[str, str] = field(default_factory=dict)  # parameter -> example value


QUERIES = (
    CannedQuery(
        name="country_events",
        title="Everything involving a country in a date range",
        description=(
            "Events that involve the country (ISO alpha-2 code, e.g. CN) and whose possible "
            "dates overlap the range, in date order (the first "
            f"{ROW_LIMIT:,}). Dates are ISO, e.g. 2024-07-01; leave a bound empty for no limit."
        ),
        sql=f"""
SELECT e.id AS event_id, e.kind, e.title, e.date, e.start_date, e.end_date, e.status,
       e.summary
FROM event_countries ec
JOIN events e ON e.id = ec.event_id
WHERE ec.country_code = upper(:country)
  AND (:date_from = '' OR ec.end_date IS NULL OR ec.end_date >= :date_from)
  AND (:date_to = '' OR ec.start_date IS NULL OR ec.start_date <= :date_to)
ORDER BY COALESCE(ec.start_date, ec.end_date), ec.event_id
LIMIT {ROW_LIMIT}
""",
        examples={"country": "CN", "date_from": "2024-07-01", "date_to": "2024-07-31"},
    ),
    CannedQuery(
        name="who_met_whom",
        title="Who met whom",
        description=(
            "Pairs of people who took part in the same event, with its date, place and the "
            "offices they held then. Give a person's ID or part of a name to narrow it down, "
            "or leave it empty for all pairs. Answers come a page at a time in date order: "
            f"whole events, about {PAIRS_PAGE_ROWS} pairs and at most {PAIRS_PAGE_EVENTS} "
            "events a page; for the next page, give the last row's event_id as `after`."
        ),
        sql=f"""
WITH who AS (
    SELECT id FROM persons WHERE id = :person
    UNION SELECT id FROM persons WHERE :person <> '' AND name LIKE '%' || :person || '%'
),
-- Where the previous page stopped: the place in date order of the event given as :after.
cursor AS (
    SELECT COALESCE(start_date, end_date) AS sort_date, id FROM events WHERE id = :after
),
-- The next events in date order, found one of two ways; the page is cut from these.
candidates AS (
    SELECT * FROM (
        -- A chosen person: their participations (hundreds at most), sorted, then cut.
        SELECT DISTINCT e.id, COALESCE(e.start_date, e.end_date) AS sort_date
        FROM who
        CROSS JOIN participants x ON x.person_id = who.id
        -- IN (SELECT ...) looks the event up; a plain join made SQLite build a Bloom
        -- filter over every event first.
        CROSS JOIN events e ON e.id IN (SELECT x.event_id)
        WHERE :after = ''
           OR (COALESCE(e.start_date, e.end_date), e.id) > (SELECT sort_date, id FROM cursor)
        ORDER BY 2, 1
        LIMIT {PAIRS_PAGE_EVENTS}
    )
    UNION ALL
    SELECT * FROM (
        -- Everyone: walk the date index from the cursor (the plain range lets SQLite seek;
        -- it cannot seek on the row value alone).
        SELECT e.id, COALESCE(e.start_date, e.end_date)
        FROM events e INDEXED BY ix_events_date_order
        WHERE :person = ''
          AND COALESCE(e.start_date, e.end_date) >= COALESCE((SELECT sort_date FROM cursor), '')
          AND (:after = ''
               OR (COALESCE(e.start_date, e.end_date), e.id) > (SELECT sort_date, id FROM cursor))
        ORDER BY COALESCE(e.start_date, e.end_date), e.id
        LIMIT {PAIRS_PAGE_EVENTS}
    )
),
pairs AS (
    SELECT c.id AS event_id, c.sort_date, x.person_id, x.position_id,
           y.person_id AS other_id, y.position_id AS other_position_id
    FROM candidates c
    JOIN participants x ON x.event_id = c.id AND x.person_id IS NOT NULL
    JOIN participants y ON y.event_id = c.id AND y.person_id IS NOT NULL
    -- Everyone: each pair once. A chosen person: each of their partners.
    WHERE CASE WHEN :person = '' THEN y.person_id > x.person_id
               ELSE y.person_id <> x.person_id AND x.person_id IN (SELECT id FROM who) END
),
-- Rows up to and including each event, so that the page stops after a whole event.
counted AS (
    SELECT pairs.*,
           count(*) OVER (ORDER BY sort_date, event_id RANGE UNBOUNDED PRECEDING) AS rows_so_far,
           count(*) OVER (PARTITION BY event_id) AS rows_here
    FROM pairs
)
SELECT e.date, e.title, pl.name AS place,
       a.name AS person, {office_with_body("pa", "oa")} AS office,
       b.name AS other_person, {office_with_body("pb", "ob")} AS other_office,
       e.id AS event_id
FROM counted
JOIN events e ON e.id = counted.event_id
JOIN persons a ON a.id = counted.person_id
JOIN persons b ON b.id = counted.other_id
LEFT JOIN places pl ON pl.id = e.place_id
LEFT JOIN positions pa ON pa.id = counted.position_id
LEFT JOIN positions pb ON pb.id = counted.other_position_id
LEFT JOIN organizations oa ON oa.id = pa.organization_id
LEFT JOIN organizations ob ON ob.id = pb.organization_id
WHERE counted.rows_so_far - counted.rows_here < {PAIRS_PAGE_ROWS}
ORDER BY counted.sort_date, counted.event_id, a.name, b.name
""",
        examples={"person": "wang-yi", "after": ""},
    ),
    CannedQuery(
        name="defence_contacts_by_country",
        title="Japan's defence contacts by country",
        description=(
            "For each partner country, how many of Japan's events of a military kind involve "
            "it (exercises, security assistance steps and other events whose type has the "
            "PLOVER military context or whose subjects are military cooperation), and when. "
            "Counted when publishing (table defence_contact_counts); country_events lists them."
        ),
        sql="""
SELECT c.name AS country, d.country_code, d.events, d.earliest, d.latest
FROM defence_contact_counts d
JOIN countries c ON c.code = d.country_code
ORDER BY d.events DESC, country
""",
    ),
    CannedQuery(
        name="assistance_pipeline",
        title="Assistance programme pipeline by stage",
        description=(
            "Every step of an assistance programme (e.g. official-security-assistance) with "
            "its stage, recipients and date; leave the programme empty for all programmes "
            f"(the first {ROW_LIMIT:,} steps). Reads the table assistance_steps."
        ),
        sql=f"""
SELECT pr.acronym AS programme, s.stage, s.date, s.status, s.title, s.recipients,
       s.subject, s.event_id
FROM assistance_steps s
JOIN programmes pr ON pr.id = s.programme_id
WHERE s.programme_id IN (SELECT id FROM programmes WHERE :programme IN ('', id))
ORDER BY s.programme_id, s.stage, COALESCE(s.start_date, s.end_date), s.event_id
LIMIT {ROW_LIMIT}
""",
        examples={"programme": "official-security-assistance"},
    ),
    CannedQuery(
        name="forum_meetings_and_outcomes",
        title="Forum meetings and their outcomes",
        description=(
            "Each edition of a forum with what came out of it: statements and agreements made "
            "there, and the events it produced. Leave the forum (e.g. quad) empty for all "
            f"(the first {ROW_LIMIT:,} rows)."
        ),
        sql=f"""
SELECT f.name AS forum, fm.edition, e.date, e.level, e.status, e.title AS meeting,
       'made there' AS outcome_kind, part.title AS outcome, part.id AS outcome_id
FROM forum_meetings fm
JOIN forums f ON f.id = fm.forum_id
JOIN events e ON e.id = fm.event_id
LEFT JOIN events part ON part.part_of_id = e.id
WHERE fm.forum_id IN (SELECT id FROM forums WHERE :forum IN ('', id))
UNION ALL
SELECT f.name, fm.edition, e.date, e.level, e.status, e.title,
       l.relation, r.title, r.id
FROM forum_meetings fm
JOIN forums f ON f.id = fm.forum_id
JOIN events e ON e.id = fm.event_id
-- CROSS JOIN: from the forum's meetings to their links, not from every link to its meeting.
CROSS JOIN event_links l ON l.event_id = e.id
JOIN events r ON r.id = l.related_event_id
WHERE fm.forum_id IN (SELECT id FROM forums WHERE :forum IN ('', id))
ORDER BY 1, 3, 9
LIMIT {ROW_LIMIT}
""",
        examples={"forum": "quad"},
    ),
    CannedQuery(
        name="firsts",
        title="Firsts: the first in years, since a year, or ever",
        description="Events the source calls a first, with what they were the first since.",
        sql="""
SELECT e.date, e.title, e.first_since, e.first_in_years, e.first_ever, e.kind,
       e.id AS event_id
FROM events e
WHERE e.first_since IS NOT NULL OR e.first_in_years IS NOT NULL OR e.first_ever
ORDER BY e.start_date
""",
    ),
    CannedQuery(
        name="events_per_month_by_kind",
        title="Events per month, by kind",
        description=(
            "How many events fall in each month, by kind. Only events dated to within one "
            "month count; the rest are summed as 'less precise than a month'. Counted when "
            "publishing (table monthly_event_counts)."
        ),
        sql="""
SELECT month, kind, events
FROM monthly_event_counts
ORDER BY month, kind
""",
    ),
    CannedQuery(
        name="person_activity",
        title="Everything a person did, with the office held then",
        description=(
            "All events a person took part in, with role and office at the time. Give the "
            "person's ID (e.g. minoru-kihara) or part of the name."
        ),
        sql=f"""
WITH who AS (
    SELECT id FROM persons WHERE id = :person
    UNION SELECT id FROM persons WHERE :person <> '' AND name LIKE '%' || :person || '%'
)
SELECT pe.name AS person, e.date, e.kind, e.title, p.role,
       {office_with_body("pos", "po")} AS office_at_the_time, e.id AS event_id
FROM who
JOIN persons pe ON pe.id = who.id
JOIN participants p ON p.person_id = pe.id
JOIN events e ON e.id = p.event_id
LEFT JOIN positions pos ON pos.id = p.position_id
LEFT JOIN organizations po ON po.id = pos.organization_id
ORDER BY pe.name, COALESCE(e.start_date, e.end_date), e.id
""",
        examples={"person": "minoru-kihara"},
    ),
    CannedQuery(
        name="exercises_in_range",
        title="Exercises Japan joined in a date range, with their partners",
        description=(
            "Every exercise whose possible dates overlap the range, with its name and edition "
            "as the sources give it, domain, place, the partner countries (those taking part, "
            "as states or through their forces) and the forces named as taking part, in date "
            "order (the first "
            f"{ROW_LIMIT:,}). Dates are ISO, e.g. 2024-06-01; leave a bound empty for no limit."
        ),
        sql=f"""
SELECT e.date, x.exercise_name, e.title, x.domain, pl.name AS place,
       (SELECT group_concat(name, ', ') FROM (
            SELECT DISTINCT c.name FROM participants p
            LEFT JOIN organizations o ON o.id = p.organization_id
            JOIN countries c ON c.code = COALESCE(p.country_code, o.country_code)
            WHERE p.event_id = e.id AND c.code <> 'JP' ORDER BY c.name)
       ) AS partner_countries,
       (SELECT group_concat(name, '; ') FROM (
            SELECT o.name FROM participants p JOIN organizations o ON o.id = p.organization_id
            WHERE p.event_id = e.id ORDER BY o.name)
       ) AS forces_named,
       e.status, e.id AS event_id
FROM events e INDEXED BY ix_events_kind_date_order
JOIN exercises x ON x.event_id = e.id
LEFT JOIN places pl ON pl.id = e.place_id
WHERE e.kind = 'exercise'
  AND (:date_from = '' OR e.end_date IS NULL OR e.end_date >= :date_from)
  AND (:date_to = '' OR e.start_date IS NULL OR e.start_date <= :date_to)
ORDER BY COALESCE(e.start_date, e.end_date), e.id
LIMIT {ROW_LIMIT}
""",
        examples={"date_from": "2024-07-01", "date_to": "2024-12-31"},
    ),
    CannedQuery(
        name="travels_and_meetings",
        title="A leader's or minister's travels and meetings over time",
        description=(
            "The visits, meetings and forum meetings of whoever held an office (give part of "
            "its title, e.g. Defence Minister of Japan: the holders change with the cabinet) "
            "or of one person (ID or part of the name), in date order: where, in which "
            "country, and whom they met there with the offices those people held then."
        ),
        sql=f"""
WITH took_part AS (
    SELECT p.event_id, p.person_id, p.position_id, p.role FROM participants p
    WHERE p.person_id IN (
        SELECT id FROM persons WHERE id = :person
        UNION SELECT id FROM persons WHERE :person <> '' AND name LIKE '%' || :person || '%')
    UNION
    SELECT p.event_id, p.person_id, p.position_id, p.role FROM participants p
    WHERE p.position_id IN (
        SELECT id FROM positions WHERE :office <> '' AND office LIKE '%' || :office || '%')
)
SELECT e.date, pe.name AS person, {office_with_body("pos", "po")} AS office_at_the_time,
       e.kind, e.title, t.role, pl.name AS place,
       COALESCE(v.destination_country_code, pl.country_code) AS country,
       (SELECT group_concat(who, '; ') FROM (
            SELECT o.name || COALESCE(' (' || {office_with_body("opos", "oorg")} || ')', '')
                AS who
            FROM participants op JOIN persons o ON o.id = op.person_id
            LEFT JOIN positions opos ON opos.id = op.position_id
            LEFT JOIN organizations oorg ON oorg.id = opos.organization_id
            WHERE op.event_id = e.id AND op.person_id <> t.person_id ORDER BY o.name)
       ) AS met,
       e.id AS event_id
FROM took_part t
JOIN events e ON e.id = t.event_id
JOIN persons pe ON pe.id = t.person_id
LEFT JOIN positions pos ON pos.id = t.position_id
LEFT JOIN organizations po ON po.id = pos.organization_id
LEFT JOIN visits v ON v.event_id = e.id
LEFT JOIN places pl ON pl.id = e.place_id
WHERE e.kind IN ('visit', 'meeting', 'forum_meeting')
ORDER BY COALESCE(e.start_date, e.end_date), e.id, pe.name
LIMIT {ROW_LIMIT}
""",
        examples={"person": "", "office": "Defence Minister of Japan"},
    ),
    CannedQuery(
        name="agreements_with_country",
        title="Every agreement with a country, and its stage",
        description=(
            "Agreements and assistance-programme steps that involve the country (ISO alpha-2 "
            "code, e.g. PH), each with its stage (from interest expressed to in force and "
            "delivered), status, subject, programme and parties, in date order (the first "
            f"{ROW_LIMIT:,})."
        ),
        sql=f"""
SELECT e.date, a.stage, e.status, e.title, a.subject, pr.acronym AS programme,
       (SELECT group_concat(party, '; ') FROM (
            SELECT COALESCE(pe.name, o.name, c.name) || ' (' || p.role || ')' AS party
            FROM participants p
            LEFT JOIN persons pe ON pe.id = p.person_id
            LEFT JOIN organizations o ON o.id = p.organization_id
            LEFT JOIN countries c ON c.code = p.country_code
            WHERE p.event_id = e.id ORDER BY p.id)
       ) AS parties,
       e.id AS event_id
FROM event_countries ec
JOIN agreements a ON a.event_id = ec.event_id
JOIN events e ON e.id = ec.event_id
LEFT JOIN programmes pr ON pr.id = a.programme_id
WHERE ec.country_code = upper(:country)
ORDER BY COALESCE(ec.start_date, ec.end_date), ec.event_id
LIMIT {ROW_LIMIT}
""",
        examples={"country": "PH"},
    ),
    CannedQuery(
        name="partners_met_by_month",
        title="The partners Japan met most often, by month",
        description=(
            "For each month, each partner country with the number of meetings and forum "
            "meetings Japan held with it and the number of visits between them, most met "
            "first. A partner is a country taking part, not the host of a third-country "
            "venue. Only events dated within one month count. Counted when publishing "
            f"(table partner_month_counts, which has them all; here the first {ROW_LIMIT:,})."
        ),
        # Counted when publishing (partner_month_counts): a partner is a country taking part,
        # not the country of a third-country venue.
        sql=f"""
SELECT p.month, c.name AS partner, p.country_code, p.meetings, p.visits
FROM partner_month_counts p INDEXED BY ix_partner_month_counts_most_met
JOIN countries c ON c.code = p.country_code
ORDER BY p.month, p.meetings DESC, p.visits DESC, p.country_code
LIMIT {ROW_LIMIT}
""",
    ),
    CannedQuery(
        name="assessments_and_events",
        title="Assessments and the events they interpret",
        description=(
            "Each attributed judgement or claim with the events it is about. Filter by kind "
            "(interpretation, motive, significance, characterization, claim, reported_claim) "
            "or leave it empty."
        ),
        sql=f"""
SELECT a.kind, a.attributed_to, a.statement,
       a.source_id || COALESCE(' ' || {locator("a")}, '') AS citation,
       e.title AS event, e.date, e.id AS event_id, a.id AS assessment_id
FROM assessments a
LEFT JOIN assessment_events ae ON ae.assessment_id = a.id
LEFT JOIN events e ON e.id = ae.event_id
WHERE (:kind = '' OR a.kind = :kind)
ORDER BY a.paragraph, a.id, e.start_date
""",
        examples={"kind": "interpretation"},
    ),
    CannedQuery(
        name="source_support",
        title="Sources and how many records each supports",
        description=(
            "For every source: its reliability and how many citations, assessments, figures "
            "and event links rest on it. Counted when publishing (table source_record_counts)."
        ),
        sql="""
SELECT s.id AS source_id, s.title, s.publisher, s.published, s.reliability,
       n.citations, n.events, n.assessments, n.figures, n.event_links
FROM sources s
JOIN source_record_counts n ON n.source_id = s.id
ORDER BY n.citations DESC, s.id
""",
    ),
    CannedQuery(
        name="planned_events",
        title="Planned and announced events",
        description=(
            "What the sources say was agreed, planned or announced but not yet held, in date "
            f"order (the first {ROW_LIMIT:,}; the timeline table's status facet has them all)."
        ),
        sql=f"""
SELECT e.date, e.kind, e.status, e.title, e.summary, e.id AS event_id
FROM events e INDEXED BY ix_events_planned
WHERE e.status IN ('planned', 'announced')
ORDER BY COALESCE(e.start_date, e.end_date), e.id
LIMIT {ROW_LIMIT}
""",
    ),
    CannedQuery(
        name="calendar",
        title="indopac timeline calendar",
        description=(
            "The timeline as calendar entries: add .ics to subscribe in a calendar "
            "application. Days where the source gives days; otherwise the whole span the "
            "date allows, with the EDTF date in the description. The latest "
            f"{ROW_LIMIT:,} events by start date."
        ),
        sql=f"""
SELECT e.id AS event_uid, e.title AS event_name, e.start_date AS event_dtstart,
       e.end_date AS event_dtend,
       e.date || ' (EDTF) · ' || e.status || ' · ' || e.summary AS event_description,
       '{EVENT_PAGE_PATH}' || e.id AS event_url
FROM events e INDEXED BY ix_events_calendar
WHERE e.start_date IS NOT NULL AND e.end_date IS NOT NULL
ORDER BY e.start_date DESC, e.id DESC
LIMIT {ROW_LIMIT}
""",
    ),
    CannedQuery(
        name="disputed_facts",
        title="Disputed facts: where sources disagree",
        description=(
            "Every field of a record on which a source gives another version: the value the "
            "dataset holds and the sources it rests on, beside the differing value, its "
            "source, stance (contradicts or qualifies) and why the dataset concludes "
            "otherwise. Give a kind of record (event, person, position, place, ...) or leave "
            f"it empty for all (the first {ROW_LIMIT:,})."
        ),
        sql=f"""
SELECT d.record_kind, d.record_id, d.field,
       d.record_value AS dataset_value,
       {_RECORD_SOURCES} AS dataset_sources,
       d.value AS source_value, d.stance, d.source_id, d.reliability, d.locator, d.note
FROM claims d
WHERE (:record_kind = '' OR d.record_kind = :record_kind)
ORDER BY d.record_kind, d.record_id, d.field
LIMIT {ROW_LIMIT}
""",
        examples={"record_kind": "event"},
    ),
    CannedQuery(
        name="thin_evidence",
        title="Events resting on one source or on opinion only",
        description=(
            "Events supported by a single independent source, or only by analysis and opinion "
            "pieces: the ones to corroborate first, with their derived credibility and the "
            f"sources they cite (the first {ROW_LIMIT:,})."
        ),
        sql=f"""
SELECT t.event_id, t.title, t.date, t.kind, rc.supporting_sources AS independent_sources,
       CASE WHEN rc.supporting_sources <= 1 AND rc.opinion_only
                THEN 'a single source, an analysis or opinion piece'
            WHEN rc.supporting_sources <= 1 THEN 'a single independent source'
            ELSE 'analysis and opinion pieces only' END AS resting_on,
       rc.credibility, t.sources
FROM record_credibility rc INDEXED BY ix_record_credibility_thin
JOIN timeline t ON t.event_id = rc.record_id
WHERE rc.record_kind = 'event' AND (rc.supporting_sources <= 1 OR rc.opinion_only = 1)
ORDER BY rc.supporting_sources, rc.record_id
LIMIT {ROW_LIMIT}
""",
    ),
    CannedQuery(
        name="event_dossier",
        title="An event's dossier",
        description=(
            "Everything known about one event (give its ID): what the dataset records and how "
            "credible it is, the participants with the offices they held, every source with "
            "where it says so, each disagreement, the status through time, and the "
            "characterisations and links with whom they are attributed to."
        ),
        sql=f"""
SELECT 1 AS part, 'event' AS section, 'title' AS item, e.title AS value,
       NULL AS source_id, NULL AS locator, NULL AS reliability, e.summary AS note
FROM events e WHERE e.id = :event
UNION ALL
SELECT 1, 'event', 'date', e.date || ' (' || COALESCE(e.start_date, '..') || ' to '
       || COALESCE(e.end_date, '..') || ')', NULL, NULL, NULL, NULL
FROM events e WHERE e.id = :event
UNION ALL
SELECT 1, 'event', 'status', e.status, NULL, NULL, NULL, NULL FROM events e WHERE e.id = :event
UNION ALL
SELECT 1, 'event', 'place', pl.name, NULL, NULL, NULL, pl.geo_precision
FROM events e JOIN places pl ON pl.id = e.place_id WHERE e.id = :event
UNION ALL
SELECT 1, 'event', 'credibility', rc.credibility, NULL, NULL, NULL,
       rc.supporting_sources || ' independent source(s); ' || rc.basis
FROM record_credibility rc WHERE rc.record_kind = 'event' AND rc.record_id = :event
UNION ALL
SELECT 2, 'participant', ep.role, ep.participant || COALESCE(' · ' || ep.position, ''),
       NULL, NULL, NULL, NULL
FROM event_participants ep WHERE ep.event_id = :event
UNION ALL
SELECT 3, 'source', COALESCE(ci.field, s.kind), s.title || COALESCE(' · ' || ou.name, ''),
       ci.source_id, {locator("ci")}, s.reliability,
       CASE WHEN s.re_reports_id IS NOT NULL OR s.original_outlet_id IS NOT NULL
            THEN 're-reports another item: not independent' END
FROM citations ci JOIN sources s ON s.id = ci.source_id
LEFT JOIN organizations ou ON ou.id = s.outlet_id
WHERE ci.event_id = :event
UNION ALL
SELECT 4, 'disagreement', d.field, d.stance || ': ' || d.value, d.source_id, {locator("d")},
       s.reliability, d.note
FROM disagreements d JOIN sources s ON s.id = d.source_id
WHERE d.event_id = :event
UNION ALL
SELECT 5, 'status', h.as_of, h.status, h.source_id, h.locator, NULL, h.basis
FROM event_status_history h WHERE h.event_id = :event
UNION ALL
SELECT 6, 'characterisation', ch.characterisation, ch.value, ch.source_id, ch.locator, NULL,
       ch.stated_as || ' (' || ch.attributed_to || ')'
FROM event_characterisations ch WHERE ch.event_id = :event
ORDER BY 1
""",
        examples={"event": "japan-china-strategic-dialogue-2024-07"},
    ),
    CannedQuery(
        name="changes_since",
        title="What changed since a release",
        description=(
            "Every record a later release (or the seeds since the last release, `unreleased`) "
            "added, changed or removed, with each changed field's old and new value, for the "
            "release you cited (e.g. 0.1.0); narrow it to one record with its ID. A removed "
            "record names what replaces it. Leave the release empty for each record's whole "
            f"history (the first {ROW_LIMIT:,} rows; the table record_changes has them all)."
        ),
        sql=f"""
SELECT c.release, c.record_kind, c.record_id, c.change, c.field, c.old_value, c.new_value,
       c.replaced_by
FROM record_changes c
WHERE (:release = ''
       OR c.release_order > (SELECT max(release_order) FROM record_changes
                             WHERE release = :release))
  AND (:record_id = '' OR c.record_id = :record_id)
ORDER BY c.release_order, c.record_kind, c.record_id, c.id
LIMIT {ROW_LIMIT}
""",
        examples={"release": "0.1.0", "record_id": "keizo-takemi-meets-yin-yong-2024-07"},
    ),
    CannedQuery(
        name="partners_around_china",
        title="Japan's partners around China: bearing and distance from Beijing and Tokyo",
        description=(
            "Each partner country of Japan in a date range (a country taking part in an event "
            "with Japan, as a state or through its people or bodies; not a third-country "
            "venue, nor the target of a statement), placed by its capital as GeoNames gives "
            "it: the capital is the country's reference point, not an event place. With the "
            "bearing (degrees clockwise from north, and compass point) and geodesic distance "
            "of the capital from Beijing and from Tokyo, and the partner's events with Japan "
            "and defence contacts whose possible dates overlap the range; in order of bearing "
            "from Beijing, so that the ring of partners reads round China in order (China "
            "itself first; partners whose capital names no single GeoNames city last, with "
            "the reason). The page draws them on a map. Dates are ISO, e.g. 2024-05-01; leave "
            "a bound empty for no limit."
        ),
        sql=f"""
-- MATERIALIZED: each count once, not again for the WHERE (SQLite would flatten the CTE).
WITH counted AS MATERIALIZED (
    SELECT r.*,
           (SELECT count(*) FROM partner_events pe
            WHERE pe.country_code = r.country_code AND {_overlaps("pe")}) AS events,
           (SELECT count(*) FROM partner_events pe
            WHERE pe.country_code = r.country_code AND pe.defence = 1
              AND {_overlaps("pe")}) AS defence_contacts
    FROM country_reference_points r
)
SELECT c.name AS country, p.country_code, p.capital, p.geonames_name AS geonames_city,
       p.reference_point,
       p.bearing_from_beijing, p.compass_from_beijing, p.km_from_beijing,
       p.bearing_from_tokyo, p.compass_from_tokyo, p.km_from_tokyo,
       p.events, p.defence_contacts, p.latitude, p.longitude,
       CASE WHEN p.latitude IS NOT NULL THEN json_object(
           'title', p.geonames_name || ': capital of ' || c.name
               || ' (reference point, not an event place)',
           'description', p.events || ' event(s) with Japan, ' || p.defence_contacts
               || ' defence contact(s), in the range; ' || {_from_origins_text("p")}
               || '. Click for all its events with Japan.',
           'link', '/indopac/partner_events?country_code=' || p.country_code
       ) END AS popup,
       p.unresolved AS no_reference_point_because
FROM counted p
JOIN countries c ON c.code = p.country_code
WHERE p.events > 0
ORDER BY p.latitude IS NULL, p.bearing_from_beijing, c.name
""",
        examples={"date_from": "2024-05-01", "date_to": "2024-12-31"},
    ),
    CannedQuery(
        name="event_places_around_china",
        title="Where Japan met its partners: event places by bearing from Beijing and Tokyo",
        description=(
            "Each event place with coordinates where Japan and a partner country took part in "
            "an event whose possible dates overlap the range: the place (an event place, not "
            "a capital used as a reference point), its bearing (degrees clockwise from north, "
            "and compass point) and geodesic distance from Beijing and from Tokyo, the events "
            "and defence contacts held there and the partners met; in order of bearing from "
            "Beijing (places in Beijing first). The page draws them on a map. Places the "
            "sources do not locate (a sea area, say) have no coordinates and are not here. "
            "Dates are ISO, e.g. 2024-05-01; leave a bound empty for no limit."
        ),
        sql=f"""
-- MATERIALIZED: each count once, not again for the WHERE (SQLite would flatten the CTE).
WITH counted AS MATERIALIZED (
    SELECT b.*,
           (SELECT count(DISTINCT pe.event_id) FROM partner_events pe
            WHERE pe.place_id = b.place_id AND {_overlaps("pe")}) AS events,
           (SELECT count(DISTINCT pe.event_id) FROM partner_events pe
            WHERE pe.place_id = b.place_id AND pe.defence = 1
              AND {_overlaps("pe")}) AS defence_contacts,
           (SELECT group_concat(code, ', ') FROM (
                SELECT DISTINCT pe.country_code AS code FROM partner_events pe
                WHERE pe.place_id = b.place_id AND {_overlaps("pe")}
                ORDER BY 1)) AS partners
    FROM place_bearings b
)
SELECT pl.name AS place, pl.kind AS place_kind, pl.geo_precision, pl.country_code,
       p.bearing_from_beijing, p.compass_from_beijing, p.km_from_beijing,
       p.bearing_from_tokyo, p.compass_from_tokyo, p.km_from_tokyo,
       p.events, p.defence_contacts, p.partners, pl.latitude, pl.longitude,
       json_object(
           'title', pl.name || ' (event place)',
           'description', p.events || ' event(s) of Japan with partners (' || p.partners
               || '), ' || p.defence_contacts || ' defence contact(s), in the range; '
               || {_from_origins_text("p")} || '.',
           'link', '/indopac/places/' || pl.id
       ) AS popup,
       p.place_id
FROM counted p
JOIN places pl ON pl.id = p.place_id
WHERE p.events > 0
ORDER BY p.bearing_from_beijing, pl.name
""",
        examples={"date_from": "2024-05-01", "date_to": "2024-12-31"},
    ),
)
