"""Golden extraction: each folder of tests/golden/extract is one rule of SPEC.md "Segments".

A folder holds `source.html` and either `expected.pot` (reproduced byte for byte) or
`expected-error.txt` (the one-line error). An optional `pyproject.toml` sets rules
(`exclude`, `scope`). Run pytest with `--update-golden` to rewrite them, then review the diff.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from l10n.errors import SourceError
from l10n.project import find_project
from l10n.steps.common import rules_of
from l10n.steps.extract import extract_template

GOLDEN = Path(__file__).parent / "golden" / "extract"
CASES = sorted(path for path in GOLDEN.iterdir() if path.is_dir())


def _rules(case: Path):  # type: ignore[no-untyped-def]
    if (case / "pyproject.toml").is_file():
        return rules_of(find_project(case, explicit=True))
    return rules_of(find_project(GOLDEN.parents[1].parent, explicit=True))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_extraction_matches_golden(case: Path, update_golden: bool) -> None:
    data = (case / "source.html").read_bytes()
    expected_error = case / "expected-error.txt"
    if expected_error.is_file():
        with pytest.raises(SourceError) as raised:
            extract_template(data, slug=case.name, rules=_rules(case))
        if update_golden:
            expected_error.write_text(f"{raised.value}\n", encoding="utf-8")
        assert f"{raised.value}\n" == expected_error.read_text(encoding="utf-8")
        return
    produced = extract_template(data, slug=case.name, rules=_rules(case))
    expected = case / "expected.pot"
    if update_golden:
        expected.write_text(produced, encoding="utf-8")
    assert produced == expected.read_text(encoding="utf-8")


TEMPLATES = [case for case in CASES if not (case / "expected-error.txt").exists()]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("case", TEMPLATES, ids=[case.name for case in TEMPLATES])
def test_golden_templates_pass_msgfmt_check(case: Path) -> None:
    template = case / "expected.pot"
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(template)], capture_output=True, text=True
    )
    assert (checked.returncode, checked.stderr) == (0, "")
