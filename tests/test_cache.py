"""The cache in `.l10n/` (l10n/cache.py): a repeated `status` reads nothing it read
before, and the cache is never trusted over the files: edited, corrupt, foreign or
deleted, the figures are the same as without it."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from pathlib import Path

import polib
import pytest
from conftest import make_project, run_cli

from l10n.cache import Cache
from l10n.review.ledger import read_ledger, signed_message

SAMPLE = Path(__file__).parents[1] / "source" / "solar-grid.html"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_project(
        tmp_path, config='locales = ["zh_CN", "fa"]', pages={"solar-grid": SAMPLE.read_bytes()}
    )
    monkeypatch.chdir(tmp_path)
    for command in (["extract"], ["update"]):
        assert run_cli(*command).exit_code == 0
    return tmp_path


def _status() -> dict[str, object]:
    outcome = run_cli("status", "--format", "json")
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.stdout)


def _cold(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    with monkeypatch.context() as patch:
        patch.setenv("L10N_NO_CACHE", "1")
        return _status()


def _records(path: Path) -> dict[str, object]:
    """A record file's JSON, under its seal line."""
    return json.loads(path.read_bytes().partition(b"\n")[2])


def _translate_first(project: Path) -> None:
    path = project / "locales" / "zh_CN" / "solar-grid.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if not e.msgstr)
    entry.msgstr = "译文"
    catalog.save(str(path))


def test_repeated_status_answers_from_the_cache(project: Path) -> None:
    first = _status()
    records = _records(project / ".l10n" / "status.json")
    assert len(records["records"]) == 2  # one per catalog
    assert (project / ".l10n" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert _status() == first


def test_an_edited_catalog_is_read_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _status()
    _translate_first(project)
    after = _status()
    assert after != before
    assert after == _cold(monkeypatch)


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        '{"format": "l10n-cache/1 0.0.0-other", "records": {}}',
        '{"format": "FORMAT", "records": {"KEY": [[1, "x"]]}}',
        '{"format": "FORMAT", "records": {"KEY": "nonsense"}}',
        '{"format": "FORMAT", "records": []}',
    ],
)
def test_a_corrupt_or_foreign_cache_is_ignored_and_rebuilt(
    project: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    truth = _cold(monkeypatch)
    _status()
    path = project / ".l10n" / "status.json"
    stored = _records(path)
    text = damage.replace("FORMAT", str(stored["format"]))
    text = text.replace("KEY", next(iter(stored["records"])))  # type: ignore[call-overload]
    seal = path.read_bytes().partition(b"\n")[0]
    path.write_bytes(seal + b"\n" + text.encode())  # the old seal: it no longer verifies
    assert _status() == truth
    assert _records(path)["format"] == stored["format"]


def test_deleting_the_cache_changes_nothing(project: Path) -> None:
    first = _status()
    for path in (project / ".l10n").iterdir():
        path.unlink()
    (project / ".l10n").rmdir()
    assert _status() == first


def test_no_cache_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _cold(monkeypatch)
    assert not (project / ".l10n").exists()


def test_a_cache_folder_that_is_a_symlink_is_not_used(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (project / ".l10n").symlink_to(outside)
    first = _status()
    assert _status() == first
    assert list(outside.iterdir()) == []


def test_records_made_with_another_key_are_ignored(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A `.l10n/` committed from someone else's machine: sealed with their key."""
    truth = _cold(monkeypatch)
    _status()
    path = project / ".l10n" / "status.json"
    records = _records(path)
    key = next(iter(records["records"]))  # type: ignore[call-overload]
    records["records"][key] = [[9, 9]] * 6  # type: ignore[index]
    with monkeypatch.context() as theirs:
        theirs.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("their-cache")))
        Cache(project, enabled=True).write("status", records["records"])  # type: ignore[arg-type]
    assert _status() == truth


def test_an_unwritable_cache_folder_is_no_error(project: Path) -> None:
    (project / ".l10n").write_text("a file where the folder would be", encoding="utf-8")
    first = _status()
    assert _status() == first


def test_a_file_digest_is_reused_only_while_the_file_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text("one", encoding="utf-8")
    old = time.time() - 10
    os.utime(path, (old, old))
    cache = Cache(tmp_path, enabled=True)
    first = cache.digest(path)
    cache.save_digests()
    path.write_text("two", encoding="utf-8")  # same size, new time
    assert Cache(tmp_path, enabled=True).digest(path) != first
    assert Cache(tmp_path, enabled=True).digest(tmp_path / "missing") == "absent"


def test_a_racy_file_is_hashed_every_time(tmp_path: Path) -> None:
    """A file written within a second of being hashed could change again without its
    time changing (git's "racy clean"): its digest is not remembered."""
    path = tmp_path / "a.po"
    path.write_text("one", encoding="utf-8")
    cache = Cache(tmp_path, enabled=True)
    cache.digest(path)
    cache.save_digests()
    assert not (tmp_path / ".l10n" / "digests.json").exists()


EDITORS = '[editors.wangxx]\nname = "王晓夏"\nlocales = ["zh_CN"]\n'


def test_signatures_checked_once_are_remembered_for_status_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`status` remembers which signatures verified; `review verify` and `build` check
    every signature again, so a forged memo can change no gate and no verification."""
    make_project(tmp_path, config='locales = ["zh_CN"]\nthreshold = 0',
                 pages={"solar-grid": SAMPLE.read_bytes()}, editors=EDITORS)  # fmt: skip
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("L10N_SIGNING_KEY", str(tmp_path / ".keys" / "wangxx"))
    assert run_cli("extract").exit_code == 0 and run_cli("update").exit_code == 0
    _translate_first(tmp_path)
    assert run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all").exit_code == 0
    truth = _cold(monkeypatch)
    assert _status() == truth
    memo = tmp_path / ".l10n" / "signatures.json"
    stored = _records(memo)
    assert len(stored["records"]) == 1  # type: ignore[arg-type]
    # A forged sign-off whose digest was slipped into the memo, as a pull request could
    # commit it: without this user's key the memo does not verify, so status ignores it,
    # and verify and build never read it.
    ledger = tmp_path / "locales" / "zh_CN" / "reviews.jsonl"
    text = ledger.read_text(encoding="utf-8")
    signature = json.loads(text)["signature"]
    ledger.write_text(text.replace(json.dumps(signature), json.dumps(_tampered(signature))))
    (event,), _ = read_ledger(ledger)
    assert event.signature is not None
    message = signed_message(event, locale="zh_CN")
    forged = hashlib.sha256(event.signature.encode() + b"\0" + message).hexdigest()
    stored["records"] = {forged: ""}
    memo.write_text("0" * 64 + "\n" + json.dumps(stored), encoding="utf-8")
    assert _status() == _cold(monkeypatch)  # the forged sign-off does not count
    assert run_cli("review", "verify").exit_code == 3
    assert run_cli("build", "--policy", "reviewed").exit_code == 0
    page = (tmp_path / "site" / "zh_CN" / "solar-grid.html").read_text(encoding="utf-8")
    assert "译文" not in page


def _tampered(armored: str) -> str:
    """The signature with one bit of its signature bytes flipped (still parses)."""
    lines = armored.strip().split("\n")
    body = bytearray(base64.b64decode("".join(lines[1:-1])))
    body[-1] ^= 1
    text = base64.b64encode(bytes(body)).decode()
    wrapped = [text[i : i + 70] for i in range(0, len(text), 70)]
    return "\n".join([lines[0], *wrapped, lines[-1]]) + "\n"


def _updated(path: Path) -> dict[str, dict[str, object]]:
    """Per locale, the no-op merges `update` remembers, by slug."""
    return _records(path)["records"]  # type: ignore[return-value]


def test_update_forgets_the_articles_and_locales_the_project_no_longer_has(
    project: Path,
) -> None:
    assert run_cli("update").exit_code == 0  # a second merge: its no-ops are remembered
    path = project / ".l10n" / "update.json"
    assert {slug for mine in _updated(path).values() for slug in mine} == {"solar-grid"}
    (project / "source" / "river.html").write_bytes(SAMPLE.read_bytes())
    assert run_cli("extract").exit_code == 0
    assert run_cli("update").exit_code == 0 and run_cli("update").exit_code == 0
    assert {slug for mine in _updated(path).values() for slug in mine} == {"solar-grid", "river"}
    (project / "source" / "river.html").unlink()
    config = (project / "pyproject.toml").read_text(encoding="utf-8")
    (project / "pyproject.toml").write_text(config.replace(', "fa"', ""), encoding="utf-8")
    assert run_cli("update").exit_code == 0
    records = _updated(path)
    assert set(records) == {"zh_CN"} and set(records["zh_CN"]) == {"solar-grid"}
