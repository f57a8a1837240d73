"""`l10n extract`: each article's page → its template, `locales/<slug>.pot`."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import TypeAlias

from l10n import __version__
from l10n.errors import (
    CheckFailed,
    Interrupted,
    L10nError,
    WorkerError,
    file_error,
    first_few,
)
from l10n.page.document import Rules, parse_html
from l10n.po.template import TemplateText, build_template_text
from l10n.project import (
    Project,
    Staged,
    commit_staged,
    discard_staged,
    discard_strays,
    stage_bytes,
)
from l10n.steps.common import FileOutcome, StepResult, differs, read_source, rules_of
from l10n.steps.workers import chosen_jobs, in_processes

__all__ = ["extract", "extract_template"]

#: Templates per commit: one sync for many files (an fsync each cost more than the
#: extraction of a page), and a kill loses little work.
_BATCH = 64


def extract_template(data: bytes, *, slug: str, rules: Rules) -> str:
    """Page bytes → POT text, in memory (what `extract` writes, and what is benchmarked)."""
    return _template(data, slug=slug, rules=rules)[0].text


def _template(data: bytes, *, slug: str, rules: Rules) -> tuple[TemplateText, str | None]:
    """The template, and how the page's encoding was decided when that needs saying."""
    document = parse_html(data, name=f"source/{slug}.html", rules=rules)
    template = build_template_text(
        document.segments,
        slug=slug,
        source_locale=rules.source_locale,
        generator=f"l10n {__version__}",
    )
    return template, document.decoding.message if document.decoding else None


def extract(
    project: Project,
    slugs: list[str],
    *,
    check: bool = False,
    jobs: int | None = 1,
    progress: Callable[[str], None] | None = None,
) -> StepResult:
    """Write `locales/<slug>.pot` for each article whose template changed, the pages read
    in `jobs` processes (None: `chosen_jobs` decides from their number); the templates
    are the same, and reported in the same order.

    With `check`, write nothing and raise CheckFailed naming the stale templates.
    An article that fails (unreadable page, a template that cannot be written) is
    reported and the others still go through.

    Raises:
        Interrupted: Ctrl+C; it carries what was done and the templates not written.
    """
    context = _Context(project, rules_of(project), check)
    outcomes: list[FileOutcome | None] = []  # None: a template whose commit failed
    errors: list[L10nError] = [] if slugs else list(project.misnamed_sources())
    staged: list[tuple[int, Staged]] = []  # (index in outcomes, its staged write)

    def commit() -> None:
        batch = staged[:]
        staged.clear()  # first: a Ctrl+C raised once they are in place must not commit them again
        failed = commit_staged([item for _, item in batch])
        for index, item in batch:
            if item.path in failed:
                outcomes[index] = None
                errors.append(_shown_error(project, failed[item.path]))

    articles = project.slugs(slugs)
    tried = 0
    extracted_all = _extracted(context, articles, chosen_jobs(jobs, len(articles)), progress)
    with _collecting_less(), closing(extracted_all) as done:
        try:
            for extracted in done:
                if isinstance(extracted, L10nError):
                    errors.append(extracted)
                else:
                    outcome, write = extracted
                    if write is not None:
                        staged.append((len(outcomes), write))
                    outcomes.append(outcome)
                    if len(staged) >= _BATCH:
                        commit()
                tried += 1
            commit()
        except KeyboardInterrupt:
            commit()  # what is staged is finished work: put it in place, as reported
            left = _not_done(project, articles[tried:])
            raise Interrupted(_result(outcomes, errors), left) from None
        except WorkerError as error:  # the rest were never extracted: say so, keep the rest
            commit()
            left = _not_done(project, articles[tried:])
            errors.append(WorkerError(f"{error}; {len(left)} not done: {first_few(left)}"))
    if check:
        stale = [outcome.path for outcome in outcomes if outcome and outcome.changed]
        if stale:
            raise CheckFailed(f"{', '.join(stale)}: out of date; run l10n extract")
    return _result(outcomes, errors)


#: An article's outcome and its template staged (None: unchanged, or `check`), or why
#: it could not be extracted.
_Extracted: TypeAlias = "tuple[FileOutcome, Staged | None] | L10nError"


@dataclass(frozen=True, slots=True)
class _Context:
    """What extracting any article needs (what each worker is given once)."""

    project: Project
    rules: Rules
    check: bool  # write nothing


def _extracted(
    context: _Context, articles: list[str], jobs: int, progress: Callable[[str], None] | None
) -> Generator[_Extracted, None, None]:
    """Each article extracted, in order, here or in `jobs` processes; `progress` is told
    of each once it has been taken (so that Ctrl+C in it loses no finished work)."""
    if jobs > 1 and len(articles) > 1:
        done: Generator[_Extracted, None, None] = in_processes(
            _extract_safely, context, articles, jobs=jobs, unused=_discard,
            abandoned=lambda slugs: discard_strays(map(context.project.template_path, slugs)),
        )  # fmt: skip
    else:
        done = (_extract_safely(context, slug) for slug in articles)
    with closing(done):
        for slug, extracted in zip(articles, done, strict=True):
            yield extracted
            if progress:
                progress(slug)


def _extract_safely(context: _Context, slug: str) -> _Extracted:
    try:
        return _extract_one(context.project, slug, rules=context.rules, check=context.check)
    except L10nError as error:
        return error


def _discard(extracted: _Extracted) -> None:
    """A template extracted in a worker after the command stopped: not put in place."""
    if not isinstance(extracted, L10nError) and extracted[1] is not None:
        discard_staged([extracted[1]])


@contextmanager
def _collecting_less() -> Iterator[None]:
    """The collector at work less often while pages are extracted. A page makes and drops
    hundreds of thousands of objects, almost none of them in cycles; with the default
    thresholds the collector ran some 460 times over 181 news pages, each full collection
    walking everything the command had loaded, for 5% of the command. The objects made
    before the first page are frozen out of its reach (as `cli.main.run` does as the
    command ends), and the youngest generation is collected after 20,000 allocations,
    not 700; both are put back after."""
    thresholds = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(20_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not frozen_before:
            gc.unfreeze()


def _not_done(project: Project, articles: list[str]) -> tuple[str, ...]:
    return tuple(project.relative(project.template_path(slug)) for slug in articles)


def _result(outcomes: list[FileOutcome | None], errors: list[L10nError]) -> StepResult:
    return StepResult(tuple(outcome for outcome in outcomes if outcome), tuple(errors))


def _shown_error(project: Project, error: L10nError) -> L10nError:
    """The error with the file named as users see paths (relative to the project)."""
    return type(error)(str(error).replace(f"{project.root}{os.sep}", "", 1))


def _extract_one(
    project: Project, slug: str, *, rules: Rules, check: bool
) -> tuple[FileOutcome, Staged | None]:
    """The article's outcome, and its template staged when it changed (not with `check`)."""
    path = project.template_path(slug)
    shown = project.relative(path)
    template, decoding = _template(read_source(project, slug), slug=slug, rules=rules)
    text, entries = template.text, template.entries
    summary = f"{entries} segment{'s' if entries != 1 else ''}"
    if decoding:
        summary += f" ({decoding})"
    counts = (("segments", entries),)
    if check:
        return FileOutcome(shown, differs(path, text), summary, counts), None
    try:
        staged = stage_bytes(path, text.encode("utf-8"))
    except L10nError as error:
        raise _shown_error(project, error) from error
    except OSError as error:  # WriteError covers the writer's own calls; this the rest
        raise file_error(error, shown) from error
    return FileOutcome(shown, staged is not None, summary, counts), staged
