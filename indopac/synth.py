"""Synthetic seed folders for benchmarks and scale tests: valid, realistic in shape, invented.

The records are made up (IDs start with ``synth-``): they never go into ``seeds/``. Places,
organisations, persons and events are JSON Lines, the bulk format the loader streams; the
small reference files are YAML, as people write them.
"""

from __future__ import annotations

import contextlib
import json
import random
from pathlib import Path

import pycountry
import yaml

from indopac.ingest.kinds import EVENT_KINDS
from indopac.paths import SEEDS_DIR

# Every kind of event in the registry's order (the generated stream depends on it).
KINDS = tuple(str(entry.kind) for entry in EVENT_KINDS)
FILES = {str(entry.kind): entry.bulk_file for entry in EVENT_KINDS}
SOURCE = "synth-source"
OUTLET = "synth-outlet"
PARAGRAPHS = 1000


class SynthError(ValueError):
    pass


def _date(rng: random.Random) -> str:
    year = rng.randint(1990, 2025)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    form = rng.random()
    if form < 0.5:
        return f"{year}-{month:02d}-{day:02d}"
    if form < 0.7:
        last = min(28, day + rng.randint(1, 5))
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{last:02d}"
    if form < 0.85:
        return f"{year}-{month:02d}"
    if form < 0.95:
        last = min(12, month + rng.randint(1, 3))
        return f"[{year}-{month:02d}..{year}-{last:02d}]"
    return f"{year}"


def _distinct_citations(cites: list[dict]) -> list[dict]:
    """Drop a repeat of the same paragraph (validation refuses it), keeping the random stream
    and so every other generated value as it was."""
    seen: set[int] = set()
    return [c for c in cites if not (c["paragraph"] in seen or seen.add(c["paragraph"]))]


def _cite(rng: random.Random) -> dict:
    # No credibility: it is derived from the sources when publishing.
    return {"source": SOURCE, "paragraph": rng.randint(1, PARAGRAPHS)}


def _dump(path: Path, records: list) -> None:
    path.write_text(
        "# Synthetic data for benchmarks: invented records, never to be published.\n"
        + yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8",
    )


def _dump_jsonl(path: Path, records: list) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def synthesize(events: int, out: Path, seed: int = 0) -> dict[str, int]:
    """Write a seed folder with ``events`` events to ``out``; return counts per file."""
    out = out.resolve()
    if out == SEEDS_DIR.resolve() or SEEDS_DIR.resolve() in out.parents:
        raise SynthError("synthetic data never goes into seeds/")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    countries = sorted(c.alpha_2 for c in pycountry.countries)
    n_places = max(20, events // 200)
    n_orgs = max(20, events // 100)
    n_persons = max(50, events // 20)

    _dump(
        out / "sources.yaml",
        [
            {
                "id": SOURCE,
                "title": "Synthetic source",
                "outlet": OUTLET,
                "published": "2025",
                "language": "en",
                "kind": "document",
                # The outlet's rating applies.
                "paragraph_count": PARAGRAPHS,
            }
        ],
    )
    (out / "event_types.yaml").write_bytes((SEEDS_DIR / "event_types.yaml").read_bytes())
    type_ids = [t["id"] for t in yaml.safe_load((SEEDS_DIR / "event_types.yaml").read_text())]
    subjects = [f"synth-subject-{i}" for i in range(20)]
    _dump(
        out / "subjects.yaml",
        [
            {
                "id": s,
                "name": f"Subject {i}",
                "kind": "topic",
                "summary": f"Synthetic topic {i}.",
                "countries": rng.sample(countries, 2),
                "citations": [_cite(rng)],
            }
            for i, s in enumerate(subjects)
        ],
    )
    places = [f"synth-place-{i}" for i in range(n_places)]
    _dump_jsonl(
        out / "places.jsonl",
        [
            {
                "id": p,
                "name": f"Place {i}",
                "kind": "city",
                "country": rng.choice(countries),
                "geo_precision": "city",
                "latitude": round(rng.uniform(-60, 70), 5),
                "longitude": round(rng.uniform(-180, 180), 5),
                "citations": [_cite(rng)],
            }
            for i, p in enumerate(places)
        ],
    )
    orgs = [f"synth-org-{i}" for i in range(n_orgs)]
    org_country = {o: rng.choice(countries) for o in orgs}
    _dump_jsonl(
        out / "organizations.jsonl",
        [
            # The outlet of the source: rated, and known only as its publisher (no citation).
            {
                "id": OUTLET,
                "name": "Synthetic outlet",
                "kind": "newspaper",
                "reliability": "F",
                "reliability_rationale": "Invented for benchmarks.",
            },
            *(
                {
                    "id": o,
                    "name": f"Organisation {i}",
                    "kind": "ministry",
                    "country": org_country[o],
                    "citations": [_cite(rng)],
                }
                for i, o in enumerate(orgs)
            ),
        ],
    )
    persons = [f"synth-person-{i}" for i in range(n_persons)]
    person_country = {p: rng.choice(countries) for p in persons}
    _dump_jsonl(
        out / "persons.jsonl",
        [
            {
                "id": p,
                "name": f"Person {i}",
                "country": person_country[p],
                "citations": [_cite(rng)],
                "positions": [
                    {
                        "id": f"{p}-office",
                        "office": "Minister",
                        "organization": rng.choice(orgs),
                        "citations": [_cite(rng)],
                    }
                ],
            }
            for i, p in enumerate(persons)
        ],
    )
    forums = [f"synth-forum-{i}" for i in range(20)]
    _dump(
        out / "forums.yaml",
        [
            {"id": f, "name": f"Forum {i}", "kind": "dialogue", "citations": [_cite(rng)]}
            for i, f in enumerate(forums)
        ],
    )
    programmes = [f"synth-programme-{i}" for i in range(5)]
    _dump(
        out / "programmes.yaml",
        [
            {
                "id": p,
                "name": f"Programme {i}",
                "donor_country": rng.choice(countries),
                "citations": [_cite(rng)],
            }
            for i, p in enumerate(programmes)
        ],
    )

    counts = dict.fromkeys(KINDS, 0)
    earlier: list[str] = []
    with contextlib.ExitStack() as stack:
        handles = {
            kind: stack.enter_context(open(out / FILES[kind], "w", encoding="utf-8"))
            for kind in KINDS
        }
        for n in range(events):
            kind = KINDS[n % len(KINDS)]
            event_id = f"synth-event-{n:07d}"
            record: dict = {
                "id": event_id,
                "title": f"Synthetic {kind.replace('_', ' ')} {n}",
                "type": rng.choice(type_ids),
                "date": _date(rng),
                "status": rng.choice(["occurred", "occurred", "occurred", "planned"]),
                "summary": f"Invented {kind.replace('_', ' ')} number {n}, for benchmarks.",
                "citations": _distinct_citations([_cite(rng) for _ in range(rng.randint(1, 2))]),
            }
            if rng.random() < 0.5:
                record["place"] = rng.choice(places)
            if rng.random() < 0.3:
                record["subjects"] = rng.sample(subjects, rng.randint(1, 2))
            if earlier and kind in ("meeting", "statement") and rng.random() < 0.2:
                record["part_of"] = rng.choice(earlier[-1000:])
            if earlier and rng.random() < 0.05:
                record["links"] = [
                    {
                        "relation": "led_to",
                        "event": rng.choice(earlier[-1000:]),
                        "source": SOURCE,
                        "paragraph": rng.randint(1, PARAGRAPHS),
                    }
                ]
            size = rng.randint(2, 20)
            people = rng.sample(persons, min(len(persons), rng.randint(1, size)))
            participants = [
                {"person": p, "position": f"{p}-office", "role": "participant"} for p in people
            ]
            extra = [c for c in rng.sample(countries, size) if c][: max(0, size - len(people))]
            participants += [{"country": c, "role": "participant"} for c in extra]
            if kind == "visit":
                destination = rng.choice(countries)
                participants[0]["role"] = "visitor"
                participants = [p for p in participants if p.get("country") != destination]
                participants.append({"country": destination, "role": "host"})
                record["destination_country"] = destination
            elif kind == "meeting":
                record["format"] = "multilateral"
            elif kind == "exercise":
                record["domain"] = rng.choice(["maritime", "land", "air", "medical"])
            elif kind == "agreement":
                record["stage"] = rng.choice(["proposed", "concluded", "delivered"])
                if rng.random() < 0.5:
                    record["programme"] = rng.choice(programmes)
            elif kind == "forum_meeting":
                record["forum"] = rng.choice(forums)
                record["edition"] = rng.randint(1, 50)
            record["participants"] = participants
            handles[kind].write(json.dumps(record, ensure_ascii=False) + "\n")
            counts[kind] += 1
            earlier.append(event_id)
            if len(earlier) > 5000:
                del earlier[:4000]
    return counts
