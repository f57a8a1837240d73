"""Accuracy of each candidate detector on the labelled set, per encoding, as a markdown
table (docs/decoding.md). Run from the repository with the candidates installed:

    .venv/bin/pip install charset-normalizer chardet cchardet resiliparse
    .venv/bin/python tests/decoding/measure.py

A page counts as right when decoding it in the encoding the candidate names gives exactly
the text a browser shows with the right label. Candidates that are not installed are left
out of the table.
"""

from __future__ import annotations

import codecs
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

Candidate = Callable[[bytes], str | None]


def _whatwg(name: str | None) -> str | None:
    from l10n.page.whatwg import whatwg_name

    if not name:
        return None
    found = whatwg_name(name) or whatwg_name(name.replace("_", "-"))
    if found is None:
        try:
            python_name = codecs.lookup(name).name
        except LookupError:
            return None
        found = whatwg_name(python_name) or whatwg_name(python_name.replace("_", "-"))
    return found


def candidates() -> dict[str, Candidate]:
    """Every detector that is importable here, by the name the table shows."""
    found: dict[str, Candidate] = {}
    try:
        import charset_normalizer

        def normalizer(data: bytes) -> str | None:
            best = charset_normalizer.from_bytes(data).best()
            return _whatwg(best.encoding) if best else None

        found["charset-normalizer"] = normalizer
    except ImportError:
        pass
    try:
        import chardet

        found["chardet"] = lambda data: _whatwg(chardet.detect(data)["encoding"])
    except ImportError:
        pass
    try:
        import cchardet

        found["cchardet (uchardet)"] = lambda data: _whatwg(cchardet.detect(data)["encoding"])
    except ImportError:
        pass
    try:
        from resiliparse.parse.encoding import detect_encoding as resiliparse_detect

        found["resiliparse (uchardet)"] = lambda data: _whatwg(
            # Its own WHATWG mapping sends names it lacks (cp949) to UTF-8: map them here.
            resiliparse_detect(data, max_len=0, from_html_meta=False, html5_compatible=False)
        )
    except ImportError:
        pass
    try:
        import chardetng_py

        found["chardetng"] = lambda data: _whatwg(chardetng_py.detect(data))
    except ImportError:
        pass
    from l10n.page.encoding import detect_encoding

    found["chardetng + lang (chosen)"] = detect_encoding
    return found


def measure() -> tuple[dict[str, dict[str, list[int]]], dict[str, float]]:
    """{candidate: {row: [right, total]}} and seconds per candidate over the whole set."""
    from decoding.labelled import labelled_pages
    from l10n.page.whatwg import decode_bytes

    pages = labelled_pages()
    table: dict[str, dict[str, list[int]]] = {}
    seconds: dict[str, float] = {}
    for name, detect in candidates().items():
        rows: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        started = time.perf_counter()
        guesses = [detect(page.data) for page in pages]
        seconds[name] = time.perf_counter() - started
        for page, guess in zip(pages, guesses, strict=True):
            right = guess is not None and decode_bytes(page.data, guess).text == page.text
            for row in (page.encoding, f"{page.kind}", "all"):
                rows[row][0] += right
                rows[row][1] += 1
        table[name] = dict(rows)
    return table, seconds


def markdown(table: dict[str, dict[str, list[int]]], seconds: dict[str, float]) -> str:
    from decoding.labelled import ENCODINGS

    names = list(table)
    rows = [*ENCODINGS, "netease", "page", "short", "mostly-ascii", "all"]
    lines = ["| pages | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for row in rows:
        total = table[names[0]].get(row, [0, 0])[1]
        cells = []
        for name in names:
            right, count = table[name].get(row, [0, 0])
            cells.append(f"{100 * right / max(1, count):.0f}% ({right})")
        lines.append(f"| {row} ({total}) | " + " | ".join(cells) + " |")
    lines.append("| seconds for the set | " + " | ".join(f"{seconds[n]:.2f}" for n in names) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path[:0] = [str(Path(__file__).resolve().parents[1])]
    print(markdown(*measure()))
