"""A seed folder with evidence of every kind, for tests: the real seeds plus test-only sources,
claims, status reports and an override, all on example.org. Never written to seeds/."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import appending, copy_seeds, replacing

SUMMIT = "japan-china-summit-2024-11"
EXERCISE = "japan-coast-guard-taiwan-exercise-2024-07-18"
KONO_VISIT = "yohei-kono-visits-china-2024-07"
UNTOUCHED = "banri-kaieda-visits-china-2024-07"

OUTLETS = """
- id: fixture-agency
  name: Fixture News Agency
  kind: news_agency
  reliability: B
  reliability_rationale: A test outlet, rated B.
  domains: [example.org]
- id: fixture-ministry
  name: Fixture Ministry
  kind: ministry
  reliability: A
  reliability_rationale: A test outlet, rated A.
  domains: [example.org]
- id: fixture-paper
  name: Fixture Paper
  kind: newspaper
  reliability: C
  reliability_rationale: A test outlet, rated C.
  domains: [example.org]
"""

SOURCES = """
- id: fixture-wire
  title: Test wire story
  outlet: fixture-agency
  published: 2024-11-16
  url: https://example.org/wire
  language: en
  kind: wire_story
- id: fixture-wire-carried
  title: Test wire story as carried by a paper
  outlet: fixture-paper
  re_reports: fixture-wire
  independent: false
  published: 2024-11-16
  url: https://example.org/carried
  language: en
  kind: wire_story
- id: fixture-readout
  title: Test readout
  outlet: fixture-ministry
  published: 2024-11-15
  url: https://example.org/readout
  language: en
  kind: readout
"""

# The planned summit, later reported held: two more independent sources (A and B), a copy of
# one of them, and its status through time.
SUMMIT_EVIDENCE = """  status_history:
    - {status: planned, as_of: 2024-07-26, source: neo-2024-08-20, paragraph: 5}
    - {status: occurred, as_of: 2024-11-15, source: fixture-readout, heading: Summit}
  citations:
    - {source: fixture-readout, heading: Summit}
    - {source: fixture-wire, quote: leaders met}
    - {source: fixture-wire-carried}
"""

# The exercise's day, contradicted by a source rated A; the article supports it alone.
EXERCISE_CLAIM = """  claims:
    - {field: date, value: 2024-07-19, source: fixture-readout, heading: Exercise,
       stance: contradicts, note: Kept from the only source that reports the exercise.}
  citations:
"""

OVERRIDE = (
    "    - {source: neo-2024-08-20, paragraph: 3, credibility: 2, "
    "credibility_reason: A test override.}\n"
)

POSITION_CLAIM = """      claims:
        - {field: office, value: Test office, source: neo-2024-08-20, paragraph: 3,
           stance: qualifies, note: A test claim on an office.}
      citations:
"""


def _block_edit(name: str, record_id: str, old: str, new: str):
    """In seed file ``name``, ``old`` becomes ``new`` inside the record ``record_id`` only."""

    def edit(seeds: Path) -> None:
        path = seeds / name
        text = path.read_text(encoding="utf-8")
        start = text.index(f"- id: {record_id}\n")
        end = text.find("\n- id: ", start + 1)
        end = len(text) if end < 0 else end
        block = text[start:end]
        assert old in block, f"fixture out of date: {old!r} not in {record_id}"
        path.write_text(text[:start] + block.replace(old, new, 1) + text[end:], encoding="utf-8")

    return edit


EDITS = (
    appending("organizations.yaml", OUTLETS),
    appending("sources.yaml", SOURCES),
    _block_edit("meetings.yaml", SUMMIT, "  status: planned\n", "  status: occurred\n"),
    _block_edit("meetings.yaml", SUMMIT, "  citations:\n", SUMMIT_EVIDENCE),
    # The article, from before the summit, reports a plan: it moves to the status history
    # (a source cannot support as occurred what happened after it was published).
    _block_edit(
        "meetings.yaml",
        SUMMIT,
        "    - {source: neo-2024-08-20, paragraph: 5}\n"
        "    - {source: neo-2024-08-20, paragraph: 6}\n",
        "",
    ),
    _block_edit("exercises.yaml", EXERCISE, "  citations:\n", EXERCISE_CLAIM),
    _block_edit(
        "visits.yaml",
        KONO_VISIT,
        "    - {source: neo-2024-08-20, paragraph: 3}\n",
        OVERRIDE,
    ),
    _block_edit("persons.yaml", "yohei-kono", "      citations:\n", POSITION_CLAIM),
)


def evidence_seeds(tmp_path: Path) -> Path:
    """A copy of the fixture seeds with the test evidence added."""
    seeds = copy_seeds(tmp_path)
    for edit in EDITS:
        edit(seeds)
    return seeds


__all__ = ["EXERCISE", "KONO_VISIT", "SUMMIT", "UNTOUCHED", "evidence_seeds", "replacing"]
