"""Render BENCHMARKS.md from bench/results.json (numbers are never typed by hand)."""

from __future__ import annotations

import json
import sys
from typing import Any

from common import BENCH, ROOT, ratios

RESULTS = BENCH / "results.json"
QUICK_RESULTS = BENCH / "results-quick.json"  # not committed
OUTPUT = ROOT / "BENCHMARKS.md"

HOW = {
    "extract": (
        "Page bytes → POT text in memory. ours: `extract_template`; html2po: the Translate "
        "Toolkit's `converthtml(..., pot=True)`; floor: bare lxml parse + serialize. "
        "Per page, the median of the repeats (after one untimed warm-up call per tool); "
        "the table gives the median over pages."
    ),
    "build": (
        "Page bytes + catalog → page bytes in memory, one locale. ours: `parse_html` + "
        "`render_document(...).html.encode()` with every segment pseudo-translated; po2html: "
        "`converthtml` with a PO made (untimed) by html2po on the same page, every msgstr an "
        "accented msgid (the peer translates its own segmentation; a page html2po cannot read "
        "is a po2html failure); floor: lxml parse + serialize."
    ),
    "update": (
        "Old catalog + new template → new catalog. The catalog is our template of the page, "
        "every msgstr pseudo-translated; the new template is the page with one word changed "
        "in every 10th text node. All tools get the same PO and POT text. ours: `merge_catalog` "
        "+ `format_po` on parsed objects (and with `parse_po` of both texts); pot2po: in memory "
        "(with RapidFuzz, its fast fuzzy matcher); msgmerge: **a process per page** on "
        "files, so its time includes process start; the 'start subtracted' row takes off the "
        "median time of `msgmerge --version`."
    ),
}


def fmt(value: object, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def tool_table(step: dict[str, Any], also: str | None = None) -> list[str]:
    """One row per tool; `also`: a column of that variant of ours over each tool too."""
    extra = f" | {also}/tool (median per page)" if also else ""
    lines = [
        "| tool | processed | failed | median ms/page | ours/tool (median per page)"
        f" | ours/tool (totals) | common pages{extra} |",
        "|---|--:|--:|--:|--:|--:|--:|" + ("--:|" if also else ""),
    ]
    for name, s in step["tools"].items():
        if "unavailable" in s:
            lines.append(f"| {name} | — | — | unavailable: {s['unavailable']} | | | |")
            continue
        r = s.get("ours_over_this", {})
        cell = ""
        if also:
            other = step["tools"][also]["ms_per_page"]
            shown = name not in ("ours", also)
            cell = f" {fmt(ratios(other, s['ms_per_page'])['median_ratio'] if shown else None)} |"
        lines.append(
            f"| {name} | {s['processed']} | {s['failed']} | {fmt(s['median_ms'])}"
            f" | {fmt(r.get('median_ratio'))} | {fmt(r.get('ratio_of_totals'))}"
            f" | {fmt(r.get('common_pages'))} |{cell}"
        )
    for name, s in step["tools"].items():
        if s.get("failed"):
            example = next(iter(s["failed_pages"].values()))
            lines.append(f"\n{name} failures: {s['failures_by_type']}; e.g. `{example}`")
    return lines


#: Written by hand from profiles (`bench/.venv/bin/python bench/bench_extract.py --profile`),
#: not measured by this run: why the in-memory targets (10x the Translate Toolkit, 3x
#: the lxml floor) are not met, what was fixed, and what the rest costs.
WHERE_THE_TIME_GOES = """## Where the time goes, and why the 10x / 3x targets are not met

The floor is one C call that parses and one that serializes. Everything we do on top is
per-element and per-segment Python, and that is where the time goes:

- **Extraction** (page bytes to POT text): libxml2's parse is about a tenth of it. The walk
  that decides, for each element, whether it is inline or a container, builds each
  segment's msgid with its placeholders and legend, collapses whitespace across inline
  boundaries and works out line numbers, is about two thirds; writing the POT in GNU
  gettext's exact layout (line breaking by libunistring's rules, so `msgcat` leaves the
  file byte-identical) is the rest.
- Fixed along the way: the GNU-layout writer went from 7.1 to 2.0 ms per template (one-line
  fast path, break opportunities found by regular expressions built from the break table;
  same bytes, tested against msgcat on 456 real files); the walk stopped chaining
  generators (10 to 7.5 ms) and reads attributes in one pass (to about 5 ms); two
  quadratic paths on huge pages were removed (lxml child indexing, repeated-text merging).
- **Build** parses the page again for every locale (a fresh tree per variant is simpler
  and safer than copying), re-extracts to find the segments, applies translations by
  copying the source's inline elements, and serializes with our own serializer, because
  lxml's HTML serializer changes what it did not need to (percent-escaped non-ASCII URLs,
  rewritten boolean attributes, escaped script text), which the identity test over the
  corpus would catch.
- What would close the gap: extraction and rendering in one compiled pass (Cython or a
  Rust extension over libxml2's tree), which is a different project; or caching the parsed
  document across locales within one article's build.
- **Peak memory** grows by about 2 KB per article between 1,000 and 10,000 articles
  (target: within 20%). Page outcomes are streamed to the terminal, not kept; what the
  build still keeps per article until the end is its manifest record (input digest,
  pages, held reasons), written atomically once, and the list of articles to build. That
  growth was not profiled further; a manifest written as it goes would remove the first.
- Where we are far ahead is the whole-command case a newsroom runs every few minutes:
  a build with nothing changed reads no page and no catalog (a digest of every input is
  kept in the manifest), and peers fail on a quarter of the news pages, which we do not.
"""


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = [
        "# Benchmarks",
        "",
        f"Generated by `{results['command']}` on {results['date']} (mode: {results['mode']},"
        f" {results['repeats']} timed runs per page). Do not edit: rerun `make bench`.",
        "",
        f"Machine: {m['arch']}, {m['cpu']}, {m['cores']} cores; Python {m['python']},"
        f" lxml {m['lxml']}, translate-toolkit {m['translate_toolkit']},"
        f" {m['msgmerge']}. The machine is shared: ratios are measured in the same run.",
        "",
        f"Corpus: the {results['news_pages']} news pages of `../shared/corpus/aeb-news`"
        " (and, for extraction, the netease-gbk pages too).",
    ]
    for corpus, step in results["extract"]["corpora"].items():
        out += ["", f"## Extraction, in memory ({corpus})", "", HOW["extract"], ""]
        out += tool_table(step)
    out += ["", "## Build of one locale, in memory (news)", "", HOW["build"], ""]
    out += tool_table(results["build"])
    out += ["", "## Update of a catalog after a source edit (news)", "", HOW["update"], ""]
    out += tool_table(results["update"], also="ours (with parse)")
    mem = results["memory"]
    out += [
        "",
        "## Peak memory of a build and of a cold status (whole commands)",
        "",
        "Synthetic articles generated by the benchmark (same shape, varied text), one locale"
        " (ru; three locales would triple the time, not the memory), `l10n build` run once"
        " under `/usr/bin/time -v` (Maximum resident set size), one process, then `l10n status"
        " --format json` without the cache the same way. Target: at 2,000 articles within 20%"
        " of at 200.",
        "",
        "| articles | pages written | build s | build peak RSS MiB | exit "
        "| status s (no cache) | status peak RSS MiB | exit |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in mem["runs"]:
        rss = r["peak_rss_kb"] / 1024 if r["peak_rss_kb"] else None
        status_rss = r.get("status_peak_rss_kb")
        out.append(
            f"| {r['articles']} | {r['pages_written']} | {fmt(r['build_s'], 1)}"
            f" | {fmt(rss, 1)} | {r['build_rc']} | {fmt(r.get('status_s'), 1)}"
            f" | {fmt(status_rss / 1024 if status_rss else None, 1)} | {r.get('status_rc', '')} |"
        )
    out += [
        "",
        f"Peak RSS ratio, larger / smaller: build {fmt(mem['ratio_large_over_small'])},"
        f" status {fmt(mem.get('status_ratio_large_over_small'))} (goal ≤ 1.20 for both).",
        "",
    ]
    if "commands" in results:
        import bench_commands

        out += ["", "## Whole commands, as a user runs them", "", bench_commands.__doc__ or "", ""]
        out += bench_commands.render(results["commands"])
    if "review" in results:
        import bench_review

        out += bench_review.render(results["review"])
    if "desk" in results:
        import bench_desk

        out += bench_desk.render(results["desk"])
    out += ["", WHERE_THE_TIME_GOES]
    return "\n".join(out)


def main() -> int:
    """Re-render BENCHMARKS.md from the last results.json (no measuring)."""
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    OUTPUT.write_text(render(results), encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
