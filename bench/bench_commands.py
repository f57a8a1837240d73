"""Whole commands as a user runs them, each beside the nearest Translate Toolkit command or
the floor, in the same run.

Every command is a process (start-up and imports included), run with its bytecode already
compiled (one untimed run first; `PYTHONDONTWRITEBYTECODE` is removed from the
environment, since with it every start compiles everything again). For each, the wall time
and the child's CPU time (user + system, from `wait4`): on a shared machine the CPU time
is the steadier figure, so the ratios are given in both and the goals are judged on CPU
time. `extract`, `build` and a cold `status` work in one process per CPU by default
(`--jobs`): their CPU
figure is that of every process (a worker's is its parent's, from `wait4`), and the wall
time is what the user waits for. `extract` and `status` are also run with `-j 1`, the
CPU goals judged on those runs.

Rows:
- start-up: `python -c pass`, `l10n --version`, `l10n --help`, `l10n status` in a project
  with no articles (interleaved, the median of `repeats`).
- one project of the corpus news pages × zh_CN, ru, fa, used by every row below (made
  once: the whole-command rows of the build, the no-op build and the signed review live
  here, not in a project of their own): `l10n extract -j 1` and `l10n extract` (the
  default, in processes) against `html2po -P` over the same folder (and the lxml
  parse-and-serialize floor of the same pages, in this process);
  `l10n update` for one locale against `pot2po` for that locale; every msgstr
  pseudo-translated; `l10n status --format json` cold (`L10N_NO_CACHE=1`, with `-j 1`
  and by default) and repeated (cache) against `pocount` over the same catalogs;
  `l10n report`; `l10n build` and a build with nothing changed; then every entry
  approved with a signed sign-off (`review approve --all`, timed per locale), status
  cold and repeated, report and `review verify` (by default and `-j 1`), and a cold
  status on the same ledgers with the signatures stripped.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import bench_review
import project
from common import Page, log
from lxml import etree, html

from l10n.steps.workers import chosen_jobs

LOCALES = ["zh_CN", "ru", "fa"]
BIN = Path(sys.executable).parent
GOALS = {
    "version": 3.0,  # × python -c pass
    "help": 5.0,
    "status_empty": 3.0,
    "extract_vs_html2po": 0.1,  # ours/theirs: at least 10× faster
    "extract_vs_floor": 5.0,  # per page, start-up excluded
    "status_vs_pocount": 0.2,  # cold: at least 5× faster
    "status_repeat_s": 0.5,
}


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def timed(command: list[str], cwd: Path, **env: str) -> dict[str, float]:
    """Run one command; its wall seconds, CPU seconds and exit code."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, env=_environment(**env),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if child.returncode not in (0, 3):
        print(f"bench: {' '.join(command)} exited {child.returncode}: {errors[-600:]!r}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rc": child.returncode,
    }


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {
        "wall_s": statistics.median(r["wall_s"] for r in runs),
        "cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "rc": max(r["rc"] for r in runs),
        "runs": len(runs),
    }


def _ratio(ours: dict[str, float], theirs: dict[str, float]) -> dict[str, float]:
    return {
        "wall": ours["wall_s"] / theirs["wall_s"],
        "cpu": ours["cpu_s"] / theirs["cpu_s"],
    }


def startup(repeats: int) -> dict[str, Any]:
    """The start-up rows: each command `repeats` times, interleaved."""
    log("commands: start-up")
    with tempfile.TemporaryDirectory(prefix="l10n-bench-start-") as tmp:
        root = Path(tmp)
        (root / "source").mkdir()
        (root / "l10n.toml").write_text('locales = ["zh_CN", "ru", "fa"]\n', encoding="utf-8")
        commands = {
            "python": [sys.executable, "-c", "pass"],
            "version": [str(BIN / "l10n"), "--version"],
            "help": [str(BIN / "l10n"), "--help"],
            "status_empty": [str(BIN / "l10n"), "status"],
            # What typer costs by itself: the floor of any typer command line.
            "typer": [sys.executable, "-c", "import typer"],
        }
        for command in commands.values():
            timed(command, root)  # compiles the bytecode once
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
        for _ in range(repeats):
            for name, command in commands.items():
                runs[name].append(timed(command, root))
    rows = {name: _median(found) for name, found in runs.items()}
    for name in ("version", "help", "status_empty", "typer"):
        rows[name]["over_python"] = _ratio(rows[name], rows["python"])
    return rows


def _floor_ms(pages: list[Page]) -> float:
    """The lxml floor: parse and serialize every page, in this process (CPU ms per page)."""
    start = time.process_time()
    for _, data in pages:
        etree.tostring(html.document_fromstring(data), encoding="utf-8")
    return (time.process_time() - start) * 1000 / len(pages)


def corpus_project(pages: list[Page], repeats: int) -> dict[str, Any]:
    """The corpus rows (see the module docstring)."""
    l10n = str(BIN / "l10n")
    rows: dict[str, Any] = {"pages": len(pages), "locales": LOCALES}
    with tempfile.TemporaryDirectory(prefix="l10n-bench-commands-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        project.create(root, pages, LOCALES)
        peers = Path(tmp) / "peers"
        peers.mkdir()
        log(f"commands: extract {len(pages)} pages, and html2po over the same folder")
        rows["extract_one_process"] = timed([l10n, "extract", "-q", "-j", "1"], root)
        for template in (root / "locales").glob("*.pot"):
            template.unlink()  # so that the second run writes as much as the first
        rows["jobs"] = chosen_jobs(None, len(pages))
        rows["extract"] = timed([l10n, "extract", "-q"], root)
        rows["html2po"] = timed(
            [str(BIN / "html2po"), "-P", "--progress=none", "--errorlevel=none",
             str(root / "source"), str(peers / "pot")], root,
        )  # fmt: skip
        rows["floor_ms_per_page"] = _floor_ms(pages)
        log("commands: update one locale, and pot2po for it")
        rows["update"] = timed([l10n, "update", "-q", "-l", LOCALES[0]], root)
        rows["pot2po"] = timed(
            [str(BIN / "pot2po"), "--progress=none", "--errorlevel=none",
             str(peers / "pot"), str(peers / "po")], root,
        )  # fmt: skip
        timed([l10n, "update", "-q"], root)
        rows["catalogs"] = project.fill(root)
        catalogs = sorted(str(p) for p in (root / "locales").glob("*/*.po"))
        log(f"commands: status against pocount over {len(catalogs)} catalogs")
        rows["translated"] = _read_only(root, catalogs, repeats)
        log("commands: build every locale, then again with nothing changed")
        rows["build"] = timed([l10n, "build", "-q"], root)
        rows["pages_written"] = len(list((root / "site").glob("*/*.html")))
        rows["build_nochange"] = _median([timed([l10n, "build", "-q"], root)
                                          for _ in range(max(repeats, 3))])  # fmt: skip
        log("commands: every entry signed off; status again")
        bench_review._editors(root)
        rows["approve"] = {}
        for locale in LOCALES:
            key = str(root / "keys" / locale)
            rows["approve"][locale] = timed(
                [l10n, "review", "approve", "--editor", f"ed-{locale}", "-l", locale,
                 "--all", "--key", key], root)  # fmt: skip
        ledgers = (root / "locales").glob("*/reviews.jsonl")
        rows["events"] = sum(len(path.read_bytes().splitlines()) for path in ledgers)
        shutil.rmtree(root / ".l10n", ignore_errors=True)
        rows["signed"] = _read_only(root, catalogs, repeats)
        rows["signed"]["verify"] = timed([l10n, "review", "verify"], root)
        rows["signed"]["verify_one"] = timed([l10n, "review", "verify", "-j", "1"], root)
        log("commands: the desk's list of articles, a first visit and a visit again")
        rows["desk_list"] = _desk_list(root)
        log("commands: the same ledgers with the signatures stripped; status again")
        _strip_signatures(root)
        rows["stripped_status_cold"] = _median(
            [timed([l10n, "status", "--format", "json", "-j", "1"], root, L10N_NO_CACHE="1")
             for _ in range(repeats)]
        )  # fmt: skip
    rows["extract_vs_html2po"] = _ratio(rows["extract_one_process"], rows["html2po"])
    rows["default_extract_vs_html2po"] = _ratio(rows["extract"], rows["html2po"])
    rows["update_vs_pot2po"] = _ratio(rows["update"], rows["pot2po"])
    return rows


def _desk_list(root: Path) -> dict[str, float]:
    """The desk's list of articles (`l10n serve`, `GET /`), in process through Starlette's
    TestClient: a first visit (the signatures remembered by the status runs before it),
    and a visit with nothing changed; CPU seconds."""
    from starlette.testclient import TestClient

    from l10n.project import find_project
    from l10n.serve.app import DeskSettings, create_app

    settings = DeskSettings(find_project(root, explicit=True), "127.0.0.1", 8000, token="bench")
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8000")
    visits = []
    for _ in range(2):
        start = time.process_time()
        assert client.get("/").status_code == 200
        visits.append(time.process_time() - start)
    return {"first_cpu_s": visits[0], "again_cpu_s": visits[1]}


def _strip_signatures(root: Path) -> None:
    """Every ledger without its signatures, in the form l10n writes (compact JSON, so that
    every line is still read as an event): the same work, with nothing to verify."""
    for ledger in (root / "locales").glob("*/reviews.jsonl"):
        records = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines()]
        for record in records:
            record.pop("signature", None)
        compact = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
        ledger.write_text("".join(f"{line}\n" for line in compact), encoding="utf-8")


def _read_only(root: Path, catalogs: list[str], repeats: int) -> dict[str, Any]:
    """status cold and repeated, report, and pocount over the same catalogs."""
    l10n = str(BIN / "l10n")
    status = [l10n, "status", "--format", "json"]
    pocount = [str(BIN / "pocount"), *catalogs]
    timed(status, root)  # fills the cache for the repeated runs
    # One process for the CPU goal; by default (in processes) for the time waited.
    cold = _median([timed([*status, "-j", "1"], root, L10N_NO_CACHE="1") for _ in range(repeats)])
    cold_default = _median([timed(status, root, L10N_NO_CACHE="1") for _ in range(repeats)])
    repeat = _median([timed(status, root) for _ in range(repeats)])
    peer = _median([timed(pocount, root) for _ in range(repeats)])
    report = _median([timed([l10n, "report", "-q"], root, L10N_NO_CACHE="1")])
    return {
        "status_cold": cold,
        "status_cold_default": cold_default,
        "status_repeat": repeat,
        "pocount": peer,
        "report_cold": report,
        "status_cold_vs_pocount": _ratio(cold, peer),
        "report_over_status": _ratio(report, cold),
    }


def run(pages: list[Page], repeats: int) -> dict[str, Any]:
    rows = {"startup": startup(max(repeats * 5, 9)), "goals": GOALS}
    rows["project"] = corpus_project(pages, repeats)
    start = rows["startup"]["status_empty"]
    extract = rows["project"]["extract_one_process"]
    per_page_ms = (extract["cpu_s"] - start["cpu_s"]) * 1000 / len(pages)
    rows["project"]["extract_ms_per_page_without_start"] = per_page_ms
    rows["project"]["extract_vs_floor"] = per_page_ms / rows["project"]["floor_ms_per_page"]
    return rows


def render(result: dict[str, Any]) -> list[str]:
    """BENCHMARKS.md's whole-command section."""
    goals = result["goals"]
    s = result["startup"]
    p = result["project"]
    start_cpu = s["status_empty"]["cpu_s"]

    def row(name: str, r: dict[str, float]) -> str:
        return f"| {name} | {r['wall_s']:.3f} | {r['cpu_s']:.3f} |"

    def met(value: float, goal: float, *, at_most: bool = True) -> str:
        return "met" if (value <= goal if at_most else value >= goal) else "**not met**"

    out = [
        "### Start-up (bytecode compiled)",
        "",
        f"Median of {s['python']['runs']} interleaved runs each.",
        "",
        "| command | wall s | CPU s | wall × `python -c pass` | CPU × | goal | |",
        "|---|--:|--:|--:|--:|--:|---|",
        row("`python -c pass`", s["python"]) + " 1.00 | 1.00 | — | |",
    ]
    for name, label in (("version", "`l10n --version`"), ("help", "`l10n --help`"),
                        ("status_empty", "`l10n status` (no articles)")):  # fmt: skip
        r = s[name]["over_python"]
        verdict = met(r["cpu"], goals[name])
        out.append(
            row(label, s[name])
            + f" {r['wall']:.2f} | {r['cpu']:.2f} | ≤ {goals[name]:g}× | {verdict} |"
        )
    typer = s["typer"]
    out.append(
        row("`python -c 'import typer'` (typer alone)", typer)
        + f" {typer['over_python']['wall']:.2f} | {typer['over_python']['cpu']:.2f} | | |"
    )
    out += [
        "",
        f"### The corpus project ({p['pages']} pages × {len(p['locales'])} locales, "
        f"{p['catalogs']} catalogs)",
        "",
        "| command | wall s | CPU s | peer | peer wall s | peer CPU s | ours/peer wall "
        "| ours/peer CPU | goal | |",
        "|---|--:|--:|---|--:|--:|--:|--:|--:|---|",
    ]

    def vs(label: str, ours: dict[str, float], peer_label: str, peer: dict[str, float],
           goal: str = "", verdict: str = "") -> str:  # fmt: skip
        return (
            f"| {label} | {ours['wall_s']:.2f} | {ours['cpu_s']:.2f} | {peer_label} | "
            f"{peer['wall_s']:.2f} | {peer['cpu_s']:.2f} | {ours['wall_s'] / peer['wall_s']:.2f} | "
            f"{ours['cpu_s'] / peer['cpu_s']:.2f} | {goal} | {verdict} |"
        )

    ratio = p["extract_one_process"]["cpu_s"] / p["html2po"]["cpu_s"]
    out.append(vs("`l10n extract -j 1`", p["extract_one_process"], "`html2po -P` (folder)",
                  p["html2po"], "≤ 0.10", met(ratio, goals["extract_vs_html2po"])))  # fmt: skip
    out.append(vs(f"`l10n extract` (default: {p['jobs']} processes)", p["extract"],
                  "`html2po -P` (folder)", p["html2po"], "(wall)", ""))  # fmt: skip
    out.append(vs(f"`l10n update -l {p['locales'][0]}`", p["update"], "`pot2po` (folder)",
                  p["pot2po"]))  # fmt: skip
    for kind, title in (("translated", "translated"), ("signed", "every entry signed off")):
        r = p[kind]
        cold = r["status_cold"]["cpu_s"] / r["pocount"]["cpu_s"]
        out.append(vs(f"`l10n status --format json -j 1`, cold ({title})", r["status_cold"],
                      "`pocount` (all catalogs)", r["pocount"], "≤ 0.20",
                      met(cold, goals["status_vs_pocount"])))  # fmt: skip
        if "status_cold_default" in r:
            out.append(vs(f"`l10n status --format json`, cold ({title}; default: {p['jobs']}"
                          " processes)", r["status_cold_default"], "`pocount` (all catalogs)",
                          r["pocount"], "(wall)"))  # fmt: skip
        out.append(vs(f"`l10n report`, cold ({title}; default: {p['jobs']} processes)",
                      r["report_cold"], "`pocount`",
                      r["pocount"]))  # fmt: skip
        repeat = r["status_repeat"]
        out.append(
            f"| `l10n status --format json`, repeated, nothing changed ({title}) | "
            f"{repeat['wall_s']:.2f} | {repeat['cpu_s']:.2f} | | | | | | < 0.5 s | "
            f"{met(repeat['cpu_s'], goals['status_repeat_s'])} |"
        )
    build, nochange = p["build"], p["build_nochange"]
    build_ms = (build["cpu_s"] - start_cpu) * 1000 / p["pages_written"]
    out += [
        f"| `l10n build` ({p['pages_written']} pages written, {len(p['locales'])} locales and"
        f" the source language; {p['jobs']} processes) | {build['wall_s']:.2f}"
        f" | {build['cpu_s']:.2f} | lxml floor per page written | | | |"
        f" {build_ms / p['floor_ms_per_page']:.2f} (per page) | | |",
        f"| `l10n build`, nothing changed | {nochange['wall_s']:.2f} | {nochange['cpu_s']:.2f}"
        f" | the first build | {build['wall_s']:.2f} | {build['cpu_s']:.2f} |"
        f" {nochange['wall_s'] / build['wall_s']:.3f} | {nochange['cpu_s'] / build['cpu_s']:.3f}"
        " | | |",
    ]
    signed = p["signed"]
    approve = p["approve"]
    stripped = p["stripped_status_cold"]
    out += [
        "",
        f"Signed: `l10n review approve --all` per locale, {p['events']:,} signed events in all: "
        + ", ".join(
            f"{code} {r['wall_s']:.2f} s ({r['cpu_s']:.2f} CPU)" for code, r in approve.items()
        )
        + f". `l10n review verify` (every signature; default: {p['jobs']} processes):"
        f" {signed['verify']['wall_s']:.2f} s ({signed['verify']['cpu_s']:.2f} CPU); with"
        f" `-j 1`: {signed['verify_one']['wall_s']:.2f} s ({signed['verify_one']['cpu_s']:.2f}"
        " CPU). A cold status on the same ledgers with the"
        f" signatures stripped (nothing to verify): {stripped['wall_s']:.2f} s"
        f" ({stripped['cpu_s']:.2f} CPU), against {signed['status_cold']['cpu_s']:.2f} CPU"
        " signed: the difference is verifying signatures.",
        "",
        f"The desk's list of articles on these signed catalogs (`GET /`, in process, CPU):"
        f" {p['desk_list']['first_cpu_s']:.2f} s on a first visit,"
        f" {p['desk_list']['again_cpu_s']:.3f} s on a visit with nothing changed.",
        "",
        f"Extraction per page, start-up excluded (CPU, `-j 1`):"
        f" {p['extract_ms_per_page_without_start']:.2f} ms"
        f" against the lxml floor's {p['floor_ms_per_page']:.2f} ms: "
        f"**{p['extract_vs_floor']:.2f}×** (goal ≤ {goals['extract_vs_floor']:g}×, "
        f"{met(p['extract_vs_floor'], goals['extract_vs_floor'])}). (Peak memory is measured"
        " by `bench_memory`, under `/usr/bin/time -v`: a child's `wait4` figure starts from"
        " the size of the benchmark that forked it.)",
    ]
    return out


if __name__ == "__main__":
    import json

    from common import load_news

    quick = "--quick" in sys.argv
    news = load_news()
    found = run(news[:60] if quick else news, 1 if quick else 3)
    print(json.dumps(found, indent=1))
    print("\n".join(render(found)))
