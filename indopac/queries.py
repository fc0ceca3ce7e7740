"""Canned questions: the published API of the dataset, one click each in Datasette.

Each has a title, a description and named parameters with an example value; the tests run
every one through Datasette with its examples and check with EXPLAIN QUERY PLAN that no
event table is scanned in full where an index fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
            "dates overlap the range. Dates are ISO, e.g. 2024-07-01; leave a bound empty for "
            "no limit."
        ),
        sql="""
SELECT e.id AS event_id, e.kind, e.title, e.date, e.start_date, e.end_date, e.status,
       e.summary
FROM event_countries ec
JOIN events e ON e.id = ec.event_id
WHERE ec.country_code = upper(:country)
  AND (:date_from = '' OR e.end_date IS NULL OR e.end_date >= :date_from)
  AND (:date_to = '' OR e.start_date IS NULL OR e.start_date <= :date_to)
ORDER BY COALESCE(e.start_date, e.end_date), e.id
""",
        examples={"country": "CN", "date_from": "2024-07-01", "date_to": "2024-07-31"},
    ),
    CannedQuery(
        name="who_met_whom",
        title="Who met whom",
        description=(
            "Pairs of people who took part in the same event, with its date, place and the "
            "offices they held then. Give a person's ID or part of a name to narrow it down, "
            "or leave it empty for all pairs."
        ),
        sql="""
WITH who AS (
    SELECT id FROM persons WHERE :person = ''
    UNION SELECT id FROM persons WHERE id = :person
    UNION SELECT id FROM persons WHERE :person <> '' AND name LIKE '%' || :person || '%'
)
SELECT e.date, e.title, pl.name AS place,
       a.name AS person, pa.office AS office,
       b.name AS other_person, pb.office AS other_office,
       e.id AS event_id
FROM who
JOIN persons a ON a.id = who.id
-- CROSS JOIN keeps the chosen people as the outer loop, so participants are found by person.
CROSS JOIN participants x ON x.person_id = a.id
JOIN participants y ON y.event_id = x.event_id AND y.person_id IS NOT NULL
     AND y.person_id <> x.person_id
     -- every pair once when listing everyone; every partner of the chosen person otherwise
     AND (:person <> '' OR y.person_id > x.person_id)
JOIN persons b ON b.id = y.person_id
JOIN events e ON e.id = x.event_id
LEFT JOIN places pl ON pl.id = e.place_id
LEFT JOIN positions pa ON pa.id = x.position_id
LEFT JOIN positions pb ON pb.id = y.position_id
ORDER BY COALESCE(e.start_date, e.end_date), e.id
""",
        examples={"person": "wang-yi"},
    ),
    CannedQuery(
        name="defence_contacts_by_country",
        title="Japan's defence contacts by country",
        description=(
            "For each partner country, Japan's events of a military kind: exercises, security "
            "assistance steps and other events whose type has the PLOVER military context or "
            "whose subjects are military cooperation."
        ),
        sql="""
WITH defence AS (
    SELECT e.id FROM events e WHERE e.kind = 'exercise'
    UNION SELECT e.id FROM event_types t JOIN events e ON e.type_id = t.id
          WHERE t.plover_context = 'military'
    UNION SELECT a.event_id FROM agreements a
          WHERE a.programme_id IN (SELECT id FROM programmes)
    UNION SELECT es.event_id FROM event_subjects es
          WHERE es.subject_id IN ('military-political-cooperation',
                                  'military-technical-cooperation')
)
SELECT c.name AS country, ec.country_code, count(*) AS events,
       group_concat(e.title, '; ') AS titles
FROM defence d
JOIN events e ON e.id = d.id
JOIN event_countries jp ON jp.event_id = e.id AND jp.country_code = 'JP'
JOIN event_countries ec ON ec.event_id = e.id AND ec.country_code <> 'JP'
JOIN countries c ON c.code = ec.country_code
GROUP BY ec.country_code
ORDER BY events DESC, country
""",
    ),
    CannedQuery(
        name="assistance_pipeline",
        title="Assistance programme pipeline by stage",
        description=(
            "Every step of an assistance programme (e.g. official-security-assistance) with "
            "its stage, recipients and date; leave the programme empty for all programmes."
        ),
        sql="""
SELECT pr.acronym AS programme, a.stage, e.date, e.status, e.title,
       (SELECT group_concat(COALESCE(c.name, o.name), ', ') FROM participants p
        LEFT JOIN countries c ON c.code = p.country_code
        LEFT JOIN organizations o ON o.id = p.organization_id
        WHERE p.event_id = e.id AND p.role = 'recipient') AS recipients,
       a.subject, e.id AS event_id
FROM agreements a
JOIN programmes pr ON pr.id = a.programme_id
JOIN events e ON e.id = a.event_id
WHERE a.programme_id IN (SELECT id FROM programmes WHERE :programme IN ('', id))
ORDER BY pr.id, a.stage, COALESCE(e.start_date, e.end_date), e.id
""",
        examples={"programme": "official-security-assistance"},
    ),
    CannedQuery(
        name="forum_meetings_and_outcomes",
        title="Forum meetings and their outcomes",
        description=(
            "Each edition of a forum with what came out of it: statements and agreements made "
            "there, and the events it produced. Leave the forum (e.g. quad) empty for all."
        ),
        sql="""
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
JOIN event_links l ON l.event_id = e.id
JOIN events r ON r.id = l.related_event_id
WHERE fm.forum_id IN (SELECT id FROM forums WHERE :forum IN ('', id))
ORDER BY 1, 3, 9
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
            "month count; the rest are summed as 'less precise than a month'."
        ),
        sql="""
SELECT CASE WHEN substr(start_date, 1, 7) = substr(end_date, 1, 7)
            THEN substr(start_date, 1, 7) ELSE 'less precise than a month' END AS month,
       kind, count(*) AS events
FROM events
GROUP BY month, kind
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
        sql="""
WITH who AS (
    SELECT id FROM persons WHERE id = :person
    UNION SELECT id FROM persons WHERE :person <> '' AND name LIKE '%' || :person || '%'
)
SELECT pe.name AS person, e.date, e.kind, e.title, p.role,
       pos.office || COALESCE(', ' || po.name, '') AS office_at_the_time, e.id AS event_id
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
        name="assessments_and_events",
        title="Assessments and the events they interpret",
        description=(
            "Each attributed judgement or claim with the events it is about. Filter by kind "
            "(interpretation, motive, significance, characterization, claim, reported_claim) "
            "or leave it empty."
        ),
        sql="""
SELECT a.kind, a.attributed_to, a.statement, a.source_id || ' ¶' || a.paragraph AS citation,
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
            "and event links rest on it."
        ),
        sql="""
SELECT s.id AS source_id, s.title, s.publisher, s.published, s.reliability,
       (SELECT count(*) FROM citations c WHERE c.source_id = s.id) AS citations,
       (SELECT count(DISTINCT c.event_id) FROM citations c WHERE c.source_id = s.id)
           AS events,
       (SELECT count(*) FROM assessments a WHERE a.source_id = s.id) AS assessments,
       (SELECT count(*) FROM figures f WHERE f.source_id = s.id) AS figures,
       (SELECT count(*) FROM event_links l WHERE l.source_id = s.id) AS event_links
FROM sources s
ORDER BY citations DESC
""",
    ),
    CannedQuery(
        name="planned_events",
        title="Planned and announced events",
        description="What the sources say was agreed, planned or announced but not yet held.",
        sql="""
SELECT e.date, e.kind, e.status, e.title, e.summary, e.id AS event_id
FROM events e
WHERE e.status IN ('planned', 'announced')
ORDER BY COALESCE(e.start_date, e.end_date), e.id
""",
    ),
    CannedQuery(
        name="calendar",
        title="indopac timeline calendar",
        description=(
            "The timeline as calendar entries: add .ics to subscribe in a calendar "
            "application. Days where the source gives days; otherwise the whole span the "
            "date allows, with the EDTF date in the description."
        ),
        sql="""
SELECT e.id AS event_uid, e.title AS event_name, e.start_date AS event_dtstart,
       e.end_date AS event_dtend,
       e.date || ' (EDTF) · ' || e.status || ' · ' || e.summary AS event_description,
       '/indopac/events/' || e.id AS event_url
FROM events e
WHERE e.start_date IS NOT NULL AND e.end_date IS NOT NULL
ORDER BY e.start_date, e.id
""",
    ),
)
