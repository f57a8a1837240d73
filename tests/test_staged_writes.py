"""Staged writes (`stage_bytes` / `commit_staged`): many files made durable with one sync
and renamed into place, each file old or new at every moment, failures per file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import l10n.project as project_module
from l10n.project import commit_staged, discard_staged, stage_bytes


def test_staged_files_are_in_place_only_after_the_commit(tmp_path: Path) -> None:
    old = tmp_path / "a.html"
    old.write_text("old\n", encoding="utf-8")
    staged = [stage_bytes(old, b"new\n"), stage_bytes(tmp_path / "sub" / "b.html", b"b\n")]
    assert all(item is not None for item in staged)
    assert old.read_bytes() == b"old\n" and not (tmp_path / "sub" / "b.html").exists()
    assert commit_staged([item for item in staged if item is not None]) == {}
    assert old.read_bytes() == b"new\n" and (tmp_path / "sub" / "b.html").read_bytes() == b"b\n"
    assert not list(tmp_path.rglob("*.tmp"))


def test_unchanged_content_stages_nothing(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(b"same\n")
    before = page.stat().st_mtime_ns
    assert stage_bytes(page, b"same\n") is None
    assert page.stat().st_mtime_ns == before and not list(tmp_path.glob(".*"))


def test_a_commit_keeps_modes_as_write_text_does(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        kept = tmp_path / "kept.html"
        kept.write_bytes(b"old\n")
        kept.chmod(0o664)
        staged = [stage_bytes(kept, b"new\n"), stage_bytes(tmp_path / "new.html", b"n\n")]
        commit_staged([item for item in staged if item is not None])
        assert stat.S_IMODE(kept.stat().st_mode) == 0o664
        assert stat.S_IMODE((tmp_path / "new.html").stat().st_mode) == 0o644
    finally:
        os.umask(previous)


def test_a_failed_rename_is_reported_for_its_file_and_the_rest_goes_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    staged = [stage_bytes(good, b"g\n"), stage_bytes(bad, b"b\n")]
    real = os.replace

    def refuse(source: str, target: str | Path) -> None:
        if Path(target) == bad:
            raise OSError(30, "Read-only file system")
        real(source, target)

    monkeypatch.setattr(os, "replace", refuse)
    failed = commit_staged([item for item in staged if item is not None])
    assert list(failed) == [bad] and "Read-only file system" in str(failed[bad])
    assert good.read_bytes() == b"g\n" and not bad.exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_without_syncfs_every_file_is_fsynced_before_any_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(source: str, target: str | Path) -> None:
        events.append("replace")
        real_replace(source, target)

    monkeypatch.setattr(project_module, "_syncfs", lambda: None)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    staged = [stage_bytes(tmp_path / f"{n}.html", b"x\n") for n in range(3)]
    assert events == []  # staging does not sync
    commit_staged([item for item in staged if item is not None])
    # Three files, then the renames, then one fsync of their folder.
    assert events == ["fsync"] * 3 + ["replace"] * 3 + ["fsync"]


def test_with_syncfs_one_sync_covers_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(project_module, "_syncfs", lambda: lambda fd: calls.append(fd) or 0)
    staged = [stage_bytes(tmp_path / f"{n}.html", b"x\n") for n in range(5)]
    commit_staged([item for item in staged if item is not None])
    assert len(calls) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.html" for n in range(5)]


def test_discarded_writes_leave_nothing(tmp_path: Path) -> None:
    staged = [stage_bytes(tmp_path / "a.html", b"a\n")]
    discard_staged([item for item in staged if item is not None])
    assert list(tmp_path.iterdir()) == []
