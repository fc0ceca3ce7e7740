"""Errors a visitor's request causes are answered 400, never 500.

Datasette 0.65 raises ``DatasetteError`` with its default status 500 only for faults in the
request (``_sort``/``_sort_desc`` naming no column of the table or view, both together, a bad
``_through``), and its views catch ``sqlite3.OperationalError`` but not the other errors SQLite
raises for a visitor's SQL: ``DataError`` ("string or blob too big", from the limits in
:mod:`sqlite_limits`) and ``MemoryError`` (SQLite's hard heap limit). Its debug page
``POST /-/messages`` asserts on the message type. Each of these is answered here with 400 and
one sentence, through Datasette's own error page; anything else keeps Datasette's handling.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.handle_exception import handle_exception as datasette_handle_exception
from datasette.views.base import DatasetteError

# Only a constant: Datasette loads each plugin file as its own module, so a class imported from
# another plugin file would not be the class that file raises (matched by name below).
from indopac.datasette_plugins.sqlite_limits import MAX_VALUE_BYTES


def _as_request_error(request, exception: BaseException) -> DatasetteError | None:
    if isinstance(exception, DatasetteError) and exception.status == 500:
        return DatasetteError(
            exception.message,
            title=exception.title or "Invalid request",
            error_dict=exception.error_dict,
            status=400,
            message_is_html=exception.message_is_html,
        )
    if type(exception).__name__ == "ResultTooLarge":
        return DatasetteError(str(exception), title="Result too large", status=400)
    if isinstance(exception, sqlite3.DataError):
        return DatasetteError(
            f"{exception}: no value may be longer than {MAX_VALUE_BYTES // 1_000_000} MB "
            "on this server.",
            title="Invalid SQL",
            status=400,
        )
    if isinstance(exception, MemoryError):
        return DatasetteError(
            "This query needs more memory than this server gives one query: "
            "ask for fewer or shorter values.",
            title="Query too large",
            status=400,
        )
    if isinstance(exception, AssertionError) and request.path.rstrip("/") == "/-/messages":
        return DatasetteError(
            "message_type must be INFO, WARNING, ERROR or all.", title="Invalid form", status=400
        )
    return None


@hookimpl
def handle_exception(datasette, request, exception):
    replacement = _as_request_error(request, exception)
    if replacement is None:
        return None
    return datasette_handle_exception(datasette, request, replacement)
