"""The contract views: names and columns other tools rely on, and what their rows say."""

from __future__ import annotations

import sqlite3

import pytest


@pytest.fixture
def conn(conn: sqlite3.Connection) -> sqlite3.Connection:
    """conftest's read-only connection, with rows addressed by column name."""
    conn.row_factory = sqlite3.Row
    return conn


@pytest.fixture
def fixture_conn(fixture_conn: sqlite3.Connection) -> sqlite3.Connection:
    """The same on the fixture build, for tests that pin what a record holds."""
    fixture_conn.row_factory = sqlite3.Row
    return fixture_conn


def _columns(conn: sqlite3.Connection, view: str) -> list[str]:
    return [row["name"] for row in conn.execute(f"PRAGMA table_info({view})")]


def test_timeline_columns(conn: sqlite3.Connection) -> None:
    assert _columns(conn, "timeline") == [
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
        # Appended after the contract columns in 0.1.0; columns are only ever appended.
        "year",
        "country_codes",
        "event_type",
        # Appended in 0.2.0: the evidence behind each event.
        "source_count",
        "credibility",
        "disputed",
    ]


def test_event_participants_columns(conn: sqlite3.Connection) -> None:
    assert _columns(conn, "event_participants") == [
        "event_id",
        "kind",
        "participant",
        "participant_type",
        "country",
        "role",
        "position",
        # Appended after the contract columns in 0.1.0.
        "participant_id",
    ]


def test_timeline_keeps_the_source_precision(fixture_conn: sqlite3.Connection) -> None:
    row = fixture_conn.execute(
        "SELECT * FROM timeline WHERE event_id = 'yohei-kono-visits-china-2024-07'"
    ).fetchone()
    assert dict(row) | {"summary": None} == {
        "event_id": "yohei-kono-visits-china-2024-07",
        "kind": "visit",
        "title": "Yohei Kono visits China",
        "date": "2024-07-01/2024-07-06",
        "start_date": "2024-07-01",
        "end_date": "2024-07-06",
        "status": "occurred",
        "place": None,
        "latitude": None,
        "longitude": None,
        "countries": "CN,JP",
        "summary": None,
        "sources": "neo-2024-08-20 ¶3",
        "year": 2024,
        "country_codes": '["CN","JP"]',
        "event_type": "make-visit",
        # One opinion article rated F: nothing to judge it by (rule 6).
        "source_count": 1,
        "credibility": "6",
        "disputed": 0,
    }
    planned = fixture_conn.execute(
        "SELECT date, start_date, end_date, status FROM timeline "
        "WHERE event_id = 'japan-china-summit-2024-11'"
    ).fetchone()
    assert tuple(planned) == ("2024-11", "2024-11-01", "2024-11-30", "planned")


def test_timeline_places_and_sorted_countries(fixture_conn: sqlite3.Connection) -> None:
    row = fixture_conn.execute(
        "SELECT place, latitude, longitude, countries FROM timeline "
        "WHERE event_id = 'quad-foreign-ministers-2024-07-29'"
    ).fetchone()
    assert tuple(row) == (None, None, None, "AU,IN,JP,US")
    row = fixture_conn.execute(
        "SELECT place, latitude, longitude FROM timeline "
        "WHERE event_id = 'japan-china-strategic-dialogue-2024-07'"
    ).fetchone()
    assert tuple(row) == ("Tokyo", 35.6895, 139.69171)


def test_participants_keep_the_office_held_at_the_time(fixture_conn: sqlite3.Connection) -> None:
    rows = fixture_conn.execute(
        "SELECT participant, participant_type, country, role, position FROM event_participants "
        "WHERE event_id = 'yohei-kono-meets-he-lifeng-2024-07' ORDER BY participant"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        (
            "He Lifeng",
            "person",
            "CN",
            "host",
            "Vice Premier, State Council of the People's Republic of China",
        ),
        (
            "Yohei Kono",
            "person",
            "JP",
            "visitor",
            "Chairman, Japan Association for the Promotion of International Trade",
        ),
    ]
    exercise = fixture_conn.execute(
        "SELECT participant, participant_type, country FROM event_participants "
        "WHERE event_id = 'japan-coast-guard-taiwan-exercise-2024-07-18' ORDER BY participant"
    ).fetchall()
    assert [tuple(r) for r in exercise] == [
        ("Japan Coast Guard", "organization", "JP"),
        ("Taiwan", "country", "TW"),
    ]


def test_every_event_has_a_participant_and_a_citation(conn: sqlite3.Connection) -> None:
    assert (
        conn.execute(
            "SELECT event_id FROM timeline WHERE sources IS NULL OR event_id NOT IN "
            "(SELECT event_id FROM event_participants)"
        ).fetchall()
        == []
    )


def test_summary_tables_count_what_their_questions_count(fixture_conn: sqlite3.Connection) -> None:
    from indopac.publish.catalogue import MONTH_OF_EVENT

    direct = fixture_conn.execute(
        f"SELECT {MONTH_OF_EVENT} AS month, kind, count(*) FROM events GROUP BY month, kind"
    ).fetchall()
    summary = fixture_conn.execute(
        "SELECT month, kind, events FROM monthly_event_counts"
    ).fetchall()
    assert sorted(map(tuple, summary)) == sorted(map(tuple, direct))
    assert fixture_conn.execute("SELECT sum(events) FROM monthly_event_counts").fetchone()[0] == 35

    sources = fixture_conn.execute(
        "SELECT s.id, (SELECT count(*) FROM citations c WHERE c.source_id = s.id), "
        "(SELECT count(DISTINCT event_id) FROM citations c WHERE c.source_id = s.id), "
        "(SELECT count(*) FROM assessments a WHERE a.source_id = s.id), "
        "(SELECT count(*) FROM figures f WHERE f.source_id = s.id), "
        "(SELECT count(*) FROM event_links l WHERE l.source_id = s.id) FROM sources s"
    ).fetchall()
    assert sorted(map(tuple, fixture_conn.execute("SELECT * FROM source_record_counts"))) == sorted(
        map(tuple, sources)
    )


def test_defence_contacts_count_japans_military_events_per_partner(
    fixture_conn: sqlite3.Connection,
) -> None:
    counts = dict(fixture_conn.execute("SELECT country_code, events FROM defence_contact_counts"))
    # The medical exercise in Mongolia and Japan's wish to include Mongolia in OSA
    # (¶11); the coast guards' exercise with Taiwan (¶8); OSA patrol boats for Bangladesh (¶9).
    assert counts["MN"] == 2
    assert counts["TW"] == 1
    assert counts["BD"] == 1
    assert "JP" not in counts
    assert "CN" not in counts  # China is the subject of the article, not a defence partner


def test_the_country_and_subjects_the_publish_sql_names_are_in_the_data(
    conn: sqlite3.Connection,
) -> None:
    # A renamed subject or code would not fail the SQL: it would silently count nothing.
    from indopac.publish.catalogue import (
        JAPAN,
        MILITARY_POLITICAL_COOPERATION,
        MILITARY_TECHNICAL_COOPERATION,
    )

    assert conn.execute("SELECT 1 FROM countries WHERE code = ?", (JAPAN,)).fetchone()
    for subject in (MILITARY_POLITICAL_COOPERATION, MILITARY_TECHNICAL_COOPERATION):
        assert conn.execute("SELECT 1 FROM subjects WHERE id = ?", (subject,)).fetchone(), subject


def test_assistance_steps_list_each_programme_step_with_its_recipients(
    fixture_conn: sqlite3.Connection,
) -> None:
    steps = {
        row["event_id"]: (row["stage"], row["date"], row["recipients"])
        for row in fixture_conn.execute("SELECT * FROM assistance_steps")
    }
    assert steps["osa-bangladesh-patrol-boats-2023"] == ("concluded", "2023", "Bangladesh Navy")
    assert steps["osa-tonga-interest"] == ("interest_expressed", "[..2024-08-20]", "Tonga")
    programme_steps = fixture_conn.execute(
        "SELECT count(*) FROM agreements WHERE programme_id IS NOT NULL"
    ).fetchone()[0]
    assert len(steps) == programme_steps == 5


def test_event_countries_carry_their_events_date_bounds(conn: sqlite3.Connection) -> None:
    differing = conn.execute(
        "SELECT ec.event_id FROM event_countries ec JOIN events e ON e.id = ec.event_id "
        "WHERE ec.start_date IS NOT e.start_date OR ec.end_date IS NOT e.end_date"
    ).fetchall()
    assert differing == []
    row = conn.execute(
        "SELECT start_date, end_date FROM event_countries "
        "WHERE event_id = 'japan-coast-guard-taiwan-exercise-2024-07-18' AND country_code = 'TW'"
    ).fetchone()
    assert tuple(row) == ("2024-07-18", "2024-07-18")
