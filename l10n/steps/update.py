"""`l10n update`: create or merge each locale's catalogs from the templates, as
`msgmerge --previous` does, and take out the review lines that stopped counting."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polib

from l10n.cache import Cache
from l10n.errors import CatalogError, CheckFailed, Interrupted, L10nError, file_error
from l10n.po.catalog import TranslationMemory, merge_catalog, read_catalog
from l10n.po.pofile import format_po
from l10n.project import Project
from l10n.review.registry import Editor
from l10n.review.verdict import ReviewFacts, judge_entry
from l10n.steps.common import (
    FileOutcome,
    StepResult,
    differs,
    locales_of,
    read_registry,
    read_review_facts,
)
from l10n.steps.review import (
    acting_person,
    chain_events,
    commit_catalog,
    invalidate_stale_reviews,
)

__all__ = ["update"]


def update(
    project: Project,
    slugs: list[str],
    *,
    locales: list[str] | None = None,
    check: bool = False,
    progress: Callable[[str], None] | None = None,
) -> StepResult:
    """Create or merge `locales/<locale>/<slug>.po` from each article's template.

    With `check`, write nothing and raise CheckFailed naming the catalogs out of date.
    A catalog that cannot be read or written is reported and left untouched, a locale
    whose folder, lock or ledger cannot be used is reported once; the others still go
    through.

    Raises:
        Interrupted: Ctrl+C; it carries what was done and the catalogs not merged.
    """
    outcomes: list[FileOutcome] = []
    errors: list[L10nError] = [] if slugs else list(project.misnamed_sources())
    articles = project.slugs(slugs)
    registry = read_registry(project)
    now = datetime.now(UTC).replace(microsecond=0)
    # Without a registry no review can be judged, so none is invalidated.
    actor = acting_person(project) if registry is not None else ""
    codes = locales_of(project, locales)
    todo = [(locale, slug) for locale in codes for slug in articles]
    attempted: list[tuple[str, str]] = []
    try:
        for locale in codes:
            mine = [slug for code, slug in todo if code == locale]
            try:
                _update_locale(
                    project, locale, mine, registry=registry, now=now, actor=actor,
                    check=check, outcomes=outcomes, errors=errors, progress=progress,
                    attempted=attempted,
                )  # fmt: skip
            except L10nError as error:
                errors.append(_locale_failed(error, len(mine)))
                attempted.extend((locale, slug) for slug in mine)
            except OSError as error:
                where = Path(error.filename) if error.filename else project.locales_dir / locale
                folder = project.relative(where)
                errors.append(_locale_failed(file_error(error, folder, doing="cannot be used"),
                                             len(mine)))  # fmt: skip
                attempted.extend((locale, slug) for slug in mine)
    except KeyboardInterrupt:
        seen = set(attempted)
        left = tuple(
            project.relative(project.catalog_path(*job)) for job in todo if job not in seen
        )
        raise Interrupted(StepResult(tuple(outcomes), tuple(errors)), left) from None
    if check:
        stale = [outcome.path for outcome in outcomes if outcome.changed]
        if stale:
            raise CheckFailed(f"{', '.join(stale)}: out of date; run l10n update")
    return StepResult(tuple(outcomes), tuple(errors))


def _locale_failed(error: L10nError, catalogs: int) -> L10nError:
    """A locale that could not be worked on at all: its error, and what that left out."""
    left = f"{catalogs} catalog{'s' * (catalogs != 1)} not updated"
    return type(error)(f"{error}; {left}")


def _update_locale(
    project: Project,
    locale: str,
    articles: list[str],
    *,
    registry: dict[str, Editor] | None,
    now: datetime,
    actor: str,
    check: bool,
    outcomes: list[FileOutcome],
    errors: list[L10nError],
    progress: Callable[[str], None] | None,
    attempted: list[tuple[str, str]],
) -> None:
    """Merge one locale's catalogs under its lock, noting each one tried in `attempted`;
    a catalog that fails is added to `errors` and the next one tried."""
    # --check only reads: it takes no lock and creates nothing.
    with nullcontext() if check else project.locale_lock(locale):
        known = _KnownNoOps(project, locale)
        pending = [slug for slug in articles if known.outcome(slug) is None]
        merging = None
        if pending:  # the locale's catalogs are read only when one of them needs a merge
            facts = read_review_facts(project, locale, registry=registry)
            catalogs, memory, broken = _read_locale(project, facts)
            merging = _Merging(facts, catalogs, memory, broken, now, actor, check)
        for slug in articles:
            if progress:
                progress(f"{locale}/{slug}")
            try:
                outcome = known.outcome(slug)
                if outcome is None:
                    assert merging is not None
                    outcome = _update_one(project, slug, merging)
                    known.note(slug, outcome)
                outcomes.append(outcome)
            except L10nError as error:
                errors.append(error)
            except OSError as error:
                shown = project.relative(project.catalog_path(locale, slug))
                errors.append(file_error(error, shown))
            attempted.append((locale, slug))
        if not check:
            known.save()


class _KnownNoOps:
    """The catalogs of one locale that an earlier `update` merged and found already up to
    date, remembered in `.l10n/` (l10n/cache.py) under the digests of all a merge reads:
    the template, the catalog, `editors.toml` and the locale's ledger (for invalidation),
    the configuration, Babel's version (the Plural-Forms header) and l10n's (the cache's
    own). While they are the same, merging again would change nothing and invalidate
    nothing, so it is not done and the earlier outcome is repeated: an `update` with
    nothing changed reads no catalog.

    Only an observed no-op is remembered, never "what the merge wrote": a merge that
    wrote a catalog has to be run once more to show that its output is a fixed point.
    The translation memory needs no key: it only fills entries a catalog lacks, and a
    catalog a merge left unchanged lacks none of its template's.
    """

    _RECORD = "update"

    def __init__(self, project: Project, locale: str) -> None:
        from babel import __version__ as babel_version

        self.project = project
        self.locale = locale
        self.cache = Cache(project.root)
        self.records: dict[str, Any] = self.cache.read(self._RECORD)
        self.mine: dict[str, Any] = dict(self.records.get(locale, {}))
        self.shared: tuple[str, ...] = ()
        if self.cache.enabled:
            self.shared = (
                self.cache.digest(project.editors_path),
                self.cache.digest(project.ledger_path(locale)),
                repr(project.config),
                babel_version,
            )
        self.keys: dict[str, str] = {}

    def _key(self, slug: str) -> str:
        if slug not in self.keys:
            try:
                template = self.project.template_path(slug)
                catalog = self.project.catalog_path(self.locale, slug)
            except L10nError:
                self.keys[slug] = ""  # the merge reports it
            else:
                digests = (self.cache.digest(template), self.cache.digest(catalog))
                self.keys[slug] = self.cache.key(self.locale, slug, *digests, *self.shared)
        return self.keys[slug]

    def outcome(self, slug: str) -> FileOutcome | None:
        """What merging `slug` again would do, when an earlier merge showed it (else None)."""
        if not self.cache.enabled:
            return None
        record = self.mine.get(slug)
        if not isinstance(record, list) or len(record) != 4 or record[0] != self._key(slug):
            return None
        _, path, summary, counts = record
        return FileOutcome(path, False, summary, tuple((name, n) for name, n in counts))

    def note(self, slug: str, outcome: FileOutcome) -> None:
        """Remember a merge that changed nothing; forget the slug after any other."""
        self.keys.pop(slug, None)  # the catalog may have been written since its digest
        no_op = not outcome.changed and not dict(outcome.counts).get("invalidated")
        if no_op and self.cache.enabled and self._key(slug):
            self.mine[slug] = [self._key(slug), outcome.path, outcome.summary, outcome.counts]
        else:
            self.mine.pop(slug, None)

    def save(self) -> None:
        """Write the records, without those of articles and locales the project no longer
        has (they would only grow the file that every `update` reads)."""
        if not self.cache.enabled:
            return
        articles = set(self.project.slugs([]))
        self.mine = {slug: record for slug, record in self.mine.items() if slug in articles}
        locales = set(self.project.config.locales)
        records = {
            locale: mine
            for locale, mine in (self.records | {self.locale: self.mine}).items()
            if locale in locales and mine
        }
        if records != self.records:
            self.cache.write(self._RECORD, records)
            self.cache.save_digests()


@dataclass(frozen=True, slots=True)
class _Merging:
    """What every catalog of one locale is merged with, in one `update`."""

    facts: ReviewFacts
    catalogs: dict[str, polib.POFile]  # by slug: the locale's catalogs, read once
    memory: TranslationMemory
    broken: dict[str, L10nError]
    now: datetime
    actor: str
    check: bool


def _update_one(project: Project, slug: str, merging: _Merging) -> FileOutcome:
    facts = merging.facts
    locale = facts.locale
    path = project.catalog_path(locale, slug)
    shown = project.relative(path)
    template = _read_template(project, slug)
    if shown in merging.broken:
        raise merging.broken[shown]
    existing = merging.catalogs.get(slug)
    result = merge_catalog(existing, template, locale=locale, memory=merging.memory, origin=slug)
    events = []
    if facts.registry is not None:
        events = invalidate_stale_reviews(
            result.catalog, slug=slug, facts=facts, now=merging.now, actor=merging.actor
        )
    summary = result.summary() + (
        f", {len(events)} review{'s' * (len(events) != 1)} invalidated" if events else ""
    )
    counts = (
        ("new", result.new),
        ("fuzzy", result.fuzzy),
        ("obsolete", result.obsolete),
        ("from_memory", result.from_memory),
        ("invalidated", len(events)),
    )
    text = format_po(result.catalog)
    if merging.check:
        return FileOutcome(shown, differs(path, text), summary, counts)
    ledger = project.ledger_path(locale)
    lines = chain_events(ledger, events, locale=locale, signer=None)
    written = commit_catalog(path, text, ledger=ledger, lines=lines)
    return FileOutcome(shown, written, summary, counts)


def _read_template(project: Project, slug: str) -> polib.POFile:
    path = project.template_path(slug)
    shown = project.relative(path)
    if not path.exists():
        raise CatalogError(f"{shown}: no such template; run l10n extract first")
    return read_catalog(path, shown=shown)


def _read_locale(
    project: Project, facts: ReviewFacts
) -> tuple[dict[str, polib.POFile], TranslationMemory, dict[str, L10nError]]:
    """The locale's catalogs by slug (each read once, for the memory and the merge), its
    translation memory, and the catalogs that could not be read."""
    catalogs: dict[str, polib.POFile] = {}
    memory = TranslationMemory()
    broken: dict[str, L10nError] = {}
    folder = project.locales_dir / facts.locale
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        shown = project.relative(path)
        try:
            catalog = read_catalog(project.inside(path), shown=shown)
        except L10nError as error:
            broken[shown] = error
            continue
        catalogs[path.stem] = catalog

        def reviewed_at(entry: polib.POEntry, slug: str = path.stem) -> datetime | None:
            return judge_entry(entry, slug=slug, facts=facts).reviewed_at

        memory.add_catalog(catalog, origin=path.stem, reviewed_at=reviewed_at)
    return catalogs, memory, broken
