"""Where the project's parts live. Everything is found relative to the checkout."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
MIGRATIONS_DIR = ROOT / "migrations"
METADATA_FILE = ROOT / "metadata.yml"
DIST_DIR = ROOT / "dist"
PUBLISHED_DB = DIST_DIR / "indopac.db"
EXPORTS_DIR = DIST_DIR / "exports"
CODEBOOK_FILE = ROOT / "CODEBOOK.md"
MANIFEST_FILE = ROOT / "docs" / "published.sha256"
DEFAULT_WORKING_URL = "sqlite:///indopac-working.db"
