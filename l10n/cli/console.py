"""What every command shares: the consoles, the option aliases, finding the project, and
turning a user-fixable error into one line and its exit code."""

# No `from __future__ import annotations` here: typer reads every command's
# annotations at start-up, and string annotations cost an eval() each (a third of
# `l10n --version`). Names imported only for type checking are quoted.

import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from l10n.errors import L10nError

if TYPE_CHECKING:
    from rich.console import Console

    from l10n.project import Project

__all__ = [
    "CheckOption",
    "CommandGroup",
    "FormatOption",
    "LocaleOption",
    "OutputFormat",
    "ProjectOption",
    "QuietOption",
    "SlugsArgument",
    "err",
    "error_record",
    "escape",
    "fail",
    "find_chosen_project",
    "is_terminal",
    "out",
    "plural",
    "print_failures",
    "print_json",
    "print_json_list",
    "print_table",
    "progress_bar",
    "reported",
    "say",
    "warn",
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

            # No emoji codes: a translation's ":fire:" is text, printed as itself.
            self._console = Console(
                stderr=self._stderr, highlight=False, soft_wrap=True, emoji=False
            )
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


out = _LazyConsole(stderr=False)
err = _LazyConsole(stderr=True)


def say(line: str) -> None:
    """A plain line for people on stderr, without loading rich for it."""
    sys.stderr.write(line + "\n")


def warn(message: str) -> None:
    """`warning: …` on stderr: yellow on a terminal; in a pipe or a log a plain line, and
    rich is not loaded for it (40 ms, a tenth of a repeated `status` without editors)."""
    if is_terminal(sys.stderr):
        err.print(f"[yellow]warning:[/] {escape(message)}")
    else:
        say(f"warning: {message}")


def fail(message: str) -> None:
    """`error: …` on stderr, red on a terminal, plain otherwise (as `warn`)."""
    if is_terminal(sys.stderr):
        err.print(f"[red]error:[/] {escape(message)}")
    else:
        say(f"error: {message}")


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
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Work in this many processes. Default: one per CPU (at most 8) when there "
        "are 16 or more articles (for status: catalogs not in its cache; for review "
        "verify: catalogs, or ledger events by the 4,096) to work on.",
        show_default=False,
    ),
]


@contextmanager
def reported(*, as_json: bool = False) -> Iterator[None]:
    """Turn a user-fixable error into one line on stderr and its exit code; with
    `as_json`, stdout also gets the one JSON object a script waits for
    (`{"error": …, "path": …}`). A filesystem error no step wrapped is still one line
    naming the path, never a traceback."""
    try:
        yield
    except L10nError as error:
        fail(str(error))
        if as_json:
            print_json({"error": str(error), "path": _path_of(str(error))})
        raise typer.Exit(code=error.exit_code) from None
    except OSError as error:
        where = error.filename if error.filename is not None else "l10n"
        message = f"{where}: {error.strerror or error}"
        fail(message)
        if as_json:
            print_json({"error": message, "path": str(where)})
        raise typer.Exit(code=1) from None


def _path_of(message: str) -> str:
    found = re.match(r"([^\s:]+?)(?::\d+)?: ", message)
    return found.group(1) if found else ""


def error_record(error: L10nError) -> dict[str, str]:
    """A failed item in JSON: where, and the one line a person reads."""
    return {"path": _path_of(str(error)), "error": str(error)}


def plural(count: int, noun: str) -> str:
    """`1 catalog`, `2 catalogs`: a count and its noun."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def print_failures(
    errors: Sequence[L10nError], *, of: int, noun: str, then_exit: bool = True
) -> int:
    """One stderr line per failed item, then (when there were several items) one saying
    how many failed; exits with the highest exit code among them (1 for a file
    problem), or with `then_exit` false returns it. Nothing (0) when nothing failed."""
    if not errors:
        return 0
    for error in errors:
        fail(str(error))
    total = max(of, len(errors))
    if total > 1:  # one item: its own line says it all
        err.print(f"{len(errors)} of {plural(total, noun)} failed (see above)")
    code = max(error.exit_code for error in errors)
    if then_exit:
        raise typer.Exit(code=code)
    return code


def print_json(record: object) -> None:
    """The one JSON object a command prints on stdout under `--format json`."""
    import json

    # Indented for a person at a terminal; compact into a pipe (4x faster to write for
    # the status of a large project). Not through rich, which highlights every line.
    indent = 2 if is_terminal(sys.stdout) else None
    typer.echo(json.dumps(record, ensure_ascii=False, indent=indent))


def print_json_list(name: str, items: Iterable[object]) -> None:
    """`{"<name>": [item, …]}`, as `print_json` writes it, but an item at a time into a
    pipe: the status of 2,000 articles held its whole record and text at once, which
    was all the growth of its peak memory with the project (issue 15)."""
    if is_terminal(sys.stdout):
        print_json({name: list(items)})  # indented for a person, who reads far less
        return
    import json

    sys.stdout.write(f"{{{json.dumps(name)}: [")
    for number, item in enumerate(items):
        sys.stdout.write((", " if number else "") + json.dumps(item, ensure_ascii=False))
    sys.stdout.write("]}\n")


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed, or a test's stand-in
        return False


def print_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    section_ends: Sequence[int] = (),
) -> None:
    """A table on stdout: drawn by rich on a terminal; piped, one tab-separated line per
    row under a header line, every name in full (a pipe has no width to fit)."""
    if not is_terminal(sys.stdout):
        typer.echo("\t".join(headers))
        for row in rows:
            typer.echo("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row))
        return
    from rich import box
    from rich.table import Column, Table

    # On a terminal too, the names in the first column are kept whole (up to 32
    # characters, longer ones folded onto more lines, never cut to "quantu…"); the frame
    # is light to leave room.
    widest = max([len(headers[0]), *(len(row[0]) for row in rows)])
    columns = [Column(headers[0], overflow="fold", min_width=min(widest, 32))]
    columns += [Column(header, overflow="fold") for header in headers[1:]]
    table = Table(*columns, title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    for number, row in enumerate(rows):
        table.add_row(*(escape(cell) for cell in row), end_section=number in section_ends)
    out.print(table)


@contextmanager
def progress_bar(total: int, *, quiet: bool, what: str) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for long work (20 items or more) on a terminal only, gone
    when done; piped or quiet, nothing (and rich is not even loaded)."""
    if quiet or total < 20 or not is_terminal(sys.stderr):
        yield lambda _name: None
        return
    from rich.progress import Progress as ProgressBar

    # Drawn as the work advances, at most ten times a second, never by a thread of its
    # own: the commands fork their workers (steps/workers.py), and a fork while another
    # thread holds a lock (the console's, stderr's) leaves the lock held in the child.
    with ProgressBar(console=err.console, transient=True, auto_refresh=False) as bar:
        task = bar.add_task(what, total=total)
        drawn = 0.0

        def advance(_name: str) -> None:
            nonlocal drawn
            bar.advance(task)
            now = time.monotonic()
            if now - drawn >= 0.1:
                bar.refresh()
                drawn = now

        yield advance


class CommandGroup(TyperGroup):
    """The `l10n` group: usage errors as one line (`error: l10n build: …`) and exit 2,
    not click's boxed five-line message."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Commands that write many files say what they finished; anywhere else (while
            # reading, before the first write) this is the line.
            err.print("interrupted before finishing; every file is as it was or complete")
            raise typer.Exit(code=130) from None

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        # typer carries its own copy of click; its exceptions are these
        from typer._click.exceptions import NoArgsIsHelpError, UsageError

        try:
            code = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except NoArgsIsHelpError:
            code = 2  # typer has printed the help
        except UsageError as error:
            command = error.ctx.command_path if error.ctx is not None else "l10n"
            err.print(
                f"[red]error:[/] {escape(command)}: {escape(_one_line(error.format_message()))}"
                f" (see {escape(command)} --help)"
            )
            code = 2
        except typer.TyperException as error:
            fail(_one_line(error.format_message()))
            code = error.exit_code
        except typer.Abort:
            err.print("aborted")
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _one_line(message: str) -> str:
    r"""Click's message as one line in the tool's voice: lower case first, no final
    period, its lines joined.

    >>> _one_line("No such option: --bogus\nDid you mean --quiet?")
    'no such option: --bogus; did you mean --quiet?'
    """
    lines = [line.strip().rstrip(".") for line in message.splitlines() if line.strip()]
    lines = [line[:1].lower() + line[1:] if line[1:2].islower() else line for line in lines]
    text = "; ".join(lines).replace("Value error, ", "")
    return text.removeprefix("invalid value: ")  # a BadParameter of ours names no option


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
