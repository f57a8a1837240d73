"""`l10n import`: an HTML page into `source/` as it is, or a text capture made into one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import ConfigError, SourceError
from l10n.page.capture import parse_capture
from l10n.page.document import parse_html
from l10n.project import Project, check_slug, write_bytes, write_text
from l10n.steps.common import FileOutcome, rules_of

__all__ = ["ImportResult", "import_article"]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The article written (or left as it was) and what the importer dropped or missed."""

    outcome: FileOutcome
    dropped: tuple[str, ...]
    missing: tuple[str, ...]


def import_article(project: Project, source: Path, *, slug: str | None = None) -> ImportResult:
    """Bring a page or a plain-text capture into `source/<slug>.html`.

    An HTML page is copied as it is, once it has been read as `extract` will read it; a
    capture becomes a clean article page by the grammar in the README.

    Raises:
        SourceError: unreadable, undecodable or unusable input.
        ConfigError: a bad slug, or no `source/` folder.
    """
    try:
        data = source.read_bytes()
    except OSError as error:
        raise SourceError(f"{source}: cannot be read ({error.strerror})") from error
    name = check_slug(slug if slug is not None else _slug_of(source))
    if not project.source_dir.is_dir():
        raise ConfigError(f"{project.relative(project.source_dir)}: no such folder")
    target = project.source_path(name)
    if _looks_like_html(data):
        parse_html(data, name=str(source), rules=rules_of(project))  # refuse what extract would
        changed = write_bytes(target, data)
        return ImportResult(FileOutcome(project.relative(target), changed, "page copied"), (), ())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"{source}:{line}: a capture must be UTF-8 text") from error
    article = parse_capture(text, name=str(source), source_locale=project.config.source_locale)
    changed = write_text(target, article.html)
    summary = "article page made from a text capture"
    return ImportResult(
        FileOutcome(project.relative(target), changed, summary), article.dropped, article.missing
    )


def _slug_of(path: Path) -> str:
    """A slug from a file name: `SCO Boosts Growth.txt` → `sco-boosts-growth`."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.").lower()
    return stem or "article"


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<!--"))
