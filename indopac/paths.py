"""Where the project's parts live.

The models and the migrations are installed inside the package (``indopac.schema``,
``indopac.migrations``), so a build works from any install. The seed folder, ``metadata.yml``
and the generated documents belong to the checkout: an install without one names its seed
folder (``--seeds``) and its output.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path


def _installed_folder(package: str) -> Path:
    # Through the import system, not beside this file: in an editable install the folder is
    # the checkout's migrations/, in a wheel the copy inside indopac/.
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


PACKAGE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = _installed_folder("indopac.migrations")
SCHEMA_DIR = _installed_folder("indopac.schema")
# The checkout this package runs from (an editable install), or where it would be.
ROOT = PACKAGE_DIR.parent
IS_CHECKOUT = (ROOT / "pyproject.toml").is_file() and (ROOT / "seeds").is_dir()
SEEDS_DIR = ROOT / "seeds"
METADATA_FILE = ROOT / "metadata.yml"
DIST_DIR = ROOT / "dist"
PUBLISHED_DB = DIST_DIR / "indopac.db"
EXPORTS_DIR = DIST_DIR / "exports"
CODEBOOK_FILE = ROOT / "CODEBOOK.md"
README_FILE = ROOT / "README.md"
MANIFEST_FILE = ROOT / "docs" / "published.sha256"
COVERAGE_FILE = ROOT / "docs" / "coverage.md"
CHANGELOG_FILE = ROOT / "CHANGELOG.md"
# nginx in front of several Datasette processes, for a server (indopac/production.py).
NGINX_CONF_FILE = ROOT / "deploy" / "nginx.conf"
# The coverage research logs (candidates, searches, what was not found), read for its page.
COVERAGE_RESEARCH_DIR = ROOT / "docs" / "research" / "coverage-2024"
DEFAULT_WORKING_URL = "sqlite:///indopac-working.db"
