"""Errors a visitor's request causes are answered 400, never 500.

Datasette 0.65 raises ``DatasetteError`` with its default status 500 only for faults in the
request (``_sort``/``_sort_desc`` naming no column of the table or view, both together, a bad
``_through``), and its views catch ``sqlite3.OperationalError`` but not the other errors SQLite
raises for a visitor's SQL: ``DataError`` ("string or blob too big", from the limits in
:mod:`sqlite_limits`) and ``MemoryError`` (SQLite's hard heap limit). Its debug page
``POST /-/messages`` asserts on the message type. Each of these is answered here with 400 and
one sentence, through Datasette's own error page; anything else keeps Datasette's handling.

Some parameters Datasette parses with a bare ``int()`` or ``json.loads`` and so answers 500 for a
malformed value: ``_timelimit``, ``_through`` and, on a view, ``_next`` (an offset there). They
are checked before Datasette sees the request (found by the fuzz test in
tests/test_serving_hardening.py, which sends malformed parameters to every table, view and
canned question).
"""

from __future__ import annotations

import json
import sqlite3
from urllib.parse import parse_qsl, unquote

from datasette import hookimpl
from datasette.handle_exception import handle_exception as datasette_handle_exception
from datasette.utils.asgi import Request
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


def _through_error(value: str) -> str | None:
    try:
        through = json.loads(value)
    except ValueError:
        return "_through must be JSON"
    if not (
        isinstance(through, dict)
        and all(isinstance(through.get(key), str | int) for key in ("table", "column", "value"))
    ):
        return '_through must be a JSON object {"table": ..., "column": ..., "value": ...}'
    return None


async def _parameter_error(datasette, scope) -> str | None:
    """Why one of the parameters Datasette parses without checking is malformed, or None."""
    pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
    for name, value in pairs:
        if name == "_timelimit" and value and not value.isdigit():
            return "_timelimit must be a whole number of milliseconds"
        if name == "_through" and (problem := _through_error(value)):
            return problem
    nexts = [value for name, value in pairs if name == "_next" and value]
    if nexts and not all(value.isdigit() for value in nexts):
        # Only a view's _next is an offset; a table's is a key.
        parts = scope.get("path", "").strip("/").split("/")
        if len(parts) == 2 and parts[0] in datasette.databases:
            name = unquote(parts[1])
            stem, dot, extension = name.rpartition(".")
            if dot and extension in {"json", "csv", *datasette.renderers}:
                name = stem
            views = await datasette.databases[parts[0]].view_names()
            if name in views:
                return "_next on a view must be a whole number (a row offset)"
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def checked(scope, receive, send):
            if scope.get("type") == "http" and scope.get("query_string"):
                problem = await _parameter_error(datasette, scope)
                if problem:
                    request = Request(scope, receive)
                    error = DatasetteError(problem, title="Invalid request", status=400)
                    response = await datasette_handle_exception(datasette, request, error)()
                    return await response.asgi_send(send)
            return await app(scope, receive, send)

        return checked

    return wrap
