"""Where a catalog entry stands. Apart from the verdict (which decides it) so that the
progress figures can be read from a cache without importing all a verdict needs."""

from __future__ import annotations

from enum import Enum

__all__ = ["EntryState"]


class EntryState(Enum):
    """Where an entry stands; exactly one per entry."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    REJECTED = "rejected"  # an editor sent back exactly this text
    OBSOLETE = "obsolete"
