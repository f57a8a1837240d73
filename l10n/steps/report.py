"""`l10n report`: the status dashboard, `site/index.html`, from one pass over the
project: each catalog read once, each page parsed once, every entry judged once. This
module gathers the dashboard's data (rows, the entries that need a look, the summary per
locale) from the verdicts; `l10n.steps.dashboard` lays it out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime

from l10n.errors import L10nError
from l10n.locales import parse_locale, to_bcp47
from l10n.page.document import Document, parse_html
from l10n.page.placeholder import PLACEHOLDER
from l10n.project import Project, write_text
from l10n.review.ledger import EventKind, Trail
from l10n.review.policy import Policy
from l10n.review.registry import Editor
from l10n.review.verdict import EntryState, SignOff, Standing, Verdict
from l10n.steps.common import FileOutcome, read_source, rules_of
from l10n.steps.dashboard import (
    ArticleRow,
    Concern,
    EntryRow,
    LocaleInfo,
    LocaleSummary,
    ReviewerRow,
    VariantRow,
    render_dashboard,
)
from l10n.steps.progress import Tally, count_words
from l10n.steps.publish import VariantPlan, check_selectors, plan_variant, required_segments
from l10n.steps.status import (
    NO_REGISTRY,
    CatalogReview,
    Survey,
    judged_in_turn,
    remembered_signatures,
    review_article,
    start_survey,
)
from l10n.steps.workers import chosen_jobs

__all__ = ["ReportResult", "summarise", "title_of", "write_report"]

#: The kinds of reason a variant is held back, as the summary counts them.
UNDER_THRESHOLD = "under the threshold"
REQUIRED_MISSING = "required text not usable"


@dataclass(frozen=True, slots=True)
class ReportResult:
    """The dashboard written, and the articles left off it because a page or catalog of
    theirs could not be read (each named on the dashboard too)."""

    outcome: FileOutcome
    articles: int  # on the dashboard
    errors: tuple[L10nError, ...]


def write_report(
    project: Project,
    *,
    locales: list[str] | None,
    now: datetime,
    jobs: int | None = 1,
    progress: Callable[[str], None] | None = None,
) -> ReportResult:
    """Write `site/index.html`, the status dashboard, the articles judged in `jobs`
    processes (None: `chosen_jobs` decides); `progress` is called with each article's
    slug once it is judged.

    Raises:
        CatalogError: a template or catalog that cannot be read.
        SourceError: a page that cannot be read.
    """
    config = project.config
    check_selectors(config.required)
    with remembered_signatures(project) as verified:
        survey = start_survey(project, locales=locales, verified=verified)
        # The survey's trails verify signatures lazily, as entries are judged below.
        return _write(project, survey, verified, jobs=jobs, now=now, progress=progress)


def _write(
    project: Project,
    survey: Survey,
    verified: dict[str, str] | None,
    *,
    jobs: int | None,
    now: datetime,
    progress: Callable[[str], None] | None,
) -> ReportResult:
    articles = []
    errors: list[L10nError] = []
    slugs = project.slugs([])
    rows = judged_in_turn(_row, survey, verified, slugs, jobs=chosen_jobs(jobs, len(slugs)))
    with closing(rows):
        for slug, row in zip(slugs, rows, strict=True):
            if isinstance(row, L10nError):  # this article; the others are still shown
                errors.append(row)
            else:
                articles.append(row)
            if progress:
                progress(slug)
    config = project.config
    infos = [_locale_info(code) for code in survey.facts]
    warnings: tuple[str, ...] = (NO_REGISTRY,) if survey.registry is None else ()
    warnings += tuple(f"not on this dashboard: {error}" for error in errors)
    html = render_dashboard(
        articles,
        summaries=summarise(articles, infos),
        source_lang=to_bcp47(config.source_locale),
        generated=now,
        policy=config.policy,
        threshold=config.threshold,
        warnings=warnings,
    )
    path = project.site_dir / "index.html"
    written = write_text(path, html)
    outcome = FileOutcome(project.relative(path), written, f"{len(articles)} articles")
    return ReportResult(outcome, len(articles), tuple(errors))


def _row(survey: Survey, slug: str) -> ArticleRow | L10nError:
    try:
        return _article(survey.project, survey, slug)
    except L10nError as error:
        return error


def _article(project: Project, survey: Survey, slug: str) -> ArticleRow:
    """One article's row: its page parsed once, each of its catalogs read once."""
    config = project.config
    policy = Policy(config.policy)
    rules = rules_of(project)
    registry = survey.registry
    shown = project.relative(project.source_path(slug))
    document = parse_html(read_source(project, slug), name=shown, rules=rules)
    required = required_segments(document, config.required)
    variants = []
    for review in review_article(survey, slug, checks=True):
        plan = plan_variant(document, review.verdicts, policy=policy, required=required)
        page = project.page_path(review.locale, slug)
        trail = survey.facts[review.locale].trail
        variants.append(
            VariantRow(
                locale=review.locale,
                progress=review.progress,
                page=f"{review.locale}/{slug}.html" if page.exists() else None,
                held=plan.held_reason(config.threshold),
                held_kinds=_held_kinds(plan, config.threshold),
                usable=plan.share,
                waiting=_waiting(review.verdicts),
                reviewers=_reviewers(review),
                entries=_concerns(review, trail, registry),
                catalog=review.path if review.is_merged else None,
            )
        )
    source_page = project.page_path(config.source_locale, slug)
    source_link = f"{config.source_locale}/{slug}.html" if source_page.exists() else None
    return ArticleRow(slug, title_of(document, slug), source_link, tuple(variants))


def title_of(document: Document, slug: str) -> str:
    """The article's name as the dashboard and the desk give it: its headline, else its
    title, else its slug."""
    for role in ("h1", "title"):
        for segment in document.segments:
            if segment.role == role:
                return PLACEHOLDER.sub("", segment.msgid)
    return slug


def summarise(articles: Sequence[ArticleRow], locales: Sequence[LocaleInfo]) -> list[LocaleSummary]:
    """Per locale, over every article: published n of N, held back and why, stale
    reviews, entries waiting for review, and the share of words reviewed."""
    summaries = []
    for info in locales:
        variants = [v for a in articles for v in a.variants if v.locale == info.code]
        why: Counter[str] = Counter(kind for v in variants for kind in v.held_kinds)
        reviewed = sum(
            (v.progress.by_state.get(EntryState.REVIEWED, Tally()) for v in variants), Tally()
        )
        summaries.append(
            LocaleSummary(
                info=info,
                articles=len(variants),
                published=sum(v.is_published for v in variants),
                ready=sum(v.is_ready for v in variants),
                held=sum(v.held is not None for v in variants),
                held_why=tuple(sorted(why.items(), key=lambda item: (-item[1], item[0]))),
                kept=sum(v.is_kept for v in variants),
                stale=sum((v.progress.stale for v in variants), Tally()),
                stale_articles=sum(bool(v.progress.stale.segments) for v in variants),
                rejected=sum((v.progress.rejected for v in variants), Tally()),
                waiting=sum((v.waiting for v in variants), Tally()),
                waiting_articles=sum(bool(v.waiting.segments) for v in variants),
                reviewed=reviewed,
                total=sum((v.progress.total for v in variants), Tally()),
            )
        )
    return summaries


def _locale_info(code: str) -> LocaleInfo:
    locale = parse_locale(code)
    return LocaleInfo(
        code=code,
        lang=to_bcp47(code),
        name=locale.english_name or code,
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
    )


def _held_kinds(plan: VariantPlan, threshold: int) -> tuple[str, ...]:
    """The kinds of reason behind `plan.held_reason` (which says them in full)."""
    if plan.held_reason(threshold) is None:
        return ()
    kinds = []
    if plan.share * 100 < threshold:
        kinds.append(UNDER_THRESHOLD)
    if plan.missing_required:
        kinds.append(REQUIRED_MISSING)
    return tuple(kinds)


def _waiting(verdicts: Sequence[Verdict]) -> Tally:
    """Entries translated or fuzzy and not reviewed: what an editor still has to look at."""
    waiting = [v.msgid for v in verdicts if v.waits_for_review]  # not a Tally per entry
    return Tally(len(waiting), sum(map(count_words, waiting)))


def _name(editor_id: str, registry: dict[str, Editor] | None) -> str:
    """An editor as the dashboard names them: the registered name, never a name typed
    into a catalog."""
    editor = registry.get(editor_id) if registry is not None else None
    return editor.name if editor is not None else editor_id


def _reviewers(review: CatalogReview) -> tuple[ReviewerRow, ...]:
    """Per editor whose reviews count in this catalog: how many entries and words, and
    their latest counting review."""
    entries: Counter[str] = Counter()
    words: Counter[str] = Counter()
    names: dict[str, str] = {}
    latest: dict[str, datetime] = {}
    for verdict in review.verdicts:
        for sign_off in verdict.counting:
            editor = sign_off.line.editor
            names[editor] = sign_off.editor.name if sign_off.editor is not None else editor
            entries[editor] += 1
            words[editor] += count_words(verdict.key[2])
            when = sign_off.line.time
            latest[editor] = max(latest.get(editor, when), when)
    return tuple(
        ReviewerRow(names[e], e, entries[e], words[e], latest[e])
        for e in sorted(names, key=lambda e: (names[e], e))
    )


def _concerns(
    review: CatalogReview, trail: Trail, registry: dict[str, Editor] | None
) -> tuple[EntryRow, ...]:
    """The entries of a catalog whose review went stale or that an editor rejected, with
    who did what and when, in file order."""
    rows = []
    for verdict in review.verdicts:
        if verdict.state is EntryState.REJECTED and verdict.rejection is not None:
            event = verdict.rejection
            rows.append(
                _entry_row(
                    verdict,
                    Concern.REJECTED,
                    who=_name(event.editor, registry),
                    editor=event.editor,
                    when=event.time,
                    note=event.note,
                    approved=None,
                    happened="rejected",
                )
            )
        if verdict.is_stale:
            rows.append(_stale_row(verdict, trail, registry))
    return tuple(rows)


def _stale_row(verdict: Verdict, trail: Trail, registry: dict[str, Editor] | None) -> EntryRow:
    """A stale entry: from its stale review line when the catalog still has one, else
    from the ledger's last word on it (the invalidation `update` logged, or an approval
    whose line has gone)."""
    stale: SignOff | None = next(
        (s for s in verdict.sign_offs if s.standing is Standing.STALE), None
    )
    if stale is not None:
        approved = stale.event.msgstr if stale.event is not None else None
        return _entry_row(
            verdict,
            Concern.STALE,
            who=_name(stale.line.editor, registry),
            editor=stale.line.editor,
            when=stale.line.time,
            note=f"the review no longer counts: {stale.reason}",
            approved=approved,
            happened="reviewed",
        )
    last = trail.last(verdict.key)
    if last is None:  # pragma: no cover - is_stale always has a line or an event behind it
        return _entry_row(
            verdict,
            Concern.STALE,
            who="",
            editor="",
            when=None,
            note="",
            approved=None,
            happened="",
        )
    if last.event is EventKind.INVALIDATE:
        changed = "the source or the translation changed since"
        note = f"{last.note}: {changed}" if last.note else changed
    else:
        note = "its review line is no longer in the catalog"
    return _entry_row(
        verdict,
        Concern.STALE,
        who=_name(last.editor, registry),
        editor=last.editor,
        when=last.time,
        note=note,
        approved=last.msgstr,
        happened="went stale" if last.event is EventKind.INVALIDATE else "approved",
    )


def _entry_row(
    verdict: Verdict,
    concern: Concern,
    *,
    who: str,
    editor: str,
    when: datetime | None,
    note: str,
    approved: tuple[str, ...] | None,
    happened: str,
) -> EntryRow:
    return EntryRow(
        concern=concern,
        line=verdict.line,
        msgctxt=verdict.key[1],
        source=verdict.key[2],
        translation=verdict.msgstrs,
        is_fuzzy=verdict.is_fuzzy,
        approved=approved if approved is not None and approved != verdict.msgstrs else None,
        who=who,
        editor=editor,
        when=when,
        happened=happened,
        note=note,
    )
