"""Work in several processes: the same templates, pages and lines as one process, in the
same order; Ctrl+C leaves no staged file behind; the default is one process for a few
articles."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polib
import pytest
from conftest import make_project, run_cli

import l10n.steps.build as build_step
import l10n.steps.extract as extract_step
from l10n.errors import Interrupted, WorkerError
from l10n.project import find_project
from l10n.review.policy import Policy
from l10n.steps import workers
from l10n.steps.build import build_site
from l10n.steps.extract import extract
from l10n.steps.report import write_report
from l10n.steps.workers import chosen_jobs, in_processes

SAMPLE = Path(__file__).parents[1] / "source" / "solar-grid.html"
ARTICLES = 20


def _numbered(text: str) -> str:
    return f"{text}:{len(text)}"


def _fails_on_b(_shared: object, text: str) -> str:
    if text == "b":
        raise ValueError("b")
    return text


def _articles(root: Path, count: int, digits: int) -> Path:
    """A project of `count` articles, each page its own (its title differs, so its
    template does too): article-00, article-01, …"""
    page = SAMPLE.read_text(encoding="utf-8")
    pages = {
        f"article-{number:0{digits}}": page.replace("<title>", f"<title>Part {number}: ", 1)
        for number in range(count)
    }
    return make_project(root, config='locales = ["zh_CN"]', pages=pages)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return _articles(tmp_path, ARTICLES, 2)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_default_is_one_process_for_a_few_articles_and_the_cpus_for_many() -> None:
    assert chosen_jobs(None, 15) == 1
    assert 1 <= chosen_jobs(None, 16) <= 8
    assert chosen_jobs(4, 1) == 4  # asked for: given


def _counting(module: str, used: list[tuple[str, int]]) -> Callable[..., Any]:
    """`in_processes` that notes which step asked for how many processes."""

    def counted(task: Any, shared: Any, items: Any, *, jobs: int, **options: Any) -> Any:
        used.append((module.rpartition(".")[2], jobs))
        return in_processes(task, shared, items, jobs=jobs, **options)

    return counted


def test_the_commands_use_a_process_per_cpu_by_default_for_many_articles(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without `--jobs`, each long command asks `chosen_jobs`, which gives one process
    per CPU for 16 articles or more (here two CPUs, whatever the machine has)."""
    import l10n.steps.status as status_step

    monkeypatch.setattr(workers, "_usable_cpus", lambda: 2)
    used: list[tuple[str, int]] = []
    for module in (extract_step, build_step, status_step):  # report judges through status
        monkeypatch.setattr(module, "in_processes", _counting(module.__name__, used))
    monkeypatch.setenv("L10N_NO_CACHE", "1")  # status reads every catalog itself
    for command in ("extract", "update", "status", "report", "build"):
        assert run_cli(command).exit_code == 0
    assert used == [("extract", 2), ("status", 2), ("status", 2), ("build", 2)]
    used.clear()
    for command in ("extract", "status", "report", "build --pseudo"):
        assert run_cli(*command.split(), "--jobs", "1").exit_code == 0
    assert all(jobs == 1 for _, jobs in used)


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


def _dies_on_b(_shared: object, text: str) -> str:
    if text == "b":
        os._exit(1)  # as the kernel's out-of-memory killer would end it: no clean-up
    return text


def test_a_worker_that_dies_is_one_error_after_the_results_before_it() -> None:
    got: list[str] = []
    with (
        pytest.raises(WorkerError, match=r"^a worker process ended before its work was done"),
        closing(in_processes(_dies_on_b, None, ["a", "b", "c"], jobs=2)) as results,
    ):
        got.extend(results)
    # "a" was handed back, unless the pool gave up its result with the rest: which, the
    # timing of the two workers decides.
    assert got in (["a"], [])


def test_extract_whose_worker_dies_says_so_in_one_line_and_keeps_what_was_done(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("extract", "-j", "1")[0] == 0
    whole = _files(project / "locales")
    for template in (project / "locales").glob("*.pot"):
        template.unlink()
    real = extract_step._extract_one

    def dies_on_the_eighth(project: Path, slug: str, **options: object) -> object:
        if slug == "article-07":
            os._exit(1)
        return real(project, slug, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(extract_step, "_extract_one", dies_on_the_eighth)  # forked with it
    code, stdout, stderr = run_cli("extract", "-j", "2")
    assert code == 1
    line, summary = stderr.splitlines()
    assert line.startswith("error: a worker process ended before its work was done")
    # The articles handed back before the pool broke are done (which ones, the timing of
    # the other worker decides: never article-07), each template whole; the rest are not.
    written = _files(project / "locales")
    done = len(written)
    assert sorted(written) == [f"article-{n:02}.pot" for n in range(done)] and done <= 7
    assert all(whole[name] == data for name, data in written.items())
    assert f"; {ARTICLES - done} not done: locales/article-{done:02}.pot, " in line
    assert (
        summary
        == f"20 templates: {done} written, 0 unchanged, {ARTICLES - done} failed (see above)"
    )
    assert len(stdout.splitlines()) == done


def test_build_whose_worker_dies_reports_the_articles_it_left_as_failed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("extract")[0] == 0
    assert run_cli("update")[0] == 0
    real = build_step._build_article

    def dies_on_the_eighth(settings: object, survey: object, slug: str, inputs: str) -> object:
        if slug == "article-07":
            os._exit(1)
        return real(settings, survey, slug, inputs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_step, "_build_article", dies_on_the_eighth)  # forked with it
    code, _, stderr = run_cli("build", "--policy", "translated", "-j", "2", "--format", "json")
    assert code == 1
    assert "a worker process ended before its work was done" in stderr
    built = sorted(p.stem for p in (project / "site" / "en").glob("*.html"))
    assert built == [f"article-{n:02}" for n in range(len(built))] and len(built) <= 7
    assert not list((project / "site").rglob("*.tmp"))  # nothing staged is left behind
    monkeypatch.setattr(build_step, "_build_article", real)
    assert run_cli("build", "--policy", "translated")[0] == 0  # the next build does the rest
    assert len(list((project / "site" / "en").glob("*.html"))) == ARTICLES


EDITORS = '[editors.wangxx]\nname = "王晓夏"\nlocales = ["zh_CN"]\n'


@pytest.fixture
def signed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two articles, one entry of each translated and signed off."""
    pages = {slug: SAMPLE.read_bytes() for slug in ("solar-grid", "wind-farm")}
    make_project(tmp_path, config='locales = ["zh_CN"]', pages=pages, editors=EDITORS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("L10N_SIGNING_KEY", str(tmp_path / ".keys" / "wangxx"))
    assert run_cli("extract")[0] == 0 and run_cli("update")[0] == 0
    for slug in pages:
        path = tmp_path / "locales" / "zh_CN" / f"{slug}.po"
        catalog = polib.pofile(str(path))
        next(e for e in catalog if not e.msgstr).msgstr = "译文"
        catalog.save(str(path))
    assert run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")[0] == 0
    return tmp_path


def _remembered_signatures(project: Path) -> int:
    memo = (project / ".l10n" / "signatures.json").read_bytes().partition(b"\n")[2]
    return len(json.loads(memo)["records"])


def test_status_in_processes_counts_and_remembers_what_one_process_does(
    signed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setenv("L10N_NO_CACHE", "1")
        truth = run_cli("status", "--format", "json", "-j", "1")
    assert run_cli("status", "--format", "json", "-j", "2") == truth  # both catalogs missed
    assert _remembered_signatures(signed) == 2  # verified in the workers: one per sign-off
    assert '"reviewed": {"segments": 1' in truth.stdout  # the sign-offs count
    assert run_cli("status", "--format", "json", "-j", "2") == truth  # now from the cache


def test_report_in_processes_writes_what_one_process_does(signed: Path) -> None:
    project = find_project(signed)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    dashboard = signed / "site" / "index.html"
    write_report(project, locales=None, now=now, jobs=1)
    one = dashboard.read_bytes()
    shutil.rmtree(signed / ".l10n")
    dashboard.unlink()
    seen: list[str] = []
    result = write_report(project, locales=None, now=now, jobs=2, progress=seen.append)
    assert dashboard.read_bytes() == one and result.articles == 2
    assert seen == ["solar-grid", "wind-farm"]
    assert _remembered_signatures(signed) == 2  # verified in the workers
    assert "王晓夏" in one.decode()


def test_review_verify_in_processes_finds_what_one_process_does(
    signed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signatures verified and catalogs judged in two processes: the same problems and
    stale reviews, in the same order."""
    import l10n.steps.verify as verify_step

    ledger = signed / "locales" / "zh_CN" / "reviews.jsonl"
    forged = ledger.read_text(encoding="utf-8").replace("译文", "伪造", 1)  # still canonical
    ledger.write_text(forged, encoding="utf-8")
    path = signed / "locales" / "zh_CN" / "wind-farm.po"
    path.write_text(path.read_text(encoding="utf-8").replace("译文", "新译文"), encoding="utf-8")
    one = run_cli("review", "verify", "--format", "json", "-j", "1")
    found = json.loads(one.stdout)
    assert one.exit_code == 3 and len(found["problems"]) == 3 and len(found["stale"]) == 1
    used: list[tuple[str, int]] = []
    monkeypatch.setattr(verify_step, "in_processes", _counting(verify_step.__name__, used))
    monkeypatch.setattr(verify_step, "_EVENTS_AT_A_TIME", 1)  # two events: two pieces
    assert run_cli("review", "verify", "--format", "json", "-j", "2") == one
    assert used == [("verify", 2), ("verify", 2)]  # the events, then the catalogs


def test_a_worker_that_cannot_be_started_leaves_the_work_to_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*_args: object, **_options: object) -> object:
        raise BlockingIOError(11, "Resource temporarily unavailable")  # EAGAIN

    monkeypatch.setattr("multiprocessing.context.Process.start", refused)
    with closing(in_processes(_numbered_task, None, ["a", "bb"], jobs=2)) as results:
        assert list(results) == ["a:1", "bb:2"]


def test_nothing_to_do_starts_no_process() -> None:
    with closing(in_processes(_numbered_task, None, [], jobs=2)) as results:
        assert list(results) == []


def test_interrupted_build_in_processes_puts_what_it_built_in_place(project: Path) -> None:
    assert run_cli("extract")[0] == 0
    assert run_cli("update")[0] == 0
    seen: list[str] = []

    def progress(slug: str) -> None:
        seen.append(slug)
        if len(seen) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_site(
            find_project(project), [], locales=["zh_CN"], policy=Policy.TRANSLATED, jobs=2,
            progress=progress,
        )  # fmt: skip
    site = project / "site"
    assert not list(site.rglob("*.tmp"))  # nothing staged is left behind
    built = sorted(p.stem for p in (site / "en").glob("*.html"))
    assert built == [f"article-{n:02}" for n in range(5)]  # those taken before Ctrl+C
    manifest = json.loads((site / ".l10n-build.json").read_text(encoding="utf-8"))
    assert sorted(manifest["articles"]) == built  # and recorded: the next build skips them


def test_ctrl_c_while_templates_are_put_in_place_finishes_putting_them_first(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replaced: list[str] = []
    real = os.replace

    def replace(source: str, target: str) -> None:
        real(source, target)
        replaced.append(target)
        if len(replaced) == 3:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C in the middle of the batch

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Interrupted) as stopped:
        extract(find_project(project), [], jobs=1)
    written = sorted(p.name for p in (project / "locales").iterdir())
    assert written == [f"article-{n:02}.pot" for n in range(ARTICLES)]  # every one, whole
    assert [outcome.path for outcome in stopped.value.done.outcomes] == [
        f"locales/{name}" for name in written
    ]
    assert stopped.value.done.errors == () and stopped.value.left == ()


def _l10n(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "l10n", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's command has
    )


def _processes_in(folder: Path) -> list[int]:
    """Processes working in `folder` (the command and its workers), this one left out."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if os.readlink(entry / "cwd") == str(folder):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of 150 articles: seconds of work, for a command stopped on its way."""
    monkeypatch.chdir(tmp_path)
    return _articles(tmp_path, 150, 3)


def _underway(folder: Path, pattern: str) -> None:
    """Wait until the command has written its first file there."""
    deadline = time.monotonic() + 30
    while not list(folder.glob(pattern)) and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_a_second_ctrl_c_stops_the_workers_at_once(many: Path) -> None:
    assert run_cli("extract")[0] == 0 and run_cli("update")[0] == 0
    command = _l10n("build", "--pseudo", "-j", "2", cwd=many)
    _underway(many / "site" / "en", "*.html")
    for _ in range(2):
        os.killpg(command.pid, signal.SIGINT)
        time.sleep(0.05)
    _, stderr = command.communicate(timeout=30)  # before, the command waited for ever
    assert command.returncode == 130, stderr
    deadline = time.monotonic() + 10
    while _processes_in(many) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_in(many) == []
    assert not list((many / "site").rglob("*.tmp"))


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_workers_end_with_a_killed_command(many: Path) -> None:
    command = _l10n("extract", "-j", "2", cwd=many)
    _underway(many / "locales", "*.pot")
    os.kill(command.pid, signal.SIGKILL)  # as an out-of-memory killer or a timeout would
    command.communicate(timeout=10)
    deadline = time.monotonic() + 10
    while _processes_in(many) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_in(many) == []  # no worker left waiting for work


def test_spawned_workers_write_what_forked_ones_do(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where workers are not forked (macOS, Windows) they get what they share pickled."""
    assert run_cli("extract", "-j", "1")[0] == 0
    assert run_cli("update")[0] == 0
    one = run_cli("build", "--pseudo", "-j", "1")
    pages = _files(project / "site")
    shutil.rmtree(project / "site")
    monkeypatch.setattr(workers, "_start_method", lambda: "spawn")
    assert run_cli("build", "--pseudo", "-j", "2") == one
    assert _files(project / "site") == pages
