"""Benchmarks: every figure a ratio against a baseline measured in the same run.

    python -m benchmarks.run                       # 100,000 and 1,000,000 events, 5 runs
    python -m benchmarks.run --sizes 100000 --runs 5
    python -m benchmarks.run --tiny                # a few hundred events, once (the tests)

Prints one table. Sizes above --max-full skip the figures that need a full build and a
served database at that size.
"""

from __future__ import annotations

import argparse
import json
import marshal
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable

# Parameters for the canned questions on synthetic data.
SYNTH_EXAMPLES = {
    "country_events": {"country": "CN", "date_from": "2010-01-01", "date_to": "2010-12-31"},
    "who_met_whom": {"person": "synth-person-1"},
    "assistance_pipeline": {"programme": "synth-programme-1"},
    "forum_meetings_and_outcomes": {"forum": "synth-forum-1"},
    "person_activity": {"person": "synth-person-1"},
    "assessments_and_events": {"kind": "interpretation"},
}


# --- workers, each run in its own process so that peak memory is its own -------------------


def worker_pipeline(seeds: Path, database: Path, dump: Path | None) -> dict:
    """Migrate, then check and load the seeds as `indopac build` does; time the stages."""
    from indopac import migrate
    from indopac.build import load_new_file
    from indopac.db import sqlite_url
    from indopac.ingest.load import BulkInserter

    migrate.upgrade(sqlite_url(database))
    insert_seconds = 0.0
    dump_seconds = 0.0
    dump_file = open(dump, "wb") if dump else None  # noqa: SIM115 - closed below

    class TimedInserter(BulkInserter):
        """Times every insert and, for the raw baseline, records the SQL and parameters."""

        def insert(self, table, rows):
            nonlocal insert_seconds, dump_seconds
            if not rows:
                return
            started = time.perf_counter()
            super().insert(table, rows)
            insert_seconds += time.perf_counter() - started
            if dump_file is not None:
                started = time.perf_counter()
                sql, params = self.prepared(table, rows)
                params = [
                    tuple(str(v) if isinstance(v, str) else v for v in row) for row in params
                ]  # enum members as plain text: marshal takes only built-in types
                marshal.dump((sql, params), dump_file)
                dump_seconds += time.perf_counter() - started

    started = time.perf_counter()
    loaded = load_new_file(database, seeds, inserter=TimedInserter)
    total = time.perf_counter() - started - dump_seconds
    if dump_file:
        dump_file.close()
    events = loaded.event_count
    loaded.close()
    return {
        "events": events,
        "total_s": total,
        "insert_s": insert_seconds,
        "parse_validate_s": total - insert_seconds,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def worker_raw(database: Path, dump: Path) -> dict:
    """Raw sqlite3 executemany of the very rows the pipeline inserted, into the same schema."""
    from indopac import migrate
    from indopac.build import NEW_FILE_PRAGMAS
    from indopac.db import sqlite_url

    migrate.upgrade(sqlite_url(database))
    connection = sqlite3.connect(database)
    for pragma in NEW_FILE_PRAGMAS:  # as the build loads its new file
        connection.execute(f"PRAGMA {pragma}")
    seconds = 0.0
    with open(dump, "rb") as handle:
        connection.execute("BEGIN")
        while True:
            try:
                sql, params = marshal.load(handle)
            except EOFError:
                break
            started = time.perf_counter()
            connection.executemany(sql, params)
            seconds += time.perf_counter() - started
        started = time.perf_counter()
        connection.execute("COMMIT")
        seconds += time.perf_counter() - started
    connection.close()
    return {"insert_s": seconds}


def _worker(*args: str) -> dict:
    result = subprocess.run(
        [PYTHON, "-m", "benchmarks.run", "--worker", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- measurements -------------------------------------------------------------------------


def _stats(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.3g}"
    return f"{min(values):.3g} / {statistics.median(values):.3g} / {max(values):.3g}"


def measure_seeding(size: int, runs: int, work: Path) -> list[dict]:
    from indopac.synth import synthesize

    seeds = work / f"synth-{size}"
    synthesize(size, seeds)
    results = []
    for run in range(runs):
        database, raw_db, dump = (work / f"{name}-{size}.db" for name in ("ours", "raw", "rows"))
        for path in (database, raw_db, dump):
            path.unlink(missing_ok=True)
        # Rows are recorded in a separate run, so that writing them never counts as ours.
        timed = _worker("pipeline", str(seeds), str(database), "")
        database.unlink()
        _worker("pipeline", str(seeds), str(database), str(dump))
        raw = _worker("raw", str(raw_db), str(dump))
        results.append({"run": run, **timed, "raw_insert_s": raw["insert_s"]})
        dump.unlink()
    shutil.rmtree(seeds)
    return results


def measure_build(runs: int, work: Path) -> dict:
    ours, baseline = [], []
    for _ in range(runs):
        # Earlier stages leave gigabytes of dirty pages; the build's fsync would wait for them.
        os.sync()
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "-c", "import sqlalchemy, alembic, datasette.app"], check=True, cwd=ROOT
        )
        baseline.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "-m", "indopac", "build", "--out", str(work / "real" / "indopac.db")],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        ours.append(time.perf_counter() - started)
    return {"ours": ours, "baseline": baseline}


def _serve(database: Path, port: int) -> subprocess.Popen:
    from indopac.paths import METADATA_FILE
    from indopac.serve import datasette_argv

    process = subprocess.Popen(
        datasette_argv(database, METADATA_FILE, "127.0.0.1", port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("Datasette did not start")


def measure_served(size: int, runs: int, work: Path) -> dict:
    """Canned questions, facets and export on a full build of ``size`` synthetic events."""
    from indopac.build import build
    from indopac.export import export
    from indopac.queries import QUERIES
    from indopac.synth import synthesize

    seeds = work / f"served-{size}"
    synthesize(size, seeds)
    database = work / f"served-{size}" / "indopac.db"
    started = time.perf_counter()
    build(seeds, database)
    build_seconds = time.perf_counter() - started
    port = 18500 + os.getpid() % 400
    process = _serve(database, port)
    queries = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            raw = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            for query in QUERIES:
                params = {**query.examples, **SYNTH_EXAMPLES.get(query.name, {})}
                raw_times, served_times, failures = [], [], []
                for _ in range(max(runs, 5)):
                    started = time.perf_counter()
                    raw.execute(query.sql, params).fetchall()
                    raw_times.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    response = http.get(f"/indopac/{query.name}.json", params=params)
                    served_times.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:  # e.g. stopped by the SQL time limit
                        failures.append(response.status_code)
                queries[query.name] = {
                    "raw_p50_ms": statistics.median(raw_times),
                    "served_p50_ms": statistics.median(served_times),
                    "failures": failures,
                }
            raw.close()
            facet_seconds, timed_out = [], set()
            for _ in range(max(runs, 5)):
                started = time.perf_counter()
                facets = http.get(
                    "/indopac/timeline.json",
                    params=[("_facet", f) for f in ("kind", "status", "year", "event_type")],
                ).json()
                facet_seconds.append(time.perf_counter() - started)
                timed_out.update(facets.get("facets_timed_out", []))
    finally:
        process.terminate()
        process.wait(timeout=30)
    exports_ours, exports_cli = [], []
    sqlite_cli = shutil.which("sqlite3")
    for _ in range(max(runs, 5)):
        started = time.perf_counter()
        export(database, work / "export", only={"timeline"})
        exports_ours.append(time.perf_counter() - started)
        if sqlite_cli:
            started = time.perf_counter()
            with open(work / "cli.csv", "w") as handle:
                subprocess.run(
                    [
                        sqlite_cli,
                        "-header",
                        "-csv",
                        str(database),
                        "SELECT * FROM timeline ORDER BY event_id",
                    ],
                    stdout=handle,
                    check=True,
                )
            exports_cli.append(time.perf_counter() - started)
    shutil.rmtree(seeds)
    return {
        "size": size,
        "build_s": build_seconds,
        "queries": queries,
        "facets_timed_out": sorted(timed_out),
        "facets_s": facet_seconds,
        "export_ours_s": exports_ours,
        "export_cli_s": exports_cli,
    }


def _ratios(numerators: list[float], denominators: list[float]) -> list[float]:
    return [a / b for a, b in zip(numerators, denominators, strict=True)]


def report(seeding: dict[int, list[dict]], build: dict, served: dict | None) -> str:
    rows = [
        "| figure | baseline | ours | ratio (min / median / max) | goal |",
        "|---|---|---|---|---|",
    ]
    for size, results in seeding.items():
        raw = [r["raw_insert_s"] for r in results]
        ours_insert = [r["insert_s"] for r in results]
        total = [r["total_s"] for r in results]
        rows.append(
            f"| insert stage, {size:,} events | raw executemany {_stats(raw)} s | "
            f"{_stats(ours_insert)} s | {_stats(_ratios(raw, ours_insert))}× | ≥ 0.6× |"
        )
        validate_s = statistics.median([r["parse_validate_s"] for r in results])
        stages = f"parse+validate {validate_s:.1f} s, insert {statistics.median(ours_insert):.1f} s"
        rows.append(
            f"| whole seeding pipeline, {size:,} events ({stages}) | raw executemany "
            f"{_stats(raw)} s | {_stats(total)} s | "
            f"{_stats(_ratios(raw, total))}× | ≥ 0.25× |"
        )
        rows.append(
            f"| peak RSS seeding {size:,} events | — | "
            f"{_stats([r['peak_rss_mib'] for r in results])} MiB | — | < 1 GiB |"
        )
    rows.append(
        f"| `indopac build` of the real dataset | import sqlalchemy, alembic, datasette.app "
        f"{_stats(build['baseline'])} s | {_stats(build['ours'])} s | "
        f"{_stats(_ratios(build['ours'], build['baseline']))}× | ≤ 1.5× |"
    )
    if served:
        size = served["size"]
        for name, q in served["queries"].items():
            failed = f", {len(q['failures'])} refused by the time limit" if q["failures"] else ""
            rows.append(
                f"| question `{name}` at {size:,} events, p50 | sqlite3 {q['raw_p50_ms']:.1f} ms | "
                f"served {q['served_p50_ms']:.1f} ms{failed} | "
                f"+{q['served_p50_ms'] - q['raw_p50_ms']:.1f} ms | ≤ raw + 10 ms, raw < 100 ms |"
            )
        worst_gap = max(q["served_p50_ms"] - q["raw_p50_ms"] for q in served["queries"].values())
        worst_raw = max(q["raw_p50_ms"] for q in served["queries"].values())
        rows.append(
            f"| canned questions at {size:,} events, p50 (worst question) | sqlite3, worst raw "
            f"{worst_raw:.1f} ms | worst served − raw {worst_gap:.1f} ms | — "
            "| ≤ raw + 10 ms, raw < 100 ms |"
        )
        rows.append(
            f"| facets on timeline at {size:,} events | — | {_stats(served['facets_s'])} s, "
            f"timed out: {served['facets_timed_out'] or 'none'} | — | none times out |"
        )
        if served["export_cli_s"]:
            ratio = [
                a / b for a, b in zip(served["export_cli_s"], served["export_ours_s"], strict=True)
            ]
            rows.append(
                f"| export of {size:,} timeline rows to CSV | sqlite3 .mode csv "
                f"{_stats(served['export_cli_s'])} s | {_stats(served['export_ours_s'])} s | "
                f"{_stats(ratio)}× | ≥ 0.5× |"
            )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--served-size", type=int, default=1_000_000)
    parser.add_argument("--tiny", action="store_true", help="a few hundred events, once")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        kind, *rest = args.worker
        if kind == "pipeline":
            seeds, database, dump = rest
            result = worker_pipeline(Path(seeds), Path(database), Path(dump) if dump else None)
        else:
            result = worker_raw(Path(rest[0]), Path(rest[1]))
        print(json.dumps(result))
        return 0
    if args.tiny:
        args.sizes, args.runs, args.served_size = [300], 1, 300
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        seeding = {size: measure_seeding(size, args.runs, work) for size in args.sizes}
        build = measure_build(args.runs, work)
        served = measure_served(args.served_size, args.runs, work) if args.served_size else None
    table = report(seeding, build, served)
    print(table)
    if args.json:
        args.json.write_text(
            json.dumps({"seeding": seeding, "build": build, "served": served}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
