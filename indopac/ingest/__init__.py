"""Seed files in, database rows out, in this order:

``read`` reads a seed folder into typed records (files opened by ``seed_files``, each record
shaped by ``records``); ``checks`` checks them against each other (and ``stable_ids`` against
every ID ever published); ``load`` writes them into a migrated database. ``kinds`` declares
every kind of record once; the rest derive their lists from it.

``validate`` checks a whole seed folder and returns its records; ``load.load_seeds`` checks
and loads in one streaming pass. ``SeedValidationError`` lists every problem found, each
with file, record and field.
"""

from indopac.ingest.checks import validate
from indopac.ingest.errors import SeedError, SeedValidationError
from indopac.ingest.read import Dataset

__all__ = ["Dataset", "SeedError", "SeedValidationError", "validate"]
