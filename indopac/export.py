"""Exports of the published database: one file per table and view, CSV and JSON Lines.

CSV is UTF-8 with a header row and RFC 4180 quoting (CRLF line ends, quotes doubled); dates
are ISO; rows are ordered by primary key, so two builds from the same seeds give
byte-identical files.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Boolean

from indopac import dyads, schema
from indopac.atomic_files import open_replacing, replace_directory, write_text
from indopac.csv_parts import order_clause, write_table
from indopac.describe import codebook, datapackage
from indopac.publish.catalogue import PUBLISHED_OBJECTS


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


class ExportError(ValueError):
    """A value in the database that an export format cannot hold."""


def _json_line(table: str, record: dict) -> str:
    try:
        # allow_nan=False: Python would write NaN / Infinity, which is not JSON (RFC 8259).
        return json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError:
        column = next(c for c, v in record.items() if isinstance(v, float) and not math.isfinite(v))
        raise ExportError(
            f"{table}: column {column!r} of the row {next(iter(record.values()))!r} holds "
            f"{record[column]}, which JSON cannot hold: correct the value in the seeds and "
            "build again"
        ) from None


def export(
    database: Path, out: Path, jsonl: bool = False, only: set[str] | None = None
) -> list[Path]:
    """Write ``out/csv/NAME.csv`` (and ``out/jsonl/NAME.jsonl``) for every exported table,
    or for the tables named in ``only``; each file completely or not at all."""
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
                with open_replacing(path, "w", encoding="utf-8", newline="\n") as handle:
                    for row in rows:
                        record = {
                            column: (bool(value) if i in booleans and value is not None else value)
                            for i, (column, value) in enumerate(zip(columns, row, strict=True))
                        }
                        handle.write(_json_line(table.name, record))
                written.append(path)
    return written


def write_index(out: Path, files: list[Path]) -> None:
    """A plain download page for the static mount, listing every exported file."""
    names = sorted(path.relative_to(out).as_posix() for path in files)
    items = "\n".join(f'<li><a href="{name}">{name}</a></li>' for name in names)
    write_text(
        out / "index.html",
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>indopac downloads</title>"
        "</head><body>\n<h1>indopac downloads</h1>\n<p>Every table and view as CSV and JSON "
        "Lines, the events as directed pairs of countries (dyadic/: CAMEO in the Phoenix "
        "layout, PLOVER JSON Lines), the Frictionless data package and the codebook. "
        "<a href='/'>Back to the data</a>.</p>\n<ul>\n" + items + "\n</ul>\n</body></html>\n",
    )


def write_set(database: Path, folder: Path, jsonl: bool = True) -> list[Path]:
    """Every export file into ``folder``: CSV (and JSON Lines), the two dyadic files, the data
    package with each file's size and SHA-256, CODEBOOK.md and index.html."""
    files = export(database, folder, jsonl=jsonl)
    files += dyads.write(database, folder)
    datapackage.write(folder / "datapackage.json", folder)
    write_text(folder / "CODEBOOK.md", codebook.codebook(database))
    files += [folder / "datapackage.json", folder / "CODEBOOK.md"]
    write_index(folder, files)
    return files


def export_all(database: Path, out: Path, jsonl: bool = True) -> list[Path]:
    """The whole set (write_set) swapped in at ``out`` at once: ``out`` is a symbolic link
    to a versioned folder beside it, replaced in one rename (atomic_files.replace_directory),
    so a reader of ``out`` sees the old set or the new one."""

    def fill(folder: Path) -> list[Path]:
        return [path.relative_to(folder) for path in write_set(database, folder, jsonl)]

    return [out / relative for relative in replace_directory(out, fill)]
