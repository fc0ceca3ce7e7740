"""The content of the first release: the whole article, honestly, in our own words."""

from __future__ import annotations

import re
import sqlite3

import pytest
from indopac.schema.vocab import RecordKind

from indopac.ingest import validate
from indopac.paths import ROOT, SEEDS_DIR

ARTICLE = ROOT.parent / "shared" / "sources" / "paragraphs.md"

# Events the 0.1.0 article reports: what the fidelity tests pin, whatever else the data holds.
FROM_THE_ARTICLE = (
    "id IN (SELECT event_id FROM citations WHERE source_id = 'neo-2024-08-20' "
    "AND event_id IS NOT NULL)"
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def _article_paragraphs() -> dict[int, str]:
    paragraphs = {}
    for line in ARTICLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"¶(\d+)\. (.*)", line)
        if match:
            paragraphs[int(match.group(1))] = match.group(2)
    return paragraphs


def _free_text_fields(dataset) -> dict[str, str]:
    """Every field we write in our own words, by record (claim values are a source's version
    of a field, attributed to it, and may quote it)."""
    texts = {}

    def evidence(label: str, record) -> None:
        for index, cite in enumerate(getattr(record, "citations", ())):
            if cite.credibility_reason:
                texts[f"{label} citations[{index}]"] = cite.credibility_reason
        for index, claim in enumerate(getattr(record, "claims", ())):
            texts[f"{label} claims[{index}]"] = claim.note

    for event_id, (_kind, event) in dataset.events.items():
        texts[f"event {event_id}"] = f"{event.title}. {event.summary}"
        evidence(f"event {event_id}", event)
    for kind, records in dataset.records.items():
        for record in records.values():
            evidence(f"{kind} {record.id}", record)
    for _person, position in dataset.positions.values():
        evidence(f"position {position.id}", position)
    for assessment in dataset.records[RecordKind.ASSESSMENT].values():
        texts[f"assessment {assessment.id}"] = assessment.statement
    for subject in dataset.records[RecordKind.SUBJECT].values():
        texts[f"subject {subject.id}"] = subject.summary
    for figure in dataset.records[RecordKind.FIGURE].values():
        texts[f"figure {figure.id}"] = f"{figure.measure}. {figure.period or ''}"
    for source in dataset.records[RecordKind.SOURCE].values():
        texts[f"source {source.id}"] = f"{source.reliability_rationale} {source.scope_note or ''}"
    for outlet in dataset.records[RecordKind.ORGANIZATION].values():
        if outlet.reliability_rationale:
            texts[f"organisation {outlet.id}"] = outlet.reliability_rationale
    return texts


def _names(dataset) -> list[str]:
    """Names and titles, which may be quoted as they stand."""
    names = [o.name for o in dataset.records[RecordKind.ORGANIZATION].values()]
    names += [p.name for p in dataset.records[RecordKind.PERSON].values()]
    names += [position.office for _person, position in dataset.positions.values()]
    names += [p.name for p in dataset.records[RecordKind.PLACE].values()]
    names += [f.name for f in dataset.records[RecordKind.FORUM].values()] + [
        p.name for p in dataset.records[RecordKind.PROGRAMME].values()
    ]
    names += [name for _alpha3, name in dataset.countries().values()]
    return sorted(names, key=len, reverse=True)


def _shared_runs(texts: dict[str, str], reference: list[str], names: list[str]) -> dict:
    """Runs of eight words a text shares with the reference, names and titles set aside.

    Runs are compared as bags of words, so a copied sentence with two words swapped ("working
    actively" for "actively working", the fidelity review's #30) is still found.
    """
    size = 8

    def runs(text: str) -> dict[tuple[str, ...], str]:
        for name in names:
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
        words = _words(text)
        return {
            tuple(sorted(words[i : i + size])): " ".join(words[i : i + size])
            for i in range(len(words) - size + 1)
        }

    copied_from = set().union(*(runs(text) for text in reference))
    return {
        record: sorted(run for key, run in runs(text).items() if key in copied_from)
        for record, text in texts.items()
        if runs(text).keys() & copied_from
    }


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source text lives in ../shared/sources/")
def test_no_sentence_of_the_article_is_copied() -> None:
    # A run of eight words shared with the article, once names and titles are set aside, is a
    # copied sentence: summaries, notes and assessments must be paraphrased. (A quoted locator
    # is at most six words, checked when validating, so no run of eight can come from one.)
    dataset = validate(SEEDS_DIR)
    copied = _shared_runs(
        _free_text_fields(dataset), list(_article_paragraphs().values()), _names(dataset)
    )
    assert copied == {}


def test_the_copy_check_finds_a_sentence_with_words_swapped() -> None:
    article = "Japan is actively working on multilateral military and political platforms."
    ours = "Japan is working actively on multilateral military and political platforms."
    assert _shared_runs({"assessment x": ours}, [article], []) == {
        "assessment x": [
            "is working actively on multilateral military and political",
            "japan is working actively on multilateral military and",
            "working actively on multilateral military and political platforms",
        ]
    }
    assert _shared_runs({"assessment x": "Japan works on several formats."}, [article], []) == {}


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source text lives in ../shared/sources/")
def test_the_source_record_matches_the_article(conn: sqlite3.Connection) -> None:
    assert conn.execute(
        "SELECT paragraph_count FROM sources WHERE id = 'neo-2024-08-20'"
    ).fetchone() == (len(_article_paragraphs()),)


def test_every_paragraph_of_the_article_produced_records(conn: sqlite3.Connection) -> None:
    cited = {
        row[0]
        for row in conn.execute(
            "SELECT paragraph FROM citations WHERE source_id = 'neo-2024-08-20' "
            "UNION SELECT paragraph FROM assessments WHERE source_id = 'neo-2024-08-20' "
            "UNION SELECT paragraph FROM figures WHERE source_id = 'neo-2024-08-20'"
        )
    }
    assert cited == set(range(1, 13))


def test_every_event_has_a_type_a_participant_and_a_citation(conn: sqlite3.Connection) -> None:
    assert (
        conn.execute(
            "SELECT id FROM events WHERE type_id IS NULL "
            "OR id NOT IN (SELECT event_id FROM participants) "
            "OR id NOT IN (SELECT event_id FROM citations WHERE event_id IS NOT NULL)"
        ).fetchall()
        == []
    )


def test_visits_have_a_visitor_and_a_host_from_the_destination(conn: sqlite3.Connection) -> None:
    assert (
        conn.execute(
            """
        SELECT v.event_id FROM visits v
        WHERE NOT EXISTS (SELECT 1 FROM participants p
                          WHERE p.event_id = v.event_id AND p.role = 'visitor')
           OR NOT EXISTS (SELECT 1 FROM event_participants ep
                          WHERE ep.event_id = v.event_id AND ep.role = 'host'
                            AND ep.country = v.destination_country_code)
        """
        ).fetchall()
        == []
    )


def test_bilateral_meetings_have_two_sides(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        """
        SELECT m.event_id, count(DISTINCT ep.country) FROM meetings m
        JOIN event_participants ep ON ep.event_id = m.event_id AND ep.role <> 'target'
        WHERE m.format = 'bilateral' GROUP BY m.event_id
        """
    ).fetchall()
    assert rows and all(sides == 2 for _, sides in rows)


def test_dates_keep_the_source_precision(conn: sqlite3.Connection) -> None:
    dates = {
        row[0]: row[1:]
        for row in conn.execute("SELECT event_id, date, start_date, end_date FROM timeline")
    }
    # A span a source gives; one unknown day within a visit; a span whose end is the one
    # announced before the trip, marked uncertain; statements on days the source does not give.
    assert dates["yohei-kono-visits-china-2024-07"][0] == "2024-07-01/2024-07-06"
    assert dates["keizo-takemi-meets-yin-li-2024-07"] == (
        "[2024-07-17..2024-07-19]",
        "2024-07-17",
        "2024-07-19",
    )
    assert dates["banri-kaieda-visits-china-2024-07"] == (
        "2024-07-22/2024-07-26?",
        "2024-07-22",
        "2024-07-26",
    )
    assert dates["japan-concern-china-russia-cooperation"] == ("[..2024-08-20]", None, "2024-08-20")
    # The summit planned in July took place in November: the status history keeps both.
    history = conn.execute(
        "SELECT status, as_of, source_id FROM event_status_history "
        "WHERE event_id = 'japan-china-summit-2024-11' ORDER BY as_of_latest"
    ).fetchall()
    assert [row[0] for row in history] == ["planned", "planned", "occurred"]
    assert history[0][2] == "neo-2024-08-20" and history[-1][1] == "2024-11-15"


def test_quantities_are_columns(conn: sqlite3.Connection) -> None:
    # The article's firsts (the coverage of May-December 2024 adds others, from other sources).
    firsts = conn.execute(
        "SELECT id, first_since, first_in_years, first_ever FROM events "
        f"WHERE ({FROM_THE_ARTICLE}) "
        "AND (first_since IS NOT NULL OR first_in_years IS NOT NULL OR first_ever) ORDER BY id"
    ).fetchall()
    assert firsts == [
        ("japan-china-strategic-dialogue-2024-07", None, 4, 0),
        ("japan-coast-guard-taiwan-exercise-2024-07-18", "1972", None, 0),
        ("palm-10-denounces-unilateral-change-of-status-quo", None, None, 1),
    ]
    assert conn.execute(
        "SELECT edition FROM forum_meetings WHERE event_id = 'palm-10-2024-07'"
    ).fetchone() == (10,)
    figures = dict(
        (row[0], row[1:])
        for row in conn.execute("SELECT id, value_low, value_high, unit FROM figures")
    )
    assert figures["china-economic-growth-rate-2024"] == (3, 5, "percent")
    assert figures["nippon-steel-china-capacity-cut"] == (70, 70, "percent")


def test_opinions_are_attributed_assessments_not_events(conn: sqlite3.Connection) -> None:
    # "In our opinion" (¶1, ¶4) and the conclusions (¶12) are assessments by the author.
    rows = conn.execute(
        "SELECT paragraph, count(*) FROM assessments WHERE attributed_to LIKE '%(author)' "
        "AND paragraph IN (1, 4, 12) GROUP BY paragraph"
    ).fetchall()
    assert {paragraph for paragraph, _ in rows} == {1, 4, 12}
    # What the measures are directed against is the author's view, linked to the events.
    linked = conn.execute(
        "SELECT count(*) FROM assessment_events "
        "WHERE assessment_id = 'pacific-measures-aimed-at-china'"
    ).fetchone()[0]
    assert linked >= 5
    assert conn.execute(
        "SELECT count(*) FROM events "
        "WHERE summary LIKE '%opinion%' OR summary LIKE '%directed against%'"
    ).fetchone() == (0,)


def test_links_the_article_makes(conn: sqlite3.Connection) -> None:
    links = set(conn.execute("SELECT event_id, relation, related_event_id FROM event_links"))
    assert (
        "japan-china-strategic-dialogue-2024-07",
        "led_to",
        "kamikawa-wang-yi-vientiane-2024-07-26",
    ) in links
    assert (
        "kamikawa-wang-yi-vientiane-2024-07-26",
        "produced",
        "japan-china-summit-2024-11",
    ) in links
    osa_steps = conn.execute(
        "SELECT a.stage, count(*) FROM agreements a JOIN events e ON e.id = a.event_id "
        f"WHERE ({FROM_THE_ARTICLE}) AND a.programme_id = 'official-security-assistance' "
        "GROUP BY a.stage ORDER BY a.stage"
    ).fetchall()
    assert osa_steps == [("concluded", 2), ("interest_expressed", 2), ("proposed", 1)]


def test_every_event_type_maps_to_cameo_and_plover(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT t.id, t.cameo_code, t.plover_category FROM event_types t "
        "JOIN events e ON e.type_id = t.id GROUP BY t.id"
    ).fetchall()
    assert rows
    assert all(re.fullmatch(r"\d{3,4}", code) and plover for _, code, plover in rows)
    assert ("make-visit", "042", "CONSULT") in rows
