"""Work in several processes: the same templates, pages and lines as one process, in the
same order; Ctrl+C leaves no staged file behind; the default is one process for a few
articles."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from conftest import make_project, run_cli

from l10n.errors import Interrupted
from l10n.project import find_project
from l10n.steps.extract import extract
from l10n.steps.workers import chosen_jobs, in_processes

SAMPLE = Path(__file__).parents[1] / "source" / "solar-grid.html"
ARTICLES = 20


def _numbered(text: str) -> str:
    return f"{text}:{len(text)}"


def _fails_on_b(_shared: object, text: str) -> str:
    if text == "b":
        raise ValueError("b")
    return text


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    page = SAMPLE.read_text(encoding="utf-8")
    pages = {
        # Each page its own: a title that differs, so each template does too.
        f"article-{number:02}": page.replace("<title>", f"<title>Part {number}: ", 1).encode()
        for number in range(ARTICLES)
    }
    make_project(tmp_path, config='locales = ["zh_CN"]', pages=pages)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_default_is_one_process_for_a_few_articles_and_the_cpus_for_many() -> None:
    assert chosen_jobs(None, 15) == 1
    assert 1 <= chosen_jobs(None, 16) <= 8
    assert chosen_jobs(4, 1) == 4  # asked for: given


def test_results_come_back_in_order() -> None:
    items = [str(n) * (n % 7) for n in range(40)]
    with closing(in_processes(_numbered_task, None, items, jobs=2)) as results:
        assert list(results) == [_numbered(item) for item in items]


def _numbered_task(_shared: object, text: str) -> str:
    return _numbered(text)


def test_results_not_taken_are_handed_to_unused() -> None:
    items = [str(n) for n in range(40)]
    unused: list[str] = []
    with closing(in_processes(_numbered_task, None, items, jobs=2, unused=unused.append)) as got:
        taken = [next(got) for _ in range(3)]
    assert taken == [_numbered(item) for item in items[:3]]
    # Every result made is either taken or unused, none twice, in order.
    made = taken + unused
    assert made == [_numbered(item) for item in items[: len(made)]]


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    with closing(in_processes(_fails_on_b, None, ["a", "b", "c"], jobs=2)) as results:
        assert next(results) == "a"
        with pytest.raises(ValueError, match="b"):
            next(results)


def test_extract_in_processes_writes_and_says_what_one_process_does(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    one = run_cli("extract", "-j", "1")
    written = _files(project / "locales")
    for template in (project / "locales").glob("*.pot"):
        template.unlink()
    assert run_cli("extract", "-j", "2") == one  # the same lines, in the same order
    assert _files(project / "locales") == written
    assert len(written) == ARTICLES


def test_build_in_processes_writes_what_one_process_does(project: Path) -> None:
    assert run_cli("extract")[0] == 0
    assert run_cli("update")[0] == 0
    one = run_cli("build", "--pseudo", "-j", "1")
    pages = _files(project / "site")
    for page in (project / "site").rglob("*.html"):
        page.unlink()
    (project / "site" / ".l10n-build.json").unlink()
    assert run_cli("build", "--pseudo", "-j", "2") == one
    assert _files(project / "site") == pages


def test_interrupted_extract_in_processes_leaves_no_staged_file(project: Path) -> None:
    seen: list[str] = []

    def progress(slug: str) -> None:
        seen.append(slug)
        if len(seen) == 5:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted) as stopped:
        extract(find_project(project), [], jobs=2, progress=progress)
    done, left = stopped.value.done, stopped.value.left
    written = sorted(p.name for p in (project / "locales").glob("*.pot"))
    # The five taken before Ctrl+C are in place and reported; the rest are not done.
    assert written == [f"article-{n:02}.pot" for n in range(5)]
    assert [outcome.path for outcome in done.outcomes] == [f"locales/{w}" for w in written]
    assert len(left) == ARTICLES - 5
    # Nothing the workers staged after that is left beside the templates.
    assert sorted(p.name for p in (project / "locales").iterdir()) == written
