"""The `l10n` command line: arguments in, one core call, plain lines out, exit codes."""

# No `from __future__ import annotations` here: typer reads every command's
# annotations at start-up, and string annotations cost an eval() each (a third of
# `l10n --version`). Names imported only for type checking are quoted.

import copy
import gc
import itertools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from l10n import __version__
from l10n.cli.console import (
    CheckOption,
    CommandGroup,
    FormatOption,
    JobsOption,
    LocaleOption,
    OutputFormat,
    ProjectOption,
    QuietOption,
    SlugsArgument,
    err,
    error_record,
    escape,
    fail,
    find_chosen_project,
    out,
    plural,
    print_failures,
    print_json,
    print_json_list,
    progress_bar,
    reported,
    say,
    warn,
)
from l10n.cli.review import review_app
from l10n.errors import first_few
from l10n.review.policy import Policy

# Each command imports its step when it runs: start-up is paid by every command, and
# `l10n --version` or `l10n status` in an empty project should not load the page parser,
# the checks and the signature code (issue 15, docs/architecture.md "Start-up").
if TYPE_CHECKING:
    from l10n.project import Project
    from l10n.steps.common import StepResult

__all__ = ["app", "narrowed", "run"]

app = typer.Typer(
    name="l10n",
    help=(
        "Localization workflow for newsroom articles: extract source/<slug>.html into "
        "gettext templates, keep per-locale catalogs merged, review, and build localized pages."
    ),
    cls=CommandGroup,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    # Plain help, as click writes it: drawing it with rich takes longer than all the rest
    # of `l10n --help` (issue 15), and plain text is what a pipe or a pager wants anyway.
    rich_markup_mode=None,
)
app.add_typer(review_app, name="review")


def _step_json(result: "StepResult", *, total: int) -> dict[str, object]:
    return {
        "files": [
            {"path": o.path, "changed": o.changed, "summary": o.summary, **dict(o.counts)}
            for o in result.outcomes
        ],
        "errors": [error_record(error) for error in result.errors],
        "total": total,
        "changed": sum(o.changed for o in result.outcomes),
        "unchanged": sum(not o.changed for o in result.outcomes),
        "failed": max(len(result.errors), total - len(result.outcomes)) if result.errors else 0,
    }


def _print_step(
    result: "StepResult",
    *,
    quiet: bool,
    as_json: bool,
    total: int,
    noun: str,
    done: str,
    left: tuple[str, ...] | None = None,
) -> None:
    """A step's record: one line per file written (stdout, or stderr under JSON), one
    line per failed item, a summary line on long runs and whenever something failed or
    the run was interrupted; exit 1 (3 for a check) when something failed, 130 when
    interrupted."""
    if as_json:
        record = _step_json(result, total=total)
        if left is not None:
            record |= {"interrupted": True, "not_done": list(left)}
        print_json(record)
    lines = err if as_json else out
    if not quiet:
        for outcome in result.outcomes:
            if outcome.changed:
                lines.print(f"{escape(outcome.path)}: {escape(outcome.summary)}")
    for error in result.errors:
        fail(str(error))
    changed = sum(o.changed for o in result.outcomes)
    unchanged = len(result.outcomes) - changed
    # A locale that could not be used is one error for all its catalogs.
    failed = max(len(result.errors), total - len(result.outcomes)) if result.errors else 0
    if left is not None:
        failed = len(result.errors)
        shown = first_few(left)
        err.print(
            f"interrupted: {changed} {done}, {unchanged} unchanged, {failed} failed; "
            f"{plural(len(left), noun)} not done" + (f": {escape(shown)}" if left else "")
        )
        raise typer.Exit(code=130)
    if (failed and total > 1) or (total >= _LONG and not quiet):  # one item: its line says it
        summary = f"{plural(total, noun)}: {changed} {done}, {unchanged} unchanged"
        err.print(summary + (f", {failed} failed (see above)" if failed else ""))
    if result.errors:
        raise typer.Exit(code=max(error.exit_code for error in result.errors))


#: How many items make a run long: a progress bar while it runs, a summary line after.
_LONG = 20


def _articles(chosen: "Project", slugs: list[str] | None) -> list[str]:
    """The articles a command works on; says so in one line when `source/` has none."""
    articles = chosen.slugs(slugs or [])
    if not articles:
        where = chosen.relative(chosen.source_dir)
        say(f"{where}/: no articles yet; add <slug>.html there or l10n import FILE")
    return articles


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
    jobs: JobsOption = None,
    quiet: QuietOption = False,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Extract articles into gettext templates, locales/<slug>.pot.

    Prints one line per template written; an unchanged article's template is left as it is.
    """
    from l10n.errors import Interrupted
    from l10n.steps.extract import extract

    as_json = output is OutputFormat.json
    with reported(as_json=as_json):
        chosen = find_chosen_project(project)
        articles = _articles(chosen, slugs)
        try:
            with progress_bar(len(articles), quiet=quiet, what="extracting") as advance:
                result = extract(
                    chosen,
                    slugs or [],
                    check=check,
                    jobs=jobs,
                    progress=advance,
                )
        except Interrupted as stopped:
            _print_step(stopped.done, quiet=quiet, as_json=as_json, total=len(articles),  # type: ignore[arg-type]
                        noun="template", done="written", left=stopped.left)  # fmt: skip
            return
    _print_step(result, quiet=quiet, as_json=as_json, total=len(articles), noun="template",
                done="written")  # fmt: skip


@app.command("update")
def update_command(
    slugs: SlugsArgument = None,
    locale: LocaleOption = None,
    project: ProjectOption = None,
    check: CheckOption = False,
    quiet: QuietOption = False,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Create or merge locales/<locale>/<slug>.po from each article's template.

    Works as msgmerge --previous: unchanged text keeps its translation, changed text
    inherits the closest old translation as fuzzy with the previous source shown, removed
    text becomes obsolete and comes back if the text returns. Prints one line per
    catalog written: new, fuzzy and obsolete entries.
    """
    from l10n.errors import Interrupted
    from l10n.steps.common import locales_of
    from l10n.steps.update import update

    as_json = output is OutputFormat.json
    with reported(as_json=as_json):
        chosen = find_chosen_project(project)
        total = len(_articles(chosen, slugs)) * len(locales_of(chosen, locale))
        try:
            with progress_bar(total, quiet=quiet, what="merging") as advance:
                result = update(chosen, slugs or [], locales=locale, check=check, progress=advance)
        except Interrupted as stopped:
            _print_step(stopped.done, quiet=quiet, as_json=as_json, total=total,  # type: ignore[arg-type]
                        noun="catalog", done="written", left=stopped.left)  # fmt: skip
            return
    _print_step(result, quiet=quiet, as_json=as_json, total=total, noun="catalog",
                done="written")  # fmt: skip


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
    jobs: JobsOption = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """How far each article is in each locale: segments and source words that are
    reviewed, translated, fuzzy and untranslated, and reviews gone stale.

    Words are counted as translation vendors bill them: a run of letters or digits is
    one word, and each Chinese, Japanese or Korean character is one word. Piped, the
    table is tab-separated, names in full.
    """
    as_json = output is OutputFormat.json
    if by_editor:
        _status_by_editor(project, locale, output)
        return
    with reported(as_json=as_json):
        chosen = find_chosen_project(project)
        articles = _articles(chosen, slugs)
        if not articles:  # said so; and nothing that judges catalogs is even imported
            if as_json:
                print_json({"articles": []})
            return
        from l10n.steps.common import locales_of
        from l10n.steps.status import status

        codes = locales_of(chosen, locale, configured_only=True)
        with progress_bar(len(articles), quiet=False, what="reading catalogs") as advance:
            result = status(chosen, slugs or [], locales=codes, jobs=jobs, progress=advance)
    for warning in result.warnings:
        warn(warning)
    from l10n.cli.progress import article_records, print_status_table

    progress = list(result.progress)
    if as_json:
        failed = (
            {"slug": slug, "locale": code} | error_record(error)
            for slug, code, error in result.errors
        )
        print_json_list("articles", itertools.chain(article_records(progress), failed))
    else:
        print_status_table(progress)
    print_failures(
        [error for _slug, _code, error in result.errors],
        of=len(articles) * len(codes),
        noun="catalog",
    )


def _status_by_editor(project: Path | None, locale: list[str] | None, output: OutputFormat) -> None:
    from l10n.steps.common import locales_of
    from l10n.steps.status import editor_records

    as_json = output is OutputFormat.json
    with reported(as_json=as_json):
        chosen = find_chosen_project(project)
        codes = locales_of(chosen, locale, configured_only=True)
        records, errors = editor_records(chosen, locales=codes)
    from l10n.cli.progress import print_editor_records

    print_editor_records(records, as_json=as_json)
    print_failures(errors, of=len(chosen.slugs([])) * len(codes), noun="catalog")


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
    warnings too), 1 when a file could not be checked.
    """
    from l10n.checks.finding import Severity
    from l10n.steps.check import check
    from l10n.steps.common import locales_of

    as_json = output is OutputFormat.json
    with reported(as_json=as_json):
        chosen = find_chosen_project(project)
        codes = None if sources else locales_of(chosen, locale, configured_only=True)
        articles = _articles(chosen, slugs)
        total = len(articles) * (1 if sources else len(codes or ()))
        with progress_bar(total, quiet=False, what="checking") as advance:
            result = check(chosen, slugs or [], locales=codes, sources=sources, progress=advance)
    findings = result.findings
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    if as_json:
        records: list[dict[str, object]] = [
            {
                "path": f.path,
                "line": f.line,
                "severity": f.severity.value,
                "code": f.code,
                "message": f.message,
            }
            for f in findings
        ]
        print_json(
            {
                "findings": records,
                "errors": [error_record(error) for error in result.errors],
                "checked": result.checked,
                "summary": {"errors": errors, "warnings": warnings, "failed": len(result.errors)},
            }
        )
    else:
        for finding in findings:
            out.print(escape(str(finding)))
    if findings or result.checked >= _LONG:
        err.print(f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in "
                  f"{plural(result.checked, 'file')}")  # fmt: skip
    if not result.checked and articles:
        err.print("nothing to check: no catalogs yet; run l10n update first")
    noun = "page" if sources else "catalog"
    code = print_failures(result.errors, of=result.checked, noun=noun, then_exit=False)
    if errors or (strict and warnings):
        err.print(f"[red]error:[/] {'checks failed' if errors else 'warnings under --strict'}")
        code = 3
    if code:
        raise typer.Exit(code=code)


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
    jobs: JobsOption = None,
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
    output: FormatOption = OutputFormat.text,
) -> None:
    """Build localized pages into site/<locale>/<slug>.html, and the source-language page.

    A variant is published when its usable share of source words reaches the threshold and
    every segment inside a required selector is usable; otherwise build says why and keeps
    any earlier page, reported stale. Articles whose inputs did not change are skipped.
    Ends with one summary line: published and held back, per locale.
    """
    from l10n.cli.building import BuildPrinter
    from l10n.steps.build import build_site
    from l10n.steps.common import locales_of

    as_json = output is OutputFormat.json
    with reported(as_json=as_json):
        chosen = find_chosen_project(project)
        codes = locales_of(chosen, locale)
        articles = _articles(chosen, slugs)
        printer = BuildPrinter(chosen, articles, quiet=quiet, as_json=as_json)
        try:
            with progress_bar(len(articles), quiet=quiet, what="building") as advance:
                result = build_site(
                    chosen,
                    articles,
                    locales=codes,
                    policy=policy or Policy(chosen.config.policy),
                    jobs=jobs,  # None: decided from the articles that need building
                    unpublish=unpublish,
                    pseudo=pseudo,
                    on_page=printer.show,
                    progress=printer.counting(advance),
                )
        except KeyboardInterrupt:
            printer.interrupted()
    printer.finish(result, strict=strict)


@app.command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(help="An HTML page, or a plain-text capture of one.", show_default=False),
    ],
    slug: Annotated[
        str | None, typer.Option("--slug", help="Name in source/; by default from the file name.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing article of the same slug."),
    ] = False,
    project: ProjectOption = None,
    quiet: QuietOption = False,
) -> None:
    """Bring an article into source/: a page as it is, or a text capture made into a clean
    article page (grammar in the README). Injected markup is dropped and reported. An
    existing article is replaced only with --force."""
    from l10n.steps.importing import import_article

    with reported():
        result = import_article(find_chosen_project(project), file, slug=slug, force=force)
    for line in result.dropped:
        err.print(f"{escape(str(file))}: {escape(line)}")
    for line in result.missing:
        err.print(f"{escape(str(file))}: note: {escape(line)}")
    if result.outcome.changed and not quiet:
        out.print(f"{escape(result.outcome.path)}: {escape(result.outcome.summary)}")
    elif not result.outcome.changed:
        err.print(f"{escape(result.outcome.path)}: already holds this article; nothing changed")


@app.command("report")
def report_command(
    locale: LocaleOption = None,
    project: ProjectOption = None,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write the status dashboard, site/index.html: progress per article and locale,
    reviews and stale reviews, links to every built page, and why a variant is held back."""
    from datetime import UTC, datetime

    from l10n.steps.report import write_report

    with reported():
        chosen = find_chosen_project(project)
        articles = len(chosen.slugs([]))
        with progress_bar(articles, quiet=quiet, what="judging articles") as advance:
            result = write_report(
                chosen, locales=locale, now=datetime.now(UTC), jobs=jobs, progress=advance
            )
    outcome = result.outcome
    if outcome.changed and not quiet:
        out.print(f"{escape(outcome.path)}: {escape(outcome.summary)}")
    # Each article left off: one line, and a count when there were several (exit 1).
    print_failures(result.errors, of=result.articles + len(result.errors), noun="article")


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


def run() -> None:
    """The `l10n` command (the console script and `python -m l10n`).

    typer turns every registered command into a click command, reading each one's
    signature and options, before it parses a single argument: a fifth of a start
    (issue 15). Only the command asked for is needed, so only that one is handed to
    typer; the group's own help, a typo and anything unclear get every command, so the
    list of commands and click's "did you mean" are as they would be.
    """
    typer_app = narrowed(app, sys.argv[1:])
    try:
        typer_app()
    finally:
        # While Python shuts down, the collector walks every object still alive: about
        # 25 ms of a 160 ms `l10n --version` (issue 15). Frozen objects are skipped, and
        # nothing is garbage worth collecting once the process is ending.
        gc.freeze()


def narrowed(whole: typer.Typer, args: list[str]) -> typer.Typer:
    """`whole` with only the command that `args` name, or none for `--version`."""
    # The group has no options that take a value, so its first word is the command.
    name = next((arg for arg in args if not arg.startswith("-")), None)
    before = args[: args.index(name)] if name is not None else args
    if {"--help", "-h"} & set(before) or not args:
        return whole  # the group's help lists every command
    commands = [c for c in whole.registered_commands if c.name == name]
    groups = [g for g in whole.registered_groups if g.name == name]
    if name is not None and not commands and not groups:
        return whole  # an unknown word: click says so, with its suggestions
    narrowed = copy.copy(whole)
    narrowed.registered_commands = commands
    narrowed.registered_groups = groups
    return narrowed
