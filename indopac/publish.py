"""Turn a loaded SQLite database into the published snapshot.

Views and full-text search are made here, not in a migration: they are the published contract
of the SQLite snapshot (built with SQLite's own functions), and keeping them out of the
migrated schema keeps ``alembic check`` exact on every engine.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

# Contract views: other tools rely on these names and columns. Add columns at the end only.
TIMELINE_COLUMNS = (
    "event_id",
    "kind",
    "title",
    "date",
    "start_date",
    "end_date",
    "status",
    "place",
    "latitude",
    "longitude",
    "countries",
    "summary",
    "sources",
)
EVENT_PARTICIPANTS_COLUMNS = (
    "event_id",
    "kind",
    "participant",
    "participant_type",
    "country",
    "role",
    "position",
)

# SQLite before 3.44 has no ORDER BY inside group_concat; an ordered subquery is the
# documented-in-practice way to get a stable, sorted list.
EVENT_PARTICIPANTS_VIEW = """
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
    CASE WHEN pos.id IS NULL THEN NULL
         ELSE pos.office || COALESCE(', ' || po.name, '')
    END AS position
FROM participants p
JOIN events e ON e.id = p.event_id
LEFT JOIN countries c ON c.code = p.country_code
LEFT JOIN persons pe ON pe.id = p.person_id
LEFT JOIN organizations o ON o.id = p.organization_id
LEFT JOIN positions pos ON pos.id = p.position_id
LEFT JOIN organizations po ON po.id = pos.organization_id
ORDER BY p.event_id, p.id
"""

TIMELINE_VIEW = """
CREATE VIEW timeline AS
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
    (
        SELECT group_concat(code, ',') FROM (
            SELECT DISTINCT code FROM (
                SELECT p.country_code AS code FROM participants p
                    WHERE p.event_id = e.id AND p.country_code IS NOT NULL
                UNION SELECT pe.country_code FROM participants p
                    JOIN persons pe ON pe.id = p.person_id WHERE p.event_id = e.id
                UNION SELECT o.country_code FROM participants p
                    JOIN organizations o ON o.id = p.organization_id
                    WHERE p.event_id = e.id AND o.country_code IS NOT NULL
                UNION SELECT v.destination_country_code FROM visits v WHERE v.event_id = e.id
                UNION SELECT pl2.country_code FROM places pl2
                    WHERE pl2.id = e.place_id AND pl2.country_code IS NOT NULL
            ) ORDER BY code
        )
    ) AS countries,
    e.summary AS summary,
    (
        SELECT group_concat(citation, '; ') FROM (
            SELECT ci.source_id || ' ¶' || ci.paragraph AS citation FROM citations ci
            WHERE ci.event_id = e.id
            ORDER BY ci.source_id, ci.paragraph
        )
    ) AS sources
FROM events e
LEFT JOIN places pl ON pl.id = e.place_id
ORDER BY e.start_date, e.id
"""

# Searchable text per table: Datasette offers ?_search= on each of these.
FULL_TEXT = {
    "events": ["title", "summary"],
    "persons": ["name"],
    "organizations": ["name"],
    "places": ["name"],
    "forums": ["name", "acronym"],
}


class PublishCheckError(RuntimeError):
    pass


def publish(path: Path) -> None:
    """Add views, full-text search and statistics to the loaded SQLite file, then check it."""
    db = sqlite_utils.Database(path)
    try:
        with db.conn:
            db.conn.execute(EVENT_PARTICIPANTS_VIEW)
            db.conn.execute(TIMELINE_VIEW)
        for table, columns in FULL_TEXT.items():
            db[table].enable_fts(columns, tokenize="unicode61", create_triggers=False)
        db.conn.execute("ANALYZE")
        db.conn.commit()
        check_published(db.conn)
        db.conn.execute("VACUUM")
    finally:
        db.conn.close()


def check_published(conn: sqlite3.Connection) -> None:
    """Integrity, foreign keys and the contract views' columns, or PublishCheckError."""
    integrity = conn.execute("PRAGMA integrity_check").fetchall()
    if integrity != [("ok",)]:
        raise PublishCheckError(f"integrity check failed: {integrity[:5]}")
    dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
    if dangling:
        raise PublishCheckError(f"foreign key check failed: {dangling[:5]}")
    for view, expected in (
        ("timeline", TIMELINE_COLUMNS),
        ("event_participants", EVENT_PARTICIPANTS_COLUMNS),
    ):
        columns = tuple(row[1] for row in conn.execute(f"PRAGMA table_info({view})"))
        if columns != expected:
            raise PublishCheckError(f"view {view} has columns {columns}, expected {expected}")
