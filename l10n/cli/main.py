"""The `l10n` command line: arguments in, one core call, plain lines out, exit codes."""

# No `from __future__ import annotations` here: typer reads every command's
# annotations at start-up, and string annotations cost an eval() each (a third of
# `l10n --version`). Names imported only for type checking are quoted.

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from l10n import __version__
from l10n.cli.console import (
    CheckOption,
    FormatOption,
    LocaleOption,
    OutputFormat,
    ProjectOption,
    QuietOption,
    SlugsArgument,
    err,
    escape,
    find_chosen_project,
    out,
    print_json,
    reported,
    say,
)
from l10n.cli.review import review_app
from l10n.review.policy import Policy

# Each command imports its step when it runs: start-up is paid by every command, and
# `l10n --version` or `l10n status` in an empty project should not load the page parser,
# the checks and the signature code (issue 15, docs/architecture.md "Start-up").
if TYPE_CHECKING:
    from l10n.steps.build import PageOutcome
    from l10n.steps.common import StepResult
    from l10n.steps.progress import Progress

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
    # Plain help, as click writes it: drawing it with rich takes longer than all the rest
    # of `l10n --help` (issue 15), and plain text is what a pipe or a pager wants anyway.
    rich_markup_mode=None,
)
app.add_typer(review_app, name="review")


def _print_step(result: "StepResult", *, quiet: bool) -> None:
    if not quiet:
        for outcome in result.outcomes:
            if outcome.changed:
                out.print(f"{escape(outcome.path)}: {escape(outcome.summary)}")
    for error in result.errors:
        err.print(f"[red]error:[/] {escape(str(error))}")
    if result.errors:
        raise typer.Exit(code=max(error.exit_code for error in result.errors))


@contextmanager
def _progress_bar(total: int, *, quiet: bool, what: str) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for long work (20 files or more), gone when done."""
    if quiet or total < 20 or not sys.stderr.isatty():  # no bar, and no rich to import
        yield lambda _name: None
        return
    from rich.progress import Progress as ProgressBar

    with ProgressBar(console=err.console, transient=True, disable=quiet or total < 20) as bar:
        task = bar.add_task(what, total=total)
        yield lambda _name: bar.advance(task)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"l10n {__version__}")  # not through rich: importing it costs more
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
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
    from l10n.steps.extract import extract

    with reported():
        chosen = find_chosen_project(project)
        with _progress_bar(
            len(chosen.slugs(slugs or [])), quiet=quiet, what="extracting"
        ) as advance:
            result = extract(chosen, slugs or [], check=check, progress=advance)
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
    from l10n.steps.common import locales_of
    from l10n.steps.update import update

    with reported():
        chosen = find_chosen_project(project)
        total = len(chosen.slugs(slugs or [])) * len(locales_of(chosen, locale))
        with _progress_bar(total, quiet=quiet, what="merging") as advance:
            result = update(chosen, slugs or [], locales=locale, check=check, progress=advance)
    _print_step(result, quiet=quiet)


@app.command("status")
def status_command(
    slugs: SlugsArgument = None,
    locale: LocaleOption = None,
    project: ProjectOption = None,
    by_editor: Annotated[
        bool,
        typer.Option(
            "--by-editor", help="Per editor: what they signed off, what still counts, when."
        ),
    ] = False,
    output: FormatOption = OutputFormat.text,
) -> None:
    """How far each article is in each locale: segments and source words that are
    reviewed, translated, fuzzy and untranslated, and reviews gone stale.

    Words are counted as translation vendors bill them: a run of letters or digits is
    one word, and each Chinese, Japanese or Korean character is one word.
    """
    if by_editor:
        _status_by_editor(project, locale, output)
        return
    with reported():
        chosen = find_chosen_project(project)
        if not slugs and not chosen.slugs([]):  # before importing all that judges catalogs
            say("no articles in source/: add source/<slug>.html or run l10n import")
            if output is OutputFormat.json:
                print_json(_progress_json([]))
            return
        from l10n.steps.status import status

        result = status(chosen, slugs or [], locales=locale)
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    progress = list(result.progress)
    if output is OutputFormat.json:
        print_json(_progress_json(progress))
        return
    from rich.table import Table

    from l10n.steps.progress import PROGRESS_STATES

    table = Table(
        "article",
        "locale",
        *(state.value for state in PROGRESS_STATES),
        "stale",
        "total",
        title="Progress (words / segments)",
    )
    for code in dict.fromkeys(item.locale for item in progress):
        mine = [item for item in progress if item.locale == code]
        for item in mine:
            cells = [
                _tally(item.by_state[s].words, item.by_state[s].segments) for s in PROGRESS_STATES
            ]
            table.add_row(
                item.slug,
                code,
                *cells,
                _tally(item.stale.words, item.stale.segments),
                _tally(item.total.words, item.total.segments),
            )
        sums = [
            _tally(
                sum(i.by_state[s].words for i in mine), sum(i.by_state[s].segments for i in mine)
            )
            for s in PROGRESS_STATES
        ]
        stale = _tally(sum(i.stale.words for i in mine), sum(i.stale.segments for i in mine))
        total = _tally(sum(i.total.words for i in mine), sum(i.total.segments for i in mine))
        table.add_row("all articles", code, *sums, stale, total, end_section=True)
    out.print(table)


def _tally(words: int, segments: int) -> str:
    return f"{words} / {segments}"


def _status_by_editor(project: Path | None, locale: list[str] | None, output: OutputFormat) -> None:
    from l10n.steps.status import editor_records

    with reported():
        records = editor_records(find_chosen_project(project), locales=locale)
    if output is OutputFormat.json:
        rows = [
            {
                "id": r.editor.id,
                "name": r.editor.name,
                "locales": list(r.editor.locales),
                "approved": r.approved,
                "counting": r.counting,
                "last": r.last.strftime("%Y-%m-%dT%H:%M:%SZ") if r.last else None,
            }
            for r in records
        ]
        out.print_json(json.dumps({"editors": rows}, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(
        "editor", "name", "locales", "approved", "still counting", "last approval", title="Editors"
    )
    for r in records:
        last = f"{r.last:%Y-%m-%d %H:%M}" if r.last else "never"
        table.add_row(
            r.editor.id,
            r.editor.name,
            ", ".join(r.editor.locales),
            str(r.approved),
            str(r.counting),
            last,
        )
    out.print(table)


def _progress_json(progress: "list[Progress]") -> dict[str, object]:
    if not progress:
        return {"articles": []}
    from l10n.steps.progress import PROGRESS_STATES

    return {
        "articles": [
            {
                "slug": item.slug,
                "locale": item.locale,
                **{
                    s.value: {
                        "segments": item.by_state[s].segments,
                        "words": item.by_state[s].words,
                    }
                    for s in PROGRESS_STATES
                },
                "stale": {"segments": item.stale.segments, "words": item.stale.words},
                "rejected": {"segments": item.rejected.segments, "words": item.rejected.words},
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
    from l10n.checks.finding import Severity
    from l10n.errors import CheckFailed
    from l10n.steps.check import check

    with reported():
        findings = check(find_chosen_project(project), slugs or [], locales=locale, sources=sources)
    if output is OutputFormat.json:
        records = [
            {
                "path": f.path,
                "line": f.line,
                "severity": f.severity.value,
                "code": f.code,
                "message": f.message,
            }
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


@app.command("build")
def build_command(
    slugs: SlugsArgument = None,
    locale: LocaleOption = None,
    project: ProjectOption = None,
    policy: Annotated[
        Policy | None,
        typer.Option(
            "--policy",
            help="reviewed or translated: which translations the pages use. Default: configured.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Build articles in this many processes.")
    ] = 1,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 3 when a variant is held back.")
    ] = False,
    unpublish: Annotated[
        bool,
        typer.Option(
            "--unpublish", help="Remove earlier pages of variants that no longer pass the gate."
        ),
    ] = False,
    pseudo: Annotated[
        bool,
        typer.Option("--pseudo", help="Also build the pseudo-locale en_XA: accented, longer text."),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Build localized pages into site/<locale>/<slug>.html, and the source-language page.

    A variant is published when its usable share of source words reaches the threshold and
    every segment inside a required selector is usable; otherwise build says why and keeps
    any earlier page, reported stale. Articles whose inputs did not change are skipped.
    """
    from l10n.steps.build import PageState, build_site
    from l10n.steps.common import locales_of

    held = {
        PageState.HELD: "not published",
        PageState.STALE: "kept but stale",
        PageState.UNPUBLISHED: "removed",
    }
    with reported():
        chosen = find_chosen_project(project)
        codes = locales_of(chosen, locale)
        articles = chosen.slugs(slugs or [])
        with _progress_bar(len(articles), quiet=quiet, what="building") as advance:

            def show(page: "PageOutcome") -> None:
                for note in page.notes:
                    err.print(escape(note))
                if page.state is PageState.WRITTEN and not quiet:
                    out.print(f"{escape(page.path)}: {escape(page.detail)}")
                elif page.state in held:
                    err.print(f"{escape(page.path)}: {held[page.state]}: {escape(page.detail)}")

            result = build_site(
                chosen,
                articles,
                locales=codes,
                policy=policy or Policy(chosen.config.policy),
                jobs=jobs,
                unpublish=unpublish,
                pseudo=pseudo,
                on_page=show,
                progress=advance,
            )
    for error in result.errors:
        err.print(f"[red]error:[/] {escape(str(error))}")
    if result.errors:
        raise typer.Exit(code=1)
    if strict and result.held:
        raise typer.Exit(code=3)


@app.command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(help="An HTML page, or a plain-text capture of one.", show_default=False),
    ],
    slug: Annotated[
        str | None, typer.Option("--slug", help="Name in source/; by default from the file name.")
    ] = None,
    project: ProjectOption = None,
    quiet: QuietOption = False,
) -> None:
    """Bring an article into source/: a page as it is, or a text capture made into a clean
    article page (grammar in the README). Injected markup is dropped and reported."""
    from l10n.steps.importing import import_article

    with reported():
        result = import_article(find_chosen_project(project), file, slug=slug)
    for line in result.dropped:
        err.print(f"{escape(str(file))}: {escape(line)}")
    for line in result.missing:
        err.print(f"{escape(str(file))}: note: {escape(line)}")
    if result.outcome.changed and not quiet:
        out.print(f"{escape(result.outcome.path)}: {escape(result.outcome.summary)}")


@app.command("report")
def report_command(
    locale: LocaleOption = None,
    project: ProjectOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write the status dashboard, site/index.html: progress per article and locale,
    reviews and stale reviews, links to every built page, and why a variant is held back."""
    from datetime import UTC, datetime

    from l10n.steps.report import write_report

    with reported():
        outcome = write_report(find_chosen_project(project), locales=locale, now=datetime.now(UTC))
    if outcome.changed and not quiet:
        out.print(f"{escape(outcome.path)}: {escape(outcome.summary)}")


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    editor: Annotated[
        str | None, typer.Option(help="Sign approvals and rejections as this editor.")
    ] = None,
    key: Annotated[Path | None, typer.Option(help="The editor's SSH private key.")] = None,
    project: ProjectOption = None,
) -> None:
    """Serve the review desk: translate and sign off in the page itself, in a browser."""
    from l10n.serve.app import desk_settings, serve_desk

    with reported():
        settings = desk_settings(
            find_chosen_project(project), host=host, port=port, editor=editor, key_path=key
        )
        serve_desk(settings, on_ready=lambda url: out.print(f"l10n desk on {url} (Ctrl+C stops)"))
