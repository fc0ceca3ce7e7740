"""Reading seed YAML safely and strictly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SeedLoader(_BaseLoader):
    """Safe loading with three YAML 1.1 surprises turned off.

    - Dates stay strings: EDTF is the date format here, and ``2024-07-22`` must not turn into a
      ``datetime.date`` while ``2024-07`` stays a string.
    - Only ``true``/``false`` are booleans: in YAML 1.1 the country code ``NO`` is ``False``.
    - A key repeated in one mapping is an error instead of silently keeping the last value.
    """


SeedLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
SeedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    yaml.resolver.re.compile(r"^(?:true|false)$"),
    list("tf"),
)


def _construct_mapping(loader: SeedLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


SeedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class SeedFileError(ValueError):
    pass


# A seed file is reviewed by people; bulk data goes through JSON Lines (see the README).
MAX_SEED_FILE_BYTES = 20 * 1024 * 1024


def read_yaml(path: Path) -> Any:
    """Parse one seed file; raise ``SeedFileError`` with a readable reason on any failure."""
    if path.stat().st_size > MAX_SEED_FILE_BYTES:
        raise SeedFileError(f"is larger than {MAX_SEED_FILE_BYTES // 2**20} MiB")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SeedFileError("starts with a byte-order mark; save the file as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedFileError(f"is not valid UTF-8 (byte {exc.start})") from exc
    try:
        # Aliases let a few lines expand into an exponentially large document (the "billion
        # laughs"); seed files have no use for them, so they are refused before loading.
        for event in yaml.parse(text, Loader=SeedLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise SeedFileError(
                    f"uses a YAML alias (*{event.anchor}) on line {line}; anchors and aliases "
                    "are not allowed in seed files"
                )
        return yaml.load(text, Loader=SeedLoader)  # SeedLoader derives from SafeLoader
    except yaml.YAMLError as exc:
        raise SeedFileError(f"is not valid YAML: {' '.join(str(exc).split())}") from exc
