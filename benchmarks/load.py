"""Bounded load against a served indopac, on this machine's loopback only.

    python -m benchmarks.load                      # builds, serves on a free port, 50 clients, 30 s
    python -m benchmarks.load --url http://127.0.0.1:8001 --clients 50 --seconds 30
    python -m benchmarks.load --starvation --clients 30 --seconds 20   # the starvation probe

Clients loop over a mix of table pages, facets, search, canned questions, CSV streams and a
pathological query that the SQL time limit must stop; the run ends by itself after the given
seconds. It prints requests served, errors by status and p50/p95/p99 latency, and exits 1 on
any 5xx response or connection error.

``--starvation`` runs the red-team review's probe instead: every client loops the pathological
query while one more asks for a trivial page (PROBE) every 0.5 s; it prints the probe's
p50/max latency and exits 1 if the probe ever took longer than PROBE_BOUND_SECONDS (the SQL
time limit plus a margin) or any response was a 5xx.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

# A join of six copies of events: billions of rows, far past the SQL time limit.
PATHOLOGICAL = (
    "/indopac.json?sql=select+count(*)+from+events+a,events+b,events+c,events+d,events+e,events+f"
)
MIX = [
    (10, "/indopac/timeline?_size=50"),
    (6, "/indopac/timeline?kind=visit&_facet=status&_facet_array=country_codes"),
    (6, "/indopac/events?_search=China"),
    (4, "/indopac/assessments.json?_search=semicircle"),
    (6, "/indopac/country_events.json?country=CN&date_from=2024-07-01&date_to=2024-07-31"),
    (4, "/indopac/who_met_whom?person="),
    (4, "/indopac/person_activity.json?person=minoru-kihara"),
    (3, "/indopac/timeline.csv?_stream=on"),
    (3, "/indopac/event_participants.csv?_stream=on"),
    (3, "/indopac/calendar.ics"),
    (2, "/-/dashboards/overview"),
    (1, PATHOLOGICAL),
]
MAX_REQUESTS_PER_CLIENT = 100_000
PROBE = "/indopac/countries.json?_size=1"
PROBE_INTERVAL_SECONDS = 0.5
# The 1 s SQL time limit plus a margin: a cheap request must never wait for a slow one.
PROBE_BOUND_SECONDS = 1.5


@dataclass
class Report:
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0
    pathological_statuses: Counter = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def summary(self) -> dict:
        return {
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "requests_per_second": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "statuses": dict(sorted(self.statuses.items())),
            "server_errors": self.server_errors,
            "connection_errors": self.connection_errors,
            "pathological_statuses": dict(self.pathological_statuses),
            "p50_ms": round(self.percentile(0.50), 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0,
        }


def require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"refusing to load {host}: only loopback addresses are allowed")


async def _client(http: httpx.AsyncClient, deadline: float, report: Report, seed: int) -> None:
    rng = random.Random(seed)
    weights = [w for w, _ in MIX]
    paths = [p for _, p in MIX]
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            return
        path = rng.choices(paths, weights)[0]
        started = time.monotonic()
        try:
            response = await http.get(path)
        except httpx.HTTPError:
            report.connection_errors += 1
            continue
        report.latencies_ms.append((time.monotonic() - started) * 1000)
        report.statuses[response.status_code] += 1
        if path == PATHOLOGICAL:
            report.pathological_statuses[response.status_code] += 1


async def run_load(url: str, clients: int, seconds: float) -> Report:
    require_loopback(url)
    report = Report()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(_client(http, deadline, report, i) for i in range(clients)))
        report.seconds = time.monotonic() - started
    return report


@dataclass
class ProbeReport:
    probe_ms: list[float] = field(default_factory=list)
    probe_statuses: Counter = field(default_factory=Counter)
    load_statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0

    @property
    def server_errors(self) -> int:
        statuses = self.probe_statuses + self.load_statuses
        return sum(n for status, n in statuses.items() if status >= 500)

    def summary(self) -> dict:
        ordered = sorted(self.probe_ms) or [0.0]
        return {
            "probes": len(self.probe_ms),
            "probe_p50_ms": round(ordered[len(ordered) // 2], 1),
            "probe_max_ms": round(ordered[-1], 1),
            "probe_statuses": dict(sorted(self.probe_statuses.items())),
            "pathological_statuses": dict(sorted(self.load_statuses.items())),
            "server_errors": self.server_errors,
            "connection_errors": self.connection_errors,
        }


async def run_starvation_probe(url: str, clients: int, seconds: float) -> ProbeReport:
    """Clients loop PATHOLOGICAL while PROBE is timed every PROBE_INTERVAL_SECONDS."""
    require_loopback(url)
    report = ProbeReport()
    limits = httpx.Limits(max_connections=clients + 1, max_keepalive_connections=clients + 1)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        deadline = time.monotonic() + seconds

        async def slow_client() -> None:
            for _ in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= deadline:
                    return
                try:
                    response = await http.get(PATHOLOGICAL)
                except httpx.HTTPError:
                    report.connection_errors += 1
                    continue
                report.load_statuses[response.status_code] += 1
                if response.status_code == 429:
                    # A well-behaved client honours Retry-After; a hostile one would not, and
                    # is answered 429 at once, which costs the server nothing.
                    await asyncio.sleep(0.05)

        async def prober() -> None:
            # Let the slow clients fill the server first.
            await asyncio.sleep(min(1.0, seconds / 4))
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    response = await http.get(PROBE)
                    report.probe_statuses[response.status_code] += 1
                except httpx.HTTPError:
                    report.connection_errors += 1
                report.probe_ms.append((time.monotonic() - started) * 1000)
                await asyncio.sleep(PROBE_INTERVAL_SECONDS)

        await asyncio.gather(prober(), *(slow_client() for _ in range(clients)))
    return report


def _serve_fresh() -> tuple[subprocess.Popen, str, tempfile.TemporaryDirectory]:
    from indopac.build import build
    from indopac.export import export_all
    from indopac.paths import METADATA_FILE, SEEDS_DIR
    from indopac.serve import datasette_argv

    folder = tempfile.TemporaryDirectory()
    database = Path(folder.name) / "indopac.db"
    build(SEEDS_DIR, database)
    export_all(database, Path(folder.name) / "exports")
    port = 18000 + random.randrange(1000)
    argv = datasette_argv(database, METADATA_FILE, "127.0.0.1", port, Path(folder.name) / "exports")
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/-/versions.json", timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    return process, url, folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a served instance on loopback (default: start one)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--starvation", action="store_true", help="run the starvation probe instead of the mix"
    )
    args = parser.parse_args(argv)
    process = folder = None
    url = args.url
    if url is None:
        process, url, folder = _serve_fresh()
    try:
        if args.starvation:
            report = asyncio.run(run_starvation_probe(url, args.clients, args.seconds))
        else:
            report = asyncio.run(run_load(url, args.clients, args.seconds))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
            folder.cleanup()
    summary = {"clients": args.clients, **report.summary()}
    print(json.dumps(summary, indent=2))
    if report.server_errors or report.connection_errors:
        return 1
    if args.starvation and summary["probe_max_ms"] > PROBE_BOUND_SECONDS * 1000:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
