"""`l10n review`: editors approve, reject and revoke; the trail is verified and read."""

# No `from __future__ import annotations` here: typer reads every command's
# annotations at start-up, and string annotations cost an eval() each (a third of
# `l10n --version`). Names imported only for type checking are quoted.

import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from l10n.cli.console import (
    FormatOption,
    JobsOption,
    LocaleOption,
    OutputFormat,
    ProjectOption,
    SlugsArgument,
    err,
    error_record,
    escape,
    fail,
    find_chosen_project,
    is_terminal,
    out,
    plural,
    print_failures,
    print_json,
    print_table,
    reported,
    warn,
)

# The steps are imported by the commands that run them (start-up, as in cli/main.py).
if TYPE_CHECKING:
    from l10n.errors import L10nError
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
            keep_going=True,
        )
    _print_review(result, action, locale=locale, match=selection.match)


def _selection(
    match: str | None, select_all: bool, *, include_rejected: bool = False
) -> "Selection":
    from l10n.steps.review import Selection

    if match is None and not select_all:
        raise typer.BadParameter("choose entries with --match TEXT or --all")
    if match is not None and select_all:
        raise typer.BadParameter("--match and --all exclude each other; give one")
    return Selection(match=match, include_rejected=include_rejected)


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


_DONE = {"approve": "approved", "reject": "rejected", "revoke": "revoked", "resign": "signed again"}


def _print_review(
    result: "ReviewResult", action: "Action", *, locale: str, match: str | None
) -> None:
    if result.changed:  # the warning says what the ledger records: only when it did
        for warning in result.warnings:
            warn(warning)
    for path, count in result.changed:
        out.print(f"{escape(path)}: {count} {_DONE[action.value]}")
    for refusal in result.refused:
        err.print(escape(refusal))
    code = print_failures(result.errors, of=result.catalogs, noun="catalog", then_exit=False)
    if result.refused:
        raise typer.Exit(code=3)
    if code:
        raise typer.Exit(code=code)
    if result.changed:
        return
    # Nothing done: say why, in one line; exit 1 when the filters matched nothing to act on.
    where = f"in {plural(result.catalogs, 'catalog')} of {locale}"
    chosen = f"--match {match!r}" if match is not None else "the chosen articles"
    if not result.catalogs:
        err.print(f"[red]error:[/] no catalogs in {escape(locale)}; run l10n update first")
        raise typer.Exit(code=1)
    if not result.matched:
        err.print(f"[red]error:[/] {escape(chosen)} matched no entry {escape(where)}")
        raise typer.Exit(code=1)
    if result.matched == result.untranslated:
        err.print(
            f"[red]error:[/] {escape(chosen)} matched {_entries(result.matched)} "
            f"{escape(where)}, none translated: nothing to {action.value}"
        )
        raise typer.Exit(code=1)
    matched = _entries(result.matched)
    err.print(
        f"nothing to {action.value}: {escape(chosen)} matched {matched} {escape(where)}, "
        f"none left to {action.value}"
    )


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
    output: FormatOption = OutputFormat.text,
    jobs: JobsOption = None,
) -> None:
    """Check the review trail: exit 3 when a review line has no valid signed event behind
    it, or a ledger line is invalid, unsigned, forged or links to a removed line (see the
    README). Stale reviews are listed and do not fail."""
    from l10n.steps.common import locales_of
    from l10n.steps.verify import verify_reviews

    as_json = output is OutputFormat.json
    with reported(as_json=as_json):
        chosen = find_chosen_project(project)
        result = verify_reviews(
            chosen,
            locales=locales_of(chosen, locale, configured_only=True),
            slugs=slugs or [],
            base=base,
            allow_registry_changes=allow_registry_changes,
            jobs=jobs,
        )
    problems, stale = result.problems, len(result.stale)
    if as_json:
        print_json(
            {
                "verified": not problems and not result.errors,
                "problems": list(problems),
                "stale": list(result.stale),
                "notes": list(result.notes),
                "errors": [error_record(error) for error in result.errors],
                "catalogs": result.catalogs,
            }
        )
    lines = err if as_json else out
    for line in (*result.notes, *result.stale, *problems):
        lines.print(escape(line))
    for error in result.errors:
        fail(str(error))
    if result.errors:
        err.print(f"{len(result.errors)} of {plural(result.catalogs, 'catalog')} could not be "
                  "read (see above)")  # fmt: skip
    if problems:
        err.print(f"[red]error:[/] {plural(len(problems), 'problem')} in the review trail")
        raise typer.Exit(code=3)
    if result.errors:
        raise typer.Exit(code=1)
    lines.print(
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
    """The review history from the ledgers: who approved, rejected, revoked what, and when.
    Piped, the table is tab-separated, the source text in full."""
    import json

    from l10n.steps.common import locales_of
    from l10n.steps.review import review_log

    as_json = output is OutputFormat.json
    with reported(as_json=as_json):
        chosen = find_chosen_project(project)
        codes = locales_of(chosen, locale, configured_only=True)
        events = review_log(chosen, locales=codes, editor=editor, since=since)
    if as_json:
        print_json(
            {
                "events": [
                    json.loads(e.event.to_json())
                    | {"locale": e.locale, "counts": e.problem is None, "problem": e.problem}
                    for e in events
                ]
            }
        )
        return
    if not events:
        err.print("no review events" + (f" by {escape(editor)}" if editor else "")
                  + (f" since {since:%Y-%m-%d}" if since else ""))  # fmt: skip
        return
    piped = not is_terminal(sys.stdout)
    rows = []
    for logged in events:
        event = logged.event
        shown = event.msgid if piped or len(event.msgid) <= 50 else event.msgid[:47] + "..."
        rows.append(
            [
                f"{event.time:%Y-%m-%d %H:%M}",
                logged.locale,
                event.event.value,
                event.editor,
                event.actor,
                event.slug,
                shown,
                "yes" if logged.problem is None else f"no: {logged.problem}",
            ]
        )
    print_table(
        "Review log",
        ["time", "locale", "event", "editor", "actor", "article", "source", "counts"],
        rows,
    )


@review_app.command("pending")
def review_pending(
    locale: LocaleOption = None,
    slugs: SlugsArgument = None,
    editor: Annotated[
        str | None,
        typer.Option("--editor", help="Check that this editor may review the locale now."),
    ] = None,
    project: ProjectOption = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """The entries waiting for review (translated or fuzzy, no review that counts), one
    line each as path:line: state: source; what the interactive review would walk."""
    from l10n.steps.common import locales_of
    from l10n.steps.review import pending_entries

    as_json = output is OutputFormat.json
    with reported(as_json=as_json):
        chosen = find_chosen_project(project)
        codes = locales_of(chosen, locale, configured_only=True)
        now = datetime.now(UTC).replace(microsecond=0)
        failed: list[L10nError] = []
        found = [
            (code, item)
            for code in codes
            for item in pending_entries(
                chosen, editor_id=editor, locale=code, slugs=slugs or [], now=now,
                on_error=failed.append,
            )
        ]  # fmt: skip
        catalogs = sum(
            1 for code in codes for _ in chosen.existing_catalogs(code, list(slugs or []))
        )
    if as_json:
        print_json(
            {
                "pending": [
                    {
                        "locale": code,
                        "slug": item.key[0],
                        "path": item.path,
                        "line": item.line,
                        "msgctxt": item.key[1],
                        "msgid": item.msgid,
                        "msgstr": item.msgstr,
                        "fuzzy": item.fuzzy,
                        "previous_msgid": item.previous_msgid,
                        "findings": [
                            {"severity": f.severity.value, "code": f.code, "message": f.message}
                            for f in item.findings
                        ],
                    }
                    for code, item in found
                ],
                "total": len(found),
                "errors": [error_record(error) for error in failed],
            }
        )
    else:
        for _code, item in found:
            state = "fuzzy" if item.fuzzy else "translated"
            source = item.msgid.replace("\n", " ")
            out.print(f"{escape(item.path)}:{item.line}: {state}: {escape(source)}")
    where = ", ".join(codes)
    if found:
        err.print(f"{_entries(len(found))} waiting for review in {escape(where)}")
    else:
        err.print(f"nothing waiting for review in {escape(where)}")
    print_failures(failed, of=catalogs, noun="catalog")


def _stdin_is_terminal() -> bool:
    """Whether someone can answer the walk's questions (tests stand in for one)."""
    return is_terminal(sys.stdin)


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

    if not _stdin_is_terminal():
        err.print(
            "[red]error:[/] l10n review: the walk asks at a terminal and there is none; use "
            "l10n review approve|reject --editor ID --locale L with --match TEXT or --all "
            "(l10n review pending lists what waits)"
        )
        raise typer.Exit(code=2)
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
