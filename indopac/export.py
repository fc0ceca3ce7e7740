"""Exports of the published database: one file per table and view, CSV and JSON Lines.

CSV is UTF-8 with a header row and RFC 4180 quoting (CRLF line ends, quotes doubled); dates
are ISO; rows are ordered by primary key, so two builds from the same seeds give
byte-identical files.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Boolean

import schema
from indopac.csv_parts import order_clause, write_table
from indopac.publish import PUBLISHED_OBJECTS


@dataclass(frozen=True)
class ExportedTable:
    name: str
    order_by: tuple[str, ...]
    boolean_columns: tuple[str, ...] = ()


def exported_tables() -> list[ExportedTable]:
    """Every table of the models, then the derived tables and views of the publish step."""
    tables = [
        ExportedTable(
            str(table.name),
            tuple(str(c.name) for c in table.primary_key.columns),
            tuple(str(c.name) for c in table.columns if isinstance(c.type, Boolean)),
        )
        for table in sorted(schema.metadata.sorted_tables, key=lambda t: t.name)
    ]
    for item in PUBLISHED_OBJECTS:
        order = item.primary_key or tuple(item.columns)
        tables.append(ExportedTable(item.name, order))
    return tables


def export(
    database: Path, out: Path, jsonl: bool = False, only: set[str] | None = None
) -> list[Path]:
    """Write ``out/csv/NAME.csv`` (and ``out/jsonl/NAME.jsonl``) for every exported table,
    or for the tables named in ``only``."""
    written = []
    (out / "csv").mkdir(parents=True, exist_ok=True)
    if jsonl:
        (out / "jsonl").mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        for table in exported_tables():
            if only is not None and table.name not in only:
                continue
            path = out / "csv" / f"{table.name}.csv"
            write_table(database, table.name, table.order_by, path)
            written.append(path)
            if jsonl:
                order = order_clause(table.order_by)
                rows = conn.execute(f'SELECT * FROM "{table.name}" ORDER BY {order}')
                columns = [d[0] for d in rows.description]
                path = out / "jsonl" / f"{table.name}.jsonl"
                booleans = {columns.index(c) for c in table.boolean_columns}
                with open(path, "w", encoding="utf-8", newline="\n") as handle:
                    for row in rows:
                        record = {
                            column: (bool(value) if i in booleans and value is not None else value)
                            for i, (column, value) in enumerate(zip(columns, row, strict=True))
                        }
                        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                written.append(path)
    return written


def write_index(out: Path, files: list[Path]) -> None:
    """A plain download page for the static mount, listing every exported file."""
    names = sorted(path.relative_to(out).as_posix() for path in files)
    items = "\n".join(f'<li><a href="{name}">{name}</a></li>' for name in names)
    (out / "index.html").write_text(
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>indopac downloads</title>"
        "</head><body>\n<h1>indopac downloads</h1>\n<p>Every table and view as CSV and JSON "
        "Lines, the Frictionless data package and the codebook. <a href='/'>Back to the "
        "data</a>.</p>\n<ul>\n" + items + "\n</ul>\n</body></html>\n",
        encoding="utf-8",
    )


def export_all(database: Path, out: Path) -> list[Path]:
    """CSV and JSON Lines, datapackage.json, CODEBOOK.md and index.html, swapped in whole."""
    import shutil

    from indopac import codebook, datapackage

    staging = out.with_name(out.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    files = export(database, staging, jsonl=True)
    datapackage.write(staging / "datapackage.json")
    (staging / "CODEBOOK.md").write_text(codebook.codebook(database), encoding="utf-8")
    files += [staging / "datapackage.json", staging / "CODEBOOK.md"]
    write_index(staging, files)
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return [out / path.relative_to(staging) for path in files]
