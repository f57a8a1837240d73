"""`l10n review`: editors approve, reject and revoke; the trail is verified and read."""

# No `from __future__ import annotations` here: typer reads every command's
# annotations at start-up, and string annotations cost an eval() each (a third of
# `l10n --version`). Names imported only for type checking are quoted.

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from l10n.cli.console import (
    FormatOption,
    LocaleOption,
    OutputFormat,
    ProjectOption,
    SlugsArgument,
    err,
    escape,
    find_chosen_project,
    out,
    reported,
)

# The steps are imported by the commands that run them (start-up, as in cli/main.py).
if TYPE_CHECKING:
    from l10n.steps.review import Action, ReviewResult, Selection

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
    rich_markup_mode=None,  # plain help, as cli/main.py says why
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
KeyOption = Annotated[
    Path | None,
    typer.Option(
        "--key",
        help="OpenSSH private key that signs for you (default: $L10N_SIGNING_KEY, git's "
        "user.signingkey, or your registered key in ssh-agent).",
        dir_okay=False,
        show_default=False,
    ),
]


def _review(
    action: "Action",
    slugs: list[str] | None,
    editor: str,
    locale: str,
    project: Path | None,
    selection: "Selection",
    key: Path | None,
    note: str = "",
) -> None:
    from l10n.steps.common import locales_of
    from l10n.steps.review import acting_person, review_entries

    with reported():
        chosen = find_chosen_project(project)
        locales_of(chosen, [locale])
        result = review_entries(
            chosen,
            action,
            editor_id=editor,
            locale=locale,
            selection=replace(selection, slugs=tuple(slugs or ())),
            key_path=key,
            now=datetime.now(UTC).replace(microsecond=0),
            actor=acting_person(chosen),
            note=note,
        )
    _print_review(result, action)


def _selection(
    match: str | None, select_all: bool, *, include_rejected: bool = False
) -> "Selection":
    from l10n.steps.review import Selection

    if match is None and not select_all:
        raise typer.BadParameter("choose entries with --match TEXT or --all")
    return Selection(match=match, include_rejected=include_rejected)


_DONE = {"approve": "approved", "reject": "rejected", "revoke": "revoked", "resign": "signed again"}


def _print_review(result: "ReviewResult", action: "Action") -> None:
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    for path, count in result.changed:
        out.print(f"{escape(path)}: {count} {_DONE[action.value]}")
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
    include_rejected: Annotated[
        bool,
        typer.Option("--include-rejected", help="Also approve entries an editor rejected."),
    ] = False,
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Sign off translations with your key: clears fuzzy, adds your review line, appends
    the signed event to the ledger.

    An entry with a check error is refused (exit 3); fix it first. Rejected entries are
    skipped unless --include-rejected.
    """
    from l10n.steps.review import Action

    selection = _selection(match, select_all, include_rejected=include_rejected)
    _review(Action.APPROVE, slugs, editor, locale, project, selection, key)


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
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Send translations back to the translator as fuzzy, with a comment saying why
    (signed with your key)."""
    from l10n.steps.review import Action

    _review(Action.REJECT, slugs, editor, locale, project, _selection(match, select_all), key,
            note)  # fmt: skip


@review_app.command("revoke")
def review_revoke(
    editor: EditorOption,
    locale: OneLocaleOption,
    slugs: SlugsArgument = None,
    match: MatchOption = None,
    select_all: AllOption = False,
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Withdraw your sign-off from entries (signed, logged in the ledger)."""
    from l10n.steps.review import Action

    _review(Action.REVOKE, slugs, editor, locale, project, _selection(match, select_all), key)


@review_app.command("resign")
def review_resign(
    editor: EditorOption,
    locale: OneLocaleOption,
    slugs: SlugsArgument = None,
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Sign again, with your key, the sign-offs you made before events were signed: each
    entry whose text is still what you approved gets a fresh signed approval."""
    from l10n.steps.review import Action, Selection

    _review(Action.RESIGN, slugs, editor, locale, project, Selection(), key)


@review_app.command("signers")
def review_signers(project: ProjectOption = None) -> None:
    """Print editors.toml as an OpenSSH allowed-signers file, so that anyone can check a
    sign-off with `ssh-keygen -Y verify -f FILE -I EDITOR -n l10n-review`."""
    from l10n.review.registry import allowed_signers, read_editors

    with reported():
        chosen = find_chosen_project(project)
        signers = allowed_signers(read_editors(chosen.editors_path))
    out.print(signers, end="")


@review_app.command("verify")
def review_verify(
    locale: LocaleOption = None,
    slugs: SlugsArgument = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="A git revision (a pull request's base): also fail when a ledger line it had "
            "was removed or changed, an event is backdated, or editors.toml changed.",
            show_default=False,
        ),
    ] = None,
    allow_registry_changes: Annotated[
        bool,
        typer.Option(
            "--allow-registry-changes", help="With --base: list editors.toml changes, do not fail."
        ),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Check the review trail: exit 3 when a review line has no valid signed event behind
    it, or a ledger line is invalid, unsigned, forged or links to a removed line (see the
    README). Stale reviews are listed and do not fail."""
    from l10n.errors import CheckFailed
    from l10n.steps.common import locales_of
    from l10n.steps.verify import verify_reviews

    with reported():
        chosen = find_chosen_project(project)
        result = verify_reviews(
            chosen,
            locales=locales_of(chosen, locale),
            slugs=slugs or [],
            base=base,
            allow_registry_changes=allow_registry_changes,
        )
        for line in (*result.notes, *result.stale, *result.problems):
            out.print(escape(line))
        problems = result.problems
        if problems:
            raise CheckFailed(
                f"{len(problems)} problem{'s' * (len(problems) != 1)} in the review trail"
            )
    stale = len(result.stale)
    out.print(
        "review trail verified: every counting review has its signed approve event"
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
    import json

    from l10n.steps.review import review_log

    with reported():
        events = review_log(
            find_chosen_project(project), locales=locale, editor=editor, since=since
        )
    if output is OutputFormat.json:
        out.print_json(
            json.dumps(
                {
                    "events": [
                        json.loads(e.event.to_json())
                        | {"locale": e.locale, "counts": e.problem is None, "problem": e.problem}
                        for e in events
                    ]
                },
                ensure_ascii=False,
            )
        )
        return
    from rich.table import Table

    table = Table(
        "time", "locale", "event", "editor", "actor", "article", "source", "counts",
        title="Review log",
    )  # fmt: skip
    for logged in events:
        event = logged.event
        shown = event.msgid if len(event.msgid) <= 50 else event.msgid[:47] + "..."
        table.add_row(
            f"{event.time:%Y-%m-%d %H:%M}",
            logged.locale,
            event.event.value,
            event.editor,
            event.actor,
            event.slug,
            escape(shown),
            "yes" if logged.problem is None else escape(f"no: {logged.problem}"),
        )
    out.print(table)


@review_app.command("walk", hidden=True)
def review_walk(
    editor: EditorOption,
    locale: OneLocaleOption,
    slugs: SlugsArgument = None,
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Walk entries waiting for review: approve, reject with a note, skip or quit."""
    import difflib

    from l10n.checks.finding import Severity
    from l10n.steps.common import locales_of
    from l10n.steps.review import (
        Action,
        Selection,
        acting_person,
        pending_entries,
        review_entries,
        signer_for,
    )

    with reported():
        chosen = find_chosen_project(project)
        locales_of(chosen, [locale])
        now = datetime.now(UTC).replace(microsecond=0)
        signer_for(chosen, editor_id=editor, locale=locale, key_path=key, now=now)
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
                selection=Selection(slugs=(item.key[0],), seen={item.key: item.digest}),
                key_path=key,
                now=datetime.now(UTC).replace(microsecond=0),
                actor=actor,
                note=note,
            )
        for refusal in result.refused:
            err.print(escape(refusal))
        for path, count in result.changed:
            out.print(f"{escape(path)}: {count} {_DONE[action.value]}")
