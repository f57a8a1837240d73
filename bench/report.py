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


#: Written by hand from profiles (issue 15's closing note has the commands), not measured
#: by this run: where the time of each step goes, and why the goals still not met are not.
WHERE_THE_TIME_GOES = """## Where the time goes, and why some goals are not met

- **Start-up.** typer's own import is about 2.9× `python -c pass` (the row above, same
  run); the console script hands typer only the command asked for, imports nothing a
  command does not use, and freezes the collector as the command ends (`gc.freeze`:
  Python's last collection at shutdown walks every object still alive, about 25 ms after
  typer's import), so `l10n --version` costs less than `python -c 'import typer'`, which
  pays for that walk. (`python -c pass` in this venv pays for the editable install's import
  hook, about 15 ms; against an interpreter without it every ratio here would be larger.)
- **Extraction** in memory: libxml2's parse is the floor's own cost; the walk that finds
  segments, builds msgids with placeholders and legends and works out line numbers is most
  of the rest (a recursive walk in Python, a few calls per node), then writing the POT in
  GNU layout, from the gathered segments without polib objects. Freeing a parsed page
  costs about 1.5 ms. One of the 181 news pages needs html5lib's tree (content HTML5
  moves out of a table row); four more went to it, at 100–180 ms each, only because a
  `/>` in a minified script's text was taken for a self-closed element. 10× html2po as a
  command would leave about 6 ms per page for everything, where the parse is 2.
- **Build**, per article on top of the parse and the one-locale render: the
  source-language page (our serializer and the head: about 6 ms), reading and judging the
  catalog with the checks (about 9 ms; a translation that keeps every placeholder once and
  well nested passes without the full comparison), planning the variant, staging the
  writes, start-up. Our serializer is kept because lxml's changes bytes the identity test
  catches (%-escaped URLs, `x=""`, `&nbsp;`). po2html pastes msgstrs into `html.parser`
  chunks (no tree repair, no placeholders, no gate, no head, markup in a msgstr goes into
  the page), and fails on a quarter of the news pages; 10× it would need our whole build
  under about 11 ms per page.
- **Cold status** reads every catalog (one regular-expression match per entry), judges
  every entry (without building a Verdict where there is no review line and no ledger
  event) and counts words: about 1 s in the process for 543 catalogs, plus start-up.
  With every entry signed, each ed25519 signature is verified on a cold run, by
  libsodium (PyNaCl: about 70 µs a signature here, half of what OpenSSL took), and
  every ledger line is parsed and checked for its canonical form (the JSON read and
  written again), which costs about as much again; `pocount` verifies nothing. A
  repeated status answers from `.l10n/`.
- **Report** parses every page and runs the checks for the gate (about two thirds of it);
  it keeps no cache between commands. The desk's list of articles, which shows the same
  figures, keeps each article's row in its process and judges again only the rows whose
  files changed.
- **Memory**: a cold status is flat (its JSON is written an article at a time). The build
  grows a little with the project: its manifest and each article's checked paths are kept
  to the end. The memos of checked texts and decoded placeholders hold 1,024 texts each;
  at 8,192 and 4,096 they held about 15 MiB of one-off texts by the end of 2,000 articles.
- Where we are far ahead is the whole-command case a newsroom runs every few minutes: a
  build, a status or an update with nothing changed reads no page and no catalog, and
  peers fail on a quarter of the news pages, which we do not.
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
    if "build_whole" in results:
        import bench_build

        out += ["", "## Build as a whole command, one locale (news)", "",
                (bench_build.run_whole.__doc__ or "").split("\n\n")[0].replace("\n    ", " "),
                "", bench_build.format_whole(results["build_whole"])]  # fmt: skip
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
