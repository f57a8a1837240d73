"""What a check reports: a `Finding` located as gettext tools locate them, and the
record of one catalog entry that translation checks look at."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

__all__ = ["Finding", "Severity", "Translation", "is_usable"]


class Severity(Enum):
    """How bad a finding is: errors keep a translation out of the build."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located as gettext tools locate them."""

    path: str
    line: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity.value}: {self.message}"


@dataclass(frozen=True, slots=True)
class Translation:
    """What a check looks at: one catalog entry, free of polib."""

    msgid: str
    msgstr: str
    msgctxt: str | None
    line: int
    comments: tuple[str, ...]
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()


def is_usable(findings: Iterable[Finding]) -> bool:
    """Whether a translation with these findings may be built (no error among them)."""
    return all(finding.severity is not Severity.ERROR for finding in findings)
