"""Golden rendering: each folder of tests/golden/render holds `source.html`, one
`<locale>.po` and `expected.<locale>.html`, reproduced byte for byte. Run pytest with
`--update-golden` to rewrite them, then review the diff."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from l10n.page.document import parse_html
from l10n.page.render import Variant, render_document

GOLDEN = Path(__file__).parent / "golden" / "render"
CASES = sorted(
    (case, catalog.stem)
    for case in GOLDEN.iterdir()
    if case.is_dir()
    for catalog in case.glob("*.po")
)


@pytest.mark.parametrize(("case", "locale"), CASES, ids=[f"{c.name}-{loc}" for c, loc in CASES])
def test_rendering_matches_golden(case: Path, locale: str, update_golden: bool) -> None:
    catalog = polib.pofile(str(case / f"{locale}.po"))
    translations = {
        (e.msgctxt, e.msgid): e.msgstr for e in catalog if e.msgstr and "fuzzy" not in e.flags
    }
    document = parse_html((case / "source.html").read_bytes(), name="source.html")
    variant = Variant(
        locale=locale,
        source_locale="en",
        slug=case.name,
        published=("en", locale),
        url_prefix="../../source/",
    )
    rendered = render_document(document, translations, variant)
    assert rendered.fallback == ()
    assert {(s.msgctxt, s.msgid) for s in rendered.translated} == set(translations)
    expected = case / f"expected.{locale}.html"
    if update_golden:
        expected.write_text(rendered.html, encoding="utf-8")
    assert rendered.html == expected.read_text(encoding="utf-8")
