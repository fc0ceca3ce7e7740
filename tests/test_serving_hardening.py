"""Serving hardening after the red-team review of 0.1.0 (section C): bounded memory and time for
one request, refused dangerous functions, no starvation, and no 5xx from a visitor's input.

Against a real Datasette app configured as `indopac serve` runs it and, where the guarantee is
about the server process (memory, threads), a real served subprocess on loopback.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import shutil
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
import yaml
from icalendar import Calendar

from indopac.paths import METADATA_FILE
from indopac.serve import make_app
from tests.helpers import user_tables_and_views
from tests.serving import serve_process

pytestmark = pytest.mark.anyio

METADATA = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
CANNED = METADATA["databases"]["indopac"]["queries"]
# A value for every named parameter of the canned questions.
SAMPLE_PARAMETERS = {
    "country": "CN",
    "date_from": "2024-07-01",
    "date_to": "2024-07-31",
    "person": "minoru-kihara",
    "office": "",
    "programme": "",
    "forum": "",
    "kind": "",
    "record_kind": "",
    "event": "kamikawa-wang-yi-vientiane-2024-07-26",
    "after": "",
}


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.fixture
def datasette(built_db: Path):
    return make_app(built_db, METADATA_FILE)


# ---- Finding 1: one request's memory and time are bounded ---------------------------------

# Each of these made 0.1.0's server build values of 100 MB or more (peak RSS 340 MB to over
# 1 GB; the review's 800 MB printf reached 4.8 GB). Sizes are kept to what 0.1.0 survives on a
# shared machine, so that running this test against it fails instead of exhausting memory.
AMPLIFIERS = [
    "select printf('%.*c', 100000000, 'x') as s",
    "select printf('%100000000c', 'x') as s",
    "select hex(randomblob(30000000)) as s",
    "select zeroblob(20000000) as s",
    "select replace(zeroblob(10000000), X'00', 'xxxxxxxxxx') as s",
    "with recursive r(i) as (select 1 union all select i + 1 from r limit 5000) "
    "select group_concat(printf('%.*c', 20000, 'x')) from r",
    # Many rows, each under the value limit: stopped by the per-statement result budget.
    "with recursive r(i) as (select 1 union all select i + 1 from r limit 1000) "
    "select printf('%.*c', 99000, 'x') as s from r",
    # One uninterruptible call whose cost is the product of its arguments' lengths: about
    # 24 s of CPU on 0.1.0 (its 1 MB / 500 KB form took 6 s).
    "select instr(printf('%.*c', 2000000, 'a'), printf('%.*c', 1000000, 'a') || 'b') as s",
    # Wide rows of long values.
    "with recursive r(i) as (select 1 union all select i + 1 from r limit 100) select "
    + ", ".join(f"printf('%.*c', 99000, 'x') as c{n}" for n in range(30))
    + " from r",
]


def test_finding_01_one_request_cannot_take_the_servers_memory(
    built_db: Path,
) -> None:
    with serve_process(built_db) as (base, pid):
        idle = peak_rss_mb(pid)
        with httpx.Client(base_url=base, timeout=60) as http:
            for sql in AMPLIFIERS:
                # The guarantee is itself about time: each answers in milliseconds; 5 s is
                # generous on a loaded machine.
                started = time.monotonic()
                response = http.get("/indopac.json", params={"sql": sql})
                elapsed = time.monotonic() - started
                assert response.status_code < 500, (sql, response.text[:300])
                assert len(response.content) < 1_000_000, sql
                assert elapsed < 5, (sql, elapsed)
                if response.status_code == 200:
                    assert response.json()["rows"] in ([[None]], []), sql
            # The server still answers, and its peak stayed near idle.
            assert http.get("/indopac/countries.json?_size=1").status_code == 200
        growth = peak_rss_mb(pid) - idle
    assert growth < 150, f"server peak RSS grew {growth:.0f} MB"


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("select randomblob(100001)", "too big"),
        ("select zeroblob(200000)", "too big"),
        (
            "with recursive r(i) as (select 1 union all select i + 1 from r limit 5001) "
            "select printf('%.*c', 99000, 'x') from r",
            "larger than",
        ),
        ("select 1 from events where title like '" + "%a" * 150 + "'", "too complex"),
        ("select " + ", ".join(["1"] * 65), "too many columns"),
    ],
)
async def test_finding_01_limits_answer_400_with_a_reason(datasette, sql: str, message: str):
    response = await datasette.client.get("/indopac.json", params={"sql": sql})
    assert response.status_code == 400, response.text[:300]
    assert message in response.json()["error"]


async def test_finding_01_printf_within_the_limit_still_works(datasette) -> None:
    response = await datasette.client.get(
        "/indopac.json",
        params={
            "sql": "select printf('%5.2f|%-3d|%s|%.*c', 3.14159, 7, 'a', 3, 'x') as s, "
            "length(printf('%.*c', 90000, 'x')) as n, format('%d', 5000000000) as big",
            "_shape": "array",
        },
    )
    assert response.status_code == 200
    assert response.json() == [{"s": " 3.14|7  |a|xxx", "n": 90000, "big": "5000000000"}]


async def test_finding_01_every_table_view_and_canned_question_fits_the_limits(
    datasette, built_db: Path
) -> None:
    # The limits must never refuse the published data itself: every table and view, a full
    # page of each, and every canned question.
    for name in user_tables_and_views(built_db, with_full_text=True):
        response = await datasette.client.get(f"/indopac/{name}.json?_size=max")
        assert response.status_code == 200, (name, response.text[:300])
    for name in CANNED:
        params = {
            key: value
            for key, value in SAMPLE_PARAMETERS.items()
            if f":{key}" in (CANNED[name]["sql"])
        }
        response = await datasette.client.get(f"/indopac/{name}.json", params=params)
        assert response.status_code == 200, (name, response.text[:300])
        assert response.json()["ok"] is True, name


# ---- Finding 14: functions unsafe on untrusted SQL are refused ----------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "select fts3_tokenizer('simple')",
        "select hex(fts3_tokenizer('simple'))",
        "select fts3_tokenizer('evil', X'4141414141414141')",
        "select FTS3_TOKENIZER('simple')",
        "select fts5(NULL)",
        "select load_extension('/tmp/evil')",
        "select x from (select fts3_tokenizer('simple') as x)",
    ],
)
async def test_finding_14_dangerous_functions_are_refused(datasette, sql: str) -> None:
    response = await datasette.client.get("/indopac.json", params={"sql": sql})
    assert response.status_code == 400, response.text[:300]
    assert "not authorized" in response.json()["error"]


async def test_finding_14_search_and_canned_questions_still_work(datasette, built_db: Path) -> None:
    search = await datasette.client.get("/indopac/events.json?_search=Kihara&_shape=array")
    with sqlite3.connect(f"file:{built_db}?mode=ro", uri=True) as conn:
        (naming_kihara,) = conn.execute(
            "SELECT count(*) FROM events WHERE title LIKE '%Kihara%' OR summary LIKE '%Kihara%'"
        ).fetchone()
        (kihara_took_part,) = conn.execute(
            "SELECT count(*) FROM participants WHERE person_id = 'minoru-kihara'"
        ).fetchone()
    assert naming_kihara >= 4
    assert search.status_code == 200 and len(search.json()) == naming_kihara
    ranked = await datasette.client.get(
        "/indopac.json",
        params={
            "sql": "select rank, title from events_fts where events_fts match 'Kihara' "
            "order by rank",
            "_shape": "array",
        },
    )
    assert ranked.status_code == 200 and len(ranked.json()) == naming_kihara
    activity = await datasette.client.get("/indopac/person_activity.json?person=minoru-kihara")
    assert activity.status_code == 200 and len(activity.json()["rows"]) == kihara_took_part


# ---- Finding 7: slow queries cannot starve cheap ones -------------------------------------


def test_finding_07_slow_queries_do_not_starve_a_cheap_request(served: str) -> None:
    from benchmarks.load import PROBE_BOUND_SECONDS, run_starvation_probe

    # The review's probe, shorter: 30 clients loop the 1-s query; on 0.1.0 a trivial request
    # waited 24.9 s. The guarantee is a time bound: the time limit plus a margin.
    report = asyncio.run(run_starvation_probe(served, clients=30, seconds=6))
    summary = report.summary()
    assert summary["probes"] >= 5, summary
    assert summary["server_errors"] == 0 and summary["connection_errors"] == 0, summary
    assert summary["probe_statuses"] == {200: summary["probes"]}, summary
    assert summary["probe_max_ms"] < PROBE_BOUND_SECONDS * 1000, summary
    # Held back with 429 and Retry-After, not queued without end and not 5xx.
    assert summary["pathological_statuses"].get(429, 0) > 0, summary


def test_finding_07_held_back_sql_is_answered_429_with_retry_after(served: str) -> None:
    from benchmarks.load import PATHOLOGICAL

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=served, timeout=30) as http:
            return await asyncio.gather(*(http.get(PATHOLOGICAL) for _ in range(8)))

    responses = asyncio.run(burst())
    statuses = sorted(response.status_code for response in responses)
    assert set(statuses) <= {400, 429}, statuses
    limited = [response for response in responses if response.status_code == 429]
    assert limited, statuses
    assert limited[0].headers["retry-after"].isdigit()
    assert limited[0].json()["ok"] is False


# ---- Finding 21: no 5xx from a visitor's input --------------------------------------------

MALFORMED = [
    {"_sort": "nope"},
    {"_sort_desc": "nope"},
    {"_sort": "<script>alert(1)</script>"},
    {"_sort": "rowid", "_sort_desc": "rowid"},
    {"_sort": "'; drop table x; --"},
    {"_size": "-1"},
    {"_size": "abc"},
    {"_size": "99999999"},
    {"_next": "garbage,,"},
    {"_next": "\x00"},
    {"_facet": "nope"},
    {"_facet_array": "nope"},
    {"_facet_date": "nope"},
    {"_col": "nope"},
    {"_nocol": "nope"},
    {"_where": "nope("},
    {"_where": "1=1) union select 1 --"},
    {"_search": 'a"b'},
    {"_search": 'a"b', "_searchmode": "raw"},
    {"_through": "{bad json"},
    {"_through": '{"table": "nope", "column": "x", "value": "1"}'},
    {"_shape": "bogus"},
    {"_labels": "maybe"},
    {"_timelimit": "abc"},
    {"_ttl": "abc"},
    {"nope__exact": "1"},
    {"rowid__gt": "x"},
    {"_json": "nope"},
    {"_nl": "on", "_shape": "array"},
    {"_trace": "1"},
]


@pytest.mark.slow
async def test_finding_21_malformed_parameters_never_answer_5xx(datasette, built_db) -> None:
    failures = []
    paths = [f"/indopac/{name}" for name in user_tables_and_views(built_db, with_full_text=True)]
    paths += [f"/indopac/{name}" for name in CANNED]
    for path in paths:
        for params in MALFORMED:
            for suffix in ("", ".json", ".csv"):
                response = await datasette.client.get(path + suffix, params=params)
                if response.status_code >= 500:
                    failures.append((path + suffix, params, response.status_code))
    assert failures == []


@pytest.mark.parametrize(
    "params",
    [
        {"_sort": "nope"},
        {"_sort_desc": "nope"},
        {"_sort": "<script>"},
        {"_sort": "title", "_sort_desc": "title"},
    ],
)
async def test_finding_21_unknown_sort_answers_400(datasette, params) -> None:
    for table in ("events", "timeline", "countries"):
        response = await datasette.client.get(f"/indopac/{table}.json", params=params)
        assert response.status_code == 400, (table, params)
        assert "sort" in response.json()["error"].lower()
    page = await datasette.client.get("/indopac/events", params=params)
    assert page.status_code == 400
    assert "by <script>" not in page.text  # the value is shown escaped, never as markup


@pytest.mark.parametrize("message_type", ["1", "nope", "<script>", ""])
async def test_finding_21_messages_form_with_a_bad_type_answers_4xx(
    datasette, message_type: str
) -> None:
    form = await datasette.client.get("/-/messages")
    token = form.cookies["ds_csrftoken"]
    response = await datasette.client.post(
        "/-/messages",
        data={"message": "hi", "message_type": message_type, "csrftoken": token},
        cookies={"ds_csrftoken": token},
    )
    assert 400 <= response.status_code < 500 or (
        message_type == "" and response.status_code == 302
    ), response.status_code


# ---- Findings 11 and 21: the calendar renderer never answers 500 --------------------------

CALENDAR_SQL = (
    "select 'x' as event_uid, 'X' as event_name, {start} as event_dtstart, "
    "{end} as event_dtend{extra}"
)


@pytest.mark.parametrize(
    ("start", "end", "extra", "message"),
    [
        ("NULL", "'2024-07-01'", "", "event_dtstart"),
        ("'junk'", "'2024-07-01'", "", "event_dtstart"),
        ("20240701", "'2024-07-01'", "", "event_dtstart"),
        ("'2024-07-01'", "'9999-12-31'", "", "no following day"),
        ("'2024-07-01'", "'2024-02-30'", "", "not a day"),
        ("'2024-07-02'", "'2024-07-01'", "", "before"),
        ("'2024-07-01'", "'2024-07-01'", ", '@evil.example/x' as event_url", "event_url"),
        ("'2024-07-01'", "'2024-07-01'", ", '//evil.example/x' as event_url", "event_url"),
        ("'2024-07-01'", "'2024-07-01'", ", '/\\evil.example/x' as event_url", "event_url"),
        ("'2024-07-01'", "'2024-07-01'", ", 'https://evil.example' as event_url", "event_url"),
    ],
)
async def test_finding_11_calendar_of_custom_sql_with_bad_rows_answers_400(
    datasette, start: str, end: str, extra: str, message: str
) -> None:
    sql = CALENDAR_SQL.format(start=start, end=end, extra=extra)
    response = await datasette.client.get("/indopac.ics", params={"sql": sql})
    assert response.status_code == 400, response.text[:300]
    text = html.unescape(response.text)
    assert message in text and "event_uid 'x'" in text


async def test_finding_11_calendar_of_custom_sql_with_a_site_path(datasette) -> None:
    sql = CALENDAR_SQL.format(
        start="'2024-07-01'", end="'2024-07-02'", extra=", '/indopac/events/x' as event_url"
    )
    response = await datasette.client.get(
        "/indopac.ics", params={"sql": sql}, headers={"host": "example.org"}
    )
    assert response.status_code == 200
    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["URL"]) == "http://example.org/indopac/events/x"
    assert entry.decoded("DTEND") == dt.date(2024, 7, 3)


async def test_finding_11_canned_calendar_skips_a_row_it_cannot_render(
    built_db: Path, tmp_path: Path
) -> None:
    # The lead's validation refuses such dates; the database here is written past it, as a
    # shared database could be (finding 4).
    database = tmp_path / "indopac.db"
    shutil.copyfile(built_db, database)
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE events SET end_date = '9999-12-31' "
            "WHERE id = 'quad-foreign-ministers-2024-07-29'"
        )
    datasette = make_app(database, METADATA_FILE)
    response = await datasette.client.get("/indopac/calendar.ics")
    assert response.status_code == 200
    uids = {str(entry["UID"]) for entry in Calendar.from_ical(response.content).walk("VEVENT")}
    assert "quad-foreign-ministers-2024-07-29@indopac" not in uids
    assert "yohei-kono-visits-china-2024-07@indopac" in uids
    with sqlite3.connect(database) as conn:
        placeable = conn.execute(
            "SELECT count(*) FROM events WHERE start_date IS NOT NULL AND end_date IS NOT NULL"
        ).fetchone()[0]
    assert len(uids) == placeable - 1  # every other event that has both bounds
