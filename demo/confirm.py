"""The end of `make demo`: what a reader would see, read back from the built pages."""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

SITE = Path(__file__).resolve().parents[1] / "site"


def pages(locale: str) -> list[Path]:
    return sorted((SITE / locale).glob("*.html")) if (SITE / locale).is_dir() else []


def main() -> int:
    articles = sorted(path.stem for path in pages("en"))
    print(f"\nWhat a reader sees ({len(articles)} articles, open {SITE / 'index.html'}):")
    problems = []
    for locale, expected in (("zh_CN", "published"), ("ru", "held back"), ("fa", "published")):
        built = pages(locale)
        marked = 0
        for page in built:
            root = etree.parse(str(page), etree.HTMLParser(encoding="utf-8")).getroot()
            marked += len(root.xpath("//body//*[@lang='en']"))
            if root.get("lang") != locale.replace("_", "-"):
                problems.append(f"{page}: <html lang> is {root.get('lang')!r}")
        names = ", ".join(page.stem for page in built) or "none"
        fallback = f", {marked} elements of untranslated text marked lang=\"en\"" if marked else ""
        print(f"  {locale:6} {len(built)} of {len(articles)} published ({names}){fallback}")
        if expected == "published" and not built:
            problems.append(f"{locale}: expected published pages")
        if expected == "held back" and built:
            problems.append(f"{locale}: expected to be held back")
    print("  ru is held back: under the 80% threshold of usable words (see the build lines above)")
    print(f"  pages: {SITE}/<locale>/<slug>.html; source-language pages in {SITE}/en/")
    for problem in problems:
        print(f"demo: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
