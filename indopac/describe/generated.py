"""Every file generated from the models, the catalogue and the seeds, written or checked in
one go (``indopac docs --write`` / ``--check``): the README's generated blocks, metadata.yml,
CODEBOOK.md, docs/published.sha256, the tables of docs/coverage.md, deploy/nginx.conf and
the summary of record changes in CHANGELOG.md."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indopac import paths
from indopac.atomic_files import write_text
from indopac.build import build
from indopac.describe.changes import with_changelog_block
from indopac.describe.codebook import codebook
from indopac.describe.coverage import with_coverage_blocks
from indopac.describe.manifest import manifest_text
from indopac.describe.metadata import metadata_yaml
from indopac.describe.readme import with_generated_blocks
from indopac.production import server_conf

# Where each file lives in a checkout, so that a copy of one (a test's) can be checked too.
METADATA = paths.METADATA_FILE.relative_to(paths.ROOT)
CODEBOOK = paths.CODEBOOK_FILE.relative_to(paths.ROOT)
MANIFEST = paths.MANIFEST_FILE.relative_to(paths.ROOT)
README = paths.README_FILE.relative_to(paths.ROOT)
COVERAGE = paths.COVERAGE_FILE.relative_to(paths.ROOT)
NGINX_CONF = paths.NGINX_CONF_FILE.relative_to(paths.ROOT)
CHANGELOG = paths.CHANGELOG_FILE.relative_to(paths.ROOT)

FIX_COMMAND = "indopac docs --write"


@dataclass(frozen=True)
class GeneratedFile:
    path: Path
    text: str  # what the file should hold
    shown: str  # how messages name it
    blocks_only: bool = False  # only its generated blocks are generated (the README)

    def is_current(self) -> bool:
        return self.path.is_file() and self.path.read_text(encoding="utf-8") == self.text

    def write_if_changed(self) -> bool:
        """Write the file when it differs (whole or not at all); True when it was written."""
        if self.is_current():
            return False
        write_text(self.path, self.text)
        return True

    def updated_message(self) -> str:
        what = f"the generated blocks in {self.shown}" if self.blocks_only else self.shown
        return f"updated {what}"

    def stale_message(self) -> str:
        return f"{self.shown} is out of date: run `{FIX_COMMAND}`"


def generated_files(
    seeds_dir: Path, root: Path = paths.ROOT, readme: Path | None = None
) -> Iterator[GeneratedFile]:
    """What each generated file in the checkout at ``root`` should hold: metadata.yml, then
    (from a build of ``seeds_dir`` in a temporary folder) docs/published.sha256, CODEBOOK.md
    and ``readme`` (``root``/README.md unless given) with its blocks regenerated.

    One at a time, metadata.yml first: it needs no build, so a writer updates it even when
    the seeds fail to build (as ``docs --update`` always has).
    """
    yield GeneratedFile(root / METADATA, metadata_yaml(), METADATA.as_posix())
    yield GeneratedFile(root / NGINX_CONF, server_conf(), NGINX_CONF.as_posix())
    if readme is None:
        readme, shown_readme = root / README, README.as_posix()
    else:
        shown_readme = str(readme)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "indopac.db"
        build(seeds_dir, database)
        yield GeneratedFile(root / MANIFEST, manifest_text(database), MANIFEST.as_posix())
        yield GeneratedFile(root / CODEBOOK, codebook(database), CODEBOOK.as_posix())
        readme_text = with_generated_blocks(readme.read_text(encoding="utf-8"), database)
        yield GeneratedFile(readme, readme_text, shown_readme, blocks_only=True)
        coverage = root / COVERAGE
        coverage_text = with_coverage_blocks(coverage.read_text(encoding="utf-8"), database)
        yield GeneratedFile(coverage, coverage_text, COVERAGE.as_posix(), blocks_only=True)
        changelog = root / CHANGELOG
        if changelog.is_file():  # a checkout has one; a test's copy of a few files may not
            changelog_text = with_changelog_block(changelog.read_text(encoding="utf-8"), database)
            yield GeneratedFile(changelog, changelog_text, CHANGELOG.as_posix(), blocks_only=True)


def write_stale(
    seeds_dir: Path, root: Path = paths.ROOT, readme: Path | None = None
) -> Iterator[GeneratedFile]:
    """Write each generated file that is out of date, yielding it once written."""
    for file in generated_files(seeds_dir, root, readme):
        if file.write_if_changed():
            yield file


def stale_files(
    seeds_dir: Path, root: Path = paths.ROOT, readme: Path | None = None
) -> list[GeneratedFile]:
    """The generated files that are out of date; writes nothing."""
    return [file for file in generated_files(seeds_dir, root, readme) if not file.is_current()]
