"""Shared pieces of the benchmark: the corpus, timing per page, ratios, formatting."""

from __future__ import annotations

import gzip
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = ROOT.parent / "shared" / "corpus"  # beside the checkout

Page = tuple[str, bytes]  # (slug, bytes)
#: A tool timed on one page, by slug; its inputs are prepared beforehand (untimed).
Call = Callable[[str], object]

_ACCENTS = str.maketrans("aeiouAEIOUcnsyz", "áéíóúÁÉÍÓÚçñšýž")


def accent(text: str) -> str:
    """The peers' pseudo-translation: accented vowels, a bracket around; no placeholders."""
    return f"[{text.translate(_ACCENTS)}]"


def load_news(root: Path = CORPUS) -> list[Page]:
    """The news pages (aeb-news), gunzipped in memory."""
    paths = sorted((root / "aeb-news" / "html").glob("*.html.gz"))
    if not paths:
        sys.exit(f"bench: no news pages at {root}/aeb-news/html (expected ../shared/corpus)")
    return [(p.name.removesuffix(".html.gz"), gzip.decompress(p.read_bytes())) for p in paths]


def prepared(make: Callable[[str, bytes], Any], pages: list[Page]) -> dict[str, Any]:
    """Untimed per-page inputs; a page whose preparation raises keeps the exception."""
    inputs: dict[str, Any] = {}
    for slug, data in pages:
        try:
            inputs[slug] = make(slug, data)
        except Exception as error:  # counted as that tool's failure on the page
            inputs[slug] = error
    return inputs


def measure(call: Call, slugs: list[str], repeats: int) -> dict[str, Any]:
    """Per page: the median of `repeats` timed calls (ms); failures tallied by type."""
    times: dict[str, float] = {}
    failures: Counter[str] = Counter()
    failed_pages: dict[str, str] = {}
    warmed = False
    for slug in slugs:
        runs: list[float] = []
        try:
            if not warmed:
                call(slug)  # untimed warm-up, once
                warmed = True
            for _ in range(repeats):
                start = time.perf_counter_ns()
                call(slug)
                runs.append((time.perf_counter_ns() - start) / 1e6)
        except Exception as error:  # a failure is a result, never hidden
            failures[type(error).__name__] += 1
            failed_pages[slug] = f"{type(error).__name__}: {str(error)[:160]}"
            continue
        times[slug] = statistics.median(runs)
    values = list(times.values())
    return {
        "processed": len(times),
        "failed": sum(failures.values()),
        "failures_by_type": dict(failures),
        "failed_pages": failed_pages,
        "median_ms": statistics.median(values) if values else None,
        "total_ms": sum(values),
        "ms_per_page": times,
    }


def fail_on_error(inputs: Mapping[str, Any], slug: str) -> Any:
    """The prepared input of a page, re-raising the error its preparation met."""
    value = inputs[slug]
    if isinstance(value, Exception):
        raise value
    return value


def ratios(mine: dict[str, float], other: dict[str, float]) -> dict[str, Any]:
    """ours/other over the pages both processed: ratio of totals and median per-page ratio."""
    common = sorted(mine.keys() & other.keys())
    if not common:
        return {"common_pages": 0, "ratio_of_totals": None, "median_ratio": None}
    return {
        "common_pages": len(common),
        "ratio_of_totals": sum(mine[s] for s in common) / sum(other[s] for s in common),
        "median_ratio": statistics.median(mine[s] / other[s] for s in common),
    }


def compare(tools: dict[str, dict[str, Any]], ours: str = "ours") -> dict[str, dict[str, Any]]:
    """Add `ours_over_this` to every other tool's stats (in place) and return them."""
    mine = tools[ours].get("ms_per_page", {})
    for name, stats in tools.items():
        if name != ours and "ms_per_page" in stats:
            stats["ours_over_this"] = ratios(mine, stats["ms_per_page"])
    return tools


_STARTED = time.perf_counter()


def log(message: str) -> None:
    """A progress line on stderr, with the seconds since the benchmark started (so a slow
    step shows itself: the quick mode has a time budget)."""
    print(f"… {time.perf_counter() - _STARTED:6.1f} s  {message}", file=sys.stderr, flush=True)
