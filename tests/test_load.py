"""The served instance under load, and a pathological query stopped by the time limit."""

from __future__ import annotations

import asyncio
import time

import httpx

from benchmarks.load import PATHOLOGICAL, run_load


def test_a_short_load_run_has_no_server_or_connection_errors(served: str) -> None:
    report = asyncio.run(run_load(served, clients=10, seconds=4))
    summary = report.summary()
    assert summary["requests"] > 20, summary
    assert summary["server_errors"] == 0, summary
    assert summary["connection_errors"] == 0, summary


def test_the_time_limit_stops_a_pathological_query_and_the_server_keeps_answering(
    served: str,
) -> None:
    async def scenario() -> tuple[httpx.Response, float, list[httpx.Response]]:
        async with httpx.AsyncClient(base_url=served, timeout=30) as http:
            started = time.monotonic()
            slow = asyncio.create_task(http.get(PATHOLOGICAL))
            await asyncio.sleep(0.1)
            others = [await http.get("/indopac/timeline.json?_size=5") for _ in range(3)]
            response = await slow
            return response, time.monotonic() - started, others

    response, elapsed, others = asyncio.run(scenario())
    assert response.status_code == 400
    assert "too long" in response.text.lower() or "interrupted" in response.text.lower()
    assert elapsed < 10
    assert all(other.status_code == 200 for other in others)
