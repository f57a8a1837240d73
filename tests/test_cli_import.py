"""`l10n import` as a user runs it: pages recognised by their content in any encoding,
captures, and bad input (binary, empty, a directory or a FIFO), never a hang."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_project, run_cli, seed_file

BAD = Path(__file__).parent / "bad"
CASES = Path(__file__).parent / "import"
DEMO = Path(__file__).parents[1] / "demo" / "captures" / "wetland-birds.txt"

ARTICLE = (
    "<p>The council approved the new tram line on Tuesday after a long debate.</p>\n"
    "<p>Work starts in spring and the first trams run in two years.</p>\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "site").mkdir()
    root = make_project(tmp_path / "site", config='locales = ["fr"]', pages={})
    monkeypatch.chdir(root)
    # A FIFO opened for reading waits for a writer: fail instead of hanging.
    previous = signal.signal(signal.SIGALRM, _timed_out)
    signal.alarm(60)
    yield root
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _timed_out(signum: int, frame: object) -> None:
    raise TimeoutError("l10n import hung")


def _written(project: Path) -> list[str]:
    return sorted(path.name for path in (project / "source").iterdir())


@pytest.mark.parametrize(
    "page",
    [
        "<text>Tram line approved</text>\n" + ARTICLE,
        "<script>function ctlent() { return 1; }</script>\n<h1>Tram line approved</h1>\n" + ARTICLE,
        "<!-- saved page -->\n<div class='story'>\n" + ARTICLE + "</div>\n",
    ],
    ids=["text-first", "script-first", "comment-first"],
)
def test_page_is_recognised_by_its_content_and_copied_unchanged(
    project: Path, tmp_path: Path, page: str
) -> None:
    given = tmp_path / "tram.html"
    given.write_text(page, encoding="utf-8")
    code, stdout, stderr = run_cli("import", str(given))
    assert (code, stdout, stderr) == (0, "source/tram.html: page copied\n", "")
    assert (project / "source" / "tram.html").read_bytes() == given.read_bytes()


def test_undeclared_gbk_page_is_copied_unchanged_and_its_decoding_said(
    project: Path, tmp_path: Path
) -> None:
    page = "<html><body>\n" + ARTICLE * 10 + "<p>Editor: 王晓夏（责任编辑）</p>\n</body></html>\n"
    given = tmp_path / "credit.html"
    given.write_bytes(page.encode("gbk"))
    code, stdout, _ = run_cli("import", str(given))
    assert (code, stdout) == (
        0,
        "source/credit.html: page copied (decoded as GBK: no declaration, detected)\n",
    )
    assert (project / "source" / "credit.html").read_bytes() == page.encode("gbk")


def test_utf16_page_is_recognised(project: Path, tmp_path: Path) -> None:
    given = tmp_path / "wide.html"
    given.write_bytes(b"\xff\xfe" + ("<body>\n" + ARTICLE + "</body>\n").encode("utf-16-le"))
    assert run_cli("import", str(given))[:2] == (0, "source/wide.html: page copied\n")
    assert (project / "source" / "wide.html").read_bytes() == given.read_bytes()


@pytest.mark.parametrize(
    "capture", [DEMO, CASES / "junk-middle.txt", CASES / "markup-in-prose.txt"], ids=str
)
def test_capture_with_a_few_injected_lines_is_a_capture(project: Path, capture: Path) -> None:
    code, stdout, _ = run_cli("import", str(capture))
    assert code == 0
    assert stdout.endswith(": article page made from a text capture\n")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("encoding-binary.html", "not text (binary data)"),
        ("import-pdf.html", "not text (binary data)"),
        ("encoding-empty.html", "empty file"),
        ("encoding-blank.html", "empty file"),
        ("import-markup-only.html", "looks like markup that is not an HTML page"),
    ],
)
def test_bad_input_is_one_line_exit_1_nothing_written(
    project: Path, name: str, message: str
) -> None:
    code, stdout, stderr = run_cli("import", str(BAD / name))
    assert (code, stdout) == (1, "")
    assert stderr.startswith(f"error: {BAD / name}: {message}")
    assert stderr.count("\n") == 1
    assert _written(project) == []


def test_directory_is_refused(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder.html"
    folder.mkdir()
    code, _, stderr = run_cli("import", str(folder))
    assert (code, stderr) == (1, f"error: {folder}: not a page but a directory\n")
    assert _written(project) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_refused_without_reading_it(project: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    code, _, stderr = run_cli("import", str(fifo))
    assert (code, stderr) == (1, f"error: {fifo}: not a page but a FIFO\n")
    assert _written(project) == []


@pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fifo_or_directory_in_source_is_named_and_others_still_extract(project: Path) -> None:
    os.mkfifo(project / "source" / "pipe.html")
    (project / "source" / "folder.html").mkdir()
    (project / "source" / "good.html").write_text(ARTICLE, encoding="utf-8")
    code, stdout, stderr = run_cli("extract")
    assert code == 1
    assert stdout == "locales/good.pot: 2 segments\n"
    assert "source/folder.html: not a page but a directory" in stderr
    assert "source/pipe.html: not a page but a FIFO" in stderr
    assert sorted(path.name for path in (project / "locales").iterdir()) == ["good.pot"]


def test_seed_capture_with_its_junk_tail_is_a_capture(project: Path) -> None:
    code, stdout, _ = run_cli("import", str(seed_file("article-sco.txt")))
    assert (code, stdout) == (0, "source/article-sco.html: article page made from a text capture\n")
