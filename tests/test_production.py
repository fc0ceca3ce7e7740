"""Production mode (`indopac serve --workers N`): real Datasette processes behind a real nginx.

Skipped where nginx is missing; `.ci/run` installs Debian's nginx-light so CI always runs them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from benchmarks.load import PATHOLOGICAL, PROBE_BOUND_SECONDS
from indopac.production import BROWSER_MAX_AGE_SECONDS, file_release, nginx_available
from indopac.queries import QUERIES
from tests.helpers import user_tables_and_views
from tests.serving import free_port, wait_until_served

pytestmark = pytest.mark.skipif(
    nginx_available() is None,
    reason="needs nginx (apt-get install nginx-light); .ci/run installs it",
)


def _children(pid: int) -> set[int]:
    listing = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return {int(line) for line in listing.stdout.split()}


def _workers(pid: int) -> set[int]:
    """The supervisor's Datasette processes (its other child is nginx)."""
    found = set()
    for child in _children(pid):
        with contextlib.suppress(OSError):
            if b"datasette" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    return False


@contextlib.contextmanager
def production(database: Path, workers: int = 2) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    """`indopac serve --workers N` on a free port, as a user starts it: (base URL, the
    supervisor, the file its messages go to)."""
    port = free_port()
    # What the supervisor says goes to a file (a pipe nobody reads could fill and block it).
    log = database.parent / f"serve-{port}.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "indopac", "serve", "--out", str(database), "--port", str(port),
             "--workers", str(workers)],
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(base, process, seconds=90, exited="production mode exited")
        deadline = time.monotonic() + 30
        while len(_workers(process.pid)) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        yield base, process, log
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)


@pytest.fixture(scope="module")
def published(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build with its exports, newer than the seeds: served, never rebuilt."""
    from indopac.export import export_all

    folder = tmp_path_factory.mktemp("production")
    database = folder / "indopac.db"
    shutil.copy2(built_db, database)
    export_all(database, folder / "exports")
    os.utime(database)
    return database


@pytest.fixture(scope="module")
def site(published: Path) -> Iterator[str]:
    with production(published) as (base, _process, _log):
        yield base


def test_every_table_view_and_question_is_served_through_the_proxy(
    site: str, published: Path
) -> None:
    with httpx.Client(base_url=site, timeout=30) as http:
        assert http.get("/").status_code == 200
        for name in user_tables_and_views(published):
            response = http.get(f"/indopac/{name}.json")
            assert response.status_code == 200, name
            assert response.headers["x-cache-status"] in {"MISS", "HIT"}, name
        for query in QUERIES:
            response = http.get(f"/indopac/{query.name}.json", params=query.examples)
            assert response.status_code == 200, query.name
        assert http.get("/exports/datapackage.json").status_code == 200
        assert http.get(f"/no-such-page-{uuid.uuid4().hex}").status_code == 404


def test_writes_are_refused(site: str) -> None:
    with httpx.Client(base_url=site, timeout=30) as http:
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            assert http.request(method, "/indopac/events").status_code == 405, method
        # SQL that writes never reaches a writable connection: the file is immutable.
        response = http.get("/indopac.json", params={"sql": "DELETE FROM events"})
        assert response.status_code in (400, 403)


def test_cache_headers_key_on_the_release_and_keep_answers_until_it_changes(
    site: str, published: Path
) -> None:
    path = f"/indopac/timeline.json?_size=3&probe={uuid.uuid4().hex}"
    with httpx.Client(base_url=site, timeout=30) as http:
        first, second = http.get(path), http.get(path)
        assert (first.headers["x-cache-status"], second.headers["x-cache-status"]) == (
            "MISS",
            "HIT",
        )
        assert second.json() == first.json()
        assert second.headers["cache-control"] == f"public, max-age={BROWSER_MAX_AGE_SECONDS}"
        assert second.headers["x-indopac-release"] == file_release(published)
        assert "set-cookie" not in second.headers
        # What answers per visitor is never cached.
        actor = http.get("/-/actor.json")
        assert actor.headers["cache-control"] == "no-store"
        assert "x-cache-status" not in actor.headers
        # An error (here the SQL time limit's) is not kept: the next asker runs it again.
        statuses = [http.get(f"{PATHOLOGICAL}&n=1").headers.get("x-cache-status") for _ in "ab"]
        assert "HIT" not in statuses


def test_the_sql_time_limit_holds_one_worker_while_the_others_answer(site: str) -> None:
    """Slow queries keep coming; a cheap request nobody asked before (so the cache cannot
    answer it) is still answered within the time limit plus a margin."""
    stop = time.monotonic() + 8
    with httpx.Client(base_url=site, timeout=60) as http:

        def slow() -> list[int]:
            statuses = []
            while time.monotonic() < stop:
                statuses.append(http.get(PATHOLOGICAL).status_code)
            return statuses

        with ThreadPoolExecutor(6) as pool:
            slow_runs = [pool.submit(slow) for _ in range(5)]
            time.sleep(1)
            probe_seconds = []
            while time.monotonic() < stop:
                started = time.monotonic()
                response = http.get(f"/indopac/countries.json?_size=1&p={uuid.uuid4().hex}")
                probe_seconds.append(time.monotonic() - started)
                assert response.status_code == 200
                time.sleep(0.3)
            slow_statuses = [s for run in slow_runs for s in run.result()]
    assert slow_statuses and all(status < 500 for status in slow_statuses)
    # One slot for arbitrary SQL on two workers: the queries beyond it are answered 429 at
    # once, and the time limit stops the one that runs (400).
    assert {400, 429} <= set(slow_statuses)
    assert max(probe_seconds) < PROBE_BOUND_SECONDS, probe_seconds


def test_a_worker_that_dies_is_replaced_and_the_site_stays_up(published: Path) -> None:
    with production(published) as (base, process, log):
        before = _workers(process.pid)
        assert len(before) == 2
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        with httpx.Client(base_url=base, timeout=30) as http:
            for n in range(30):
                response = http.get(f"/indopac/events.json?_size=1&n={n}&k={uuid.uuid4().hex}")
                assert response.status_code == 200
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            after = _workers(process.pid)
            if len(after) == 2 and victim not in after:
                break
            time.sleep(0.2)
        assert len(after) == 2 and victim not in after
    assert "restarting it; the others keep serving" in log.read_text()


# SIGKILL cannot be caught: the workers and nginx go with the supervisor all the same, through
# the parent-death signal the kernel sends them.
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_everything_stops_together(published: Path, sig: signal.Signals) -> None:
    with production(published) as (base, process, _log):
        children = _children(process.pid)
        assert len(children) == 3  # two workers and nginx
        grandchildren = {g for child in children for g in _children(child)}  # nginx workers
        process.send_signal(sig)
        assert process.wait(timeout=60) == (-signal.SIGKILL if sig == signal.SIGKILL else 0)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children | grandchildren) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in children | grandchildren if _alive(pid)]
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{base}/", timeout=5)
