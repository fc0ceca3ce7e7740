"""Seed files and the code that reads, checks and loads them.

Flow: ``read_seeds`` (YAML → typed records, per-record checks) → ``check_dataset``
(cross-file checks) → ``load_dataset`` (rows into a migrated database). ``validate`` runs the
first two and raises one ``SeedValidationError`` listing every problem found.
"""

from seeds.errors import SeedError, SeedValidationError
from seeds.load import load_dataset
from seeds.validate import Dataset, validate

__all__ = ["Dataset", "SeedError", "SeedValidationError", "load_dataset", "validate"]
