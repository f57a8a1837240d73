"""`l10n review`: editors approve, reject and revoke; the trail is verified and read."""

from __future__ import annotations

import difflib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from l10n.checks.finding import Severity
from l10n.cli.console import (
    FormatOption,
    LocaleOption,
    OutputFormat,
    ProjectOption,
    SlugsArgument,
    err,
    find_chosen_project,
    out,
    reported,
)
from l10n.errors import CheckFailed
from l10n.steps.common import locales_of
from l10n.steps.review import (
    Action,
    ReviewResult,
    acting_person,
    pending_entries,
    review_entries,
    review_log,
    verify_reviews,
)

__all__ = ["review_app"]


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
        chosen = find_chosen_project(project)
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
        chosen = find_chosen_project(project)
        result = verify_reviews(chosen, locales=locales_of(chosen, locale), slugs=slugs or [])
        for line in result.stale:
            out.print(escape(line))
        problems = result.problems
        for problem in problems:
            out.print(escape(problem))
        if problems:
            raise CheckFailed(
                f"{len(problems)} problem{'s' * (len(problems) != 1)} in the review trail"
            )
    stale = len(result.stale)
    out.print(
        "review trail verified: every counting review has its approve event"
        + (
            f"; {stale} stale review{'s' * (stale != 1)} (l10n update removes them)"
            if stale
            else ""
        )
    )


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
        events = review_log(
            find_chosen_project(project), locales=locale, editor=editor, since=since
        )
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
        chosen = find_chosen_project(project)
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
                now=datetime.now(UTC).replace(microsecond=0),
                actor=actor,
                seen={item.key: item.digest},
                note=note,
            )
        for refusal in result.refused:
            err.print(escape(refusal))
        for path, count in result.changed:
            out.print(f"{escape(path)}: {count} {_DONE[action]}")
