"""Generated parts of docs/coverage.md: what the data covers within the stated scope.

The page's prose (scope, method, what was searched and not found, known gaps) is written by
hand; its tables sit between generated-block markers, as in the README, and are rewritten from
a build of the seeds by ``indopac docs --write``, so they cannot drift from the data.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import yaml

from indopac import paths
from indopac.describe.readme import replace_block
from indopac.publish.catalogue import ORIGIN
from indopac.schema.vocab import EventKind

# The coverage window the README states (issue 15): Japan's engagements from May to December
# 2024. An event counts as in it when its earliest possible date falls inside.
SCOPE_START = "2024-05-01"
SCOPE_END = "2024-12-31"
JAPAN = "JP"
KINDS = tuple(member.value for member in EventKind)
SPANS_MONTHS = "spans months"


def _month(start: str | None, end: str | None) -> str:
    if start and end and start[:7] == end[:7]:
        return start[:7]
    return SPANS_MONTHS


def _table(header: list[str], rows: list[list[object]], text_columns: int = 1) -> list[str]:
    align = ["---"] * text_columns + ["---:"] * (len(header) - text_columns)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _in_scope_events(conn: sqlite3.Connection) -> list[tuple[str, str, str, str, list[str]]]:
    rows = conn.execute(
        "SELECT t.event_id, t.kind, t.start_date, t.end_date, t.countries FROM timeline t "
        "WHERE t.start_date BETWEEN ? AND ? ORDER BY t.start_date, t.event_id",
        (SCOPE_START, SCOPE_END),
    ).fetchall()
    return [
        (event_id, kind, start, end, [c for c in (codes or "").split(",") if c and c != JAPAN])
        for event_id, kind, start, end, codes in rows
    ]


def months_block(database: Path) -> str:
    """Events in scope per month and kind; an event spanning two months counts apart."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        events = _in_scope_events(conn)
        outside = conn.execute(
            "SELECT count(*) FROM timeline WHERE start_date IS NULL OR start_date NOT BETWEEN ? "
            "AND ?",
            (SCOPE_START, SCOPE_END),
        ).fetchone()[0]
    counts = Counter((_month(start, end), kind) for _, kind, start, end, _ in events)
    months = sorted({month for month, _ in counts}, key=lambda m: (m == SPANS_MONTHS, m))
    rows = [
        [month, *(counts[month, kind] for kind in KINDS), sum(counts[month, k] for k in KINDS)]
        for month in months
    ]
    rows.append(["**all**", *(sum(counts[m, kind] for m in months) for kind in KINDS), len(events)])
    lines = _table(["month", *KINDS, "all"], rows)
    lines += [
        "",
        f"Events in the scope window ({SCOPE_START} to {SCOPE_END}): {len(events)}. "
        f"Events in the data that begin outside it or have no start: {outside}.",
    ]
    return "\n".join(lines) + "\n"


def partners_block(database: Path) -> str:
    """Events in scope per partner country and kind, most events first."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        events = _in_scope_events(conn)
        names = dict(conn.execute("SELECT code, name FROM countries"))
    counts: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for _, kind, _, _, partners in events:
        for code in partners:
            counts[code, kind] += 1
            totals[code] += 1
    rows = [
        [f"{names.get(code, code)} (`{code}`)", *(counts[code, kind] for kind in KINDS), total]
        for code, total in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]
    return "\n".join(_table(["partner", *KINDS, "all"], rows)) + "\n"


def month_partner_block(database: Path) -> str:
    """Events in scope per month, partner and kind: one row per month and partner."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        events = _in_scope_events(conn)
        names = dict(conn.execute("SELECT code, name FROM countries"))
    counts: Counter[tuple[str, str, str]] = Counter()
    for _, kind, start, end, partners in events:
        for code in partners:
            counts[_month(start, end), code, kind] += 1
    pairs = sorted(
        {(month, code) for month, code, _ in counts},
        key=lambda pair: (pair[0] == SPANS_MONTHS, pair[0], names.get(pair[1], pair[1])),
    )
    rows = [
        [
            month,
            names.get(code, code),
            *(counts[month, code, kind] or "" for kind in KINDS),
            sum(counts[month, code, kind] for kind in KINDS),
        ]
        for month, code in pairs
    ]
    return "\n".join(_table(["month", "partner", *KINDS, "all"], rows, text_columns=2)) + "\n"


def evidence_block(database: Path) -> str:
    """Events in scope by number of independent sources and by derived credibility."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT rc.supporting_sources, count(*) FROM record_credibility rc "
            "JOIN timeline t ON t.event_id = rc.record_id "
            "WHERE rc.record_kind = 'event' AND t.start_date BETWEEN ? AND ? "
            "GROUP BY 1 ORDER BY 1",
            (SCOPE_START, SCOPE_END),
        ).fetchall()
        grades = conn.execute(
            "SELECT t.credibility, count(*) FROM timeline t WHERE t.start_date BETWEEN ? AND ? "
            "GROUP BY 1 ORDER BY 1",
            (SCOPE_START, SCOPE_END),
        ).fetchall()
        rated = conn.execute(
            f"""
            SELECT n, count(*) FROM (
                SELECT t.event_id, count(DISTINCT CASE WHEN s.reliability IN ('A', 'B')
                                                       THEN {ORIGIN} END) AS n
                FROM timeline t
                LEFT JOIN citations ci ON ci.event_id = t.event_id AND ci.field IS NULL
                LEFT JOIN sources s ON s.id = ci.source_id
                LEFT JOIN sources orig ON orig.id = s.re_reports_id
                WHERE t.start_date BETWEEN ? AND ?
                GROUP BY t.event_id)
            GROUP BY n ORDER BY n
            """,
            (SCOPE_START, SCOPE_END),
        ).fetchall()
    lines = _table(["independent sources", "events"], [list(row) for row in rows])
    lines += [
        "",
        *_table(["independent sources rated A or B", "events"], [list(row) for row in rated]),
    ]
    lines += ["", *_table(["derived credibility", "events"], [list(row) for row in grades])]
    return "\n".join(lines) + "\n"


def searched_block(database: Path) -> str:
    """Per research area: how many searches were logged, and each thing looked for and not
    found with the number of queries run for it (docs/research/coverage-2024)."""
    del database  # the research logs, not the data, say what was searched
    lines = []
    for log in sorted(paths.COVERAGE_RESEARCH_DIR.glob("*.yaml")):
        research = yaml.safe_load(log.read_text(encoding="utf-8"))
        relative = log.relative_to(paths.COVERAGE_RESEARCH_DIR.parent.parent).as_posix()
        lines.append(
            f"- **{log.stem}** ([{log.name}]({relative})): "
            f"{len(research.get('searches') or [])} logged searches, "
            f"{len(research.get('events') or [])} candidate events; not found:"
        )
        for item in research.get("not_found") or []:
            what = " ".join(str(item["what"]).split())
            queries = len(item.get("queries") or [])
            lines.append(f"  - {what} ({queries} {'query' if queries == 1 else 'queries'})")
    return "\n".join(lines) + "\n"


BLOCKS = {
    "coverage-months": months_block,
    "coverage-partners": partners_block,
    "coverage-month-partner": month_partner_block,
    "coverage-evidence": evidence_block,
    "coverage-searched": searched_block,
}


def with_coverage_blocks(text: str, database: Path) -> str:
    """``text`` (docs/coverage.md) with its tables regenerated from the built ``database``."""
    for name, block in BLOCKS.items():
        text = replace_block(text, name, block(database))
    return text
