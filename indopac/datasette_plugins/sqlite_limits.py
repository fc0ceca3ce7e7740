"""Bounds on what one SQL statement may cost, set on every connection Datasette opens.

Datasette's sql_time_limit_ms works through SQLite's progress handler, which runs between
virtual-machine steps: it cannot interrupt one function call. ``printf('%.*c', 800000000, 'x')``
is one call, and built an 800 MB value (4.8 GB server RSS) before any check ran. So:

* SQLite's own limits (``Connection.setlimit``) make every value, statement and result row
  small: a function asked for a longer value fails ("string or blob too big"), or returns NULL
  (printf).
* A ``row_factory`` counts the bytes of result values handed to Python per statement, because
  rows x columns x the value limit is otherwise still large; past the budget the statement
  fails with :class:`ResultTooLarge`, which Datasette answers with 400.
* ``PRAGMA hard_heap_limit`` caps SQLite's heap for the whole process, as a backstop for any
  way of holding many large values at once that the limits above miss.
* printf/format answer NULL at once for a width or precision past the value limit: SQLite's
  own loop for ``%.Nc`` runs N times even after the value is too long (8 s for N = 8e8).
* An authorizer refuses the SQL functions that are unsafe on untrusted SQL.

Errors SQLite raises for these (``DataError``, ``MemoryError``) are not ones Datasette's views
catch, so :mod:`input_errors` answers them with 400 rather than 500.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import weakref

from datasette import hookimpl

# The longest value any published table, view or canned question holds is 4,052 bytes (an FTS5
# index block, bounded by FTS5's page size) for the real data and for 100,000 synthetic events;
# the longest text a person wrote is shorter still. 100 KB leaves 25 times that. Not more:
# instr() and replace() cost grows with the product of their arguments' lengths inside one
# call (a crafted 1 MB pair takes 10 s; at 100 KB, 0.09 s).
MAX_VALUE_BYTES = 100_000
LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: MAX_VALUE_BYTES,
    # The longest canned question is 2,031 characters and Datasette's own table-page SQL is
    # short; 100 KB lets a person paste a long query and keeps parsing cheap.
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100_000,
    # The widest table or view (timeline) has 16 columns. This also bounds one result row to
    # 64 values of at most MAX_VALUE_BYTES each (6.4 MB).
    sqlite3.SQLITE_LIMIT_COLUMN: 64,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 250,
    # The views use a handful of UNION ALL terms.
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 20,
    # LIKE/GLOB cost grows with pattern x subject length inside one call, which the time
    # limit cannot interrupt; a `__contains` filter a person types is far shorter.
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 200,
    # Datasette expands foreign-key labels with one `IN (?, ...)` per page, up to
    # max_returned_rows (5,000) values.
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 10_000,
    sqlite3.SQLITE_LIMIT_FUNCTION_ARG: 32,
    # Nothing served attaches a database (and ATTACH is refused as a statement anyway).
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 10,
    # No sorter helper threads: one request uses one core.
    sqlite3.SQLITE_LIMIT_WORKER_THREADS: 0,
}
# Bytes of result values one statement may hand to Python. The largest page Datasette asks
# for (max_returned_rows + 1 = 5,001 rows) holds at most 4.2 MB at 100,000 events (the
# timeline's FTS5 index blocks; its widest view, 16 columns, holds less); 32 MB is 7.5 times it.
RESULT_BUDGET_BYTES = 32_000_000
# SQLite's heap for the whole process: page caches (2 MB a connection) and the statements of
# at most num_sql_threads queries at once, each bounded above to tens of MB.
HARD_HEAP_LIMIT_BYTES = 512_000_000
# printf's `%.Nc` repeats a character N times in a loop that goes on after the value passed
# SQLITE_LIMIT_LENGTH (it returns NULL in the end): %.800000000c took 8 s of one uninterruptible
# call. Widths and precisions past the value limit can only give NULL, so they are answered
# NULL at once.
_SPEC = re.compile(r"%[-+ 0#,!]*(\d+|\*)?(?:\.(\*|\d*))?")

# Functions refused on every connection, and why.
REFUSED_FUNCTIONS = {
    # Returns the address of a tokenizer module (defeats ASLR) and, with two arguments,
    # registers a tokenizer at any address given.
    "fts3_tokenizer": "leaks and accepts raw memory addresses",
    # Hands out a pointer to the FTS5 C API.
    "fts5": "hands out a pointer to FTS5's C interface",
    "load_extension": "loads native code",
}


class ResultTooLarge(sqlite3.OperationalError):
    """A statement's result values exceeded RESULT_BUDGET_BYTES."""


def _authorizer(action: int, arg1, arg2, database, source) -> int:
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _value_size(value) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    return 8


def budgeted_row_factory(budget: int = RESULT_BUDGET_BYTES):
    """A row_factory making sqlite3.Row objects (as Datasette does) that counts each cursor's
    result bytes and raises ResultTooLarge once they pass ``budget``.

    Counted per cursor: Datasette runs every statement on a new cursor.
    """
    spent: weakref.WeakKeyDictionary[sqlite3.Cursor, int] = weakref.WeakKeyDictionary()

    def factory(cursor: sqlite3.Cursor, row: tuple) -> sqlite3.Row:
        total = spent.get(cursor, 0) + sum(_value_size(value) for value in row)
        if total > budget:
            spent.pop(cursor, None)
            raise ResultTooLarge(
                f"This query's results are larger than the {budget // 1_000_000} MB one "
                "request may return: select fewer rows or columns, or use the exports."
            )
        spent[cursor] = total
        return sqlite3.Row(cursor, row)

    return factory


_builtin = threading.local()


def _builtin_printf(args: tuple) -> object:
    """SQLite's own printf, on a private connection of this thread with the same limits."""
    conn = getattr(_builtin, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        for limit, value in LIMITS.items():
            conn.setlimit(limit, value)
        _builtin.conn = conn
    placeholders = ", ".join("?" * len(args))
    return conn.execute(f"SELECT printf({placeholders})", args).fetchone()[0]


def _too_wide(arg: object) -> bool:
    # SQLite reads a `*` argument as an integer whatever its type: '800000000' and 8e8 too.
    if isinstance(arg, bytes | str):
        match = re.match(rb"\s*[-+]?(\d+)" if isinstance(arg, bytes) else r"\s*[-+]?(\d+)", arg)
        return bool(match) and int(match.group(1)) > MAX_VALUE_BYTES
    return isinstance(arg, int | float) and abs(arg) > MAX_VALUE_BYTES


def bounded_printf(*args):
    """printf/format as SQLite's, but NULL at once for a width or precision past the value limit.

    Widths come from the conversion's digits or, for `*`, from the arguments (any of them,
    to keep this simple and on the safe side).
    """
    if not args or args[0] is None:
        return _builtin_printf(args)
    fmt = args[0]
    # SQLite reads a blob or number format as text.
    fmt = fmt.decode("utf-8", "replace") if isinstance(fmt, bytes) else str(fmt)
    sizes = [size for spec in _SPEC.findall(fmt.replace("%%", "")) for size in spec]
    if any(size.isdigit() and (len(size) > 9 or int(size) > MAX_VALUE_BYTES) for size in sizes):
        return None
    if "*" in sizes and any(_too_wide(arg) for arg in args[1:]):
        return None
    return _builtin_printf(args)


def harden(conn: sqlite3.Connection) -> None:
    """Apply every bound above to ``conn``."""
    for limit, value in LIMITS.items():
        conn.setlimit(limit, value)
    conn.set_authorizer(_authorizer)
    conn.row_factory = budgeted_row_factory()
    for name in ("printf", "format"):
        conn.create_function(name, -1, bounded_printf, deterministic=True)
    # Process-wide; setting it again on each connection is harmless and keeps it set even if
    # something else changed it.
    conn.execute(f"PRAGMA hard_heap_limit = {HARD_HEAP_LIMIT_BYTES}")


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    harden(conn)
