"""The `l10n` command line: arguments in, one core call, plain lines out, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import Enum
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from l10n import __version__
from l10n.project import Project, find_project
from l10n.report import Progress, State
from l10n.checks import Severity
from l10n.errors import CheckFailed, L10nError
from l10n.workflow import StepResult, check, extract, status, update

__all__ = ["app"]

app = typer.Typer(
    name="l10n",
    help=(
        "Localization workflow for newsroom articles: extract source/<slug>.html into "
        "gettext templates, keep per-locale catalogs merged, review, and build localized pages."
    ),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

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
    typer.Argument(help="Article slugs (source/<slug>.html); all articles when omitted.", show_default=False),
]
LocaleOption = Annotated[
    list[str] | None,
    typer.Option(
        "--locale", "-l", help="POSIX locale code (zh_CN, ru, fa); repeatable. Default: all configured."
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


def _project(option: Path | None) -> Project:
    if option is not None:
        return find_project(option, explicit=True)
    return find_project(Path.cwd())


def _print_step(result: StepResult, *, quiet: bool) -> None:
    if not quiet:
        for outcome in result.outcomes:
            if outcome.changed:
                out.print(f"{escape(outcome.path)}: {escape(outcome.summary)}")
    for error in result.errors:
        err.print(f"[red]error:[/] {escape(str(error))}")
    if result.errors:
        raise typer.Exit(code=max(error.exit_code for error in result.errors))


def _version(value: bool) -> None:
    if value:
        out.print(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Localization workflow for newsroom articles.

    source/<slug>.html → extract → locales/<slug>.pot → update → locales/<locale>/<slug>.po
    → review → build → site/<locale>/<slug>.html
    """


@app.command("extract")
def extract_command(
    slugs: SlugsArgument = None,
    project: ProjectOption = None,
    check: CheckOption = False,
    quiet: QuietOption = False,
) -> None:
    """Extract articles into gettext templates, locales/<slug>.pot.

    Prints one line per template written; an unchanged article's template is left as it is.
    """
    with reported():
        result = extract(_project(project), slugs or [], check=check)
    _print_step(result, quiet=quiet)


@app.command("update")
def update_command(
    slugs: SlugsArgument = None,
    locale: LocaleOption = None,
    project: ProjectOption = None,
    check: CheckOption = False,
    quiet: QuietOption = False,
) -> None:
    """Create or merge locales/<locale>/<slug>.po from each article's template.

    Works as msgmerge --previous: unchanged text keeps its translation, changed text
    inherits the closest old translation as fuzzy with the previous source shown, removed
    text becomes obsolete and comes back if the text returns. Prints one line per
    catalog written: new, fuzzy and obsolete entries.
    """
    with reported():
        result = update(_project(project), slugs or [], locales=locale, check=check)
    _print_step(result, quiet=quiet)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for machines (see README).")
]


@app.command("status")
def status_command(
    slugs: SlugsArgument = None,
    locale: LocaleOption = None,
    project: ProjectOption = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """How far each article is in each locale: segments and source words that are
    translated, fuzzy and untranslated.

    Words are counted as translation vendors bill them: a run of letters or digits is
    one word, and each Chinese, Japanese or Korean character is one word.
    """
    with reported():
        progress = status(_project(project), slugs or [], locales=locale)
    if output is OutputFormat.json:
        out.print_json(json.dumps(_progress_json(progress), ensure_ascii=False))
        return
    table = Table("article", "locale", *(state.value for state in State), "total", title="Progress (words / segments)")
    for code in dict.fromkeys(item.locale for item in progress):
        mine = [item for item in progress if item.locale == code]
        for item in mine:
            cells = [f"{item.by_state[s].words} / {item.by_state[s].segments}" for s in State]
            table.add_row(item.slug, item.locale, *cells, f"{item.total.words} / {item.total.segments}")
        sums = [
            f"{sum(i.by_state[s].words for i in mine)} / {sum(i.by_state[s].segments for i in mine)}" for s in State
        ]
        total = f"{sum(i.total.words for i in mine)} / {sum(i.total.segments for i in mine)}"
        table.add_row("all articles", code, *sums, total, end_section=True)
    out.print(table)


def _progress_json(progress: list[Progress]) -> dict[str, object]:
    return {
        "articles": [
            {
                "slug": item.slug,
                "locale": item.locale,
                **{s.value: {"segments": item.by_state[s].segments, "words": item.by_state[s].words} for s in State},
                "total": {"segments": item.total.segments, "words": item.total.words},
            }
            for item in progress
        ]
    }


@app.command("check")
def check_command(
    slugs: SlugsArgument = None,
    locale: LocaleOption = None,
    project: ProjectOption = None,
    sources: Annotated[
        bool, typer.Option("--sources", help="Check the source pages instead of the translations.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 3 on warnings too.")] = False,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Check translations (placeholders, markup, bidi controls, plurals, numbers, URLs,
    glossary, punctuation, length) or, with --sources, the source pages (junk markup,
    encoding damage, missing spaces, required selectors).

    Prints findings as path:line: severity: message; exits 3 on errors (--strict: on
    warnings too).
    """
    with reported():
        findings = check(_project(project), slugs or [], locales=locale, sources=sources)
    if output is OutputFormat.json:
        records = [
            {"path": f.path, "line": f.line, "severity": f.severity.value, "code": f.code, "message": f.message}
            for f in findings
        ]
        out.print_json(json.dumps({"findings": records}, ensure_ascii=False))
    else:
        for finding in findings:
            out.print(escape(str(finding)))
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    if output is OutputFormat.text and findings:
        err.print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if errors or (strict and warnings):
        with reported():
            raise CheckFailed("checks failed" if errors else "warnings under --strict")
