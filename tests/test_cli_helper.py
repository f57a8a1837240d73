"""The one CLI helper the tests share fails on a crash, which `CliRunner` hides."""

from __future__ import annotations

import threading

import pytest
from conftest import run_cli

import l10n.cli.main


def test_run_cli_fails_on_an_uncaught_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_args: object, **_options: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(l10n.cli.main, "find_chosen_project", crash)
    with pytest.raises(AssertionError, match="crashed: RuntimeError"):
        run_cli("status")


def test_run_cli_passes_an_exit_through() -> None:
    assert run_cli("--version").exit_code == 0


def test_the_progress_bar_draws_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long work on a terminal draws a bar (CliRunner is no terminal, so the commands'
    tests never draw one): it must work with the lazily made console."""
    from l10n.cli import console
    from l10n.cli.console import progress_bar

    monkeypatch.setattr(console, "is_terminal", lambda _stream: True)
    monkeypatch.setattr(console.err, "_console", None)
    threads = threading.active_count()
    with progress_bar(25, quiet=False, what="testing") as advance:
        for number in range(25):
            advance(str(number))
        # No thread draws it: workers forked meanwhile would inherit its locks held.
        assert threading.active_count() == threads
    assert console.err._console is not None  # the bar was drawn through rich
