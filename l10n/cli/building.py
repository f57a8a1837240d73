"""What `l10n build` prints: a line per page as it comes, a line per failed item, and
one summary line per run ("181 articles: 160 published in zh_CN, 21 held back")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from l10n.cli.console import err, error_record, escape, fail, out, plural, print_json
from l10n.errors import first_few

if TYPE_CHECKING:
    from l10n.project import Project
    from l10n.steps.build import BuildResult, PageOutcome

__all__ = ["BuildPrinter"]

_HELD = {"held": "not published", "stale": "kept but stale", "unpublished": "removed"}


class BuildPrinter:
    """Collects a build's pages as they come and prints them: written pages on stdout
    (stderr under `--format json`, whose stdout is the one record), held ones and notes on
    stderr."""

    def __init__(self, project: Project, articles: list[str], *, quiet: bool, as_json: bool):
        self.project = project
        self.articles = articles
        self.quiet = quiet
        self.as_json = as_json
        self.pages: list[PageOutcome] = []
        self.done: list[str] = []
        self.failed = 0  # pages reported in a state other than built, unchanged or held

    def show(self, page: PageOutcome) -> None:
        self.pages.append(page)
        state = page.state.value
        for note in page.notes:
            err.print(escape(note))
        if state == "written":
            if not self.quiet:
                (err if self.as_json else out).print(f"{escape(page.path)}: {escape(page.detail)}")
        elif state in _HELD:
            err.print(f"{escape(page.path)}: {_HELD[state]}: {escape(page.detail)}")
        elif state not in ("unchanged", "failed"):  # a state this printer does not know
            self.failed += 1
            err.print(f"[red]error:[/] {escape(page.path)}: {escape(page.detail)}")
        # A failed page is also among the result's errors: printed and counted once, there.

    def counting(self, advance: Callable[[str], None]) -> Callable[[str], None]:
        """The progress callback, noting each article finished."""

        def finished(slug: str) -> None:
            self.done.append(slug)
            advance(slug)

        return finished

    def summary(self, failed: int) -> str:
        """`181 articles: 160 published in zh_CN, 21 held back (see above)`."""
        source = self.project.config.source_locale
        published: Counter[str] = Counter()
        held: Counter[str] = Counter()
        for page in self.pages:
            if page.locale == source or page.state.value not in (*_HELD, "written", "unchanged"):
                continue
            if page.state.is_held:
                held[page.locale] += 1
            else:
                published[page.locale] += 1
        parts = []
        for locale in dict.fromkeys([*published, *held]):
            if published[locale]:
                part = f"{published[locale]} published in {locale}"
                parts.append(part + (f", {held[locale]} held back" if held[locale] else ""))
            else:
                parts.append(f"{held[locale]} held back in {locale}")
        if failed:
            parts.append(f"{failed} failed")
        text = f"{plural(len(self.articles), 'article')}: " + ("; ".join(parts) or "built")
        return text + (" (see above)" if failed or sum(held.values()) else "")

    def record(self, errors: list[dict[str, str]]) -> dict[str, object]:
        return {
            "pages": [
                {
                    "path": page.path,
                    "locale": page.locale,
                    "slug": page.slug,
                    "state": page.state.value,
                    "detail": page.detail,
                    "notes": list(page.notes),
                }
                for page in self.pages
            ],
            "errors": errors,
            "published": sum(page.state.value in ("written", "unchanged") for page in self.pages),
            "held": sum(page.state.is_held for page in self.pages),
            "summary": self.summary(len(errors) + self.failed),
        }

    def interrupted(self) -> None:
        """Ctrl+C: what was built, what was not; exit 130."""
        done = set(self.done)
        left = [slug for slug in self.articles if slug not in done]
        if self.as_json:
            print_json(self.record([]) | {"interrupted": True, "not_done": left})
        shown = first_few(left)
        err.print(
            f"interrupted: {plural(len(done), 'article')} built, {len(left)} not built"
            + (f": {escape(shown)}" if left else "")
        )
        raise typer.Exit(code=130)

    def finish(self, result: BuildResult, *, strict: bool) -> None:
        """Failed items, the summary line, the exit code (1 when something failed, 3
        under `strict` when a variant was held back)."""
        errors = list(result.errors)
        if self.as_json:
            print_json(self.record([error_record(error) for error in errors]))
        for error in errors:
            fail(str(error))
        if not self.quiet or errors or self.failed:
            err.print(escape(self.summary(len(errors) + self.failed)))
        if errors or self.failed:
            raise typer.Exit(code=1)
        if strict and result.held:
            raise typer.Exit(code=3)
