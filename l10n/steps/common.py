"""What every step shares: the record of what it did to each file, reading a source
page, the extraction rules and the locales a command works on."""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.errors import ConfigError, L10nError, LocaleError, SourceError
from l10n.locales import parse_locale
from l10n.project import Project

# The page parser, the ledger and the registry are imported where they are read: a
# command that needs neither (a repeated `status`) should not pay for loading them.
if TYPE_CHECKING:
    from l10n.page.document import Rules
    from l10n.review.registry import Editor
    from l10n.review.verdict import ReviewFacts

__all__ = [
    "FileOutcome",
    "StepResult",
    "config_name",
    "differs",
    "git_config",
    "locales_of",
    "read_page",
    "read_registry",
    "read_review_facts",
    "read_source",
    "rules_of",
]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One file a step looked at: where, whether it changed, and a short summary."""

    path: str
    changed: bool
    summary: str
    counts: tuple[tuple[str, int], ...] = ()  # the summary's figures, for --format json


@dataclass(frozen=True, slots=True)
class StepResult:
    """What a step did to each file, and the errors that stopped it on some of them."""

    outcomes: tuple[FileOutcome, ...]
    errors: tuple[L10nError, ...]


def rules_of(project: Project) -> Rules:
    from l10n.page.document import Rules

    config = project.config
    return Rules(source_locale=config.source_locale, exclude=config.exclude, scope=config.scope)


def read_source(project: Project, slug: str) -> bytes:
    """The bytes of `source/<slug>.html`, refusing a path that leads out of the project.

    Raises:
        SourceError: unreadable, or not a file.
        ConfigError: a symlink leading outside the project (`Project.inside`).
    """
    path = project.source_path(slug)
    return read_page(path, shown=project.relative(path))


_NOT_FILES = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_page(path: Path, *, shown: str) -> bytes:
    """The bytes of a file given as a page, refusing what is not a regular file before
    opening it (reading a FIFO would wait forever for a writer).

    Raises:
        SourceError: missing, unreadable, or a directory, FIFO, device or socket.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise SourceError(f"{shown}: cannot be read ({error.strerror})") from error
    for test, what in _NOT_FILES:
        if test(mode):
            raise SourceError(f"{shown}: not a page but {what}")
    try:
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"{shown}: cannot be read ({error.strerror})") from error


def differs(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() != text.encode("utf-8")
    except FileNotFoundError:
        return True


def locales_of(
    project: Project, requested: list[str] | None, *, configured_only: bool = False
) -> list[str]:
    """The requested locales, or the configured ones; each checked with Babel.

    With `configured_only` (commands that read what the project has), a requested
    locale must be one the configuration lists.

    Raises:
        LocaleError: a code Babel does not know (the message suggests the closest, and
            names the configuration file when the code is in it).
        ConfigError: nothing requested and none configured, or with `configured_only` a
            locale the configuration does not list.
    """
    config = config_name(project)
    if requested:
        codes = list(dict.fromkeys(requested))
        for code in codes:
            parse_locale(code)
        configured = project.config.locales
        missing = [code for code in codes if code not in configured]
        if configured_only and missing:
            listed = ", ".join(configured) or "none"
            raise ConfigError(
                f"{config}: locale {missing[0]!r} is not configured (locales: {listed}); "
                "add it to locales = [...] first"
            )
        return codes
    codes = list(dict.fromkeys(project.config.locales))
    if not codes:
        raise ConfigError(f"{config}: no locales: set locales = [...] or pass --locale")
    for code in codes:
        try:
            parse_locale(code)
        except LocaleError as error:
            raise LocaleError(f"{config}: locales = [...]: {error}") from None
    return codes


def config_name(project: Project) -> str:
    """The configuration file as messages name it (`pyproject.toml`, `l10n.toml`)."""
    if project.config_file is None:
        return "[tool.l10n]"
    return project.relative(project.config_file)


def read_registry(project: Project) -> dict[str, Editor] | None:
    """The editors registry, or None when the project has no `editors.toml` (then nothing
    counts as reviewed, and nothing is invalidated for want of it).

    Raises:
        ConfigError: an `editors.toml` that is not valid.
    """
    if not project.editors_path.exists():
        return None
    from l10n.review.registry import read_editors

    return read_editors(project.editors_path)


def read_review_facts(
    project: Project,
    locale: str,
    *,
    registry: dict[str, Editor] | None,
    verified: dict[str, str] | None = None,
) -> ReviewFacts:
    """What judging the locale's entries needs: the registry and its ledger, read once.
    Ledger lines that are not valid events are left to `review verify` to report.
    `verified`: signatures checked by earlier commands, and a place for new ones (see
    `Trail`)."""
    from l10n.review.ledger import Trail, read_ledger
    from l10n.review.verdict import ReviewFacts

    events, _problems = read_ledger(project.ledger_path(locale))
    trail = Trail(events, locale=locale, registry=registry, verified=verified)
    return ReviewFacts(locale=locale, registry=registry, trail=trail)


def git_config(project: Project, name: str) -> str:
    """A value of `git config` as git reads it in the project ("" when unset or when git
    is not there)."""
    try:
        found = subprocess.run(
            ["git", "config", name],
            cwd=project.root,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip()
