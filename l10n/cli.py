"""The `l10n` command line: arguments in, one core call, plain lines out, exit codes."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress as ProgressBar
from rich.table import Table
from typer.core import TyperGroup

from l10n import __version__
from l10n.approval import (
    Action,
    ReviewResult,
    acting_person,
    pending_entries,
    review_entries,
    verify_reviews,
)
from l10n.build import build_site
from l10n.checks import Severity
from l10n.errors import CheckFailed, L10nError
from l10n.project import Project, find_project
from l10n.report import Progress, State
from l10n.workflow import (
    StepResult,
    check,
    editor_records,
    extract,
    import_article,
    locales_of,
    review_log,
    status,
    update,
    write_report,
)

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


class OutputFormat(StrEnum):
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
        progress = status(_project(project), slugs or [], locales=locale)
    if output is OutputFormat.json:
        out.print_json(json.dumps(_progress_json(progress), ensure_ascii=False))
        return
    table = Table(
        "article",
        "locale",
        *(state.value for state in State),
        "stale",
        "total",
        title="Progress (words / segments)",
    )
    for code in dict.fromkeys(item.locale for item in progress):
        mine = [item for item in progress if item.locale == code]
        for item in mine:
            cells = [_tally(item.by_state[s].words, item.by_state[s].segments) for s in State]
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
            for s in State
        ]
        stale = _tally(sum(i.stale.words for i in mine), sum(i.stale.segments for i in mine))
        total = _tally(sum(i.total.words for i in mine), sum(i.total.segments for i in mine))
        table.add_row("all articles", code, *sums, stale, total, end_section=True)
    out.print(table)


def _tally(words: int, segments: int) -> str:
    return f"{words} / {segments}"


def _status_by_editor(project: Path | None, locale: list[str] | None, output: OutputFormat) -> None:
    with reported():
        records = editor_records(_project(project), locales=locale)
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


def _progress_json(progress: list[Progress]) -> dict[str, object]:
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
                    for s in State
                },
                "stale": {"segments": item.stale.segments, "words": item.stale.words},
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


class _ReviewGroup(TyperGroup):
    """`l10n review --editor ID --locale L [SLUG]` with no action walks entries one by one."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if not any(arg in self.commands for arg in args) and not {"--help", "-h"} & set(args):
            args = ["walk", *args]
        return super().parse_args(ctx, args)


review_app = typer.Typer(
    cls=_ReviewGroup,
    no_args_is_help=True,
    help="Editors sign off translations: approve, reject, revoke; verify the trail; read the log. "
    "Without an action, walks the entries waiting for review one by one.",
)
app.add_typer(review_app, name="review")

EditorOption = Annotated[
    str, typer.Option("--editor", help="Editor id from editors.toml.", show_default=False)
]
OneLocaleOption = Annotated[
    str, typer.Option("--locale", "-l", help="POSIX locale code.", show_default=False)
]
MatchOption = Annotated[
    str | None,
    typer.Option("--match", help="Only entries whose source or translation contains this text."),
]
AllOption = Annotated[bool, typer.Option("--all", help="Every entry in the chosen articles.")]


def _review(
    action: Action,
    slugs: list[str] | None,
    editor: str,
    locale: str,
    project: Path | None,
    match: str | None,
    select_all: bool,
    note: str,
) -> None:
    if match is None and not select_all:
        raise typer.BadParameter("choose entries with --match TEXT or --all")
    with reported():
        chosen = _project(project)
        locales_of(chosen, [locale])
        result = review_entries(
            chosen,
            action,
            editor_id=editor,
            locale=locale,
            slugs=slugs or [],
            now=datetime.now(UTC).replace(microsecond=0),
            actor=acting_person(chosen),
            match=match,
            note=note,
        )
    _print_review(result, action)


_DONE = {Action.APPROVE: "approved", Action.REJECT: "rejected", Action.REVOKE: "revoked"}


def _print_review(result: ReviewResult, action: Action) -> None:
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    for path, count in result.changed:
        out.print(f"{escape(path)}: {count} {_DONE[action]}")
    for refusal in result.refused:
        err.print(escape(refusal))
    if result.refused:
        raise typer.Exit(code=3)


@review_app.command("approve")
def review_approve(
    editor: EditorOption,
    locale: OneLocaleOption,
    slugs: SlugsArgument = None,
    match: MatchOption = None,
    select_all: AllOption = False,
    project: ProjectOption = None,
) -> None:
    """Sign off translations: clears fuzzy, adds your review line, logs it in the ledger.

    An entry with a check error is refused (exit 3); fix it first.
    """
    _review(Action.APPROVE, slugs, editor, locale, project, match, select_all, "")


@review_app.command("reject")
def review_reject(
    editor: EditorOption,
    locale: OneLocaleOption,
    note: Annotated[
        str, typer.Option("--note", help="Why, for the translator.", show_default=False)
    ],
    slugs: SlugsArgument = None,
    match: MatchOption = None,
    select_all: AllOption = False,
    project: ProjectOption = None,
) -> None:
    """Send translations back to the translator as fuzzy, with a comment saying why."""
    _review(Action.REJECT, slugs, editor, locale, project, match, select_all, note)


@review_app.command("revoke")
def review_revoke(
    editor: EditorOption,
    locale: OneLocaleOption,
    slugs: SlugsArgument = None,
    match: MatchOption = None,
    select_all: AllOption = False,
    project: ProjectOption = None,
) -> None:
    """Withdraw your sign-off from entries (logged in the ledger)."""
    _review(Action.REVOKE, slugs, editor, locale, project, match, select_all, "")


@review_app.command("verify")
def review_verify(
    locale: LocaleOption = None,
    slugs: SlugsArgument = None,
    project: ProjectOption = None,
) -> None:
    """Check the review trail: exit 3 when a counting review line has no approve event
    (typed by hand), a ledger line is not valid, or an event's editor was not registered
    for the locale."""
    with reported():
        chosen = _project(project)
        problems = verify_reviews(chosen, locales=locales_of(chosen, locale), slugs=slugs or [])
        for problem in problems:
            out.print(escape(problem))
        if problems:
            raise CheckFailed(
                f"{len(problems)} problem{'s' * (len(problems) != 1)} in the review trail"
            )
    out.print("review trail verified: every counting review has its approve event")


@review_app.command("log")
def review_log_command(
    editor: Annotated[
        str | None, typer.Option("--editor", help="Only this editor's events.")
    ] = None,
    locale: LocaleOption = None,
    since: Annotated[
        datetime | None,
        typer.Option("--since", help="Only events on or after this date.", formats=["%Y-%m-%d"]),
    ] = None,
    project: ProjectOption = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """The review history from the ledgers: who approved, rejected, revoked what, and when."""
    with reported():
        events = review_log(_project(project), locales=locale, editor=editor, since=since)
    if output is OutputFormat.json:
        out.print_json(
            json.dumps(
                {"events": [json.loads(e.to_json()) | {"locale": code} for code, e in events]},
                ensure_ascii=False,
            )
        )
        return
    table = Table(
        "time", "locale", "event", "editor", "actor", "article", "source", title="Review log"
    )
    for code, event in events:
        shown = event.msgid if len(event.msgid) <= 50 else event.msgid[:47] + "..."
        table.add_row(
            f"{event.time:%Y-%m-%d %H:%M}",
            code,
            event.event.value,
            event.editor,
            event.actor,
            event.slug,
            escape(shown),
        )
    out.print(table)


@review_app.command("walk", hidden=True)
def review_walk(
    editor: EditorOption,
    locale: OneLocaleOption,
    slugs: SlugsArgument = None,
    project: ProjectOption = None,
) -> None:
    """Walk entries waiting for review: approve, reject with a note, skip or quit."""
    with reported():
        chosen = _project(project)
        locales_of(chosen, [locale])
        now = datetime.now(UTC).replace(microsecond=0)
        pending = pending_entries(
            chosen, editor_id=editor, locale=locale, slugs=slugs or [], now=now
        )
        actor = acting_person(chosen)
    if not pending:
        out.print("nothing waiting for review")
        return
    for number, item in enumerate(pending, 1):
        out.rule(
            f"{number}/{len(pending)}  {escape(item.path)}:{item.line}"
            + ("  (fuzzy)" if item.fuzzy else "")
        )
        out.print(f"[b]source[/]       {escape(item.msgid)}")
        if item.fuzzy and item.previous_msgid:
            diff = difflib.ndiff([item.previous_msgid], [item.msgid])
            out.print(
                "[b]source diff[/]  "
                + escape("\n              ".join(line for line in diff if line.strip()))
            )
        out.print(f"[b]translation[/]  {escape(item.msgstr)}")
        for finding in item.findings:
            colour = "red" if finding.severity is Severity.ERROR else "yellow"
            out.print(f"[{colour}]{finding.severity.value}[/]: {escape(finding.message)}")
        choice = (
            typer.prompt("[a]pprove, [r]eject, [s]kip, [q]uit", default="s").strip().lower()[:1]
        )
        if choice == "q":
            break
        if choice not in ("a", "r"):
            continue
        note = typer.prompt("note for the translator") if choice == "r" else ""
        action = Action.APPROVE if choice == "a" else Action.REJECT
        with reported():
            result = review_entries(
                chosen,
                action,
                editor_id=editor,
                locale=locale,
                slugs=[item.key[0]],
                now=now,
                actor=actor,
                keys={item.key},
                note=note,
            )
        for refusal in result.refused:
            err.print(escape(refusal))
        for path, count in result.changed:
            out.print(f"{escape(path)}: {count} {_DONE[action]}")


@app.command("build")
def build_command(
    slugs: SlugsArgument = None,
    locale: LocaleOption = None,
    project: ProjectOption = None,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            help="reviewed or translated: which translations the pages use. Default: configured.",
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
    with reported():
        chosen = _project(project)
        codes = locales_of(chosen, locale)
        articles = chosen.slugs(slugs or [])
        with ProgressBar(console=err, transient=True, disable=quiet or len(articles) < 5) as bar:
            task = bar.add_task("building", total=len(articles))
            result = build_site(
                chosen,
                articles,
                locales=codes,
                policy=policy or chosen.config.policy,
                jobs=jobs,
                unpublish=unpublish,
                pseudo=pseudo,
                progress=lambda _slug: bar.advance(task),
            )
    for page in result.pages:
        if page.state == "unchanged":
            continue
        for note in page.notes:
            err.print(escape(note))
        if not quiet and page.state == "written":
            out.print(f"{escape(page.path)}: {escape(page.detail)}")
        elif page.state != "written":
            words = {"held": "not published", "stale": "kept but stale", "unpublished": "removed"}
            err.print(f"{escape(page.path)}: {words[page.state]}: {escape(page.detail)}")
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
    with reported():
        result = import_article(_project(project), file, slug=slug)
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
    with reported():
        outcome = write_report(_project(project), locales=locale, now=datetime.now(UTC))
    if outcome.changed and not quiet:
        out.print(f"{escape(outcome.path)}: {escape(outcome.summary)}")
