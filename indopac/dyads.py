"""Dyadic exports: every event as directed pairs of countries, the unit of ICEWS, Phoenix and
POLECAT event data.

Two files in ``dyadic/`` beside the other exports, one row or record per event and ordered pair
(source country, target country), derived from the participants' roles by the rules of
:func:`pairs` (the codebook, section "Dyadic exports", says the same in prose):

- ``plover_dyads.jsonl``: records in the "PLOVER JSON" layout of the PLOVER manual (Open Event
  Data Alliance, draft version 0.8, ``openeventdata/PLOVER`` ``PLOVER_MANUAL.tex`` at commit
  ``6b85b9a7506bb372bf6828d68bf922f1e92e750a``);
- ``cameo_dyads.csv``: the 26 fields of the Phoenix daily files, in the order and under the
  names the Phoenix pipeline writes them (``openeventdata/phoenix_pipeline``
  ``postprocess.py``, ``create_strings`` and ``process_actors``, commit
  ``cf916f644cfee85d365f40206e0dd2b260004ad6``), then our own columns.

Scores come from GDELT's published Goldstein table, kept verbatim in ``reference/``.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from indopac.atomic_files import open_replacing
from indopac.schema.vocab import EventStatus, OrganizationKind, Role

REFERENCE_DIR = Path(__file__).parent / "reference"
GOLDSTEIN_FILE = REFERENCE_DIR / "CAMEO.goldsteinscale.txt"
GOLDSTEIN_URL = "https://www.gdeltproject.org/data/lookups/CAMEO.goldsteinscale.txt"

FOLDER = "dyadic"
CSV_NAME = "cameo_dyads"
JSONL_NAME = "plover_dyads"
CSV_PATH = f"{FOLDER}/{CSV_NAME}.csv"
JSONL_PATH = f"{FOLDER}/{JSONL_NAME}.jsonl"

# Quad class of a CAMEO root code (its first two digits), as ICEWS users compute it: the bands
# of andybega/icews data-raw/clean-data.R (commit 18ea9288...), the same as the third-party
# py-gdelt constants: 01-05 verbal cooperation, 06-08 material cooperation, 09-13 verbal
# conflict, 14-20 material conflict. (Phoenix's own table differs: 01-02 neutral 0, 16 verbal
# conflict; the codebook says so.)
QUAD_BANDS = ((5, 1), (8, 2), (13, 3), (20, 4))
QUAD_LABELS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
COOPERATION = (1, 2)

# PLOVER sector codes (manual, "Sector Primary Codes") for the kinds of organisation whose
# kind says which sector they are: the kind is the data; nothing is guessed from a name. A
# coast guard is military in some states and police in others, a party may govern or oppose,
# an association may be anything: those get no sector.
SECTOR_OF_ORGANIZATION_KIND = {
    OrganizationKind.GOVERNMENT: "GOV",
    OrganizationKind.MINISTRY: "GOV",
    OrganizationKind.AGENCY: "GOV",
    OrganizationKind.LOCAL_GOVERNMENT: "GOV",
    OrganizationKind.LEGISLATURE: "LEG",
    OrganizationKind.ARMED_FORCES: "MIL",
    OrganizationKind.MILITARY_UNIT: "MIL",
    OrganizationKind.COMPANY: "BUS",
}


class DyadError(ValueError):
    """An event the dyadic export cannot code (its CAMEO code is not in the Goldstein table)."""


def goldstein_scores(path: Path = GOLDSTEIN_FILE) -> dict[str, str]:
    """CAMEO code -> Goldstein score as the table writes it ("1.9", "-10.0"): the text is kept
    so the export repeats the published value, not a float's rendering of it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines[0] != "CAMEOEVENTCODE\tGOLDSTEINSCALE":
        raise DyadError(f"{path}: not GDELT's Goldstein table (header {lines[0]!r})")
    scores = {}
    for line in lines[1:]:
        code, score = line.split("\t")
        float(score)  # a malformed value fails here, not in a user's reader
        scores[code] = score
    return scores


def quad_class(cameo_code: str) -> int:
    """The quad class (1-4) of a CAMEO code, from its root code."""
    root = int(cameo_code[:2])
    for last_root, quad in QUAD_BANDS:
        if 1 <= root <= last_root:
            return quad
    raise DyadError(f"CAMEO code {cameo_code!r} has no root code from 01 to 20")


# -- deriving the pairs ----------------------------------------------------------------------

# Who is on which side of each role: a pair is (source role, target role).
VISIT = (Role.VISITOR, Role.HOST)
ASSISTANCE = (Role.DONOR, Role.RECIPIENT)


@dataclass
class Pair:
    """One directed pair of an event: the sectors of each side and the roles that made it."""

    source_sectors: set[str] = field(default_factory=set)
    target_sectors: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)


def pairs(sides: dict[str, dict[str, set[str]]], cooperative: bool) -> dict[tuple[str, str], Pair]:
    """The directed pairs of countries of one event.

    ``sides`` maps a role to the countries in it (ISO alpha-2), each with the PLOVER sectors
    of its participants in that role. Directed roles give one direction: visitor -> host,
    donor -> recipient, and everyone not a target -> target. Mutual roles give both
    directions between every two countries in them: counterparts, parties, and the
    participants with the hosts and organisers of an event that has no visitor (a host of an
    exercise or a forum takes part in it). Mutual pairs are made for cooperative event types
    only (quad class 1 or 2): a denunciation or a reduction of relations with no target is
    not aimed at its co-authors, so it gives no pair. An event with targets makes its
    participants the authors of what is aimed at them, not partners of each other. A country
    is never paired with itself.
    """
    links = [VISIT, ASSISTANCE]
    if Role.TARGET in sides:
        links += [(role, Role.TARGET) for role in sorted(sides) if role != Role.TARGET]
    if cooperative:
        groups = [(Role.COUNTERPART,), (Role.PARTY,)]
        if Role.TARGET not in sides:
            gathering = (Role.PARTICIPANT, Role.ORGANIZER)
            groups.append(gathering if Role.VISITOR in sides else (*gathering, Role.HOST))
        links += [(a, b) for group in groups for a in group for b in group]
    found: dict[tuple[str, str], Pair] = {}
    for source_role, target_role in links:
        for source, source_sectors in sides.get(source_role, {}).items():
            for target, target_sectors in sides.get(target_role, {}).items():
                if source == target:
                    continue
                pair = found.setdefault((source, target), Pair())
                pair.source_sectors |= source_sectors
                pair.target_sectors |= target_sectors
                pair.roles.add(f"{source_role}>{target_role}")
    return found


# -- reading the database --------------------------------------------------------------------

EVENTS_SQL = """
SELECT e.id, e.kind, e.title, e.date, e.start_date, e.end_date, e.status, e.type_id,
       t.cameo_code, t.plover_category, t.plover_mode, t.plover_context,
       pl.name, pl.latitude, pl.longitude, pl.geonames_id, pl.country_code, pc.alpha3, pc.name
FROM events e
JOIN event_types t ON t.id = e.type_id
LEFT JOIN places pl ON pl.id = e.place_id
LEFT JOIN countries pc ON pc.code = pl.country_code
ORDER BY e.id
"""

# A participant's country: its own, a person's, or an organisation's (which may have none).
# Its sector: the kind of the organisation taking part, or of the body of the office the
# person held at the time.
PARTICIPANTS_SQL = """
SELECT p.event_id, p.role, COALESCE(p.country_code, pe.country_code, o.country_code),
       COALESCE(o.kind, body.kind)
FROM participants p
LEFT JOIN persons pe ON pe.id = p.person_id
LEFT JOIN organizations o ON o.id = p.organization_id
LEFT JOIN positions po ON po.id = p.position_id
LEFT JOIN organizations body ON body.id = po.organization_id
ORDER BY p.event_id, p.id
"""

SOURCES_SQL = """
SELECT DISTINCT c.event_id, s.id, s.url, s.title, COALESCE(outlet.name, s.publisher), s.language
FROM citations c
JOIN sources s ON s.id = c.source_id
LEFT JOIN organizations outlet ON outlet.id = s.outlet_id
WHERE c.event_id IS NOT NULL
ORDER BY c.event_id, s.id
"""


@dataclass(frozen=True)
class Source:
    id: str
    url: str | None
    title: str
    publication: str | None
    language: str | None


@dataclass
class Dyad:
    """One row of the CSV and one record of the JSON Lines file."""

    pair_id: str
    event: tuple
    source: str  # alpha-3
    target: str
    pair: Pair
    sources: list[Source]
    multilateral: bool
    event_dyads: int


@dataclass
class Summary:
    """What the derivation kept and left out, for the codebook."""

    dyads: int = 0
    events_with_dyads: int = 0
    events: int = 0
    not_occurred: int = 0
    no_earliest_day: int = 0
    no_pair: Counter = field(default_factory=Counter)  # by kind
    participants_without_country: int = 0


def _by_event(cursor: sqlite3.Cursor) -> Iterator[tuple[str, list[tuple]]]:
    for event_id, rows in groupby(cursor, key=lambda row: row[0]):
        yield event_id, list(rows)


def dyads(database: Path, summary: Summary | None = None) -> Iterator[Dyad]:
    """Every dyad of the database, ordered by event ID, then source, then target (alpha-3).

    Events, participants and sources are read in event order side by side, so memory holds
    one event at a time.
    """
    summary = summary if summary is not None else Summary()
    scores = goldstein_scores()
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        alpha3 = dict(conn.execute("SELECT code, alpha3 FROM countries"))
        participants = _by_event(conn.cursor().execute(PARTICIPANTS_SQL))
        cited = _by_event(conn.cursor().execute(SOURCES_SQL))
        next_participants = next(participants, None)
        next_cited = next(cited, None)
        for event in conn.execute(EVENTS_SQL):
            event_id = event[0]
            rows: list[tuple] = []
            while next_participants is not None and next_participants[0] <= event_id:
                if next_participants[0] == event_id:
                    rows = next_participants[1]
                next_participants = next(participants, None)
            sources: list[tuple] = []
            while next_cited is not None and next_cited[0] <= event_id:
                if next_cited[0] == event_id:
                    sources = next_cited[1]
                next_cited = next(cited, None)
            summary.events += 1
            cameo_code = event[8]
            if cameo_code not in scores:
                raise DyadError(
                    f"event {event_id}: its type {event[7]} has the CAMEO code {cameo_code}, "
                    f"which GDELT's Goldstein table ({GOLDSTEIN_FILE.name}) does not list: "
                    "correct the event type's code in seeds/event_types.yaml"
                )
            # Only what happened is coded: a planned, announced, cancelled or postponed
            # event is not an action between the two (CAMEO would code a plan as an intent).
            if event[6] != EventStatus.OCCURRED:
                summary.not_occurred += 1
                continue
            # The formats need a day; an event whose earliest day is open has none to give.
            if event[4] is None:
                summary.no_earliest_day += 1
                continue
            sides: dict[str, dict[str, set[str]]] = {}
            for _, role, country, kind in rows:
                if country is None:
                    summary.participants_without_country += 1
                    continue
                sectors = sides.setdefault(role, {}).setdefault(country, set())
                if kind in SECTOR_OF_ORGANIZATION_KIND:
                    sectors.add(SECTOR_OF_ORGANIZATION_KIND[kind])
            found = pairs(sides, quad_class(cameo_code) in COOPERATION)
            if not found:
                summary.no_pair[event[1]] += 1
                continue
            summary.events_with_dyads += 1
            countries = {country for members in sides.values() for country in members}
            cited_sources = [Source(*row[1:]) for row in sources]
            for (source, target), pair in sorted(
                found.items(), key=lambda item: (alpha3[item[0][0]], alpha3[item[0][1]])
            ):
                summary.dyads += 1
                yield Dyad(
                    pair_id=f"{event_id}:{alpha3[source]}-{alpha3[target]}",
                    event=event,
                    source=alpha3[source],
                    target=alpha3[target],
                    pair=pair,
                    sources=cited_sources,
                    multilateral=len(countries) >= 3,
                    event_dyads=len(found),
                )


# -- the two formats -------------------------------------------------------------------------

# The CSV's columns: the Phoenix fields in Phoenix's order, then ours. (name, type, meaning):
# one declaration for the writer, the data package and the codebook.
PHOENIX_COLUMNS = (
    ("id_string", "string", "Our pair ID: the event ID, a colon, source and target alpha-3."),
    ("story_date", "string", "Earliest day the event's date allows, YYYYMMDD."),
    ("year", "integer", "Year of story_date."),
    ("month", "integer", "Month of story_date."),
    ("day", "integer", "Day of story_date."),
    ("source", "string", "Source actor code: alpha-3 and its sectors (JPNGOV)."),
    ("source_root", "string", "Source country, ISO 3166-1 alpha-3."),
    ("source_agent", "string", "First of the source's PLOVER sectors; empty when none known."),
    ("source_others", "string", "The source's other sectors, ';'-joined."),
    ("target", "string", "Target actor code: alpha-3 and its sectors."),
    ("target_root", "string", "Target country, ISO 3166-1 alpha-3."),
    ("target_agent", "string", "First of the target's PLOVER sectors; empty when none known."),
    ("target_others", "string", "The target's other sectors, ';'-joined."),
    ("code", "string", "CAMEO event code of the event's type (text: leading zeros matter)."),
    ("root_code", "string", "CAMEO root code: the code's first two digits."),
    ("quad_class", "integer", "Quad class of the root code: 1 to 4 (ICEWS bands)."),
    ("goldstein", "number", "Goldstein score of the CAMEO code, from GDELT's table."),
    ("issues", "string", "Phoenix's issue keywords: always empty (not coded here)."),
    ("lat", "number", "Latitude of the event's place (GeoNames, WGS 84)."),
    ("lon", "number", "Longitude of the event's place."),
    ("placeName", "string", "Name of the event's place."),
    ("stateName", "string", "Province or state: always empty (not recorded)."),
    ("countryName", "string", "Country of the event's place."),
    ("ids", "string", "IDs of the sources cited for the event, ';'-joined, sorted."),
    ("urls", "string", "Their URLs in the same order, ';'-joined (empty for one without)."),
    ("sources", "string", "Their outlets or publishers in the same order, ';'-joined."),
)
EXTRA_COLUMNS = (
    ("event_id", "string", "The event's ID (events.id)."),
    ("event_date", "string", "The event's date as recorded (EDTF)."),
    ("end_date", "string", "Latest day the date allows, YYYYMMDD; empty when open."),
    ("multilateral", "boolean", "1 when the event involves three or more countries."),
    ("event_dyads", "integer", "How many dyads the event gives (to weight each by 1/n)."),
    ("roles", "string", "Roles that made the pair, source>target, ';'-joined."),
)
CSV_COLUMNS = PHOENIX_COLUMNS + EXTRA_COLUMNS
# The ICEWS coded-event files' column holding the same thing (as ICEWS users read their 20
# columns, e.g. shenyangHuang/TGB and andybega/icews): for users moving between the two.
ICEWS_COLUMN = {
    "id_string": "Event ID",
    "story_date": "Event Date (ICEWS writes YYYY-MM-DD)",
    "source": "Source Name (ICEWS names the actor; ours is a code)",
    "source_root": "Source Country (ICEWS gives the name)",
    "source_agent": "Source Sectors",
    "source_others": "Source Sectors",
    "target": "Target Name",
    "target_root": "Target Country",
    "target_agent": "Target Sectors",
    "target_others": "Target Sectors",
    "code": "CAMEO Code",
    "goldstein": "Intensity",
    "lat": "Latitude",
    "lon": "Longitude",
    "placeName": "City (our place may be a region or a sea area)",
    "stateName": "Province",
    "countryName": "Country",
    "ids": "Story ID",
    "sources": "Publisher",
}

# The JSON Lines records' fields: the manual's names first, then our extension object.
PLOVER_FIELDS = (
    ("id", "string", "Our pair ID, as id_string in the CSV (required by PLOVER)."),
    ("date", "date", "Earliest day the event's date allows, YYYY-MM-DD (required)."),
    ("enddate", "date", "Latest day the date allows; null when open."),
    ("source", "array", "Source actor: a list of actor objects, code (alpha-3) and sector."),
    ("recipient", "array", "Recipient actor, as source."),
    ("event", "array", "PLOVER event category, a list of one (required)."),
    ("mode", "array", "PLOVER mode, a list of one; null when the type has none."),
    ("context", "array", "PLOVER context, a list of one; null when the type has none."),
    ("quad_code", "integer", "Quad class, 1 to 4."),
    ("event_loc", "object", "Location object (GeoNames field names); null without a place."),
    ("cite_info", "array", "One citeInfo object per source cited for the event."),
    ("comment", "string", "The event's title, in the editors' words."),
    ("indopac", "object", "Our extension: event ID, EDTF date, kind, type, CAMEO, roles."),
)


def _ymd(day: str | None) -> str:
    return "" if day is None else day.replace("-", "")


def _actor_code(alpha: str, sectors: set[str]) -> tuple[str, str, str, str]:
    ordered = sorted(sectors)
    agent = ordered[0] if ordered else ""
    return alpha + "".join(ordered), alpha, agent, ";".join(ordered[1:])


def _csv_row(dyad: Dyad, scores: dict[str, str]) -> list[Any]:
    (event_id, _kind, _title, edtf, earliest, latest, _status, _type, code, *_rest) = dyad.event
    place, lat, lon, _geonames, _cc, _cc3, country_name = dyad.event[12:19]
    day = date.fromisoformat(earliest)
    return [
        dyad.pair_id,
        _ymd(earliest),
        day.year,
        day.month,
        day.day,
        *_actor_code(dyad.source, dyad.pair.source_sectors),
        *_actor_code(dyad.target, dyad.pair.target_sectors),
        code,
        code[:2],
        quad_class(code),
        scores[code],
        "",
        lat,
        lon,
        place,
        "",
        country_name,
        ";".join(s.id for s in dyad.sources),
        ";".join(s.url or "" for s in dyad.sources),
        ";".join(s.publication or "" for s in dyad.sources),
        event_id,
        edtf,
        _ymd(latest),
        int(dyad.multilateral),
        dyad.event_dyads,
        ";".join(sorted(dyad.pair.roles)),
    ]


def _actors(alpha: str, sectors: set[str]) -> list[dict[str, str]]:
    if not sectors:
        return [{"code": alpha}]
    return [{"code": alpha, "sector": sector} for sector in sorted(sectors)]


def _record(dyad: Dyad, scores: dict[str, str]) -> dict[str, Any]:
    (event_id, kind, title, edtf, earliest, latest, _status, type_id, code) = dyad.event[:9]
    category, mode, context = dyad.event[9:12]
    place, lat, lon, geonames_id, country, cc3, _country_name = dyad.event[12:19]
    location = None
    if place is not None:
        location = {
            "geonameid": geonames_id,
            "name": place,
            "latitude": lat,
            "longitude": lon,
            "country code": country,
            "cc3": cc3,
        }
    return {
        "id": dyad.pair_id,
        "date": earliest,
        "enddate": latest,
        "source": _actors(dyad.source, dyad.pair.source_sectors),
        "recipient": _actors(dyad.target, dyad.pair.target_sectors),
        "event": [category],
        "mode": [mode] if mode else None,
        "context": [context] if context else None,
        "quad_code": quad_class(code),
        "event_loc": location,
        "cite_info": [
            {
                "citation": s.id,
                "url": s.url,
                "title": s.title,
                "publication": s.publication,
                "language": s.language,
            }
            for s in dyad.sources
        ],
        "comment": title,
        "indopac": {
            "event_id": event_id,
            "date": edtf,
            "kind": kind,
            "event_type": type_id,
            "cameo_code": code,
            "goldstein": float(scores[code]),
            "multilateral": dyad.multilateral,
            "event_dyads": dyad.event_dyads,
            "roles": sorted(dyad.pair.roles),
        },
    }


def write(database: Path, folder: Path) -> list[Path]:
    """``folder/dyadic/cameo_dyads.csv`` and ``plover_dyads.jsonl``, each complete or absent.

    Both files are written in one pass; each goes into place only when the pass has ended
    without error, so a failure leaves neither new file.
    """
    scores = goldstein_scores()
    (folder / FOLDER).mkdir(parents=True, exist_ok=True)
    csv_path, jsonl_path = folder / CSV_PATH, folder / JSONL_PATH
    with (
        open_replacing(csv_path, "w", encoding="utf-8", newline="") as csv_handle,
        open_replacing(jsonl_path, "w", encoding="utf-8", newline="\n") as jsonl_handle,
    ):
        writer = csv.writer(csv_handle, lineterminator="\r\n")
        writer.writerow([name for name, _, _ in CSV_COLUMNS])
        for dyad in dyads(database):
            writer.writerow(_csv_row(dyad, scores))
            record = _record(dyad, scores)
            jsonl_handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
    return [csv_path, jsonl_path]


def summarise(database: Path) -> Summary:
    """The counts of a derivation over ``database``, without writing anything."""
    counts = Summary()
    for _ in dyads(database, counts):
        pass
    return counts
