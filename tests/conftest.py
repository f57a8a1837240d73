"""Shared fixtures: the corpus beside the repository, golden-file updating, a fixed console."""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import settings

# No per-example deadline: speed is measured in `make bench`, never asserted in a test,
# and on a loaded CI machine hypothesis's 200 ms deadline fails correct code.
settings.register_profile("l10n", deadline=None)
settings.load_profile("l10n")

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the expected files of golden tests from the current output, for review.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _fixed_console(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rich reads the terminal size; pin it so CLI output does not depend on the machine.
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(autouse=True)
def _own_cache_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The cache's sealing key (l10n/cache.py) in a folder of the test run, not the home.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


def corpus_folder(folder: str) -> Path:
    """A corpus folder; skipped when absent, a failure when L10N_REQUIRE_CORPUS=1."""
    path = CORPUS / folder
    if not path.is_dir():
        if os.environ.get("L10N_REQUIRE_CORPUS") == "1":
            pytest.fail(f"corpus folder {path} is missing and L10N_REQUIRE_CORPUS=1")
        pytest.skip(f"corpus folder {path} is absent")
    return path


def seed_file(name: str) -> Path:
    """A file of ../shared/seeds, with the same skip rule as the corpus."""
    path = SEEDS / name
    if not path.is_file():
        if os.environ.get("L10N_REQUIRE_CORPUS") == "1":
            pytest.fail(f"seed {path} is missing and L10N_REQUIRE_CORPUS=1")
        pytest.skip(f"seed {path} is absent")
    return path


def corpus_pages() -> Iterator[tuple[str, bytes]]:
    """Every corpus page as (name, bytes): 181 news pages, 74 GBK pages, 1 Arabic page."""
    for path in sorted((corpus_folder("aeb-news") / "html").glob("*.html.gz")):
        yield f"aeb-news/{path.name[: -len('.html.gz')]}", gzip.decompress(path.read_bytes())
    for path in sorted(
        (corpus_folder("netease-gbk") / "RawHtml").glob("*.html"), key=lambda p: int(p.stem)
    ):
        yield f"netease-gbk/{path.stem}", path.read_bytes()
    arabic = corpus_folder("rtl-sample") / "tests/data/html/arabic_article.html"
    yield "rtl-sample/arabic_article", arabic.read_bytes()


def make_key(path: Path) -> str:
    """Write a new ed25519 private key in OpenSSH format (as `ssh-keygen -t ed25519 -N ""`
    does) and return its public key line."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    return f"{public.decode()} {path.name}@test"


def with_keys(root: Path, editors: str) -> str:
    """The registry text with a fresh key for every editor that lists none; each private
    key is written to `root/.keys/<id>` (tests sign with them through --key or
    L10N_SIGNING_KEY)."""
    lines = []
    for line in editors.splitlines():
        lines.append(line)
        header = re.fullmatch(r"\[editors\.([A-Za-z0-9_.-]+)\]\s*", line)
        if header and "keys =" not in editors.split(line, 1)[1].split("[editors.", 1)[0]:
            public = make_key(root / ".keys" / header.group(1))
            lines.append(f"keys = [{json.dumps(public)}]")
    return "\n".join(lines) + "\n"


def make_project(
    root: Path, *, config: str, pages: dict[str, str | bytes], editors: str = ""
) -> Path:
    """A content repository in `root`: `[tool.l10n]` with `config` lines, `source/<slug>.html`
    for each page, and `editors.toml` when given (with a key for each editor, see
    `with_keys`)."""
    (root / "pyproject.toml").write_text(f"[tool.l10n]\n{config}\n", encoding="utf-8")
    if editors:
        (root / "editors.toml").write_text(with_keys(root, editors), encoding="utf-8")
    (root / "source").mkdir()
    for slug, page in pages.items():
        path = root / "source" / f"{slug}.html"
        if isinstance(page, bytes):
            path.write_bytes(page)
        else:
            path.write_text(page, encoding="utf-8")
    return root


class CliOutcome(NamedTuple):
    """What one `l10n` command did (a tuple, so tests can unpack it)."""

    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, input: str | None = None) -> CliOutcome:
    """Run `l10n ARGS…` in this process; any uncaught exception fails the test.

    Under `CliRunner` a crash prints no traceback (the exception is only stored on the
    result), so looking for "Traceback" in the output proves nothing: check the exception.
    """
    from typer.testing import CliRunner

    from l10n.cli.main import app, narrowed

    # As the console script runs it: only the command asked for is built.
    result = CliRunner().invoke(narrowed(app, list(args)), list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"l10n {' '.join(args)} crashed: {result.exception!r}\n{result.output}"
        ) from result.exception
    return CliOutcome(result.exit_code, result.stdout, result.stderr)
