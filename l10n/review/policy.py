"""Which translations a build publishes. Apart from the verdict so that the command line
can offer `--policy` without importing everything a verdict needs."""

from __future__ import annotations

from enum import Enum

__all__ = ["Policy"]


class Policy(Enum):
    """What a build publishes: reviewed translations only, or every translation."""

    REVIEWED = "reviewed"
    TRANSLATED = "translated"
