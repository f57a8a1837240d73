"""`l10n import`: an HTML page into `source/` as it is, or a text capture made into one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from l10n.errors import ConfigError, SourceError
from l10n.page.capture import parse_capture
from l10n.page.document import parse_html
from l10n.page.encoding import decode_html
from l10n.project import Project, check_slug, write_bytes, write_text
from l10n.steps.common import FileOutcome, read_page, rules_of

__all__ = ["ImportResult", "import_article"]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The article written (or left as it was) and what the importer dropped or missed."""

    outcome: FileOutcome
    dropped: tuple[str, ...]
    missing: tuple[str, ...]


def import_article(
    project: Project, source: Path, *, slug: str | None = None, force: bool = False
) -> ImportResult:
    """Bring a page or a plain-text capture into `source/<slug>.html`.

    An HTML page is copied as it is, once it has been read as `extract` will read it; a
    capture becomes a clean article page by the grammar in the README. An article
    already there is replaced only with `force` (its catalogs may hold translations of
    it); the same article again changes nothing.

    Raises:
        SourceError: unreadable, undecodable or unusable input.
        ConfigError: a bad slug, no `source/` folder, or an existing article and no
            `force`.
    """
    data = read_page(source, shown=str(source))
    name = check_slug(slug if slug is not None else _slug_of(source))
    if not project.source_dir.is_dir():
        raise ConfigError(f"{project.relative(project.source_dir)}: no such folder")
    target = project.source_path(name)
    kind = _kind_of(data, name=str(source))
    if kind is _Kind.OTHER_MARKUP:
        raise SourceError(
            f"{source}: looks like markup that is not an HTML page (no doctype, <html>, "
            "<head>, <body> or block element in its first kilobytes), nor a text capture"
        )
    if kind is _Kind.PAGE:
        # Refuse what extract would refuse; say how it will read the page.
        document = parse_html(data, name=str(source), rules=rules_of(project))
        summary = "page copied"
        if document.decoding is not None:
            summary += f" ({document.decoding.message})"
        _refuse_to_replace(project, target, data, force=force)
        changed = write_bytes(target, data)
        return ImportResult(FileOutcome(project.relative(target), changed, summary), (), ())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"{source}:{line}: a capture must be UTF-8 text") from error
    article = parse_capture(text, name=str(source), source_locale=project.config.source_locale)
    _refuse_to_replace(project, target, article.html.encode("utf-8"), force=force)
    changed = write_text(target, article.html)
    summary = "article page made from a text capture"
    return ImportResult(
        FileOutcome(project.relative(target), changed, summary), article.dropped, article.missing
    )


def _refuse_to_replace(project: Project, target: Path, data: bytes, *, force: bool) -> None:
    if force or not target.exists():
        return
    try:
        if target.read_bytes() == data:
            return  # the same article again: nothing to replace
    except OSError:
        pass
    shown = project.relative(target)
    raise ConfigError(
        f"{shown}: an article with this slug exists; pass --force to replace it "
        "or --slug to import it under another name"
    )


def _slug_of(path: Path) -> str:
    """A slug from a file name: `SCO Boosts Growth.txt` → `sco-boosts-growth`."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.").lower()
    return stem or "article"


class _Kind(Enum):
    PAGE = "an HTML page"
    CAPTURE = "a text capture"
    OTHER_MARKUP = "markup that is not a page"


_SNIFF_CHARACTERS = 8192
_DOCUMENT_MARKUP = re.compile(r"<!doctype\s+html|<(?:html|head|body)[\s>/]", re.IGNORECASE)
_BLOCK_MARKUP = re.compile(
    r"<(?:p|div|h[1-6]|article|section|main|header|footer|nav|aside|ul|ol|li|dl|table|tr|td"
    r"|blockquote|figure|pre|form|hr|br)[\s>/]",
    re.IGNORECASE,
)
#: A block element with words in it: page text, where a capture's injected junk is empty.
_BLOCK_WITH_TEXT = re.compile(
    r"<(?:p|div|h[1-6]|li|td|th|dd|dt|blockquote|pre|article|section|main|figcaption)"
    r"(?:\s[^>]*)?>[^<]*?[^\W\d_]",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _kind_of(data: bytes, *, name: str) -> _Kind:
    """What a file given to `import` is, judged by its content in any encoding: an HTML
    page has document or block markup in its first kilobytes, and markup on most lines
    (a capture may carry a few injected junk lines); a capture is text without markup, or
    with markup on a minority of its lines.

    Raises:
        SourceError: empty or binary data.
    """
    head = decode_html(data, name=name).text[:_SNIFF_CHARACTERS]
    lines = [line for line in head.splitlines() if line.strip()]
    with_markup = sum(bool(_TAG.search(line)) for line in lines)
    if _DOCUMENT_MARKUP.search(head) or _BLOCK_WITH_TEXT.search(head):
        return _Kind.PAGE
    if 2 * with_markup <= len(lines):
        return _Kind.CAPTURE
    return _Kind.PAGE if _BLOCK_MARKUP.search(head) else _Kind.OTHER_MARKUP
