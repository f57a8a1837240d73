"""The one CLI helper the tests share fails on a crash, which `CliRunner` hides."""

from __future__ import annotations

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
