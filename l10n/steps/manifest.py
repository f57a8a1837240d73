"""The build's manifest, `site/.l10n-build.json`: per article, the digest of every input
its pages were made from, the pages written and why other variants were held back. An
article whose digest is unchanged is not built again (`steps/build.py`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from l10n import __version__
from l10n.project import Project, write_text
from l10n.review.verdict import Policy
from l10n.steps.common import read_source

__all__ = [
    "MANIFEST",
    "Record",
    "article_inputs",
    "read_manifest",
    "shared_inputs",
    "write_manifest",
]

MANIFEST = ".l10n-build.json"


@dataclass(frozen=True, slots=True)
class Record:
    """What the manifest keeps of an article's last build: the digest of every input,
    the pages written, and why the other variants were held back."""

    inputs: str
    pages: tuple[str, ...]
    held: dict[str, str]


def read_manifest(path: Path) -> dict[str, Record]:
    """The records of the last build; none when there is no manifest, or one that is
    unreadable or from an older version (everything is built again: never trusted)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            slug: Record(str(item["inputs"]), tuple(item["pages"]), dict(item["held"]))
            for slug, item in data["articles"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_manifest(path: Path, records: dict[str, Record]) -> None:
    articles = {
        slug: {"inputs": r.inputs, "pages": list(r.pages), "held": r.held}
        for slug, r in sorted(records.items())
    }
    write_text(path, json.dumps({"articles": articles}, ensure_ascii=False, indent=1) + "\n")


def shared_inputs(
    project: Project, *, locales: tuple[str, ...], policy: Policy, pseudo: bool
) -> bytes:
    """The digest of what every article's pages depend on besides its own files."""
    parts = [
        __version__.encode(),
        repr(project.config).encode(),
        # The settings but the project's place: a moved or copied project builds the same.
        repr((locales, policy.value, pseudo)).encode(),
        project.editors_path.read_bytes() if project.editors_path.exists() else b"",
    ]
    for locale in locales:
        ledger = project.ledger_path(locale)
        parts.append(ledger.read_bytes() if ledger.exists() else b"")
    return hashlib.sha256(b"\0".join(parts)).digest()


def article_inputs(project: Project, slug: str, *, locales: tuple[str, ...], shared: bytes) -> str:
    """The digest of everything an article's pages are made from: its source, its
    catalogs, what all articles share, and which pages of locales this run does not
    build exist (they are linked)."""
    digest = hashlib.sha256(shared)
    digest.update(read_source(project, slug))
    for locale in locales:
        path = project.catalog_path(locale, slug)
        digest.update(b"\0" + (path.read_bytes() if path.exists() else b"-"))
    for locale in project.config.locales:
        if locale not in locales:
            digest.update(f"{locale}:{project.page_path(locale, slug).exists()}".encode())
    return digest.hexdigest()
