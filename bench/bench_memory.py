"""Peak memory of a build, and of a cold status, of N synthetic articles, as whole commands.

For each N: a temp project of N generated articles (``project.synthetic``) with one locale
(ru: three would triple the time of the 10,000 run, not its memory), ``l10n extract``,
``l10n update``, every msgstr pseudo-translated, then ``l10n build`` under
``/usr/bin/time -v``: its "Maximum resident set size" is the peak RSS. The build is one
process (``--jobs 1``, the default).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import project
from common import log

LOCALE = "ru"


def one(count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"l10n-bench-memory-{count}-") as tmp:
        root = Path(tmp)
        project.create(root, project.synthetic(count), [LOCALE])
        log(f"memory: {count} articles: extract")
        extract = project.l10n(root, "extract", "-q")
        log(f"memory: {count} articles: update")
        update = project.l10n(root, "update", "-q")
        project.fill(root)
        log(f"memory: {count} articles: build under /usr/bin/time -v")
        build = project.l10n(root, "build", "-q", peak=True)
        written = len(list((root / "site").glob("*/*.html")))
        log(f"memory: {count} articles: status (no cache) under /usr/bin/time -v")
        os.environ["L10N_NO_CACHE"] = "1"
        try:
            status = project.l10n(root, "status", "--format", "json", peak=True)
        finally:
            del os.environ["L10N_NO_CACHE"]
    return {
        "articles": count,
        "locale": LOCALE,
        "pages_written": written,
        "extract_s": extract.seconds,
        "update_s": update.seconds,
        "build_s": build.seconds,
        "build_rc": build.returncode,
        "peak_rss_kb": build.peak_rss_kb,
        "status_s": status.seconds,
        "status_rc": status.returncode,
        "status_peak_rss_kb": status.peak_rss_kb,
    }


def run(small: int, large: int) -> dict[str, Any]:
    runs = [one(small), one(large)]
    a, b = runs[0]["peak_rss_kb"], runs[1]["peak_rss_kb"]
    c, d = runs[0]["status_peak_rss_kb"], runs[1]["status_peak_rss_kb"]
    return {
        "runs": runs,
        "ratio_large_over_small": b / a if a and b else None,
        "status_ratio_large_over_small": d / c if c and d else None,
    }


if __name__ == "__main__":
    import json
    import sys

    # `bench/.venv/bin/python bench/bench_memory.py 200 2000`: the memory rows alone.
    small, large = (int(arg) for arg in sys.argv[1:3]) if len(sys.argv) > 2 else (200, 2000)
    print(json.dumps(run(small, large), indent=1))
