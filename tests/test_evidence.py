"""The evidence model on a real build of a seed folder with evidence of every kind
(tests/evidence_fixture.py): credibility derived by the documented rules, sources with their
outlets and independence, disagreements beside the record's value, status through time,
attributed characterisations, and the three evidence questions through Datasette."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from indopac.build import build
from indopac.paths import METADATA_FILE
from indopac.publish import credibility
from indopac.queries import QUERIES
from indopac.serve import make_app
from tests.evidence_fixture import EXERCISE, KONO_VISIT, SUMMIT, UNTOUCHED, evidence_seeds
from tests.helpers import read_only

QUESTIONS = {query.name: query for query in QUERIES}
ANYIO = pytest.mark.anyio


@pytest.fixture(scope="module")
def evidence_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evidence")
    out = root / "dist" / "indopac.db"
    build(evidence_seeds(root), out)
    return out


@pytest.fixture
def db(evidence_db: Path) -> Iterator[sqlite3.Connection]:
    with read_only(evidence_db) as connection:
        yield connection


def _timeline(db: sqlite3.Connection, event_id: str) -> tuple:
    return db.execute(
        "SELECT status, source_count, credibility, disputed FROM timeline WHERE event_id = ?",
        (event_id,),
    ).fetchone()


def test_credibility_follows_the_rules(db: sqlite3.Connection) -> None:
    # Rule 1: a ministry (A) and an agency (B); the paper carrying the agency's story counts
    # under the agency, so two independent sources, not three. The article, written before the
    # summit, reported a plan: it is in the status history, not a support.
    assert tuple(_timeline(db, SUMMIT)) == ("occurred", 2, "1", 0)
    # Rule 2 of the list, credibility 5: contradicted by a source rated A, supported only by
    # the article rated F.
    assert tuple(_timeline(db, EXERCISE)) == ("occurred", 1, "5", 1)
    # A curator's override wins, and says why.
    assert tuple(_timeline(db, KONO_VISIT)) == ("occurred", 1, "2", 0)
    # The article alone: nothing to judge it by.
    assert tuple(_timeline(db, UNTOUCHED)) == ("occurred", 1, "6", 0)
    bases = dict(
        db.execute(
            "SELECT record_id, basis FROM record_credibility WHERE record_kind = 'event' "
            "AND record_id IN (?, ?, ?, ?)",
            (SUMMIT, EXERCISE, KONO_VISIT, UNTOUCHED),
        ).fetchall()
    )
    assert bases == {
        SUMMIT: "1 confirmed (rule 1)",
        EXERCISE: "5 improbable (rule 2)",
        KONO_VISIT: "override: A test override.",
        UNTOUCHED: "6 cannot be judged (rule 6)",
    }


def test_every_rule_is_documented_in_readme_and_codebook() -> None:
    root = Path(__file__).resolve().parent.parent
    for document in ("README.md", "CODEBOOK.md"):
        text = (root / document).read_text(encoding="utf-8")
        assert credibility.rules_markdown() in text, document


def test_event_sources_names_outlets_locators_and_copies(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT source_id, outlet, source_kind, reliability, locator, independent "
        "FROM event_sources WHERE event_id = ? ORDER BY source_id, locator",
        (SUMMIT,),
    ).fetchall()
    assert [tuple(row) for row in rows] == [
        ("fixture-readout", "Fixture Ministry", "readout", "A", "under “Summit”", 1),
        ("fixture-wire", "Fixture News Agency", "wire_story", "B", "“leaders met”", 1),
        # Rated as its outlet (C): a copy is never independent.
        ("fixture-wire-carried", "Fixture Paper", "wire_story", "C", None, 0),
    ]
    inherited = db.execute(
        "SELECT reliability, reliability_from_outlet FROM sources WHERE id = 'fixture-wire'"
    ).fetchone()
    assert tuple(inherited) == ("B", 1)


def test_claims_keep_each_version_beside_the_record(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT record_kind, record_id, field, value, record_value, stance, source_id, locator "
        "FROM claims ORDER BY record_kind, record_id"
    ).fetchall()
    assert [tuple(row) for row in rows] == [
        ("event", EXERCISE, "date", "2024-07-19", "2024-07-18", "contradicts", "fixture-readout",
         "under “Exercise”"),
        ("position", "yohei-kono-member-house-of-representatives", "office", "Test office",
         "Member of the House of Representatives", "qualifies", "neo-2024-08-20", "¶3"),
    ]  # fmt: skip


def test_status_history_ends_with_the_published_status(db: sqlite3.Connection) -> None:
    history = db.execute(
        "SELECT status, as_of, source_id, basis FROM event_status_history WHERE event_id = ?",
        (SUMMIT,),
    ).fetchall()
    assert [tuple(row) for row in history] == [
        ("planned", "2024-07-26", "neo-2024-08-20", "status_history"),
        ("occurred", "2024-11-15", "fixture-readout", "status_history"),
    ]
    # An event with no history of its own shows its status as of each cited source's date.
    derived = db.execute(
        "SELECT status, as_of, basis FROM event_status_history WHERE event_id = ?",
        (UNTOUCHED,),
    ).fetchall()
    assert [tuple(row) for row in derived] == [("occurred", "2024-08-20", "citation")]


def test_characterisations_and_links_are_attributed(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT event_id, characterisation, value, attributed_to, stated_as "
        "FROM event_characterisations ORDER BY event_id, characterisation"
    ).fetchall()
    found = [tuple(row) for row in rows]
    author = "Nazar Kurbanov, New Eastern Outlook"
    assert (EXERCISE, "first_since", "1972", author, "attributed") in found
    assert {row[1] for row in rows} == {
        "first_since",
        "first_in_years",
        "first_ever",
        "led_to",
        "produced",
    }
    assert {row[4] for row in rows} == {"attributed"}


@ANYIO
async def test_evidence_questions_through_datasette(evidence_db: Path) -> None:
    datasette = make_app(evidence_db, METADATA_FILE)

    async def ask(name: str, **params: str) -> list[dict]:
        response = await datasette.client.get(
            f"/indopac/{name}.json", params={**params, "_shape": "array"}
        )
        assert response.status_code == 200, response.text
        return response.json()

    disputed = await ask("disputed_facts", record_kind="event")
    found = [(r["record_id"], r["field"], r["dataset_value"], r["source_value"]) for r in disputed]
    assert found == [(EXERCISE, "date", "2024-07-18", "2024-07-19")]
    assert disputed[0]["dataset_sources"] == "neo-2024-08-20 ¶8"
    assert len(await ask("disputed_facts", record_kind="")) == 2

    thin = {row["event_id"] for row in await ask("thin_evidence")}
    assert SUMMIT not in thin and UNTOUCHED in thin and EXERCISE in thin

    dossier = await ask("event_dossier", event=SUMMIT)
    sections = {row["section"] for row in dossier}
    assert sections == {"event", "participant", "source", "status"}
    assert [r["value"] for r in dossier if r["section"] == "status"] == ["planned", "occurred"]
    assert {"item": "credibility", "value": "1"}.items() <= next(
        r for r in dossier if r["item"] == "credibility"
    ).items()
    exercise = await ask("event_dossier", event=EXERCISE)
    assert {r["section"] for r in exercise} >= {"disagreement", "characterisation"}


def test_the_questions_answer_on_the_real_build_too(conn: sqlite3.Connection) -> None:
    """On the real seeds: the article's versions that other sources contradict are listed
    beside the value the dataset holds, and the events no second source supports are the thin
    ones."""
    query = QUESTIONS["disputed_facts"]
    cursor = conn.execute(query.sql, {"record_kind": "event"})
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor]
    dialogue = [r for r in rows if r["record_id"] == "japan-china-strategic-dialogue-2024-07"]
    assert {(r["field"], r["dataset_value"], r["stance"]) for r in dialogue} >= {
        ("date", "2024-07-22", "contradicts")
    }
    thin = {row[0] for row in conn.execute(QUESTIONS["thin_evidence"].sql)}
    alone = {
        row[0]
        for row in conn.execute(
            "SELECT record_id FROM record_credibility WHERE record_kind = 'event' "
            "AND supporting_sources <= 1"
        )
    }
    assert thin == alone and "osa-tonga-interest" in thin
