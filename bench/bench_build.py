"""Build of one locale, in memory: page bytes + catalog → page bytes.

* ``ours``    — ``render_document(parse_html(data), translations, Variant(...)).html.encode()``
  (the parse is timed: a build starts from page bytes); translations are every segment of
  our own extraction, pseudo-translated;
* ``po2html`` — the Translate Toolkit's ``converthtml(BytesIO(po), out, BytesIO(data))``, with a
  PO made (untimed) by its own ``html2po`` on the page, every msgstr an accented msgid;
* ``floor``   — bare lxml parse + serialize of the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

from common import Page, accent, compare, fail_on_error, log, measure, prepared
from lxml import etree

from l10n.page.document import parse_html
from l10n.page.pseudo import pseudo_translate
from l10n.page.render import Variant, render_document

Key = tuple[str | None, str]
VARIANT = Variant(locale="en_XA", source_locale="en", slug="x", published=("en", "en_XA"))


def our_catalog(slug: str, data: bytes) -> dict[Key, str]:
    doc = parse_html(data, name="x")
    return {(s.msgctxt, s.msgid): pseudo_translate(s.msgid) for s in doc.segments}


def ours(data: bytes, translations: dict[Key, str]) -> bytes:
    return render_document(parse_html(data, name="x"), translations, VARIANT).html.encode()


def floor(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data, etree.HTMLParser()), method="html")


def peer_po(slug: str, data: bytes) -> bytes:
    """html2po's own segmentation of the page, each msgstr an accented msgid."""
    from translate.convert.html2po import converthtml
    from translate.storage import po

    pot = io.BytesIO()
    converthtml(io.BytesIO(data), pot, None, pot=True)
    store = po.pofile(io.BytesIO(pot.getvalue()))
    for unit in store.units:
        if not unit.isheader() and unit.source:
            unit.target = accent(unit.source)
    return bytes(store)


def po2html(po_bytes: bytes, data: bytes) -> bytes:
    from translate.convert.po2html import converthtml

    out = io.BytesIO()
    converthtml(io.BytesIO(po_bytes), out, io.BytesIO(data))
    return out.getvalue()


def run(pages: list[Page], repeats: int) -> dict[str, Any]:
    html = dict(pages)
    slugs = [slug for slug, _ in pages]
    catalogs = prepared(our_catalog, pages)
    tools: dict[str, dict[str, Any]] = {}
    log(f"build: ours over {len(pages)} pages")
    tools["ours"] = measure(lambda s: ours(html[s], fail_on_error(catalogs, s)), slugs, repeats)
    try:
        import translate.convert.po2html  # noqa: F401
    except ImportError:
        tools["po2html"] = {"unavailable": "translate-toolkit not installed"}
    else:
        pos = prepared(peer_po, pages)
        log(f"build: po2html over {len(pages)} pages")
        tools["po2html"] = measure(
            lambda s: po2html(fail_on_error(pos, s), html[s]), slugs, repeats
        )
    log(f"build: floor over {len(pages)} pages")
    tools["floor"] = measure(lambda s: floor(html[s]), slugs, repeats)
    return {"pages": len(pages), "repeats": repeats, "tools": compare(tools)}
