"""The served instance under load, and a pathological query stopped by the time limit.

Behaviour only: how fast the server answers is measured by benchmarks/load.py (requests per
second, latency percentiles, the starvation probe's bound), never asserted here.
"""

from __future__ import annotations

import asyncio
import os
import shutil

import httpx
import pytest

from benchmarks.load import PATHOLOGICAL, DataValues, run_load, run_wrk

# Far past the server's 1 s SQL time limit, far short of what PATHOLOGICAL takes unstopped
# (a join of billions of rows): a client timeout here means the limit did not stop it.
CLIENT_TIMEOUT_SECONDS = 60


@pytest.mark.slow
def test_a_short_load_run_has_no_server_or_connection_errors(served: str) -> None:
    """Fails when any request of the mix gets a 5xx or no answer at all (a dropped
    connection or a client timeout), or when the pathological query, if the mix sent it, was
    answered other than by the time limit (400) or admission control (429)."""
    report = asyncio.run(run_load(served, clients=10, seconds=4))
    summary = report.summary()
    assert summary["requests"] > 0, summary
    assert summary["server_errors"] == 0, summary
    assert summary["connection_errors"] == 0, summary
    assert set(summary["pathological_statuses"]) <= {400, 429}, summary


# Skipped with a reason on a machine without wrk, but never in CI, where .ci/run installs it.
@pytest.mark.skipif(
    shutil.which("wrk") is None and not os.environ.get("CI"), reason="wrk is not installed"
)
@pytest.mark.slow
def test_a_short_wrk_run_reads_back_its_counts_and_samples(served: str, built_db) -> None:
    """The wrk generator (benchmarks/wrk_mix.lua and run_wrk): fails when wrk's summary line
    cannot be read back, when its status counts do not add up to its request count, when a
    request got a 5xx or no answer, or when the sampler timed nothing."""
    summary = run_wrk(served, clients=10, seconds=4, values=DataValues.read(built_db))
    assert summary["requests"] > 0, summary
    assert sum(summary["statuses"].values()) == summary["requests"], summary
    assert summary["server_errors"] == 0 and summary["connection_errors"] == 0, summary
    assert summary["sampled_requests"] > 0, summary
    assert summary["p95_ms_but_pathological"] > 0, summary


def test_the_time_limit_stops_a_pathological_query_and_the_server_keeps_answering(
    served: str,
) -> None:
    """Fails when the pathological query is not stopped by the server's time limit (no 400
    saying so within the client's own timeout), or when a cheap request sent while it runs
    is not answered 200."""

    async def scenario() -> tuple[httpx.Response, list[httpx.Response]]:
        async with httpx.AsyncClient(base_url=served, timeout=CLIENT_TIMEOUT_SECONDS) as http:
            slow = asyncio.create_task(http.get(PATHOLOGICAL))
            await asyncio.sleep(0.1)
            others = [await http.get("/indopac/timeline.json?_size=5") for _ in range(3)]
            return await slow, others

    response, others = asyncio.run(scenario())
    assert response.status_code == 400
    assert "too long" in response.text.lower() or "interrupted" in response.text.lower()
    assert [other.status_code for other in others] == [200, 200, 200]
