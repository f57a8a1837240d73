"""Signed sign-offs, attacked as a translator with write access would: each forgery makes
`review verify` exit 3 naming the entry, and `build --policy reviewed` does not publish it.
Standard tools agree: `ssh-keygen -Y verify` accepts the signatures, and the review line
survives polib, Babel, msgcat and msgmerge."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
from conftest import make_key, make_project, run_cli

from l10n.review.ledger import EventKind, line_digest, read_ledger, signed_message
from l10n.review.signoff import format_review_line, review_hash, reviewable

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid news</title></head>
<body>
<h1>Desert grid opens</h1>
<p>The plant feeds 300 homes.</p>
<p>Editor: Wang Xiaoxia</p>
</body></html>
"""
ZH = {
    "Grid news": "电网新闻",
    "Desert grid opens": "沙漠电网开通",
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
FAKE = "沙漠电网开通（假）"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = 'locales = ["zh_CN", "ru"]\npolicy = "reviewed"\nthreshold = 0'
    make_project(tmp_path, config=config, pages={"grid": PAGE}, editors=EDITORS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("L10N_SIGNING_KEY", str(tmp_path / ".keys" / "wangxx"))
    assert run_cli("extract")[0] == 0 and run_cli("update")[0] == 0
    catalog = polib.pofile(str(_catalog(tmp_path)))
    for entry in catalog:
        entry.msgstr = ZH.get(entry.msgid, entry.msgstr)
    catalog.save()
    code, _, stderr = run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")
    assert code == 0, stderr
    assert run_cli("review", "verify")[0] == 0
    return tmp_path


def _catalog(project: Path, locale: str = "zh_CN") -> Path:
    return project / "locales" / locale / "grid.po"


def _ledger(project: Path, locale: str = "zh_CN") -> Path:
    return project / "locales" / locale / "reviews.jsonl"


def _entry(catalog: polib.POFile, msgid: str) -> polib.POEntry:
    return next(e for e in catalog if e.msgid == msgid)


def _published_text(project: Path) -> str:
    code, _, stderr = run_cli("build", "--policy", "reviewed", "-l", "zh_CN")
    assert code == 0, stderr
    return (project / "site" / "zh_CN" / "grid.html").read_text(encoding="utf-8")


def _forge_line(project: Path, msgid: str = "Desert grid opens", msgstr: str = FAKE) -> str:
    """Rewrite a reviewed translation and recompute its review line, as anyone can."""
    catalog = polib.pofile(str(_catalog(project)))
    entry = _entry(catalog, msgid)
    entry.msgstr = msgstr
    time = datetime(2026, 11, 30, 9, tzinfo=UTC)
    digest = review_hash(reviewable(entry, locale="zh_CN"))
    entry.tcomment = format_review_line("wangxx", time, digest)
    catalog.save()
    return digest


def _append_forged_approve(project: Path, digest: str, *, signature: str | None = None) -> None:
    ledger = _ledger(project)
    last = ledger.read_bytes().rstrip(b"\n").split(b"\n")[-1]
    record = {
        "time": "2026-11-30T09:00:00Z", "event": "approve", "editor": "wangxx",
        "actor": "wangxx@example.org", "slug": "grid", "msgctxt": None,
        "msgid": "Desert grid opens", "msgstr": [FAKE], "hash": digest, "note": "",
        "was_fuzzy": False, "prev": line_digest(last),
    }  # fmt: skip
    if signature is not None:
        record["signature"] = signature
    with ledger.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def _fails_verify_naming_the_entry(*options: str) -> str:
    code, stdout, stderr = run_cli("review", "verify", "-l", "zh_CN", *options)
    assert code == 3, stdout + stderr
    return stdout


def test_a_hand_written_line_with_a_recomputed_hash_counts_for_nothing(project: Path) -> None:
    _forge_line(project)
    stdout = _fails_verify_naming_the_entry()
    assert "locales/zh_CN/grid.po:" in stdout and "no approve event in the ledger" in stdout
    assert FAKE not in _published_text(project)


def test_a_forged_unsigned_ledger_line_counts_for_nothing(project: Path) -> None:
    _append_forged_approve(project, _forge_line(project))
    stdout = _fails_verify_naming_the_entry()
    assert "unsigned approve by 'wangxx'" in stdout
    page = _published_text(project)
    assert FAKE not in page and "沙漠电网开通" not in page


def test_a_line_signed_with_a_key_not_in_the_registry_counts_for_nothing(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    own = tmp_path_factory.mktemp("translator") / "id_ed25519"
    make_key(own)
    code, _, stderr = run_cli(
        "review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all", "--key", str(own)
    )
    assert code == 1 and stderr.count("\n") == 1
    assert "is not one editors.toml lists for editor 'wangxx'; nothing was written" in stderr
    # Signed by hand with that key and appended: the signature verifies, the key does not.
    from cryptography.hazmat.primitives import serialization

    from l10n.review.ledger import Event
    from l10n.review.sshsig import armor, sign_with_private_key, signed_data

    digest = _forge_line(project)
    public, sign = sign_with_private_key(serialization.load_ssh_private_key(own.read_bytes(), None))
    last = _ledger(project).read_bytes().rstrip(b"\n").split(b"\n")[-1]
    event = Event(datetime(2026, 11, 30, 9, tzinfo=UTC), EventKind.APPROVE, "wangxx",
                  "wangxx@example.org", "grid",
                  None, "Desert grid opens", (FAKE,), digest, prev=line_digest(last))  # fmt: skip
    signature = armor(public, sign(signed_data(signed_message(event, locale="zh_CN"))))
    _append_forged_approve(project, digest, signature=signature)
    stdout = _fails_verify_naming_the_entry()
    assert "a key editors.toml does not list for that editor" in stdout
    assert FAKE not in _published_text(project)


def test_a_line_copied_from_another_entry_or_locale_counts_for_nothing(project: Path) -> None:
    catalog = polib.pofile(str(_catalog(project)))
    genuine = _entry(catalog, "Grid news").tcomment
    _entry(catalog, "Desert grid opens").tcomment = genuine
    catalog.save()
    assert "copied or typed" in _fails_verify_naming_the_entry()
    # Another locale: petrova's catalog gets wangxx's line and ledger line verbatim.
    ru = polib.pofile(str(_catalog(project, "ru")))
    target = _entry(ru, "Grid news")
    target.msgstr, target.tcomment = "电网新闻", genuine
    ru.save()
    shutil.copyfile(_ledger(project), _ledger(project, "ru"))
    code, stdout, _ = run_cli("review", "verify", "-l", "ru")
    assert code == 3 and "locales/ru/grid.po:" in stdout and "does not count" in stdout
    assert "who did not hold ru then" in stdout


def test_deleting_a_reject_in_the_middle_is_caught_and_reordering_changes_nothing(
    project: Path,
) -> None:
    saved = _catalog(project).read_bytes()
    assert run_cli("review", "reject", "--editor", "wangxx", "-l", "zh_CN", "--match",
                   "Desert grid", "--note", "no")[0] == 0  # fmt: skip
    assert run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match",
                   "Grid news", "--include-rejected")[0] == 0  # fmt: skip
    lines = _ledger(project).read_text(encoding="utf-8").splitlines()
    # Reordered: the reject written first. The links still say it came after.
    _ledger(project).write_text("\n".join([lines[-2], *lines[:-2], lines[-1]]) + "\n")
    _catalog(project).write_bytes(saved)  # the approved text and its line brought back
    assert "was rejected on" in _fails_verify_naming_the_entry()
    # Deleted: the line after it now links to nothing.
    _ledger(project).write_text("\n".join([*lines[:-2], lines[-1]]) + "\n")
    assert "links to a line that is not in the ledger" in _fails_verify_naming_the_entry()
    assert "沙漠电网开通" not in _published_text(project)


def _git(project: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True)
    return done.stdout


def _commit_all(project: Path, message: str) -> None:
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", message)


@pytest.fixture
def repository(project: Path) -> Path:
    _git(project, "init", "-q")
    _git(project, "config", "user.email", "wangxx@example.org")
    _git(project, "config", "user.name", "Wang")
    (project / ".gitignore").write_text(".keys/\nsite/\n")
    _commit_all(project, "base")
    return project


def test_a_replayed_old_ledger_and_a_removed_last_event_fail_against_the_base(
    repository: Path,
) -> None:
    saved_catalog, saved_ledger = (
        _catalog(repository).read_bytes(),
        _ledger(repository).read_bytes(),
    )
    assert run_cli("review", "revoke", "--editor", "wangxx", "-l", "zh_CN", "--all")[0] == 0
    _commit_all(repository, "revoked")
    assert run_cli("review", "verify", "--base", "HEAD")[0] == 0
    # The revoke was the last line: without --base nothing points at it.
    _catalog(repository).write_bytes(saved_catalog)
    _ledger(repository).write_bytes(saved_ledger)
    assert run_cli("review", "verify", "-l", "zh_CN")[0] == 0
    stdout = _fails_verify_naming_the_entry("--base", "HEAD")
    assert "at HEAD was removed or changed since" in stdout
    assert run_cli("review", "verify", "--base", "HEAD~1", "-l", "zh_CN")[0] == 0


def test_a_backdated_event_fails_against_the_base(repository: Path) -> None:
    from l10n.project import find_project
    from l10n.steps.review import Action, Selection, review_entries

    catalog = polib.pofile(str(_catalog(repository)))
    _entry(catalog, "Grid news").msgstr = "电网要闻"
    catalog.save()
    _commit_all(repository, "translated again")
    review_entries(
        find_project(repository, explicit=True), Action.APPROVE, editor_id="wangxx",
        locale="zh_CN", selection=Selection(match="Grid news"), key_path=None,
        now=datetime(2020, 1, 1, tzinfo=UTC), actor="wangxx@example.org",
    )  # fmt: skip
    assert "is backdated" in _fails_verify_naming_the_entry("--base", "HEAD")


def test_registry_changes_fail_against_the_base_unless_allowed(repository: Path) -> None:
    registry = repository / "editors.toml"
    public = make_key(repository / ".keys" / "mallory")
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + f'\n[editors.mallory]\nname = "Mallory"\nlocales = ["zh_CN"]\nkeys = ["{public}"]\n',
        encoding="utf-8",
    )
    stdout = _fails_verify_naming_the_entry("--base", "HEAD")
    assert "editors.toml: editor 'mallory' added since HEAD" in stdout
    code, stdout, _ = run_cli("review", "verify", "--base", "HEAD", "--allow-registry-changes")
    assert code == 0 and "mallory" in stdout


def test_a_real_git_merge_of_two_approving_branches_verifies(repository: Path) -> None:
    catalog = polib.pofile(str(_catalog(repository)))
    for entry in catalog:
        if entry.msgid in ("Grid news", "Editor: Wang Xiaoxia"):
            entry.msgstr += "！"
    catalog.save()
    assert run_cli("update")[0] == 0  # the two reviews are stale: lines out, invalidated
    _commit_all(repository, "two edits")
    _git(repository, "checkout", "-qb", "other")
    assert run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match",
                   "Grid news")[0] == 0  # fmt: skip
    _commit_all(repository, "approve one")
    _git(repository, "checkout", "-q", "-")
    assert run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match",
                   "Editor")[0] == 0  # fmt: skip
    _commit_all(repository, "approve the other")
    merged = subprocess.run(["git", "merge", "-q", "other", "-m", "merge"], cwd=repository,
                            capture_output=True, text=True, check=False)  # fmt: skip
    if merged.returncode != 0:  # the catalogs conflict on their review lines: take both
        catalog_text = _catalog(repository).read_text(encoding="utf-8")
        resolved = [line for line in catalog_text.splitlines()
                    if not line.startswith(("<<<<<<<", "=======", ">>>>>>>"))]  # fmt: skip
        _catalog(repository).write_text("\n".join(resolved) + "\n", encoding="utf-8")
        _commit_all(repository, "merge")
    events, problems = read_ledger(_ledger(repository))
    assert problems == [] and len({e.prev for e in events[-2:]}) == 1  # two share a prev
    code, stdout, _ = run_cli("review", "verify", "--base", "HEAD~2")
    assert code == 0, stdout


def test_an_editor_without_their_own_key_is_refused_and_nothing_is_written(
    project: Path,
) -> None:
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*") if p.is_file()}
    code, _, stderr = run_cli("review", "approve", "--editor", "petrova", "-l", "ru", "--all")
    assert code == 1 and stderr.count("\n") == 1
    assert "for editor 'petrova'; nothing was written" in stderr
    after = {p: p.read_bytes() for p in (project / "locales").rglob("*") if p.is_file()}
    assert after == before


def test_no_key_at_all_is_one_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("L10N_SIGNING_KEY", "")
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    code, _, stderr = run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")
    assert code == 1 and stderr.startswith("error: no signing key for editor 'wangxx'")


NO_SSH_KEYGEN = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="OpenSSH's ssh-keygen is not installed"
)


@NO_SSH_KEYGEN
def test_a_passphrase_protected_key_without_an_agent_is_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    key = tmp_path_factory.mktemp("keys") / "locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", str(key)],
                   check=True)  # fmt: skip
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    code, _, stderr = run_cli(
        "review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all", "--key", str(key)
    )
    assert code == 1 and "protected by a passphrase and not in ssh-agent" in stderr


def test_a_malformed_key_in_the_registry_is_one_line_naming_its_line(project: Path) -> None:
    registry = project / "editors.toml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("AAAA", "AAA!", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("keys ="))
    code, _, stderr = run_cli("review", "verify")
    assert code == 1 and stderr.count("\n") == 1
    assert stderr.startswith(f"error: editors.toml:{line}: editors.wangxx: not an OpenSSH public")


def test_a_signature_that_does_not_parse_fails_verify_with_its_line(project: Path) -> None:
    ledger = _ledger(project)
    lines = ledger.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["signature"] = "-----BEGIN SSH SIGNATURE-----\nnot base64!\n-----END SSH SIGNATURE-----"
    canonical = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    ledger.write_text("\n".join([canonical, *lines[1:]]) + "\n", encoding="utf-8")
    stdout = _fails_verify_naming_the_entry()
    assert "locales/zh_CN/reviews.jsonl:1: approve by 'wangxx': signature is not base64" in stdout


@pytest.mark.parametrize("fails", ["stage", "rename"])
def test_a_catalog_that_cannot_be_written_leaves_no_event_behind(
    project: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    import os
    import tempfile

    catalog = polib.pofile(str(_catalog(project)))
    _entry(catalog, "Grid news").msgstr = "电网快讯"
    catalog.save()
    ledger, before = _ledger(project).read_bytes(), _catalog(project).read_bytes()

    def refuse(*_args: object, **_options: object) -> None:
        raise PermissionError(13, "Permission denied")

    # As root a read-only folder is still writable: refuse where the OS would.
    if fails == "stage":
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    else:
        monkeypatch.setattr(os, "replace", refuse)
    code, _, stderr = run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")
    monkeypatch.undo()
    assert code == 1 and stderr.count("\n") == 1
    assert "grid.po: cannot be written (Permission denied)" in stderr
    assert _ledger(project).read_bytes() == ledger
    assert _catalog(project).read_bytes() == before


def test_approve_all_skips_rejected_entries_unless_asked(project: Path) -> None:
    run_cli("review", "reject", "--editor", "wangxx", "-l", "zh_CN", "--match", "Grid news",
            "--note", "too short")  # fmt: skip
    assert run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")[1] == ""
    code, stdout, _ = run_cli(
        "review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all", "--include-rejected"
    )
    assert (code, stdout) == (0, "locales/zh_CN/grid.po: 1 approved\n")


@pytest.mark.parametrize("link", ["locales/zh_CN/reviews.jsonl", "locales/zh_CN", "site"])
def test_a_symlink_out_of_the_project_is_refused(
    project: Path, tmp_path_factory: pytest.TempPathFactory, link: str
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    target = project / link
    if target.is_dir():
        shutil.copytree(target, outside / "copy")
        shutil.rmtree(target)
        target.symlink_to(outside / "copy")
    elif target.exists():
        shutil.copyfile(target, outside / "copy")
        target.unlink()
        target.symlink_to(outside / "copy")
    else:
        target.symlink_to(outside)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    commands = [("build", "--policy", "translated")]
    if link != "site":
        commands += [
            ("update",),
            ("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all"),
        ]
    for command in commands:
        code, _, stderr = run_cli(*command)
        assert code == 1 and "leads outside the project" in stderr, (command, stderr)
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before


@NO_SSH_KEYGEN
def test_ssh_keygen_accepts_the_signatures_with_the_registry_as_allowed_signers(
    project: Path, tmp_path: Path
) -> None:
    code, signers, _ = run_cli("review", "signers")
    assert code == 0 and signers.startswith('wangxx namespaces="l10n-review" ssh-ed25519 ')
    (tmp_path / "allowed").write_text(signers, encoding="utf-8")
    events, _ = read_ledger(_ledger(project))
    for event in events:
        assert event.signature is not None
        (tmp_path / "sig").write_text(event.signature, encoding="utf-8")
        done = subprocess.run(
            ["ssh-keygen", "-Y", "verify", "-f", str(tmp_path / "allowed"), "-I", "wangxx",
             "-n", "l10n-review", "-s", str(tmp_path / "sig")],
            input=signed_message(event, locale="zh_CN"), capture_output=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(b'Good "l10n-review" signature for wangxx')


def test_review_lines_survive_every_po_tool_whatever_the_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An id long enough that the line passes polib's 78 and Babel's 76 columns, and a
    # display name of 40 characters (names are the registry's, never in the line).
    editor = "editor-with-a-rather-long-id-2026"
    name = "Александра Константиновна Преображенская"[:40]
    registry = f'[editors.{editor}]\nname = "{name}"\nlocales = ["zh_CN"]\n'
    make_project(tmp_path, config='locales = ["zh_CN"]', pages={"grid": PAGE}, editors=registry)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("L10N_SIGNING_KEY", str(tmp_path / ".keys" / editor))
    run_cli("extract")
    run_cli("update")
    path = _catalog(tmp_path)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = ZH[entry.msgid]
    catalog.save()
    assert run_cli("review", "approve", "--editor", editor, "-l", "zh_CN", "--all")[0] == 0

    def reviewed() -> int:
        code, stdout, _ = run_cli("status", "--format", "json")
        assert code == 0
        return int(json.loads(stdout)["articles"][0]["reviewed"]["segments"])

    assert reviewed() == 4
    polib.pofile(str(path)).save()  # polib's default width, 78
    assert "# reviewed: " in path.read_text(encoding="utf-8") and reviewed() == 4
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as stream:
        babel_catalog = read_po(stream)
    with path.open("wb") as stream:
        write_po(stream, babel_catalog)  # Babel's default width, 76
    assert reviewed() == 4
    from translate.storage import factory

    store = factory.getobject(str(path))  # the Translate Toolkit (Pootle, Virtaal)
    store.save()
    assert reviewed() == 4
    for tool in (["msgcat", str(path), "-o", str(path)],
                 ["msgmerge", "-q", "--previous", "-o", str(path), str(path),
                  str(tmp_path / "locales" / "grid.pot")]):  # fmt: skip
        if shutil.which(tool[0]) is None:
            pytest.skip(f"{tool[0]} is not installed")
        subprocess.run(tool, check=True)
        assert reviewed() == 4, tool[0]
    assert run_cli("review", "verify")[0] == 0


def test_sign_offs_from_before_signatures_are_reported_then_signed_again(project: Path) -> None:
    # What the ledger and catalogs of an earlier version look like: events without a
    # signature or link, and review lines naming the editor.
    ledger = _ledger(project)
    records = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines()]
    for record in records:
        del record["signature"], record["prev"]
    ledger.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    path = _catalog(project)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "# reviewed: wangxx ", "# reviewed: 王晓夏 [wangxx] "
        )
    )
    stdout = _fails_verify_naming_the_entry()
    assert stdout.count("unsigned approve by 'wangxx'") == 8  # 4 events, 4 review lines
    code, stdout, _ = run_cli("review", "resign", "--editor", "wangxx", "-l", "zh_CN")
    assert (code, stdout) == (0, "locales/zh_CN/grid.po: 4 signed again\n")
    code, stdout, _ = run_cli("review", "verify", "-l", "zh_CN")
    # The old events stay in the ledger (it only grows), listed; they fail nothing.
    assert code == 0 and stdout.count("(from before signed sign-offs)") == 4
    assert "grid.po" not in stdout


def _sign_as_editor(project: Path, event: object) -> str:
    """An event signed with wangxx's own key (what only the editor can do)."""
    from cryptography.hazmat.primitives import serialization

    from l10n.review.sshsig import armor, sign_with_private_key, signed_data

    key = serialization.load_ssh_private_key((project / ".keys" / "wangxx").read_bytes(), None)
    public, sign = sign_with_private_key(key)
    return armor(public, sign(signed_data(signed_message(event, locale="zh_CN"))))  # type: ignore[arg-type]


def test_only_the_whole_hash_the_editor_signed_counts(project: Path) -> None:
    # A text whose hash shares the line's 16 hex digits with an approved one (a birthday
    # search finds such a pair): the signed event holds all 64, and they differ.
    from l10n.review.ledger import Event

    digest = _forge_line(project)
    last = _ledger(project).read_bytes().rstrip(b"\n").split(b"\n")[-1]
    other = digest[:16] + "0" * 48
    event = Event(datetime(2026, 11, 30, 9, tzinfo=UTC), EventKind.APPROVE, "wangxx",
                  "wangxx@example.org", "grid", None, "Desert grid opens", ("良性标题",), other,
                  prev=line_digest(last))  # fmt: skip
    signed = replace_signature(event, _sign_as_editor(project, event))
    with _ledger(project).open("a", encoding="utf-8") as stream:
        stream.write(signed.to_json() + "\n")
    assert "the approved text is not this text" in _fails_verify_naming_the_entry()
    assert FAKE not in _published_text(project)


def replace_signature(event: object, signature: str) -> object:
    from dataclasses import replace

    return replace(event, signature=signature)  # type: ignore[type-var]


def test_an_earlier_approval_of_other_text_does_not_come_back(project: Path) -> None:
    saved = _catalog(project).read_bytes()
    catalog = polib.pofile(str(_catalog(project)))
    _entry(catalog, "Desert grid opens").msgstr = "沙漠电网启用"
    catalog.save()
    assert run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")[0] == 0
    _catalog(project).write_bytes(saved)  # the first text and its line brought back
    assert "was approved on" in _fails_verify_naming_the_entry()


def test_resign_never_signs_an_old_form_line_added_after_signed_ones(project: Path) -> None:
    digest = _forge_line(project)
    record = {"time": "2026-11-30T09:00:00Z", "event": "approve", "editor": "wangxx",
              "actor": "x", "slug": "grid", "msgctxt": None, "msgid": "Desert grid opens",
              "msgstr": [FAKE], "hash": digest}  # fmt: skip
    with _ledger(project).open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    assert "in the old unsigned form after signed ones" in _fails_verify_naming_the_entry()
    code, stdout, _ = run_cli("review", "resign", "--editor", "wangxx", "-l", "zh_CN")
    assert (code, stdout) == (0, "")
    assert FAKE not in _published_text(project)


def test_a_reserialized_copy_of_a_line_is_refused(project: Path) -> None:
    lines = _ledger(project).read_text(encoding="utf-8").splitlines()
    _ledger(project).write_text(" " + lines[0] + "\n" + "\n".join(lines) + "\n")
    assert "1: not in the canonical form l10n writes" in _fails_verify_naming_the_entry()


def test_a_signature_with_a_garbage_key_blob_is_one_line(project: Path) -> None:
    import base64

    lines = _ledger(project).read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    import struct

    def string(data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + data

    body = b"SSHSIG" + struct.pack(">I", 1) + b"".join(
        map(string, [string(b"\xff\xfe"), b"l10n-review", b"", b"sha512",
                     string(b"ssh-ed25519") + string(b"x" * 64)])
    )  # fmt: skip
    record["signature"] = (
        "-----BEGIN SSH SIGNATURE-----\n" + base64.b64encode(body).decode()
        + "\n-----END SSH SIGNATURE-----\n"
    )  # fmt: skip
    canonical = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    _ledger(project).write_text("\n".join([canonical, *lines[1:]]) + "\n", encoding="utf-8")
    for command in (("review", "verify"), ("status",), ("build", "--policy", "reviewed")):
        run_cli(*command)  # run_cli fails the test on any traceback
    assert "signature does not parse" in _fails_verify_naming_the_entry()


@pytest.mark.parametrize(
    ("text", "message"),
    [("editors = 1\n", "editors must be a table"),
     ('[editors.a]\nname = "A"\nlocales = ["zh_CN"]\nuntil = 2027-01-01T10:00:00\n',
      "until must be a date")],
)  # fmt: skip
def test_odd_registries_are_one_line(project: Path, text: str, message: str) -> None:
    (project / "editors.toml").write_text(text, encoding="utf-8")
    for command in (("status",), ("review", "verify")):
        code, _, stderr = run_cli(*command)
        assert code == 1 and message in stderr and stderr.count("\n") == 1


def test_update_keeps_old_form_reviews_for_resign(project: Path) -> None:
    ledger = _ledger(project)
    records = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines()]
    for record in records:
        del record["signature"], record["prev"]
    ledger.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    before = _catalog(project).read_bytes()
    assert run_cli("update")[0] == 0
    assert _catalog(project).read_bytes() == before
    assert run_cli("review", "resign", "--editor", "wangxx", "-l", "zh_CN")[1] != ""


def test_approve_revoke_approve_in_one_second_counts(project: Path) -> None:
    from l10n.project import find_project
    from l10n.steps.review import Action, Selection, review_entries

    chosen = find_project(project, explicit=True)
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    for action in (Action.REVOKE, Action.APPROVE, Action.REVOKE, Action.APPROVE):
        review_entries(chosen, action, editor_id="wangxx", locale="zh_CN",
                       selection=Selection(match="Grid news"), key_path=None, now=now,
                       actor="wangxx@example.org")  # fmt: skip
    assert run_cli("review", "verify", "-l", "zh_CN")[0] == 0


def test_import_through_a_symlinked_source_folder_is_refused(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    shutil.copytree(project / "source", outside / "source")
    shutil.rmtree(project / "source")
    (project / "source").symlink_to(outside / "source")
    page = outside / "new.html"
    page.write_text(PAGE, encoding="utf-8")
    code, _, stderr = run_cli("import", str(page), "--slug", "evil")
    assert code == 1 and "leads outside the project" in stderr
    assert not (outside / "source" / "evil.html").exists()


def test_a_symlinked_lock_file_is_one_line(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    lock = project / "locales" / "zh_CN" / ".l10n.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(tmp_path_factory.mktemp("outside") / "lock")
    code, _, stderr = run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")
    assert code == 1 and "cannot be locked" in stderr and stderr.count("\n") == 1


def test_the_log_says_which_events_count(project: Path) -> None:
    _append_forged_approve(project, _forge_line(project))
    code, stdout, _ = run_cli("review", "log", "--format", "json")
    assert code == 0
    events = json.loads(stdout)["events"]
    forged = [e for e in events if not e["counts"]]
    assert len(forged) == 1 and len(events) > 1
    assert forged[0]["msgstr"] == [FAKE] and forged[0]["problem"] == "unsigned approve by 'wangxx'"
