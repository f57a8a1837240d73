"""Update of a catalog after a source edit: old catalog + new template → new catalog.

Per page (all untimed): template A is our extraction of the page (lxml round-trip, so the
only differences from B are the edit); the catalog is ``merge_catalog(None, A)`` with every
msgstr pseudo-translated; the edit changes one word in every 10th text node of the page
(``edit_page``) and B is the extraction of the edited page. All three tools get the same
PO text and POT text.

* ``ours``             — ``format_po(merge_catalog(catalog, B, locale="fr").catalog)`` on
  parsed objects;
* ``ours (with parse)``— the same, with ``parse_po`` of the PO and POT text timed too;
* ``pot2po``           — the Translate Toolkit's ``convertpot(BytesIO(pot), out, BytesIO(po))``;
* ``msgmerge``         — GNU ``msgmerge -q -o new.po old.po new.pot`` on files in a tmpdir:
  a process, so its time includes process start; ``msgmerge (start subtracted)`` takes off
  the median time of ``msgmerge --version``.
"""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
from common import Page, compare, fail_on_error, log, measure, prepared
from lxml import etree

from l10n.page.document import Rules
from l10n.page.pseudo import pseudo_translate
from l10n.po.catalog import merge_catalog
from l10n.po.pofile import format_po
from l10n.po.reader import parse_po
from l10n.steps.extract import extract_template

_WORD = re.compile(r"[A-Za-z]{3,}")
_SKIP = {"script", "style", "noscript", "template"}


@dataclass(frozen=True, slots=True)
class Case:
    catalog: polib.POFile
    template: polib.POFile
    po_text: str
    pot_text: str


def _roundtrip(data: bytes, edit: bool) -> bytes:
    root = etree.fromstring(data, etree.HTMLParser())
    if edit:
        nodes = 0
        for element in root.iter():
            if not isinstance(element.tag, str) or element.tag in _SKIP or not element.text:
                continue
            if not _WORD.search(element.text):
                continue
            nodes += 1
            if nodes % 10 == 0:
                element.text = _WORD.sub("revised", element.text, count=1)
    return etree.tostring(root, method="html", encoding="utf-8")


def edit_page(data: bytes) -> bytes:
    """The page with the first word of every 10th text node (outside scripts) replaced."""
    return _roundtrip(data, edit=True)


def _extracted(data: bytes, slug: str) -> polib.POFile:
    """Our template of the page, read as `update` reads it from locales/<slug>.pot."""
    return parse_po(extract_template(data, slug=slug, rules=Rules()), name=f"{slug}.pot")


def make_case(slug: str, data: bytes) -> Case:
    before = _extracted(_roundtrip(data, edit=False), slug)
    catalog = merge_catalog(None, before, locale="fr").catalog
    for entry in catalog:
        entry.msgstr = pseudo_translate(entry.msgid)
    after = _extracted(edit_page(data), slug)
    po_text, pot_text = format_po(catalog), format_po(after)
    return Case(parse_po(po_text, name="old.po"), after, po_text, pot_text)


def ours(case: Case) -> str:
    return format_po(merge_catalog(case.catalog, case.template, locale="fr").catalog)


def ours_with_parse(case: Case) -> str:
    catalog = parse_po(case.po_text, name="old.po")
    template = parse_po(case.pot_text, name="new.pot")
    return format_po(merge_catalog(catalog, template, locale="fr").catalog)


def pot2po(case: Case) -> bytes:
    from translate.convert.pot2po import convertpot

    out = io.BytesIO()
    convertpot(io.BytesIO(case.pot_text.encode()), out, io.BytesIO(case.po_text.encode()))
    return out.getvalue()


def msgmerge_files(slug: str, case: Case, folder: Path) -> tuple[Path, Path]:
    (folder / f"{slug}.po").write_text(case.po_text, encoding="utf-8")
    (folder / f"{slug}.pot").write_text(case.pot_text, encoding="utf-8")
    return folder / f"{slug}.po", folder / f"{slug}.pot"


def msgmerge(po: Path, pot: Path) -> None:
    subprocess.run(
        ["msgmerge", "-q", "-o", str(po.with_suffix(".new.po")), str(po), str(pot)],
        check=True,
        capture_output=True,
    )


def process_start_ms(repeats: int) -> float:
    """Median time of `msgmerge --version`: what a process start costs here."""
    runs = []
    for _ in range(max(repeats * 4, 10)):
        start = time.perf_counter_ns()
        subprocess.run(["msgmerge", "--version"], check=True, capture_output=True)
        runs.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(runs)


def run(pages: list[Page], repeats: int) -> dict[str, Any]:
    slugs = [slug for slug, _ in pages]
    log(f"update: preparing {len(pages)} cases")
    cases = prepared(make_case, pages)
    tools: dict[str, dict[str, Any]] = {}
    log("update: ours")
    tools["ours"] = measure(lambda s: ours(fail_on_error(cases, s)), slugs, repeats)
    tools["ours (with parse)"] = measure(
        lambda s: ours_with_parse(fail_on_error(cases, s)), slugs, repeats
    )
    try:
        import translate.convert.pot2po  # noqa: F401
    except ImportError:
        tools["pot2po"] = {"unavailable": "translate-toolkit not installed"}
    else:
        log("update: pot2po")
        tools["pot2po"] = measure(lambda s: pot2po(fail_on_error(cases, s)), slugs, repeats)
    if shutil.which("msgmerge") is None:
        tools["msgmerge"] = {"unavailable": "GNU gettext msgmerge not found"}
        return {"pages": len(pages), "repeats": repeats, "tools": compare(tools)}
    log("update: msgmerge (process per page)")
    with tempfile.TemporaryDirectory(prefix="l10n-bench-update-") as tmp:
        files = {
            s: msgmerge_files(s, c, Path(tmp)) for s, c in cases.items() if isinstance(c, Case)
        }
        tools["msgmerge"] = measure(lambda s: msgmerge(*files[s]), slugs, repeats)
    start_ms = process_start_ms(repeats)
    per_page = {s: max(t - start_ms, 0.001) for s, t in tools["msgmerge"]["ms_per_page"].items()}
    tools["msgmerge (start subtracted)"] = {
        **{k: v for k, v in tools["msgmerge"].items() if k != "ms_per_page"},
        "median_ms": statistics.median(per_page.values()) if per_page else None,
        "total_ms": sum(per_page.values()),
        "ms_per_page": per_page,
        "process_start_ms": start_ms,
    }
    return {"pages": len(pages), "repeats": repeats, "tools": compare(tools)}
