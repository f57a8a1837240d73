"""The browser's tree: does a built page give Chromium the tree the source gives it?

For every corpus page (the 181 news pages, the 74 GBK pages and the Arabic page, as
`tests/conftest.py: corpus_pages()` lists them), Chromium (headless, scripts disabled, no
network; see `tests/chromium.py`) parses the source file and the page `l10n build` writes
for the source language with no translations (`render_document` with `{}`); the element
structure under `<body>` — `(depth, tag)` in tree order, text and attributes ignored — is
compared. The head is left out: the build rewrites it by design (charset, hreflang links).

Prints the number of pages whose structures differ, each one's first difference, and how
parse_html built each page's tree (libxml2 alone, or the HTML5 tree builder).
``--limit N`` runs the first N pages only.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from chromium import Chromium, Structure, find_chromium  # noqa: E402
from conftest import corpus_pages  # noqa: E402

from l10n.page.document import _utf8_body, parse_html  # noqa: E402
from l10n.page.encoding import decode_html  # noqa: E402
from l10n.page.render import Variant, render_document  # noqa: E402

try:
    from l10n.page.tree import build_tree
except ImportError:  # before the HTML5 tree builder: every tree was libxml2's
    build_tree = None


def built_page(name: str, data: bytes) -> str:
    """The source-language page a build writes when nothing is translated."""
    variant = Variant(locale="en", source_locale="en", slug="page", published=("en",))
    return render_document(parse_html(data, name=name), {}, variant).html


def tree_builder(name: str, data: bytes) -> str:
    """Which parser built the page's tree in parse_html."""
    if build_tree is None:
        return "libxml2"
    page = decode_html(data, name=name)
    return build_tree(
        page.text, _utf8_body(data, page.encoding, page.text), name=name
    ).builder.value


def first_difference(source: Structure, built: Structure) -> str:
    """Where the two structures part, with the source's and the build's lines around it."""
    matcher = difflib.SequenceMatcher(a=source, b=built, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        context = source[max(0, a0 - 3) : a0]
        return (
            f"at element {a0}: after {_show(context)}: source {_show(source[a0 : a1 + 1][:6])}"
            f" / built {_show(built[b0 : b1 + 1][:6])}"
        )
    return "same"


def _show(items: Structure) -> str:
    return " ".join(f"{depth}:{tag}" for depth, tag in items) or "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--quiet", action="store_true", help="figures only")
    options = parser.parse_args()
    executable = find_chromium()
    if executable is None:
        sys.exit("bench_tree: chromium is not installed")
    pages = list(corpus_pages())
    if options.limit:
        pages = pages[: options.limit]
    differing: list[str] = []
    paths: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, Chromium(executable) as browser:
        for index, (name, data) in enumerate(pages):
            source = Path(folder) / f"source-{index}.html"
            built = Path(folder) / f"built-{index}.html"
            source.write_bytes(data)
            built.write_text(built_page(name, data), encoding="utf-8")
            paths[tree_builder(name, data)] += 1
            source_structure = browser.structure_of(source)
            built_structure = browser.structure_of(built)
            if source_structure != built_structure:
                differing.append(name)
                if not options.quiet:
                    print(f"{name}: {first_difference(source_structure, built_structure)}")
    seconds = time.perf_counter() - started
    print(
        f"\n{len(differing)} of {len(pages)} pages differ in Chromium's body structure "
        f"(source file vs built page); {seconds:.0f} s"
    )
    print("tree built by: " + ", ".join(f"{k} {v}" for k, v in sorted(paths.items())))


if __name__ == "__main__":
    main()
