"""What every command shares: the consoles, the option aliases, finding the project, and
turning a user-fixable error into one line and its exit code."""

# No `from __future__ import annotations` here: typer reads every command's
# annotations at start-up, and string annotations cost an eval() each (a third of
# `l10n --version`). Names imported only for type checking are quoted.

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from l10n.errors import L10nError

if TYPE_CHECKING:
    from rich.console import Console

    from l10n.project import Project

__all__ = [
    "CheckOption",
    "FormatOption",
    "LocaleOption",
    "OutputFormat",
    "ProjectOption",
    "QuietOption",
    "SlugsArgument",
    "err",
    "escape",
    "find_chosen_project",
    "out",
    "print_json",
    "reported",
    "say",
]


class _LazyConsole:
    """A rich Console made on first use: importing rich costs more than a whole
    `l10n --version`, and most commands print a few plain lines or nothing."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def console(self) -> "Console":
        """The Console itself, for what takes one (a progress bar enters it as a context,
        which does not go through __getattr__)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


out = _LazyConsole(stderr=False)
err = _LazyConsole(stderr=True)


def say(line: str) -> None:
    """A plain line for people on stderr, without loading rich for it."""
    sys.stderr.write(line + "\n")


def print_json(record: object) -> None:
    """A record for machines on stdout: plain JSON, indented, not drawn through rich (which
    highlights and wraps every line: seconds for the status of a large project)."""
    indent = 2 if sys.stdout.isatty() else None  # a pipe gets it compact: 4x faster to write
    sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=indent) + "\n")


def escape(text: str) -> str:
    """Text printed through rich as itself: `[red]` in a slug or a translation is not
    markup."""
    from rich.markup import escape as escape_markup

    return escape_markup(text)


ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        help="Project folder (holding l10n.toml or pyproject.toml with [tool.l10n]); "
        "by default the nearest one at or above the current folder.",
        file_okay=False,
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
SlugsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Article slugs (source/<slug>.html); all articles when omitted.",
        metavar="SLUG",
        show_default=False,
    ),
]
LocaleOption = Annotated[
    list[str] | None,
    typer.Option(
        "--locale",
        "-l",
        metavar="LOCALE",
        help="POSIX locale code (zh_CN, ru, fa); repeatable. Default: all configured.",
    ),
]
CheckOption = Annotated[
    bool,
    typer.Option("--check", help="Write nothing; exit 3 if any file is out of date (for CI)."),
]


@contextmanager
def reported() -> Iterator[None]:
    """Turn a user-fixable error into one line on stderr and its exit code."""
    try:
        yield
    except L10nError as error:
        err.print(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(code=error.exit_code) from None


def find_chosen_project(option: Path | None) -> "Project":
    """The project `--project` names, or the nearest one at or above the current folder."""
    from l10n.project import find_project

    if option is not None:
        return find_project(option, explicit=True)
    return find_project(Path.cwd())


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for machines (see README).")
]
