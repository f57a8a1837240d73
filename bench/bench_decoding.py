"""What decoding costs next to extraction, over every corpus page (SPEC: under a tenth).

Run alone: `.venv/bin/python bench/bench_decoding.py` (prints one line per figure).
Each page is decoded and extracted `repeats` times; the best run of each counts, so
the figure is what the code costs and not what the shared machine was busy with.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "tests")]

from conftest import corpus_pages  # noqa: E402

from l10n.page.document import Rules  # noqa: E402
from l10n.page.encoding import decode_html  # noqa: E402
from l10n.steps.extract import extract_template  # noqa: E402


def _best(function: object, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return min(timings)


def measure(pages: list[tuple[str, bytes]], repeats: int = 3) -> dict[str, float]:
    """Seconds to decode and to extract the pages, and how decisions fell."""
    rules = Rules()
    decoding = extraction = 0.0
    decisions: Counter[str] = Counter()
    for name, data in pages:
        decoding += _best(lambda data=data, name=name: decode_html(data, name=name), repeats)
        extraction += _best(
            lambda data=data: extract_template(data, slug="page", rules=rules), repeats
        )
        decisions[decode_html(data, name=name).decision.value] += 1
    print(f"pages: {len(pages)}; decisions: {dict(decisions)}")
    return {"decoding": decoding, "extraction": extraction, "share": decoding / extraction}


def _undeclared_netease() -> list[tuple[str, bytes]]:
    """The netease-gbk pages with their declarations removed: every one goes to the detector."""
    from decoding.labelled import labelled_pages

    return [(page.name, page.data) for page in labelled_pages() if page.kind == "netease"]


if __name__ == "__main__":
    for title, pages in (
        ("corpus as it is", list(corpus_pages())),
        ("netease-gbk, declarations removed", _undeclared_netease()),
    ):
        figures = measure(pages)
        print(
            f"{title}: decoding {figures['decoding']:.3f} s, extraction (which includes it) "
            f"{figures['extraction']:.3f} s: decoding is {100 * figures['share']:.1f}% of it"
        )
