"""A throw-away l10n project for the whole-command steps: write it, run the CLI, fill it."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import polib
from common import Page

from l10n.page.pseudo import pseudo_translate

L10N = Path(sys.executable).parent / "l10n"  # the CLI of the venv running the benchmark

_WORDS = (
    "council budget river survey energy grid solar storage network school teacher student "
    "hospital doctor patient market price harvest farmer weather storm coast city mayor "
    "railway station bridge museum library report research laboratory satellite data "
    "election vote minister province village factory worker export import water forest"
).split()


@dataclass(frozen=True, slots=True)
class Timed:
    seconds: float
    peak_rss_kb: int | None
    returncode: int


def create(root: Path, pages: list[Page], locales: list[str]) -> None:
    """pyproject.toml with `[tool.l10n]`, and every page as source/<slug>.html."""
    (root / "source").mkdir(parents=True)
    quoted = ", ".join(f'"{code}"' for code in locales)
    (root / "pyproject.toml").write_text(
        f'[tool.l10n]\nsource-locale = "en"\nlocales = [{quoted}]\n'
        'policy = "translated"\nthreshold = 0\n',
        encoding="utf-8",
    )
    for slug, data in pages:
        (root / "source" / f"{slug}.html").write_bytes(data)


def l10n(root: Path, *args: str, peak: bool = False) -> Timed:
    """Run `l10n ARGS` in the project; wall time, and the peak RSS via /usr/bin/time -v."""
    command = [str(L10N), *args]
    report = root / ".time-v"
    if peak:
        command = ["/usr/bin/time", "-v", "-o", str(report), *command]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, env=os.environ)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
    rss = None
    if peak and report.exists():
        for line in report.read_text().splitlines():
            if "Maximum resident set size" in line:
                rss = int(line.rsplit(":", 1)[1])
    return Timed(seconds, rss, done.returncode)


def fill(root: Path) -> int:
    """Every msgstr of every catalog pseudo-translated (polib); the number of catalogs."""
    catalogs = sorted((root / "locales").glob("*/*.po"))
    for path in catalogs:
        catalog = polib.pofile(str(path), wrapwidth=79)
        for entry in catalog:
            if entry.msgid_plural:
                entry.msgstr_plural = {
                    k: pseudo_translate(entry.msgid_plural) for k in entry.msgstr_plural or {0: ""}
                }
            else:
                entry.msgstr = pseudo_translate(entry.msgid)
        catalog.save(str(path))
    return len(catalogs)


def synthetic(count: int, paragraphs: int = 12) -> list[Page]:
    """`count` article pages of the same shape with varied text (deterministic)."""
    pages = []
    for number in range(count):
        rng = random.Random(number)

        def sentence(rng: random.Random = rng) -> str:
            words = rng.choices(_WORDS, k=rng.randint(8, 20))
            return " ".join(words).capitalize() + "."

        title = " ".join(rng.choices(_WORDS, k=7)).title()
        body = "\n".join(
            f'<p>{sentence()} {sentence()} <a href="/topic/{rng.choice(_WORDS)}">'
            f"{rng.choice(_WORDS)}</a> {sentence()}</p>"
            for _ in range(paragraphs)
        )
        html = (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{title} - Daily</title>"
            f'<meta name="description" content="{sentence()}"></head>\n'
            '<body><nav><a href="/">Home</a> <a href="/news/">News</a></nav>\n'
            f'<article><h1>{title}</h1><p class="byline">By {rng.choice(_WORDS).title()}'
            f' Staff</p>\n<figure><img src="a{number}.jpg" alt="{sentence()}">'
            f"<figcaption>{sentence()}</figcaption></figure>\n{body}\n</article>"
            "<footer><p>All rights reserved.</p></footer></body></html>\n"
        )
        pages.append((f"article-{number:05d}", html.encode()))
    return pages
