"""Review as an editor and a producer use it: sign-off, refusals, staleness, the trail."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po
from conftest import make_project, run_cli

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid news</title></head>
<body>
<h1>Desert grid opens</h1>
<p>Read <a href="https://example.org/report">the report</a> now.</p>
<p>The plant feeds 300 homes.</p>
<p>Editor: Wang Xiaoxia</p>
</body></html>
"""
ZH = {
    "Grid news": "电网新闻",
    "Desert grid opens": "沙漠电网开通",
    "Read <1>the report</1> now.": "现在阅读报告。",  # drops <1>: cannot be approved
    "The plant feeds 300 homes.": "该电厂为300户家庭供电。",
    "Editor: Wang Xiaoxia": "编辑：王晓夏",
}
EDITORS = """[editors.wangxx]
name = "王晓夏"
email = "wangxx@example.org"
locales = ["zh_CN"]

[editors.petrova]
name = "Анна Петрова"
email = "petrova@example.org"
locales = ["ru"]
"""


def _translate(catalog: Path, translations: dict[str, str]) -> None:
    po = polib.pofile(str(catalog))
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po.save()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_project(
        tmp_path, config='locales = ["zh_CN", "ru"]', pages={"grid": PAGE}, editors=EDITORS
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("L10N_SIGNING_KEY", str(tmp_path / ".keys" / "wangxx"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "config", "user.email", "wangxx@example.org"], cwd=tmp_path, check=True)
    subprocess.run(["git", "config", "user.name", "Wang"], cwd=tmp_path, check=True)
    assert run_cli("extract")[0] == 0 and run_cli("update")[0] == 0
    _translate(tmp_path / "locales" / "zh_CN" / "grid.po", ZH)
    _translate(tmp_path / "locales" / "ru" / "grid.po", {"Grid news": "Новости энергосетей"})
    assert run_cli("update")[0] == 0  # back to gettext's layout after polib's save
    return tmp_path


def _catalog(project: Path, locale: str = "zh_CN") -> Path:
    return project / "locales" / locale / "grid.po"


def _entry(project: Path, msgid: str, locale: str = "zh_CN") -> polib.POEntry:
    return next(e for e in polib.pofile(str(_catalog(project, locale))) if e.msgid == msgid)


def _status(project: Path, locale: str = "zh_CN") -> dict[str, dict[str, int]]:
    code, stdout, _ = run_cli("status", "--format", "json", "-l", locale)
    assert code == 0
    (article,) = json.loads(stdout)["articles"]
    return article  # type: ignore[no-any-return]


def _ledger(project: Path, locale: str = "zh_CN") -> list[dict[str, object]]:
    path = project / "locales" / locale / "reviews.jsonl"
    return (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        if path.exists()
        else []
    )


def test_approve_signs_off_and_refuses_a_broken_placeholder(project: Path) -> None:
    code, stdout, stderr = run_cli(
        "review", "approve", "--editor", "wangxx", "--locale", "zh_CN", "--all"
    )
    assert code == 3  # one entry was refused
    assert stdout == "locales/zh_CN/grid.po: 4 approved\n"
    assert "cannot approve: translation drops placeholder <1>" in stderr
    entry = _entry(project, "Editor: Wang Xiaoxia")
    assert entry.tcomment.startswith("reviewed: wangxx ") and "sha256:" in entry.tcomment
    events = _ledger(project)
    assert [e["event"] for e in events] == ["approve"] * 4
    assert {e["actor"] for e in events} == {"wangxx@example.org"}
    assert all(len(str(e["hash"])) == 64 for e in events)
    assert all(str(e["signature"]).startswith("-----BEGIN SSH SIGNATURE-----") for e in events)
    assert _status(project)["reviewed"]["segments"] == 4
    assert (project / "locales" / ".gitattributes").read_text(
        encoding="utf-8"
    ) == "*/reviews.jsonl merge=union\n"


def test_editor_outside_their_locale_or_unknown_is_refused(project: Path) -> None:
    before = _catalog(project, "ru").read_bytes()
    code, _, stderr = run_cli("review", "approve", "--editor", "wangxx", "--locale", "ru", "--all")
    assert (code, stderr) == (
        1,
        "error: editors.toml: editor 'wangxx' may not review ru (locales: zh_CN)\n",
    )
    code, _, stderr = run_cli(
        "review", "approve", "--editor", "nobody", "--locale", "zh_CN", "--all"
    )
    assert code == 1 and "unknown editor 'nobody' (registered: petrova, wangxx)" in stderr
    assert _catalog(project, "ru").read_bytes() == before and _ledger(project, "ru") == []


def test_approve_needs_a_selection(project: Path) -> None:
    code, _, stderr = run_cli("review", "approve", "--editor", "wangxx", "--locale", "zh_CN")
    assert code == 2 and "--match TEXT or --all" in stderr


def test_actor_who_is_not_the_editor_is_warned_and_recorded(project: Path) -> None:
    subprocess.run(["git", "config", "user.email", "intern@example.org"], cwd=project, check=True)
    code, _, stderr = run_cli(
        "review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match", "Grid news"
    )
    assert (
        code == 0 and "warning: acting as 王晓夏 [wangxx] but you are intern@example.org" in stderr
    )
    assert [e["actor"] for e in _ledger(project)] == ["intern@example.org"]


def test_approving_a_fuzzy_entry_clears_fuzzy_and_previous_and_records_it(project: Path) -> None:
    source = project / "source" / "grid.html"
    source.write_text(PAGE.replace("300 homes", "320 homes"), encoding="utf-8")
    run_cli("extract")
    run_cli("update", "-l", "zh_CN")
    fuzzy = _entry(project, "The plant feeds 320 homes.")
    assert "fuzzy" in fuzzy.flags and fuzzy.previous_msgid == "The plant feeds 300 homes."
    assert (
        run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match", "320")[0] == 0
    )
    approved = _entry(project, "The plant feeds 320 homes.")
    assert ("fuzzy" not in approved.flags, approved.previous_msgid) == (True, None)
    assert _ledger(project)[-1]["was_fuzzy"] is True


def test_reject_sends_back_to_fuzzy_with_the_reason(project: Path) -> None:
    code, stdout, _ = run_cli(
        "review",
        "reject",
        "--editor",
        "wangxx",
        "-l",
        "zh_CN",
        "--match",
        "300",
        "--note",
        "数字要核对",
    )
    assert (code, stdout) == (0, "locales/zh_CN/grid.po: 1 rejected\n")
    entry = _entry(project, "The plant feeds 300 homes.")
    assert (
        "fuzzy" in entry.flags
        and "rejected by 王晓夏 [wangxx]" in entry.tcomment
        and "数字要核对" in entry.tcomment
    )
    assert _ledger(project)[-1]["event"] == "reject"


def test_revoke_removes_the_sign_off(project: Path) -> None:
    run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match", "Grid news")
    assert (
        run_cli("review", "revoke", "--editor", "wangxx", "-l", "zh_CN", "--match", "Grid news")[0]
        == 0
    )
    assert "reviewed:" not in _entry(project, "Grid news").tcomment
    assert [e["event"] for e in _ledger(project)] == ["approve", "revoke"]


def _approve_all_good(project: Path) -> None:
    run_cli("review", "approve", "--editor", "wangxx", "--locale", "zh_CN", "--all")


def _assert_stale_once(project: Path, msgid: str, *, status_before_update: bool = True) -> None:
    """The review stopped counting: status shows it stale, update records it once."""
    if status_before_update:
        assert _status(project)["stale"]["segments"] == 1
    run_cli("update", "-l", "zh_CN")
    invalidations = [e for e in _ledger(project) if e["event"] == "invalidate"]
    assert [e["msgid"] for e in invalidations] == [msgid]
    before = _catalog(project).read_bytes()
    assert run_cli("update", "-l", "zh_CN") == (0, "", "")
    assert _catalog(project).read_bytes() == before
    assert len([e for e in _ledger(project) if e["event"] == "invalidate"]) == 1
    assert _status(project)["stale"]["segments"] == 1  # until approved again


def test_translator_edit_with_polib_makes_the_review_stale(project: Path) -> None:
    _approve_all_good(project)
    _translate(_catalog(project), {"Grid news": "电网要闻"})
    _assert_stale_once(project, "Grid news")


def test_translator_edit_as_plain_text_makes_the_review_stale(project: Path) -> None:
    _approve_all_good(project)
    catalog = _catalog(project)
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace('"沙漠电网开通"', '"沙漠电网投运"'),
        encoding="utf-8",
    )
    _assert_stale_once(project, "Desert grid opens")


def test_source_change_makes_the_review_stale(project: Path) -> None:
    _approve_all_good(project)
    (project / "source" / "grid.html").write_text(
        PAGE.replace("300 homes", "320 homes"), encoding="utf-8"
    )
    run_cli("extract")
    # The catalog learns of the change when update merges it: fuzzy, and the review stale.
    _assert_stale_once(project, "The plant feeds 320 homes.", status_before_update=False)
    assert "fuzzy" in _entry(project, "The plant feeds 320 homes.").flags


def test_bulk_clearing_fuzzy_flags_does_not_revive_a_review(project: Path) -> None:
    _approve_all_good(project)
    (project / "source" / "grid.html").write_text(
        PAGE.replace("300 homes", "320 homes"), encoding="utf-8"
    )
    run_cli("extract")
    catalog = _catalog(project)
    # Someone merges with plain msgmerge semantics, then clears every fuzzy flag at once.
    text = catalog.read_text(encoding="utf-8")
    run_cli("update", "-l", "zh_CN")
    po = polib.pofile(str(catalog))
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    assert text != catalog.read_text(encoding="utf-8")
    assert _status(project)["reviewed"]["segments"] == 3
    assert _status(project)["stale"]["segments"] == 1


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def test_git_merge_of_reviewer_and_translator_branches_is_clean_and_stale(project: Path) -> None:
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "translations")
    _git(project, "checkout", "-qb", "translator")
    _translate(_catalog(project), {"Desert grid opens": "沙漠电网投运"})
    run_cli("update", "-l", "zh_CN")
    _git(project, "commit", "-qam", "translator edits")
    _git(project, "checkout", "-q", "-")
    _approve_all_good(project)
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "review")
    _git(project, "merge", "-q", "--no-edit", "translator")  # raises on a conflict
    assert "沙漠电网投运" in _catalog(project).read_text(encoding="utf-8")
    assert _status(project)["reviewed"]["segments"] == 3
    _assert_stale_once(project, "Desert grid opens")


def test_review_line_added_by_hand_fails_verify(project: Path) -> None:
    _approve_all_good(project)
    assert run_cli("review", "verify", "-l", "zh_CN")[0] == 0
    # Copy a genuine line's shape onto another entry, with a correct hash: still no ledger event.
    from datetime import UTC, datetime

    from l10n.review.signoff import format_review_line, review_hash, reviewable

    po = polib.pofile(str(_catalog(project)))
    target = next(e for e in po if e.msgid == "Read <1>the report</1> now.")
    target.msgstr = "现在阅读<1>报告</1>。"
    digest = review_hash(reviewable(target, locale="zh_CN"))
    target.tcomment = format_review_line("wangxx", datetime(2026, 11, 27, tzinfo=UTC), digest)
    po.save()
    code, stdout, stderr = run_cli("review", "verify", "-l", "zh_CN")
    assert code == 3
    assert "does not count: no approve event in the ledger" in stdout
    assert "1 problem in the review trail" in stderr


def test_invalid_ledger_line_fails_verify(project: Path) -> None:
    _approve_all_good(project)
    with (project / "locales" / "zh_CN" / "reviews.jsonl").open("a", encoding="utf-8") as stream:
        stream.write("{not json\n")
    code, stdout, _ = run_cli("review", "verify", "-l", "zh_CN")
    assert code == 3 and "locales/zh_CN/reviews.jsonl:5: not a valid review event" in stdout


def test_log_and_by_editor_show_unicode_names(project: Path) -> None:
    _approve_all_good(project)
    code, stdout, _ = run_cli("review", "log", "--editor", "wangxx")
    assert code == 0 and stdout.count("approve") == 4
    code, stdout, _ = run_cli("review", "log", "--format", "json")
    assert {e["editor"] for e in json.loads(stdout)["events"]} == {"wangxx"}
    code, stdout, _ = run_cli("status", "--by-editor")
    assert code == 0 and "王晓夏" in stdout and "Анна Петрова" in stdout
    code, stdout, _ = run_cli("status", "--by-editor", "--format", "json")
    rows = {row["id"]: row for row in json.loads(stdout)["editors"]}
    assert (rows["wangxx"]["name"], rows["wangxx"]["approved"], rows["wangxx"]["counting"]) == (
        "王晓夏",
        4,
        4,
    )


def test_by_editor_counts_the_catalogs_it_can_read_and_names_the_broken_one(
    project: Path,
) -> None:
    _approve_all_good(project)
    _catalog(project, "ru").write_text('msgid "x"\nmsgstr "y" junk\n', encoding="utf-8")
    code, stdout, stderr = run_cli("status", "--by-editor", "--format", "json")
    assert code == 1
    rows = {row["id"]: row for row in json.loads(stdout)["editors"]}
    assert (rows["wangxx"]["approved"], rows["wangxx"]["counting"]) == (4, 4)
    assert stderr.startswith("error: locales/ru/grid.po:2: ")
    assert stderr.splitlines()[-1] == "1 of 2 catalogs failed (see above)"


def test_interactive_walk_approves_rejects_and_skips(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("l10n.cli.review._stdin_is_terminal", lambda: True)
    # Entries in order: Grid news, Desert grid opens, Read…(error), The plant…, Editor…
    result = run_cli(
        "review", "--editor", "wangxx", "--locale", "zh_CN", input="a\nr\n太直译\ns\ns\nq\n"
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "translation drops placeholder <1>" in result.stdout
    assert [e["event"] for e in _ledger(project)] == ["approve", "reject"]
    assert "fuzzy" in _entry(project, "Desert grid opens").flags


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")
def test_review_line_survives_gettext_polib_and_babel(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _approve_all_good(project)
    catalog = _catalog(project)
    line = _entry(project, "Grid news").tcomment
    out = tmp_path_factory.mktemp("tools")
    subprocess.run(["msgcat", "-o", str(out / "cat.po"), str(catalog)], check=True)
    subprocess.run(["msgmerge", "-q", "--previous", "-o", str(out / "merged.po"), str(catalog),
                    str(project / "locales" / "grid.pot")], check=True)  # fmt: skip
    for path in (out / "cat.po", out / "merged.po"):
        assert next(e for e in polib.pofile(str(path)) if e.msgid == "Grid news").tcomment == line
    polib.pofile(str(catalog)).save(str(out / "polib.po"))
    assert (
        next(e for e in polib.pofile(str(out / "polib.po")) if e.msgid == "Grid news").tcomment
        == line
    )
    with catalog.open("rb") as stream:
        message = read_po(stream)["Grid news"]
    assert message is not None and list(message.user_comments) == [line]
    assert run_cli("review", "verify", "-l", "zh_CN")[0] == 0


def test_two_reviewers_at_once_lose_nothing(project: Path) -> None:
    # Two approvals on one locale at the same time, as two processes: the lock serializes
    # each read-modify-write, so both sign-offs and both ledger events survive.
    command = [
        sys.executable,
        "-m",
        "l10n",
        "review",
        "approve",
        "--editor",
        "wangxx",
        "-l",
        "zh_CN",
        "--match",
    ]
    for first, second in (("Grid news", "Desert grid"), ("300 homes", "Editor: Wang")):
        runs = [
            subprocess.Popen(
                [*command, match], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for match in (first, second)
        ]
        outputs = [run.communicate(timeout=60) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
    for msgid in (
        "Grid news",
        "Desert grid opens",
        "The plant feeds 300 homes.",
        "Editor: Wang Xiaoxia",
    ):
        assert "reviewed:" in _entry(project, msgid).tcomment
    assert len(_ledger(project)) == 4


def test_a_revoked_review_brought_back_by_an_old_copy_fails_verify(project: Path) -> None:
    _approve_all_good(project)
    saved = _catalog(project).read_bytes()
    run_cli("review", "revoke", "--editor", "wangxx", "-l", "zh_CN", "--all")
    _catalog(project).write_bytes(saved)  # a stale copy synced back, or a git revert
    code, stdout, _ = run_cli("review", "verify", "-l", "zh_CN")
    assert code == 3 and "was revoked on" in stdout and "yet is back in the catalog" in stdout


def test_rejecting_a_fuzzy_entry_keeps_the_note_and_logs_it(project: Path) -> None:
    source = project / "source" / "grid.html"
    source.write_text(PAGE.replace("300 homes", "320 homes"), encoding="utf-8")
    run_cli("extract")
    run_cli("update", "-l", "zh_CN")
    code, _, _ = run_cli(
        "review",
        "reject",
        "--editor",
        "wangxx",
        "-l",
        "zh_CN",
        "--match",
        "320",
        "--note",
        "数字已改",
    )
    assert code == 0
    assert "数字已改" in _entry(project, "The plant feeds 320 homes.").tcomment
    assert _ledger(project)[-1]["event"] == "reject"


def test_interactive_approval_refuses_a_translation_changed_after_it_was_shown(
    project: Path,
) -> None:
    from datetime import UTC, datetime

    from l10n.project import find_project
    from l10n.steps.review import Action, Selection, pending_entries, review_entries

    chosen = find_project(project, explicit=True)
    now = datetime(2026, 11, 27, 10, tzinfo=UTC)
    shown = pending_entries(chosen, editor_id="wangxx", locale="zh_CN", slugs=[], now=now)[0]
    _translate(_catalog(project), {shown.msgid: "完全不同的译文"})
    result = review_entries(
        chosen, Action.APPROVE, editor_id="wangxx", locale="zh_CN",
        selection=Selection(seen={shown.key: shown.digest}), key_path=None, now=now,
        actor="wangxx@example.org",
    )  # fmt: skip
    assert result.changed == () and "changed since you saw it" in result.refused[0]
    assert "reviewed:" not in _entry(project, shown.msgid).tcomment
