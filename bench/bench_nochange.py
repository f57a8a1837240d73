"""A build with nothing changed, all pages × three locales, as a whole command.

A temp project holds every news page as source/<slug>.html with locales zh_CN, ru, fa
(policy translated, threshold 0); ``l10n extract``, ``l10n update``, every msgstr
pseudo-translated with polib, then ``l10n build`` (timed: the first build), then
``l10n build`` again with nothing changed (timed, `repeats` times, median). Each is a
subprocess of the CLI, so the times include Python start and imports.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Any

import project
from common import Page, log

LOCALES = ["zh_CN", "ru", "fa"]


def run(pages: list[Page], repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="l10n-bench-nochange-") as tmp:
        root = Path(tmp)
        project.create(root, pages, LOCALES)
        log(f"no-change build: extract, update, fill {len(pages)} pages × {len(LOCALES)}")
        steps = {"extract": project.l10n(root, "extract", "-q")}
        steps["update"] = project.l10n(root, "update", "-q")
        catalogs = project.fill(root)
        log("no-change build: first build")
        first = project.l10n(root, "build", "-q")
        written = len(list((root / "site").glob("*/*.html")))
        log("no-change build: builds with nothing changed")
        again = [project.l10n(root, "build", "-q") for _ in range(repeats)]
    return {
        "pages": len(pages),
        "locales": LOCALES,
        "catalogs": catalogs,
        "pages_written": written,
        "extract_s": steps["extract"].seconds,
        "update_s": steps["update"].seconds,
        "first_build_s": first.seconds,
        "first_build_rc": first.returncode,
        "nochange_s": statistics.median(t.seconds for t in again),
        "nochange_runs_s": [t.seconds for t in again],
        "nochange_rc": max(t.returncode for t in again),
        "repeats": repeats,
    }
