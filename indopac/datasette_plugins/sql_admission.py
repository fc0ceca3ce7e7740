"""Slow queries cannot starve cheap ones: arbitrary SQL may hold at most N-1 of N SQL threads.

Datasette runs every query on a pool of num_sql_threads threads. A visitor's own SQL (the
``sql=`` and ``_where=`` parameters) may run for the whole SQL time limit, so 30 clients
looping a 1-second query kept every thread busy and a trivial page waited 24.9 s. Here such
requests are admitted at most N-1 at a time, so one thread is always left for everything else
(table pages, canned questions, the dashboards' own queries). A request beyond that waits in
the event loop, not in a thread, for at most MAX_WAIT_SECONDS, and is then answered
``429 Too Many Requests`` with ``Retry-After``: the server is busy, not broken, so no 5xx.

SQL that the project itself wrote (the dashboards' chart and filter queries, which their page
sends as ``sql=``) is not a visitor's SQL and is not held back.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qsl

from datasette import hookimpl

# How long a visitor's SQL may wait for a thread: about one query's time limit.
MAX_WAIT_SECONDS = 1.0
RETRY_AFTER_SECONDS = 2
USER_SQL_PARAMETERS = {"sql", "_where"}


def _project_sql(datasette) -> set[str]:
    """Every SQL text the dashboards' pages send: each chart and filter query, in each form the
    dashboard's filters give it (a ``[[ ... :filter ... ]]`` part is kept only when set)."""
    from datasette_dashboards import replace_opts_in_query

    config = datasette.plugin_config("datasette-dashboards") or {}
    texts: set[str] = set()
    for dashboard in config.values():
        if not isinstance(dashboard, dict):
            continue
        keys = sorted(dashboard.get("filters") or {})
        subsets = [
            [key for bit, key in enumerate(keys) if mask >> bit & 1]
            for mask in range(2 ** min(len(keys), 10))
        ]
        for group in ("charts", "filters"):
            for item in (dashboard.get(group) or {}).values():
                if not (isinstance(item, dict) and isinstance(item.get("query"), str)):
                    continue
                texts.add(item["query"].strip())
                for subset in subsets:
                    options = dict.fromkeys(subset, "set")
                    texts.add(replace_opts_in_query(item["query"], options).strip())
    return texts


def is_user_sql(query_string: bytes, project_sql: set[str]) -> bool:
    """True when the request carries SQL (or a WHERE clause) a visitor wrote."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    for name, value in pairs:
        if name == "_where":
            return True
        if name == "sql" and value.strip() not in project_sql:
            return True
    return False


async def _too_many(send, scope) -> None:
    message = (
        "The server is running as many visitors' SQL queries as it allows at once: "
        f"try again in {RETRY_AFTER_SECONDS} seconds."
    )
    path = scope.get("path", "")
    if path.endswith(".json"):
        body = json.dumps({"ok": False, "error": message, "status": 429}).encode()
        content_type = b"application/json; charset=utf-8"
    else:
        body = message.encode()
        content_type = b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", content_type),
                (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        state: dict = {}

        async def gated(scope, receive, send):
            if scope.get("type") != "http" or not scope.get("query_string"):
                return await app(scope, receive, send)
            if "semaphore" not in state:
                # Made on first use, inside the server's event loop; Datasette has loaded its
                # settings and metadata by then.
                threads = datasette.setting("num_sql_threads") or 1
                state["semaphore"] = asyncio.Semaphore(max(1, threads - 1))
                state["project_sql"] = _project_sql(datasette)
            if not is_user_sql(scope["query_string"], state["project_sql"]):
                return await app(scope, receive, send)
            semaphore: asyncio.Semaphore = state["semaphore"]
            try:
                await asyncio.wait_for(semaphore.acquire(), MAX_WAIT_SECONDS)
            except TimeoutError:
                return await _too_many(send, scope)
            try:
                return await app(scope, receive, send)
            finally:
                semaphore.release()

        return gated

    return wrap
