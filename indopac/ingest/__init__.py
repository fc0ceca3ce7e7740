"""Seed files in, database rows out: read → check → load.

``seed_files`` reads a file safely, ``records`` gives each record its shape, ``checks``
checks records against each other (and ``stable_ids`` against every published ID), ``load``
writes them into a migrated database. ``kinds`` declares every kind of record once.
``validate`` checks a whole seed folder and returns its records; ``SeedValidationError``
lists every problem found, each with file, record and field.
"""

from indopac.ingest.checks import Dataset, validate
from indopac.ingest.errors import SeedError, SeedValidationError

__all__ = ["Dataset", "SeedError", "SeedValidationError", "validate"]
