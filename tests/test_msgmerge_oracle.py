"""GNU msgmerge --previous as an oracle for `merge_catalog` on the labelled edits.

For each edit of `merge_cases.py`, a catalog translating the old text (beside an unchanged
entry) is merged with a template holding the new text, by us and by msgmerge. The sets of
translated, fuzzy and obsolete msgids must agree, except for the cases listed in
`msgmerge_divergences.json`, each with the reason ours is better (or, honestly, where it
is not). The list must be exact: a divergence that disappears fails the test too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from merge_cases import CASES, EditCase

from l10n.po.catalog import merge_catalog
from l10n.po.pofile import format_po
from l10n.po.reader import parse_po

pytestmark = pytest.mark.skipif(
    shutil.which("msgmerge") is None, reason="GNU gettext is not installed"
)

DIVERGENCES = Path(__file__).parent / "msgmerge_divergences.json"
_UNCHANGED = "The observatory opened to visitors in 1998."


def _template(*msgids: str) -> polib.POFile:
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid in msgids:
        template.append(polib.POEntry(msgid=msgid, msgstr=""))
    return template


def _old_catalog(case: EditCase) -> polib.POFile:
    catalog = merge_catalog(None, _template(case.old, _UNCHANGED), locale="zh_CN").catalog
    for entry in catalog:
        entry.msgstr = f"[zh] {entry.msgid}"
    return catalog


def _states(catalog: polib.POFile) -> dict[str, list[str]]:
    return {
        "translated": sorted(
            e.msgid for e in catalog if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
        ),
        "fuzzy": sorted(e.msgid for e in catalog if not e.obsolete and "fuzzy" in e.flags),
        "obsolete": sorted(e.msgid for e in catalog if e.obsolete),
    }


def _msgmerge(case: EditCase, folder: Path) -> dict[str, list[str]]:
    (folder / "old.po").write_text(format_po(_old_catalog(case)), encoding="utf-8")
    (folder / "new.pot").write_text(format_po(_template(case.new, _UNCHANGED)), encoding="utf-8")
    merged = subprocess.run(
        ["msgmerge", "--previous", "--quiet", "-o", "-", str(folder / "old.po"), str(folder / "new.pot")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return _states(parse_po(merged.stdout, name="msgmerge"))


def _ours(case: EditCase) -> dict[str, list[str]]:
    return _states(
        merge_catalog(_old_catalog(case), _template(case.new, _UNCHANGED), locale="zh_CN").catalog
    )


def test_merge_agrees_with_msgmerge_except_listed_divergences(tmp_path: Path) -> None:
    listed = json.loads(DIVERGENCES.read_text(encoding="utf-8"))
    found = {}
    for index, case in enumerate(CASES):
        ours, theirs = _ours(case), _msgmerge(case, tmp_path)
        if ours != theirs:
            found[str(index)] = {
                "kind": case.kind,
                "old": case.old,
                "new": case.new,
                "should_match": case.should_match,
                "ours_fuzzy": bool(ours["fuzzy"]),
                "msgmerge_fuzzy": bool(theirs["fuzzy"]),
            }
    print(f"\n{len(CASES)} edits, {len(found)} divergences from msgmerge")
    assert {
        k: {f: v[f] for f in ("kind", "old", "new", "ours_fuzzy", "msgmerge_fuzzy")}
        for k, v in listed.items()
    } == {
        k: {f: v[f] for f in ("kind", "old", "new", "ours_fuzzy", "msgmerge_fuzzy")}
        for k, v in found.items()
    }
    for entry in listed.values():
        assert entry["reason"].strip(), f"divergence without a reason: {entry['old']!r}"
