"""Build of one locale, in memory: page bytes + catalog → page bytes.

* ``ours``    — ``render_document(parse_html(data), translations, Variant(...)).html.encode()``
  (the parse is timed: a build starts from page bytes); translations are every segment of
  our own extraction, pseudo-translated;
* ``po2html`` — the Translate Toolkit's ``converthtml(BytesIO(po), out, BytesIO(data))``, with a
  PO made (untimed) by its own ``html2po`` on the page, every msgstr an accented msgid;
* ``floor``   — bare lxml parse + serialize of the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

from common import Page, accent, compare, fail_on_error, log, measure, prepared
from lxml import etree

from l10n.page.document import parse_html
from l10n.page.pseudo import pseudo_translate
from l10n.page.render import Variant, render_document

Key = tuple[str | None, str]
VARIANT = Variant(locale="en_XA", source_locale="en", slug="x", published=("en", "en_XA"))


def our_catalog(slug: str, data: bytes) -> dict[Key, str]:
    doc = parse_html(data, name="x")
    return {(s.msgctxt, s.msgid): pseudo_translate(s.msgid) for s in doc.segments}


def ours(data: bytes, translations: dict[Key, str]) -> bytes:
    return render_document(parse_html(data, name="x"), translations, VARIANT).html.encode()


def floor(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data, etree.HTMLParser()), method="html")


def peer_po(slug: str, data: bytes) -> bytes:
    """html2po's own segmentation of the page, each msgstr an accented msgid."""
    from translate.convert.html2po import converthtml
    from translate.storage import po

    pot = io.BytesIO()
    converthtml(io.BytesIO(data), pot, None, pot=True)
    store = po.pofile(io.BytesIO(pot.getvalue()))
    for unit in store.units:
        if not unit.isheader() and unit.source:
            unit.target = accent(unit.source)
    return bytes(store)


def po2html(po_bytes: bytes, data: bytes) -> bytes:
    from translate.convert.po2html import converthtml

    out = io.BytesIO()
    converthtml(io.BytesIO(po_bytes), out, io.BytesIO(data))
    return out.getvalue()


def run(pages: list[Page], repeats: int) -> dict[str, Any]:
    html = dict(pages)
    slugs = [slug for slug, _ in pages]
    catalogs = prepared(our_catalog, pages)
    tools: dict[str, dict[str, Any]] = {}
    log(f"build: ours over {len(pages)} pages")
    tools["ours"] = measure(lambda s: ours(html[s], fail_on_error(catalogs, s)), slugs, repeats)
    try:
        import translate.convert.po2html  # noqa: F401
    except ImportError:
        tools["po2html"] = {"unavailable": "translate-toolkit not installed"}
    else:
        pos = prepared(peer_po, pages)
        log(f"build: po2html over {len(pages)} pages")
        tools["po2html"] = measure(
            lambda s: po2html(fail_on_error(pos, s), html[s]), slugs, repeats
        )
    log(f"build: floor over {len(pages)} pages")
    tools["floor"] = measure(lambda s: floor(html[s]), slugs, repeats)
    return {"pages": len(pages), "repeats": repeats, "tools": compare(tools)}


# The whole command ----------------------------------------------------------------

WHOLE_LOCALE = "zh_CN"


def run_whole(pages: list[Page], repeats: int, *, jobs: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """`l10n build` as a user runs it, beside the in-memory render and po2html, on the
    pages both tools handle, in the same run.

    * ``in_memory``  — ``ours`` above (parse + one-locale render), per page, summed;
    * ``build -j N`` — ``l10n build -q -j N`` in a subprocess on a project of those pages
      (one locale, every msgstr pseudo-translated, policy translated), site/ removed
      before each run: a first build, Python start and imports included;
    * ``po2html``    — the Translate Toolkit's ``converthtml`` per page in memory (its
      best case), summed; and ``po2html`` the command over the same pages (templates,
      POs and output as folders, one process), as a user runs it.

    Figures are ms per article (total / pages): ``*_ms`` wall time, the median of `repeats`
    rounds; ``*_cpu_ms`` CPU time (user + sys; for a command, of the process and its
    workers, from `os.wait4`), the minimum of `repeats` rounds. Each round takes every
    measure once. On a shared machine the wall time measures the neighbours too: the
    ratios are taken on CPU time, all in the same run.
    """
    import os
    import shutil
    import statistics
    import subprocess
    import sys
    import tempfile
    import time
    from pathlib import Path

    import project

    html = dict(pages)
    peer: dict[str, bytes] = {}
    try:
        import translate.convert.po2html  # noqa: F401
    except ImportError:
        common = [slug for slug, _ in pages]
    else:
        for slug, made in prepared(peer_po, pages).items():
            if isinstance(made, bytes):
                try:
                    po2html(made, html[slug])
                except Exception:  # the peer fails on this page: not a common page
                    continue
                peer[slug] = made
        common = [slug for slug, _ in pages if slug in peer]
    chosen = [(slug, html[slug]) for slug in common]
    catalogs = prepared(our_catalog, chosen)

    # Every measure is taken once per round, the rounds one after the other: on a shared
    # machine the load (and with it even the CPU time a run is charged) changes from
    # minute to minute, and each measure should see the same minutes as the others.
    walls: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}

    def timed_total(call: Any, name: str) -> None:
        start, cpu = time.perf_counter(), time.process_time()
        for slug in common:
            call(slug)
        walls.setdefault(name, []).append(time.perf_counter() - start)
        cpus.setdefault(name, []).append(time.process_time() - cpu)

    def timed_command(command: list[str], cwd: Path, name: str, clear: Path) -> None:
        """Wall and CPU of a command (its own and its waited-for children's, as wait4
        reports them), with `clear` removed first."""
        shutil.rmtree(clear, ignore_errors=True)
        log(f"whole build: {' '.join(command[:1] + command[1:5])}")
        start = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(child.pid, 0)
        walls.setdefault(name, []).append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status):
            sys.exit(f"bench: {' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
        cpus.setdefault(name, []).append(usage.ru_utime + usage.ru_stime)

    ours(chosen[0][1], catalogs[chosen[0][0]])  # warm-up
    figures: dict[str, Any] = {"pages": len(common), "repeats": repeats}
    # Python's byte-code cache is used, as a user's installed tool uses it.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="l10n-bench-build-") as tmp:
        root = Path(tmp) / "project"
        project.create(root, chosen, [WHOLE_LOCALE])
        log("whole build: extract, update, fill (untimed)")
        for step in ("extract", "update"):
            done = project.l10n(root, step, "-q")
            if done.returncode:
                sys.exit(f"bench: l10n {step} failed")
        project.fill(root)
        templates, inputs, output = (Path(tmp) / name for name in ("t", "i", "o"))
        peer_command = [str(Path(sys.executable).parent / "po2html"), "--progress", "none"]
        peer_command += ["-t", str(templates), "-i", str(inputs), "-o", str(output)]
        if peer:
            for folder in (templates, inputs):
                folder.mkdir()
            for slug in common:
                (templates / f"{slug}.html").write_bytes(html[slug])
                (inputs / f"{slug}.po").write_bytes(peer[slug])
        for round_number in range(1, repeats + 1):
            log(f"whole build: round {round_number} of {repeats}, {len(common)} pages")
            timed_total(lambda s: ours(html[s], catalogs[s]), "in_memory")
            if peer:
                timed_total(lambda s: po2html(peer[s], html[s]), "po2html")
            for count in jobs:
                command = [str(project.L10N), "build", "-q", "-j", str(count)]
                timed_command(command, root, f"build_j{count}", root / "site")
            if peer:
                timed_command(peer_command, Path(tmp), "po2html_command", output)
    for name in walls:
        figures[f"{name}_ms"] = statistics.median(walls[name]) * 1000 / len(common)
        figures[f"{name}_cpu_ms"] = min(cpus[name]) * 1000 / len(common)
    first = figures[f"build_j{jobs[0]}_cpu_ms"]
    figures["build_over_in_memory"] = first / figures["in_memory_cpu_ms"]
    if peer:
        figures["po2html_over_build"] = figures["po2html_cpu_ms"] / first
        figures["po2html_command_over_build"] = figures["po2html_command_cpu_ms"] / first
    for count in jobs[1:]:
        # Wall time: what more processes buy is time, paid for with CPU.
        figures[f"build_j{jobs[0]}_over_j{count}"] = (
            figures[f"build_j{jobs[0]}_ms"] / figures[f"build_j{count}_ms"]
        )
    return figures


def format_whole(figures: dict[str, Any]) -> str:
    """The whole-command rows as a Markdown table (CPU and wall ms per article), with the
    goal beside each ratio; ratios are of CPU time but for `-j N`, which buys wall time."""
    rows = [
        "| measure | CPU ms/article | wall ms/article | ratio | goal |",
        "|---|--:|--:|--:|---|",
        f"| in-memory parse + one-locale render | {figures['in_memory_cpu_ms']:.2f} "
        f"| {figures['in_memory_ms']:.2f} | — | — |",
    ]
    jobs = sorted(
        int(key[7:-3])
        for key in figures
        if key.startswith("build_j") and key.endswith("_ms") and not key.endswith("_cpu_ms")
    )
    first = jobs[0]
    for count in jobs:
        cpu, wall = figures[f"build_j{count}_cpu_ms"], figures[f"build_j{count}_ms"]
        if count == first:
            ratio, goal = f"{cpu / figures['in_memory_cpu_ms']:.2f}× in-memory", "≤ 1.5× in-memory"
        else:
            ratio = f"{figures[f'build_j{first}_ms'] / wall:.2f}× faster (wall)"
            goal = f"faster than -j {first}"
        rows.append(
            f"| `l10n build -j {count}` (whole command) | {cpu:.2f} | {wall:.2f} "
            f"| {ratio} | {goal} |"
        )
    for key, name in (("po2html", "po2html per page, in memory"),
                      ("po2html_command", "po2html command over the pages")):  # fmt: skip
        if f"{key}_cpu_ms" in figures:
            cpu, wall = figures[f"{key}_cpu_ms"], figures[f"{key}_ms"]
            ratio = cpu / figures[f"build_j{first}_cpu_ms"]
            rows.append(
                f"| {name} | {cpu:.2f} | {wall:.2f} | {ratio:.2f}× `l10n build -j {first}` "
                "| ≥ 10× |"
            )
    return "\n".join(rows)


if __name__ == "__main__":
    import argparse
    import json

    from common import load_news

    parser = argparse.ArgumentParser(
        description="The whole `l10n build` against render and po2html."
    )
    parser.add_argument(
        "--quick", action="store_true", help="30 pages, 1 run each (< 1 min, quiet machine)"
    )
    parser.add_argument("--pages", type=int, help="how many news pages (default all)")
    parser.add_argument("--repeats", type=int, help="runs of each (default 3; quick 1)")
    parser.add_argument("--jobs", default="1,2", help="the -j values to time (default 1,2)")
    parser.add_argument("--l10n", help="the l10n command to time (default: this venv's)")
    args = parser.parse_args()
    if args.l10n:
        from pathlib import Path

        import project

        project.L10N = Path(args.l10n)  # e.g. another checkout's, for a before/after
    news = load_news()
    count = args.pages or (30 if args.quick else len(news))
    result = run_whole(
        news[:count],
        args.repeats or (1 if args.quick else 3),
        jobs=tuple(int(n) for n in args.jobs.split(",")),
    )
    print(json.dumps(result, indent=1))
    print(format_whole(result))
