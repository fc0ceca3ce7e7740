"""The changelog's summary of what a release changed in the records (record_changes).

``indopac docs --write`` keeps the ``data-changes`` block (under "Unreleased") up to date with
what the seeds change since the last release; ``indopac release`` writes the same summary,
for the version it releases, into that version's section, where it stays as plain text.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from indopac.describe.readme import begin_marker, end_marker, replace_block
from indopac.ingest.history import UNRELEASED

BLOCK = "data-changes"
# Fields listed per kind of record: the ones changed most often.
TOP_FIELDS = 5


def summary(database: Path, release: str) -> str:
    """Markdown lines: per kind of record, how many ``release`` added, changed (and in which
    fields most often) and removed; a line saying so when it changed nothing."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        counts = conn.execute(
            "SELECT record_kind, change, count(DISTINCT record_id) FROM record_changes "
            "WHERE release = ? GROUP BY 1, 2",
            (release,),
        ).fetchall()
        fields = conn.execute(
            "SELECT record_kind, field, count(*) FROM record_changes "
            "WHERE release = ? AND field IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
            (release,),
        ).fetchall()
        previous = conn.execute(
            "SELECT release FROM record_changes WHERE release_order = "
            "(SELECT max(release_order) - 1 FROM record_changes WHERE release = ?) LIMIT 1",
            (release,),
        ).fetchone()
    if not counts:
        return "No record changed.\n"
    since = f" since {previous[0]}" if previous else ""
    lines = [
        f"Records added, changed and removed{since}, by kind (table `record_changes`;\n"
        "the question `changes_since` lists every field with its old and new value):",
        "",
    ]
    by_kind: dict[str, dict[str, int]] = {}
    for kind, change, n in counts:
        by_kind.setdefault(kind, {})[change] = n
    top: dict[str, list[str]] = {}
    for kind, field, _ in fields:
        if len(top.setdefault(kind, [])) < TOP_FIELDS:
            top[kind].append(f"`{field}`")
    for kind in sorted(by_kind):
        parts = [
            f"{by_kind[kind][c]} {c}" for c in ("added", "changed", "removed") if c in by_kind[kind]
        ]
        most = f"; fields changed most often: {', '.join(top[kind])}" if kind in top else ""
        lines.append(f"- {kind.replace('_', ' ')}: {', '.join(parts)}{most}")
    return "\n".join(lines) + "\n"


def with_changelog_block(text: str, database: Path) -> str:
    """CHANGELOG.md with its ``data-changes`` block (if it has one) regenerated."""
    if begin_marker(BLOCK) not in text:
        return text
    return replace_block(text, BLOCK, summary(database, UNRELEASED))


def frozen_for_release(text: str, version: str, database: Path) -> str:
    """CHANGELOG.md with the ``data-changes`` block in the section of ``version`` replaced by
    the summary of that release, as plain text (it no longer changes); unchanged when that
    section has no such block."""
    section = re.search(
        rf"^## {re.escape(version)}\b.*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL
    )
    if section is None:
        return text
    begin, end = begin_marker(BLOCK), end_marker(BLOCK)
    body = section.group(0)
    if begin not in body or end not in body:
        return text
    start, stop = body.index(begin), body.index(end) + len(end)
    replaced = body[:start] + summary(database, version).rstrip("\n") + body[stop:]
    return text[: section.start()] + replaced + text[section.end() :]
