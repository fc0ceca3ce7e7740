"""Reading seed files safely and strictly: plain files only, YAML by a small, explicit schema."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SeedLoader(_BaseLoader):
    """Safe loading with YAML 1.2 core-schema scalars in place of YAML 1.1's surprises.

    - Only ``true``/``false`` are booleans: in YAML 1.1 the country code ``NO`` is ``False``,
      and ``yes``/``on``/``off`` are booleans too.
    - Integers are plain decimals without leading zeros: YAML 1.1 reads ``012`` as octal 10,
      ``0x8`` as 8, ``1_000`` as 1000 and ``1:30`` as 90 (base 60). Anything else stays text,
      and a numeric field then refuses it instead of storing a different number.
    - Floats are plain decimals; ``.nan`` and ``.inf`` stay text (and are refused).
    - Dates stay strings: EDTF is the date format here, and ``2024-07-22`` must not turn into a
      ``datetime.date`` while ``2024-07`` stays a string.
    - ``null``, ``~`` and an empty value are null; there is no merge key (``<<``).
    - A key repeated in one mapping is an error instead of silently keeping the last value, and
      a key must be a scalar (a list or mapping as a key is refused).
    """


INTEGER = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)$")
SeedLoader.yaml_implicit_resolvers = {}
SeedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)
SeedLoader.add_implicit_resolver("tag:yaml.org,2002:int", INTEGER, list("-+0123456789"))
SeedLoader.add_implicit_resolver("tag:yaml.org,2002:float", FLOAT, list("-+0123456789."))
SeedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""]
)


def _construct_int(loader: SeedLoader, node: yaml.ScalarNode) -> int:
    return int(loader.construct_scalar(node), 10)


def _construct_float(loader: SeedLoader, node: yaml.ScalarNode) -> float:
    return float(loader.construct_scalar(node))


def _construct_mapping(loader: SeedLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain name, not a list or mapping", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


SeedLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
SeedLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
SeedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class SeedFileError(ValueError):
    pass


# A seed file is reviewed by people; bulk data goes through JSON Lines (see the README).
MAX_SEED_FILE_BYTES = 20 * 1024 * 1024


def open_seed_file(path: Path) -> int:
    """Open ``path`` for reading as a file descriptor, refusing anything but a plain file.

    A symbolic link could make the build read (and echo in its messages) a file from outside
    the seeds folder, or ``/dev/zero``; a FIFO would block the build for ever; a folder or an
    unreadable file would end in a traceback. Each is one clear ``SeedFileError`` instead.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SeedFileError(
                "is a symbolic link; seed files must be plain files inside the seeds folder"
            ) from exc
        raise SeedFileError(
            f"cannot be read ({exc.strerror}); check that it is a readable file"
        ) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a plain file"
        raise SeedFileError(f"is {what}; seed files must be plain files")
    os.set_blocking(fd, True)
    return fd


def read_seed_bytes(path: Path, limit: int = MAX_SEED_FILE_BYTES) -> bytes:
    """The bytes of a plain seed file of at most ``limit`` bytes (read bounded, not trusting
    the size the file system reports)."""
    fd = open_seed_file(path)
    try:
        with os.fdopen(fd, "rb", closefd=True) as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise SeedFileError(f"cannot be read ({exc.strerror})") from exc
    if len(raw) > limit:
        raise SeedFileError(f"is larger than {limit // 2**20} MiB")
    return raw


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def read_yaml(path: Path) -> Any:
    """Parse one seed file; raise ``SeedFileError`` with a readable reason on any failure."""
    raw = read_seed_bytes(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SeedFileError("starts with a byte-order mark; save the file as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedFileError(f"is not valid UTF-8 (byte {exc.start})") from exc
    try:
        for event in yaml.parse(text, Loader=SeedLoader):
            line = event.start_mark.line + 1
            # Aliases let a few lines expand into an exponentially large document (the "billion
            # laughs"); seed files have no use for them, so they are refused before loading.
            if isinstance(event, yaml.AliasEvent):
                raise SeedFileError(
                    f"uses a YAML alias (*{event.anchor}) on line {line}; anchors and aliases "
                    "are not allowed in seed files"
                )
            # Tags change what a value is (!!binary decodes base64 into text no reviewer
            # can read in a diff; !!python/... would build objects): none are needed here.
            tag = getattr(event, "tag", None)
            if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
                raise SeedFileError(
                    f"uses the YAML tag {_short_tag(tag)} on line {line}; tags are not allowed "
                    "in seed files"
                )
        return yaml.load(text, Loader=SeedLoader)  # SeedLoader derives from SafeLoader
    except yaml.reader.ReaderError as exc:
        raise SeedFileError(
            f"contains the character U+{exc.character:04X} on line "
            f"{_line_of(text, exc.position)}, which YAML does not allow"
        ) from exc
    except yaml.YAMLError as exc:
        raise SeedFileError(f"is not valid YAML: {' '.join(str(exc).split())}") from exc
