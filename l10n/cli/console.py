"""What every command shares: the consoles, the option aliases, finding the project, and
turning a user-fixable error into one line and its exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from l10n.errors import L10nError
from l10n.project import Project, find_project

__all__ = [
    "CheckOption",
    "FormatOption",
    "LocaleOption",
    "OutputFormat",
    "ProjectOption",
    "QuietOption",
    "SlugsArgument",
    "err",
    "find_chosen_project",
    "out",
    "reported",
]

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        help="Project folder (holding l10n.toml or pyproject.toml with \\[tool.l10n]); "
        "by default the nearest one at or above the current folder.",
        file_okay=False,
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
SlugsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Article slugs (source/<slug>.html); all articles when omitted.", show_default=False
    ),
]
LocaleOption = Annotated[
    list[str] | None,
    typer.Option(
        "--locale",
        "-l",
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


def find_chosen_project(option: Path | None) -> Project:
    """The project `--project` names, or the nearest one at or above the current folder."""
    if option is not None:
        return find_project(option, explicit=True)
    return find_project(Path.cwd())


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for machines (see README).")
]
