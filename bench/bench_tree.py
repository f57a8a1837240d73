"""The browser's tree: does a built page give Chromium the tree the source gives it?

For every corpus page (the 181 news pages, the 74 GBK pages and the Arabic page, as
`tests/conftest.py: corpus_pages()` lists them), Chromium (headless, scripts disabled, no
network; see `tests/chromium.py`) parses the source file and the page `l10n build` writes
for the source language with no translations (`render_document` with `{}`); the element
structure under `<body>` — `(depth, tag)` in tree order, text and attributes ignored — is
compared. The head is left out: the build rewrites it by design (charset, hreflang links).

Each page is built twice in the same run: as parse_html builds it ("ours") and with
libxml2's tree for every page ("libxml2 only", what the tool did before l10n/page/tree.py).
``--broken`` first adds one piece of broken markup to each page (tests/broken.py: a stray
`</p>`, a formatting end tag left out, `<b><p>…</b></p>`, a stray `</li>`, text inside a
table, a self-closed empty element), since the corpus itself is mostly well formed.

Prints each differing page with its first difference, the figures per kind, and how many
pages parse_html gave to html5lib. ``--limit N`` runs the first N pages only.

``--speed`` instead times extraction (`extract_template`, in memory) of every page with
and without the HTML5 tree builder in the same run, alternating, best of 3 per page; no
browser needed.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from broken import break_page  # noqa: E402
from chromium import Chromium, Structure, find_chromium  # noqa: E402
from conftest import corpus_pages  # noqa: E402

from l10n.page import tree  # noqa: E402
from l10n.page.document import _utf8_body, parse_html  # noqa: E402
from l10n.page.encoding import decode_html  # noqa: E402
from l10n.page.render import Variant, render_document  # noqa: E402


def built_page(name: str, data: bytes) -> str:
    """The source-language page a build writes when nothing is translated."""
    variant = Variant(locale="en", source_locale="en", slug="page", published=("en",))
    return render_document(parse_html(data, name=name), {}, variant).html


@contextlib.contextmanager
def libxml2_only() -> Iterator[None]:
    """parse_html as it was before the HTML5 tree builder: libxml2's tree for every page."""
    needs = tree._needs_html5
    tree._needs_html5 = lambda text, root, log: ""  # type: ignore[assignment]
    try:
        yield
    finally:
        tree._needs_html5 = needs


def tree_builder(name: str, data: bytes) -> str:
    """Which parser built the page's tree in parse_html."""
    page = decode_html(data, name=name)
    return tree.build_tree(
        page.text, _utf8_body(data, page.encoding, page.text), name=name
    ).builder.value


def first_difference(source: Structure, built: Structure) -> str:
    """Where the two structures part, with the elements before and after."""
    matcher = difflib.SequenceMatcher(a=source, b=built, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            return (
                f"element {a0}, after {_show(source[max(0, a0 - 3) : a0])}: "
                f"source {_show(source[a0 : a1 + 1][:5])} / built {_show(built[b0 : b1 + 1][:5])}"
            )
    return "same"


def _show(items: Structure) -> str:
    return " ".join(f"{depth}:{tag}" for depth, tag in items) or "-"


def speed(pages: list[tuple[str, bytes]], *, broken: bool) -> None:
    from l10n.page.document import Rules
    from l10n.steps.extract import extract_template

    inputs = [
        (name, break_page(index, name, data)[1] if broken else data)
        for index, (name, data) in enumerate(pages)
    ]
    best = {"libxml2 only": [float("inf")] * len(inputs), "ours": [float("inf")] * len(inputs)}
    for _ in range(3):
        for label in best:
            for position, (name, data) in enumerate(inputs):
                with libxml2_only() if label == "libxml2 only" else contextlib.nullcontext():
                    started = time.perf_counter()
                    extract_template(data, slug=name, rules=Rules())
                    seconds = time.perf_counter() - started
                best[label][position] = min(best[label][position], seconds)
    before, after = sum(best["libxml2 only"]), sum(best["ours"])
    print(
        f"extraction of {len(inputs)} pages ({'broken' if broken else 'as they are'}): "
        f"libxml2 only {before:.2f} s, ours {after:.2f} s ({after / before - 1:+.1%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="the first N pages only")
    parser.add_argument("--broken", action="store_true", help="add one breakage per page")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    parser.add_argument("--speed", action="store_true", help="time extraction instead")
    options = parser.parse_args()
    if options.speed:
        speed(list(corpus_pages())[: options.limit or None], broken=options.broken)
        return
    executable = find_chromium()
    if executable is None:
        sys.exit("bench_tree: chromium is not installed")
    pages = list(corpus_pages())[: options.limit or None]
    kinds: Counter[str] = Counter()
    differing = {"libxml2 only": Counter[str](), "ours": Counter[str]()}
    builders: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, Chromium(executable) as browser:
        for index, (name, original) in enumerate(pages):
            kind, data = break_page(index, name, original) if options.broken else ("", original)
            kind = kind or "as it is"
            kinds[kind] += 1
            builders[tree_builder(name, data)] += 1
            source = Path(folder) / f"source-{index}.html"
            source.write_bytes(data)
            wanted = browser.structure_of(source)
            with libxml2_only():
                before = built_page(name, data)
            for label, html in (("libxml2 only", before), ("ours", built_page(name, data))):
                built = Path(folder) / f"built-{label.split()[0]}-{index}.html"
                built.write_text(html, encoding="utf-8")
                got = browser.structure_of(built)
                if got != wanted:
                    differing[label][kind] += 1
                    if not options.quiet:
                        print(f"{label}: {name} ({kind}): {first_difference(wanted, got)}")
    seconds = time.perf_counter() - started
    print(
        f"\n{len(pages)} pages ({'broken' if options.broken else 'as they are'}), {seconds:.0f} s"
    )
    print("pages whose built page Chromium reads as another body structure than the source:")
    print(f"  {'kind':32} {'pages':>5} {'libxml2 only':>12} {'ours':>5}")
    for kind, count in sorted(kinds.items()):
        print(
            f"  {kind:32} {count:5} {differing['libxml2 only'][kind]:12} "
            f"{differing['ours'][kind]:5}"
        )
    print(
        f"  {'all':32} {len(pages):5} {differing['libxml2 only'].total():12} "
        f"{differing['ours'].total():5}"
    )
    print("trees built by: " + ", ".join(f"{k} {v}" for k, v in sorted(builders.items())))


if __name__ == "__main__":
    main()
