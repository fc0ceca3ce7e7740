"""Writing one table to CSV, in key ranges on several processes for large tables.

Python's csv writer, not SQLite, is the slow part of an export (about 7 µs a row of the
timeline, against 5 µs for SQLite to read it), and it holds the GIL, so a large table is cut
into ranges of its key, each written by its own process, and the parts are joined in key
order. The bytes are those of a single pass: the writer keeps no state from row to row.

This module imports nothing heavy: each worker process starts by importing it.
"""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from indopac.atomic_files import replacing

# Below this many rows one process is quicker than starting others.
PARALLEL_MIN_ROWS = 200_000
MAX_WORKERS = 4


def _connect(database: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True)


def order_clause(order_by: tuple[str, ...]) -> str:
    return ", ".join(f'"{column}"' for column in order_by)


def write_range(
    database: Path,
    table: str,
    order_by: tuple[str, ...],
    path: Path,
    low: object = None,
    high: object = None,
    header: bool = True,
) -> None:
    """Rows of ``table`` with ``low <= key < high`` (single-column key; None: no bound),
    ordered by ``order_by``, as RFC 4180 CSV (CRLF line ends, None as an empty cell)."""
    order = order_clause(order_by)
    where, params = [], []
    if low is not None:
        where.append(f'"{order_by[0]}" >= ?')
        params.append(low)
    if high is not None:
        where.append(f'"{order_by[0]}" < ?')
        params.append(high)
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    with _connect(database) as conn:
        cursor = conn.execute(f'SELECT * FROM "{table}"{condition} ORDER BY {order}', params)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            if header:
                writer.writerow([d[0] for d in cursor.description])
            while batch := cursor.fetchmany(10_000):
                writer.writerows(batch)


def _split_points(conn: sqlite3.Connection, table: str, key: str, rows: int, parts: int) -> list:
    return [
        conn.execute(
            f'SELECT "{key}" FROM "{table}" ORDER BY "{key}" LIMIT 1 OFFSET ?',
            (rows * i // parts,),
        ).fetchone()[0]
        for i in range(1, parts)
    ]


def write_table(database: Path, table: str, order_by: tuple[str, ...], path: Path) -> None:
    """``table`` as CSV at ``path``, ordered by ``order_by``; in parallel when it is large.

    Written completely or not at all (atomic_files.replacing): ``path`` is the old file or
    the whole new one, never the first rows of it.
    """
    workers = min(MAX_WORKERS, os.cpu_count() or 1)
    with _connect(database) as conn:
        rows = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        if len(order_by) != 1 or workers < 2 or rows < PARALLEL_MIN_ROWS:
            points = None
        else:
            points = _split_points(conn, table, order_by[0], rows, workers)
    with replacing(path) as temporary:
        if points is None:
            write_range(database, table, order_by, temporary)
        else:
            _write_in_parts(database, table, order_by, temporary, points, workers)


def _write_in_parts(
    database: Path, table: str, order_by: tuple[str, ...], path: Path, points: list, workers: int
) -> None:
    bounds = [None, *points, None]
    # ``path`` is a temporary, so the parts' names start as a temporary's do: a killed
    # export's parts are removed with its other leftovers.
    parts = [path.with_name(f"{path.name}.part{i}") for i in range(workers)]
    try:
        # spawn, not fork: a fresh interpreter shares no locks or connections with this one.
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            futures = [
                pool.submit(
                    write_range, database, table, order_by, part, bounds[i], bounds[i + 1], i == 0
                )
                for i, part in enumerate(parts)
            ]
            for future in futures:
                future.result()
        with open(path, "wb") as out:
            for part in parts:
                with open(part, "rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 20)
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
