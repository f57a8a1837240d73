"""The steps of the workflow over a project's files: read, compute, write, report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from l10n import __version__
from l10n.document import Rules, parse_html
from l10n.errors import CheckFailed, L10nError, SourceError
from l10n.pofile import format_po
from l10n.project import Project, write_text
from l10n.template import build_template

__all__ = [
    "FileOutcome",
    "StepResult",
    "extract",
    "extract_template",
    "read_source",
]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One file a step looked at: where, whether it changed, and a short summary."""

    path: str
    changed: bool
    summary: str


@dataclass(frozen=True, slots=True)
class StepResult:
    """What a step did to each file, and the errors that stopped it on some of them."""

    outcomes: tuple[FileOutcome, ...]
    errors: tuple[L10nError, ...]


def rules_of(project: Project) -> Rules:
    config = project.config
    return Rules(source_locale=config.source_locale, exclude=config.exclude, scope=config.scope)


def extract_template(data: bytes, *, slug: str, rules: Rules) -> str:
    """Page bytes → POT text, in memory (what `extract` writes, and what is benchmarked)."""
    return format_po(_template(data, slug=slug, rules=rules))


def _template(data: bytes, *, slug: str, rules: Rules) -> polib.POFile:
    document = parse_html(data, name=f"source/{slug}.html", rules=rules)
    return build_template(
        document.segments,
        slug=slug,
        source_locale=rules.source_locale,
        generator=f"l10n {__version__}",
    )


def read_source(project: Project, slug: str) -> bytes:
    """The bytes of `source/<slug>.html`, refusing a path that leads out of the project.

    Raises:
        SourceError: unreadable, or a symlink pointing outside the project.
    """
    path = project.source_path(slug)
    shown = project.relative(path)
    if not path.resolve().is_relative_to(project.root.resolve()):
        raise SourceError(f"{shown}: points outside the project ({path.resolve()})")
    try:
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"{shown}: cannot be read ({error.strerror})") from error


def extract(
    project: Project,
    slugs: list[str],
    *,
    check: bool = False,
    progress: Callable[[str], None] | None = None,
) -> StepResult:
    """Write `locales/<slug>.pot` for each article whose template changed.

    With `check`, write nothing and raise CheckFailed naming the stale templates.
    An article that fails is reported and the others still go through.
    """
    rules = rules_of(project)
    outcomes: list[FileOutcome] = []
    errors: list[L10nError] = []
    for slug in project.slugs(slugs):
        if progress:
            progress(slug)
        path = project.template_path(slug)
        try:
            template = _template(read_source(project, slug), slug=slug, rules=rules)
        except L10nError as error:
            errors.append(error)
            continue
        text = format_po(template)
        entries = len(template)
        summary = f"{entries} segment{'s' if entries != 1 else ''}"
        if check:
            outcomes.append(FileOutcome(project.relative(path), _differs(path, text), summary))
        else:
            outcomes.append(FileOutcome(project.relative(path), write_text(path, text), summary))
    if check:
        stale = [outcome.path for outcome in outcomes if outcome.changed]
        if stale:
            raise CheckFailed(f"{', '.join(stale)}: out of date; run l10n extract")
    return StepResult(tuple(outcomes), tuple(errors))


def _differs(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() != text.encode("utf-8")
    except FileNotFoundError:
        return True
