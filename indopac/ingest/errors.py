"""The one error type bad seeds produce."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SeedError:
    """One problem, located by seed file, record ID and field."""

    file: str
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.record is not None:
            where.append(f"record {self.record!r}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{': '.join(where)}: {self.message}"


class SeedValidationError(Exception):
    """Raised with every problem found in one pass, so an editor can fix them all at once."""

    def __init__(self, errors: list[SeedError]) -> None:
        # Sorted by place; a missing record or field sorts first (None cannot compare with str).
        self.errors = sorted(
            set(errors), key=lambda e: (e.file, e.record or "", e.field or "", e.message)
        )
        count = len(self.errors)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the seed files:"]
        lines += [f"  {error}" for error in self.errors]
        super().__init__("\n".join(lines))
