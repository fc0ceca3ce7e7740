"""Bounded load against a served indopac, on this machine's loopback only.

    python -m benchmarks.load                      # builds, serves on a free port, 50 clients, 30 s
    python -m benchmarks.load --url http://127.0.0.1:8001 --clients 50 --seconds 30
    python -m benchmarks.load --starvation --clients 30 --seconds 20   # the starvation probe
    python -m benchmarks.load --compare --workers 2 --clients 50 --seconds 60

Clients loop over a mix of table pages, facets, search, canned questions, CSV streams and a
pathological query that the SQL time limit must stop; the run ends by itself after the given
seconds. It prints requests served, errors by status and p50/p95/p99 latency, and exits 1 on
any 5xx response or connection error.

Besides the fixed paths, a share of requests carry parameters drawn from the data (persons,
countries, date ranges, search words), so that a cache cannot answer everything.

``--compare`` serves the same build three ways in one run, with the same mix, clients, seed and
duration: one Datasette process (as ``./run serve``), N processes behind nginx without a cache,
and N processes behind nginx with its cache (``indopac serve --workers N``). It prints each
configuration's figures, the cache hit rate, and ratios against the first.

``--generator wrk`` (with ``--compare``) drives the load with wrk, a C load generator from
Debian's packages, instead of Python clients: the Python generator needs most of a core at
these rates on the machine it measures. wrk draws each request from the same mix (a file of
paths written here, read by ``benchmarks/wrk_mix.lua``); its latency percentiles cover every
request, the pathological query included.

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
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
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
# Requests with parameters drawn from the data (see random_paths), by weight, beside MIX.
RANDOM_WEIGHT = 20
MAX_REQUESTS_PER_CLIENT = 100_000
PROBE = "/indopac/countries.json?_size=1"
PROBE_INTERVAL_SECONDS = 0.5
# The 1 s SQL time limit plus a margin: a cheap request must never wait for a slow one.
PROBE_BOUND_SECONDS = 1.5


@dataclass(frozen=True)
class DataValues:
    """What the randomised requests draw from: read from the served build."""

    persons: tuple[str, ...]
    countries: tuple[str, ...]
    words: tuple[str, ...]
    months: tuple[str, ...]

    @classmethod
    def read(cls, database: Path) -> DataValues:
        import sqlite3

        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
            persons = [r[0] for r in conn.execute("SELECT id FROM persons ORDER BY id")]
            countries = [
                r[0] for r in conn.execute("SELECT DISTINCT country_code FROM event_countries")
            ]
            titles = " ".join(r[0] for r in conn.execute("SELECT title FROM events"))
            months = [
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT substr(start_date, 1, 7) FROM events "
                    "WHERE start_date IS NOT NULL"
                )
            ]
        words = sorted({w for w in titles.replace("–", " ").split() if w.isalpha() and len(w) > 4})
        return cls(tuple(persons), tuple(sorted(countries)), tuple(words), tuple(sorted(months)))


def random_path(rng: random.Random, values: DataValues) -> str:
    """A request with parameters drawn from the data: many distinct URLs, as real readers
    following links and typing searches make."""
    person = rng.choice(values.persons)
    country = rng.choice(values.countries)
    first, last = sorted(rng.sample(values.months, 2)) if len(values.months) > 1 else ("", "")
    choices = (
        f"/indopac/person_activity.json?person={person}",
        f"/indopac/travels_and_meetings.json?person={person}&office=",
        f"/indopac/who_met_whom.json?person={person}",
        f"/indopac/country_events.json?country={country}&date_from={first}-01&date_to={last}-28",
        f"/indopac/agreements_with_country.json?country={country}",
        f"/indopac/exercises_in_range.json?date_from={first}-01&date_to={last}-28",
        f"/indopac/events?_search={rng.choice(values.words)}",
        f"/indopac/timeline?countries__contains={country}&_size=20",
    )
    return rng.choice(choices)


def draw_path(rng: random.Random, values: DataValues | None) -> str:
    """One request of the mix: a fixed path by its weight, or (with ``values``) one with
    parameters drawn from the data."""
    weights = [w for w, _ in MIX] + ([RANDOM_WEIGHT] if values else [])
    paths: list[str | None] = [p for _, p in MIX] + ([None] if values else [])
    return rng.choices(paths, weights)[0] or random_path(rng, values)


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Report:
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0
    pathological_statuses: Counter = field(default_factory=Counter)
    # Latencies of every request but the pathological query (the p95 goal is about these).
    ordinary_ms: list[float] = field(default_factory=list)
    # nginx's X-Cache-Status per response (HIT, MISS, ...); empty without a cache in front.
    cache_statuses: Counter = field(default_factory=Counter)
    # Latencies of ordinary requests the cache answered, and of those it did not.
    hit_ms: list[float] = field(default_factory=list)
    miss_ms: list[float] = field(default_factory=list)
    # CPU seconds the load generator itself used: it shares the machine with the servers.
    client_cpu_seconds: float = 0.0

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

    def ordinary_percentile(self, share: float) -> float:
        return _percentile(self.ordinary_ms, share)

    @property
    def cache_hit_rate(self) -> float | None:
        total = sum(self.cache_statuses.values())
        return round(self.cache_statuses["HIT"] / total, 3) if total else None

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
            "p95_ms_but_pathological": round(self.ordinary_percentile(0.95), 1),
            "cache_statuses": dict(sorted(self.cache_statuses.items())),
            "cache_hit_rate": self.cache_hit_rate,
            "p95_ms_cache_hits": round(_percentile(self.hit_ms, 0.95), 1),
            "p95_ms_cache_misses": round(_percentile(self.miss_ms, 0.95), 1),
            "client_cpu_seconds": round(self.client_cpu_seconds, 1),
        }


def require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"refusing to load {host}: only loopback addresses are allowed")


async def _client(
    http: httpx.AsyncClient,
    deadline: float,
    report: Report,
    seed: int,
    values: DataValues | None,
) -> None:
    rng = random.Random(seed)
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            return
        path = draw_path(rng, values)
        started = time.monotonic()
        try:
            response = await http.get(path)
        except httpx.HTTPError:
            report.connection_errors += 1
            continue
        elapsed_ms = (time.monotonic() - started) * 1000
        report.latencies_ms.append(elapsed_ms)
        report.statuses[response.status_code] += 1
        if "x-cache-status" in response.headers:
            report.cache_statuses[response.headers["x-cache-status"] or "-"] += 1
        if path == PATHOLOGICAL:
            report.pathological_statuses[response.status_code] += 1
        else:
            report.ordinary_ms.append(elapsed_ms)
            if "x-cache-status" in response.headers:
                hit = response.headers["x-cache-status"] == "HIT"
                (report.hit_ms if hit else report.miss_ms).append(elapsed_ms)


async def run_load(
    url: str, clients: int, seconds: float, values: DataValues | None = None
) -> Report:
    require_loopback(url)
    report = Report()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        started, cpu_started = time.monotonic(), time.process_time()
        deadline = started + seconds
        await asyncio.gather(*(_client(http, deadline, report, i, values) for i in range(clients)))
        report.seconds = time.monotonic() - started
        report.client_cpu_seconds = time.process_time() - cpu_started
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


WRK_SCRIPT = Path(__file__).with_name("wrk_mix.lua")
WRK_PATHS = 20_000
SAMPLE_INTERVAL_SECONDS = 0.05


def mix_paths(values: DataValues | None, count: int, seed: int = 0) -> list[str]:
    """``count`` request paths drawn as the Python clients draw them, for wrk."""
    rng = random.Random(seed)
    return [draw_path(rng, values) for _ in range(count)]


def run_wrk(url: str, clients: int, seconds: float, values: DataValues | None) -> dict:
    """The mix driven by wrk (two threads, ``clients`` connections); the same keys as
    Report.summary() where wrk can tell."""
    require_loopback(url)
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory() as folder:
        paths_file = Path(folder) / "paths.txt"
        paths_file.write_text("\n".join(mix_paths(values, WRK_PATHS)) + "\n")
        env = {**os.environ, "INDOPAC_PATHS": str(paths_file), "INDOPAC_PATHOLOGICAL": PATHOLOGICAL}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        sampler = _Sampler(url, mix_paths(values, WRK_PATHS, seed=1), seconds)
        sampler.start()
        finished = subprocess.run(
            [
                wrk,
                "-t2",
                f"-c{clients}",
                f"-d{int(seconds)}s",
                "--timeout",
                "30s",
                "-s",
                str(WRK_SCRIPT),
                url,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        sampler.join()
    line = next(x for x in finished.stdout.splitlines() if x.startswith("INDOPAC "))
    out = json.loads(line.removeprefix("INDOPAC "))
    statuses = {int(k): n for k, n in sorted(out["statuses"].items())}
    cache = dict(sorted(out["cache_statuses"].items()))
    seconds_run = out["duration_us"] / 1e6
    connection_errors = out["connect_errors"] + out["read_errors"] + out["write_errors"]
    return {
        "generator": "wrk",
        "seconds": round(seconds_run, 1),
        "requests": out["requests"],
        "requests_per_second": round(out["requests"] / seconds_run, 1),
        "statuses": statuses,
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "connection_errors": connection_errors,
        "timeouts": out["timeouts"],
        "pathological_sent": out["pathological_sent"],
        "p50_ms": round(out["p50_us"] / 1000, 1),
        "p95_ms": round(out["p95_us"] / 1000, 1),
        "p99_ms": round(out["p99_us"] / 1000, 1),
        "mean_ms": round(out["mean_us"] / 1000, 1),
        "cache_statuses": cache,
        "cache_hit_rate": round(cache.get("HIT", 0) / sum(cache.values()), 3) if cache else None,
        "client_cpu_seconds": round(
            (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 1
        ),
        # From the sampler: requests of the same mix timed one at a time during the load.
        "sampled_requests": len(sampler.ordinary_ms),
        "p50_ms_sampled_but_pathological": round(_percentile(sampler.ordinary_ms, 0.50), 1),
        "p95_ms_but_pathological": round(_percentile(sampler.ordinary_ms, 0.95), 1),
        "p99_ms_sampled_but_pathological": round(_percentile(sampler.ordinary_ms, 0.99), 1),
        "sampled_statuses": dict(sorted(sampler.statuses.items())),
    }


class _Sampler(threading.Thread):
    """Times one request of the mix every SAMPLE_INTERVAL_SECONDS while wrk drives the load:
    wrk's own latency figures are not per request (see benchmarks/README.md), and a sample of
    the same mix, taken by a client that needs almost no CPU, is."""

    def __init__(self, url: str, paths: list[str], seconds: float) -> None:
        super().__init__(daemon=True)
        self.url, self.paths, self.seconds = url, paths, seconds
        self.ordinary_ms: list[float] = []
        self.statuses: Counter = Counter()

    def run(self) -> None:
        deadline = time.monotonic() + self.seconds
        time.sleep(min(2.0, self.seconds / 10))  # let wrk's connections open first
        with httpx.Client(base_url=self.url, timeout=30) as http:
            for path in self.paths:
                if time.monotonic() >= deadline:
                    return
                started = time.monotonic()
                try:
                    response = http.get(path)
                except httpx.HTTPError:
                    self.statuses["connection error"] += 1
                    continue
                elapsed_ms = (time.monotonic() - started) * 1000
                self.statuses[response.status_code] += 1
                if path != PATHOLOGICAL:
                    self.ordinary_ms.append(elapsed_ms)
                time.sleep(SAMPLE_INTERVAL_SECONDS)


def _build_fresh() -> tuple[Path, tempfile.TemporaryDirectory]:
    from indopac.build import build
    from indopac.export import export_all
    from indopac.paths import SEEDS_DIR

    folder = tempfile.TemporaryDirectory()
    database = Path(folder.name) / "indopac.db"
    build(SEEDS_DIR, database)
    export_all(database, Path(folder.name) / "exports")
    return database, folder


def _wait_until_served(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/-/versions.json", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answered at {url}")


def _serve(database: Path, workers: int | None, cache: bool = True) -> tuple[subprocess.Popen, str]:
    """Serve ``database`` as ``./run serve`` does (workers None) or in production mode."""
    from indopac.production import free_ports

    port = free_ports(1)[0]
    argv = [sys.executable, "-m", "indopac", "serve", "--out", str(database), "--port", str(port)]
    if workers is not None:
        argv += ["--workers", str(workers)] + ([] if cache else ["--no-cache"])
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait_until_served(url)
    return process, url


def _serve_fresh() -> tuple[subprocess.Popen, str, tempfile.TemporaryDirectory]:
    database, folder = _build_fresh()
    process, url = _serve(database, None)
    return process, url, folder


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=60)


def compare(workers: int, clients: int, seconds: float, generator: str = "python") -> dict:
    """The three configurations, one after another on one build, with the same load."""
    database, folder = _build_fresh()
    values = DataValues.read(database)
    configurations = (
        ("one Datasette process", None, True),
        (f"{workers} processes behind nginx, no cache", workers, False),
        (f"{workers} processes behind nginx with its cache", workers, True),
    )
    results = []
    try:
        for name, count, cache in configurations:
            process, url = _serve(database, count, cache)
            try:
                if generator == "wrk":
                    summary = run_wrk(url, clients, seconds, values)
                else:
                    summary = asyncio.run(run_load(url, clients, seconds, values)).summary()
            finally:
                _stop(process)
            results.append({"configuration": name, **summary})
    finally:
        folder.cleanup()
    base = results[0]
    for result in results:
        rps = base["requests_per_second"] or 1
        result["ratios_to_one_process"] = {
            "throughput": round(result["requests_per_second"] / rps, 2),
            **{
                key: round(result[key] / base[key], 3) if base.get(key) else None
                for key in ("p50_ms", "p95_ms", "p99_ms", "p95_ms_but_pathological")
                if key in result
            },
        }
    return {
        "clients": clients,
        "seconds": seconds,
        "workers": workers,
        "generator": generator,
        "results": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a served instance on loopback (default: start one)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--starvation", action="store_true", help="run the starvation probe instead of the mix"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="serve three ways (one process; N behind nginx without and with cache) and compare",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--generator",
        choices=("python", "wrk"),
        default="python",
        help="with --compare: drive the load from Python clients or from wrk",
    )
    args = parser.parse_args(argv)
    if args.compare:
        summary = compare(args.workers, args.clients, args.seconds, args.generator)
        print(json.dumps(summary, indent=2))
        failed = any(r["server_errors"] or r["connection_errors"] for r in summary["results"])
        return 1 if failed else 0
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
            _stop(process)
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
