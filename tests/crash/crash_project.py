"""A small project for the crash-safety and concurrency tests, and the means to run
`l10n` commands on it in subprocesses that can be killed or let go together."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib
from conftest import make_key, run_cli

MAIN = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).resolve().parent / "runner.py"
LOCALE = "zh_CN"
SLUGS = ("river-survey", "solar-grid")
CONFIG = '[tool.l10n]\nlocales = ["zh_CN"]\npolicy = "translated"\nthreshold = 0\n'
# One key for every crash project of the session (made once, outside any project).
KEY = Path(tempfile.mkdtemp(prefix="l10n-test-key-")) / "wangxx"
EDITORS = f"""[editors.wangxx]
name = "王晓夏"
email = "wangxx@example.org"
locales = ["zh_CN"]
keys = ["{make_key(KEY)}"]
"""
APPROVE_ALL = ("review", "approve", "--editor", "wangxx", "-l", LOCALE, "--key", str(KEY), "--all")

# Review lines and ledger events carry the time of the command, and each event the link
# to the line before it and a signature over both: two runs of the same approve differ
# only there.
_STAMP = re.compile(
    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|(?<=\"prev\":)(?:null|\"[0-9a-f]{64}\")"
    rb"|(?<=\"signature\":\")-----BEGIN SSH SIGNATURE-----[^\"]*"
)


def run_in_process(root: Path, *args: str) -> tuple[int, str, str]:
    """An l10n command run here (fast), on the project at `root`."""
    code, stdout, stderr = run_cli(*args, "--project", str(root))
    return code, stdout, stderr


def ok(root: Path, *args: str) -> str:
    code, out, err = run_in_process(root, *args)
    assert code == 0, f"l10n {' '.join(args)} exited {code}: {out}{err}"
    return out


def translate(root: Path, prefix: str, *, slugs: tuple[str, ...] = SLUGS) -> None:
    """Give every entry of the catalogs a translation: prefix + msgid (placeholders kept)."""
    for slug in slugs:
        path = root / "locales" / LOCALE / f"{slug}.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = prefix + entry.msgid
        catalog.save()


def new_project(root: Path) -> Path:
    """Two articles extracted, merged and wholly translated (not reviewed)."""
    (root / "source").mkdir(parents=True)
    for slug in SLUGS:
        shutil.copyfile(MAIN / "source" / f"{slug}.html", root / "source" / f"{slug}.html")
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (root / "editors.toml").write_text(EDITORS, encoding="utf-8")
    ok(root, "extract")
    ok(root, "update")
    translate(root, "译")
    ok(root, "update")
    return root


def edit_source(root: Path, slug: str, old: str, new: str) -> None:
    path = root / "source" / f"{slug}.html"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {slug}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".l10n.lock"))
    return target


def is_temporary(path: Path) -> bool:
    """A temporary file of an atomic write (`.<name>.<random>.tmp`), left by a crash."""
    return path.name.startswith(".") and path.name.endswith(".tmp")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but the lock files, leftover temporary files and the
    cache: `.l10n/` is never trusted over the files (a record that is torn, stale or
    missing is recomputed; tests/test_cache.py), so a crash cannot hurt through it."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and path.name != ".l10n.lock"
        and not is_temporary(path)
        and path.relative_to(root).parts[0] != ".l10n"
    }


def temporaries(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if is_temporary(p))


def normalized(data: bytes | None) -> bytes | None:
    return None if data is None else _STAMP.sub(b"<time>", data)


def ledger_lines(data: bytes | None) -> list[bytes]:
    return [] if not data else normalized(data).split(b"\n")[:-1]  # type: ignore[union-attr]


def environment(**extra: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("L10N_CRASH_")}
    return {**inherited, **extra}


@dataclass
class Run:
    """One command in a subprocess (tests/crash/runner.py), held at the starting line."""

    process: subprocess.Popen[bytes]

    @classmethod
    def start(cls, root: Path, *args: str, handshake: bool = True, **env: str) -> Run:
        extra = {"L10N_CRASH_HANDSHAKE": "1" if handshake else "0", **env}
        process = subprocess.Popen(
            [sys.executable, str(RUNNER), *args],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(**extra),
        )
        return cls(process)

    def ready(self) -> None:
        """Wait until the command has imported everything and waits for `go`."""
        assert self.process.stdout is not None
        signal = self.process.stdout.read(1)
        assert signal == b"R", f"runner did not start: {signal!r}"

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"g")
        self.process.stdin.flush()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()  # SIGKILL

    def finish(self) -> tuple[int, str, str]:
        """Wait for the end (closing every pipe); the exit code, -9 when killed."""
        out, err = self.process.communicate()
        return (
            self.process.returncode,
            out.decode("utf-8", "replace"),
            err.decode("utf-8", "replace"),
        )
