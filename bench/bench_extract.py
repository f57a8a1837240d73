"""Extraction benchmark: page bytes → POT text, in memory, over the shared corpus.

What is measured, per page and per tool (no disk, no process start in the timed region):

* ``ours``    — ``l10n.steps.extract.extract_template(data, slug=..., rules=Rules())``;
* ``html2po`` — the Translate Toolkit's ``converthtml(BytesIO(data), BytesIO(), None, pot=True)``
  (the same call its ``html2po`` command makes per file);
* ``floor``   — bare lxml: ``etree.fromstring(data, HTMLParser())`` then
  ``etree.tostring(root, method="html")``, the least any lxml-based extractor can cost.

Corpora, measured separately: ``aeb-news/html/*.html.gz`` (gunzipped in memory before any
timing) and ``netease-gbk/RawHtml/*.html`` (GBK/GB2312 bytes), read from ``../shared/corpus``.

How: all pages are loaded first; each tool gets one untimed warm-up call; then each page is run
``--repeats`` times back to back (``time.perf_counter_ns``) and its *median* is kept
(the machine is shared). A page
that raises counts as failed for that tool (its exception type is tallied, never hidden).
Reported: pages processed and failed, the median of the per-page medians, their total, and
ratios ``ours/tool`` over only the pages both processed — as a ratio of totals and as the
median of per-page ratios — and the CPU time per call (``time.process_time`` over all of a
tool's calls, the warm-up included: its mean, not a median), with ours over the floor's.
Output: a markdown table on stdout and ``bench/results-extract.json``.

Run it in ``bench/.venv`` (which has translate-toolkit; the product does not depend on it);
without translate-toolkit the html2po column is reported as unavailable.
``--profile`` instead runs ours once per page under cProfile and prints the top 25 entries.
``--against DIR`` instead compares ours with the extraction of another checkout (DIR, e.g. the
main branch's), loaded in the same process: page by page, the two must give the same POT, then
each page runs theirs, ours and the floor in turn, ``--repeats`` times, and the CPU time of each
is summed. On a machine others share, turns taken page by page see the same load, so
``ours/theirs`` is a steadier figure than two runs of this benchmark one after the other.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import importlib
import io
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import compare, measure
from lxml import etree

from l10n.page.document import Rules
from l10n.steps.extract import extract_template

BENCH = Path(__file__).resolve().parent
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"  # beside the checkout
RESULTS = BENCH / "results-extract.json"

Page = tuple[str, bytes]  # (slug, bytes)
Tool = Callable[[bytes, str], object]


def load_corpora(root: Path) -> dict[str, list[Page]]:
    """Both corpora fully in memory: news pages gunzipped, GBK pages as they are."""
    if not root.is_dir():
        sys.exit(f"bench_extract: corpus not found at {root} (expected ../shared/corpus)")
    news = sorted((root / "aeb-news" / "html").glob("*.html.gz"))
    gbk = sorted((root / "netease-gbk" / "RawHtml").glob("*.html"), key=lambda p: int(p.stem))
    if not news or not gbk:
        sys.exit(f"bench_extract: corpus at {root} is missing aeb-news/html or netease-gbk/RawHtml")
    return {
        "aeb-news": [
            (p.name.removesuffix(".html.gz"), gzip.decompress(p.read_bytes())) for p in news
        ],
        "netease-gbk": [(f"gbk-{p.stem}", p.read_bytes()) for p in gbk],
    }


def ours(data: bytes, slug: str) -> str:
    return extract_template(data, slug=slug, rules=Rules())


def floor(data: bytes, slug: str) -> bytes:
    root = etree.fromstring(data, etree.HTMLParser())
    return etree.tostring(root, method="html")


def load_html2po() -> Tool | None:
    """The Translate Toolkit's in-memory html2po, or None when it is not installed here."""
    try:
        from translate.convert.html2po import converthtml  # type: ignore[import-not-found]
    except ImportError:
        return None

    def html2po(data: bytes, slug: str) -> bytes:
        out = io.BytesIO()
        converthtml(io.BytesIO(data), out, None, pot=True)
        return out.getvalue()

    return html2po


def entries(output: object) -> int:
    """Number of non-header entries in a POT (bytes or str)."""
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else str(output)
    return max(text.count("\nmsgid ") + text.startswith("msgid ") - 1, 0)


def measure_tool(tool: Tool, pages: list[Page], repeats: int, pot: bool = True) -> dict[str, Any]:
    """`common.measure` over the pages, plus (`pot`) the median number of entries made, and
    the CPU time of it all per call (the machine is shared: CPU time is the steadier
    figure, and the one the goals are judged on)."""
    data = dict(pages)
    cpu = time.process_time()
    stats = measure(lambda slug: tool(data[slug], slug), list(data), repeats)
    cpu = time.process_time() - cpu
    calls = stats["processed"] * repeats + stats["failed"] + 1  # +1: the warm-up call
    stats["cpu_ms_per_call"] = cpu * 1000 / calls
    counts = [entries(tool(data[slug], slug)) for slug in stats["ms_per_page"]] if pot else []
    stats["median_entries"] = statistics.median(counts) if counts else None
    return stats


def run(corpora: dict[str, list[Page]], repeats: int) -> dict[str, Any]:
    tools: dict[str, Tool | None] = {"ours": ours, "html2po": load_html2po(), "floor": floor}
    results: dict[str, Any] = {
        "repeats": repeats,
        "python": sys.version.split()[0],
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "corpora": {},
    }
    for name, pages in corpora.items():
        per_tool: dict[str, dict[str, Any]] = {}
        for tool_name, tool in tools.items():
            print(f"… {name}: {tool_name} over {len(pages)} pages", file=sys.stderr)
            per_tool[tool_name] = (
                measure_tool(tool, pages, repeats, pot=tool_name != "floor")
                if tool
                else {"unavailable": "translate-toolkit not installed"}
            )
        compare(per_tool)
        ours_cpu, floor_cpu = (per_tool[name].get("cpu_ms_per_call") for name in ("ours", "floor"))
        if ours_cpu and floor_cpu:  # every page, both tools: no common-page restriction needed
            per_tool["floor"]["ours_over_this"]["cpu_ratio_of_means"] = ours_cpu / floor_cpu
        results["corpora"][name] = {"pages": len(pages), "tools": per_tool}
    return results


def fmt(value: object, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(results: dict[str, Any]) -> str:
    lines = [
        "| corpus | tool | processed | failed | median ms/page | total ms | entries/page (median)"
        " | ours/tool (totals, common pages) | ours/tool (median per page) | CPU ms/call (mean)"
        " | ours/tool (CPU) |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, corpus in results["corpora"].items():
        for tool_name, s in corpus["tools"].items():
            if "unavailable" in s:
                lines.append(f"| {name} | {tool_name} | — | — | unavailable | | | | | | |")
                continue
            r = s.get("ours_over_this", {})
            common = f" ({r['common_pages']} pages)" if r else ""
            lines.append(
                f"| {name} | {tool_name} | {s['processed']} | {s['failed']} | {fmt(s['median_ms'])}"
                f" | {fmt(s['total_ms'], 0)} | {fmt(s['median_entries'], 0)}"
                f" | {fmt(r.get('ratio_of_totals'))}{common} | {fmt(r.get('median_ratio'))}"
                f" | {fmt(s.get('cpu_ms_per_call'))} | {fmt(r.get('cpu_ratio_of_means'))} |"
            )
    notes = [
        f"- {name}/{tool}: failures {s['failures_by_type']},"
        f" e.g. {next(iter(s['failed_pages'].values()))}"
        for name, c in results["corpora"].items()
        for tool, s in c["tools"].items()
        if s.get("failed")
    ]
    return "\n".join(lines + (["", *notes] if notes else []))


def profile(corpora: dict[str, list[Page]], top: int = 25) -> None:
    """Ours once per page of both corpora under cProfile; top entries by cumulative time."""
    profiler = cProfile.Profile()
    for pages in corpora.values():
        for slug, data in pages:
            profiler.enable()
            try:
                ours(data, slug)
            except Exception as error:
                print(f"ours failed on {slug}: {type(error).__name__}: {error}", file=sys.stderr)
            profiler.disable()
    pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(top)


def load_checkout(root: Path) -> Tool:
    """`extract_template` of another checkout, beside ours: its `l10n` modules are imported
    under the same names and then put aside, each function keeping its own module's globals."""
    ours_modules = {
        name: sys.modules.pop(name) for name in list(sys.modules) if name.split(".")[0] == "l10n"
    }
    sys.path.insert(0, str(root))
    try:
        module = importlib.import_module("l10n.steps.extract")
        theirs = module.extract_template
        rules = importlib.import_module("l10n.page.model").Rules()
    finally:
        sys.path.remove(str(root))
        for name in [name for name in sys.modules if name.split(".")[0] == "l10n"]:
            del sys.modules[name]
        sys.modules.update(ours_modules)
    if Path(module.__file__ or "").resolve().parents[2] != root.resolve():
        sys.exit(f"bench_extract: {root} has no l10n package of its own")

    def extract(data: bytes, slug: str) -> str:
        return str(theirs(data, slug=slug, rules=rules))

    return extract


def against(corpora: dict[str, list[Page]], theirs: Tool, repeats: int) -> int:
    """Theirs, ours and the floor in turn on each page (CPU time); 1 if any POT differs."""
    print(
        "| corpus | pages | differing POTs | CPU ms/page theirs | ours | floor | ours/theirs"
        " | theirs/floor | ours/floor |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    differing = 0
    for name, pages in corpora.items():
        cpu = {"theirs": 0.0, "ours": 0.0, "floor": 0.0}
        tools = {"theirs": theirs, "ours": ours, "floor": floor}
        different = sum(theirs(data, slug) != ours(data, slug) for slug, data in pages)
        for slug, data in pages:
            for _ in range(repeats):
                for tool_name, tool in tools.items():
                    start = time.process_time()
                    tool(data, slug)
                    cpu[tool_name] += time.process_time() - start
        per_page = {key: value * 1000 / (len(pages) * repeats) for key, value in cpu.items()}
        print(
            f"| {name} | {len(pages)} | {different} | {per_page['theirs']:.2f}"
            f" | {per_page['ours']:.2f} | {per_page['floor']:.2f}"
            f" | {cpu['ours'] / cpu['theirs']:.3f} | {cpu['theirs'] / cpu['floor']:.2f}"
            f" | {cpu['ours'] / cpu['floor']:.2f} |"
        )
        differing += different
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 repeat per page instead of 5")
    parser.add_argument("--repeats", type=int, help="runs per page (default 5, or 1 with --quick)")
    parser.add_argument("--profile", action="store_true", help="profile ours instead of timing")
    parser.add_argument(
        "--against", type=Path, metavar="DIR", help="compare with another checkout, in turns"
    )
    args = parser.parse_args(argv)
    corpora = load_corpora(CORPUS)
    if args.profile:
        profile(corpora)
        return 0
    if args.against:
        return against(corpora, load_checkout(args.against), args.repeats or 3)
    results = run(corpora, args.repeats or (1 if args.quick else 5))
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nrepeats={results['repeats']}, python {results['python']}, lxml {results['lxml']}")
    print(f"JSON: {RESULTS}", file=sys.stderr)
    ours_failed = sum(c["tools"]["ours"]["failed"] for c in results["corpora"].values())
    return 1 if ours_failed else 0


if __name__ == "__main__":
    sys.exit(main())
