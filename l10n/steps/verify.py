"""`l10n review verify [--base REV]`: the review trail checked from the files alone.

Fails (exit 3) on: a review line with no valid signed event behind it; a ledger line that
is not a valid event, is unsigned, does not verify, was signed by a key the registry does
not list for its editor, or links to a line no longer in the ledger. Unsigned events from
before signed sign-offs (no `prev` at all) are listed and do not fail by themselves.
With `--base REV` (a pull request's base) it also fails on: a ledger line present at REV
that was removed or changed; an event dated before REV's commit that was not in the
ledger at REV (backdated); and a changed `editors.toml`, unless registry changes are
allowed. Stale reviews (a valid sign-off whose text changed since) are reported and do
not fail.
"""

from __future__ import annotations

import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from l10n.errors import CheckFailed, ConfigError, L10nError
from l10n.po.catalog import read_catalog
from l10n.project import Project
from l10n.review.ledger import Trail, line_digest, read_ledger
from l10n.review.registry import Editor, parse_editors
from l10n.review.verdict import ReviewFacts, Standing, judge_entry
from l10n.steps.common import read_registry
from l10n.steps.workers import chosen_jobs, in_processes

__all__ = ["VerifyResult", "verify_reviews"]


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """What `review verify` found: problems fail it; stale reviews and allowed registry
    changes are only reported."""

    problems: tuple[str, ...]
    stale: tuple[str, ...]
    notes: tuple[str, ...] = ()
    errors: tuple[L10nError, ...] = ()  # catalogs that could not be read; the rest verified
    catalogs: int = 0  # catalogs verified, counting those that failed


def verify_reviews(
    project: Project,
    *,
    locales: list[str],
    slugs: list[str],
    base: str | None = None,
    allow_registry_changes: bool = False,
    jobs: int | None = None,
) -> VerifyResult:
    """Check the review trail (see the module docstring), as `path:line: message` lines.
    Signatures are verified, and catalogs judged, in `jobs` processes (None:
    `chosen_jobs` decides from how many there are); the lines come in the same order.

    Raises:
        CheckFailed: no `editors.toml`: without it no review can be verified.
        ConfigError: `base` is not a revision of the project's git repository.
    """
    registry = read_registry(project)
    if registry is None:
        raise CheckFailed("editors.toml: missing, so no review can be verified")
    problems: list[str] = []
    stale: list[str] = []
    notes: list[str] = []
    errors: list[L10nError] = []
    catalogs = 0
    since: datetime | None = None
    if base is not None:
        since = _commit_time(project, base)
        changes = _registry_changes(project, base, registry)
        (notes if allow_registry_changes else problems).extend(changes)
    for locale in locales:
        ledger = project.ledger_path(locale)
        shown = project.relative(ledger)
        events, invalid = read_ledger(ledger)
        problems.extend(f"{shown}:{p.line}: {p.message}" for p in invalid)
        trail = Trail(events, locale=locale, registry=registry)
        _check_every_event(trail, jobs)
        for position, event in enumerate(trail.events):
            problem = trail.problem(position)
            if problem is None:
                continue
            if event.is_legacy and event.signature is None:
                # From before signed sign-offs: it makes nothing count, and a review line
                # standing on it fails below; `review resign` signs those still in use.
                notes.append(f"{shown}:{event.line}: {problem} (from before signed sign-offs)")
            else:
                problems.append(f"{shown}:{event.line}: {problem}")
        for event in trail.dangling():
            problems.append(
                f"{shown}:{event.line}: links to a line that is not in the ledger "
                "(was a line removed?)"
            )
        if base is not None and since is not None:
            problems.extend(_ledger_against_base(project, base, since, shown, trail))
        facts = ReviewFacts(locale, registry, trail)
        catalog_items = list(project.existing_catalogs(locale, slugs))
        catalogs += len(catalog_items)
        chosen = chosen_jobs(jobs, len(catalog_items))
        found = (
            in_processes(_catalog_findings, (project, facts), catalog_items, jobs=chosen)
            if chosen > 1
            else (_catalog_findings((project, facts), item) for item in catalog_items)
        )
        with closing(found):
            for findings in found:
                if isinstance(findings, L10nError):
                    errors.append(findings)
                    continue
                problems.extend(findings.problems)
                stale.extend(findings.stale)
    return VerifyResult(tuple(problems), tuple(stale), tuple(notes), tuple(errors), catalogs)


#: Events per piece of work handed to a process: verifying one costs about a tenth of a
#: millisecond, about what handing one over and back would.
_EVENTS_AT_A_TIME = 256


def _check_every_event(trail: Trail, jobs: int | None) -> None:
    """What is wrong with each event of the trail, its signature verified, found in
    processes when there are many (a few thousand), and told to the trail: judging the
    catalogs then finds every event checked. One process leaves it to the trail, which
    checks each event when first asked."""
    count = len(trail.events)
    blocks = [
        range(start, min(start + _EVENTS_AT_A_TIME, count))
        for start in range(0, count, _EVENTS_AT_A_TIME)
    ]
    chosen = chosen_jobs(jobs, len(blocks))
    if chosen <= 1 or len(blocks) <= 1:
        return
    with closing(in_processes(_problems_in, trail, blocks, jobs=chosen)) as found:
        for block, problems in zip(blocks, found, strict=True):
            trail.checked_elsewhere(dict(zip(block, problems, strict=True)))


def _problems_in(trail: Trail, block: range) -> list[str | None]:
    return [trail.problem(position) for position in block]


@dataclass(frozen=True, slots=True)
class _Findings:
    """One catalog's review lines that do not count, and those gone stale."""

    problems: list[str]
    stale: list[str]


def _catalog_findings(
    context: tuple[Project, ReviewFacts], item: tuple[str, Path]
) -> _Findings | L10nError:
    project, facts = context
    slug, path = item
    where_catalog = project.relative(path)
    try:
        catalog = read_catalog(path, shown=where_catalog)
    except L10nError as error:
        return error
    findings = _Findings([], [])
    for entry in catalog:
        verdict = judge_entry(entry, slug=slug, facts=facts)
        for sign_off in verdict.sign_offs:
            where = f"{where_catalog}:{entry.linenum}: review by {sign_off.line.editor!r}"
            if sign_off.standing is Standing.VOID:
                findings.problems.append(f"{where}: does not count: {sign_off.reason}")
            elif sign_off.standing is Standing.STALE:
                findings.stale.append(f"{where}: stale: {sign_off.reason}")
    return findings


def _git(project: Project, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=project.root, capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise ConfigError(f"--base: git could not run ({error})") from error


def _commit_time(project: Project, base: str) -> datetime:
    found = _git(project, "show", "-s", "--format=%ct", f"{base}^{{commit}}", "--")
    if found.returncode != 0 or not found.stdout.strip().isdigit():
        raise ConfigError(f"--base {base}: not a revision of this git repository")
    return datetime.fromtimestamp(int(found.stdout.strip()), tz=UTC)


def _at_base(project: Project, base: str, relative: str) -> bytes | None:
    """The file as it was at `base`, or None if it did not exist there."""
    prefix = _git(project, "rev-parse", "--show-prefix").stdout.decode().strip()
    found = _git(project, "show", f"{base}:{prefix}{relative}")
    return found.stdout if found.returncode == 0 else None


def _ledger_against_base(
    project: Project, base: str, since: datetime, shown: str, trail: Trail
) -> list[str]:
    before = _at_base(project, base, shown)
    old_lines = [line for line in (before or b"").split(b"\n") if line.strip()]
    current_path = project.root / shown
    current = current_path.read_bytes().split(b"\n") if current_path.exists() else []
    present = {line.rstrip(b"\r") for line in current if line.strip()}
    problems = [
        f"{shown}: line {number} at {base} was removed or changed since"
        for number, line in enumerate(old_lines, 1)
        if line.rstrip(b"\r") not in present
    ]
    known = {line_digest(line) for line in old_lines}
    for event in trail.events:
        if event.digest not in known and event.is_legacy:
            problems.append(
                f"{shown}:{event.line}: added since {base} in the old unsigned form (no prev)"
            )
        elif event.digest not in known and event.time < since:
            problems.append(
                f"{shown}:{event.line}: {event.event.value} dated {event.time:%Y-%m-%d %H:%M} "
                f"is backdated: it was not in the ledger at {base}, made after that"
            )
    return problems


def _registry_changes(project: Project, base: str, registry: dict[str, Editor]) -> list[str]:
    before = _at_base(project, base, "editors.toml")
    old = parse_editors(before.decode("utf-8"), shown=f"editors.toml at {base}") if before else {}
    changes = []
    for editor_id in sorted(set(old) | set(registry)):
        was, now = old.get(editor_id), registry.get(editor_id)
        if was is None:
            changes.append(f"editors.toml: editor {editor_id!r} added since {base}")
            continue
        if now is None:
            changes.append(f"editors.toml: editor {editor_id!r} removed since {base}")
            continue
        for name, before_value, after_value in (
            ("name", was.name, now.name),
            ("email", was.email, now.email),
            ("locales", was.locales, now.locales),
            ("until", was.until, now.until),
        ):
            if before_value != after_value:
                changes.append(
                    f"editors.toml: editor {editor_id!r} {name} changed since {base} "
                    f"({before_value!r} → {after_value!r})"
                )
        old_keys = {key.public.fingerprint: key for key in was.keys}
        new_keys = {key.public.fingerprint: key for key in now.keys}
        for fingerprint in sorted(set(old_keys) | set(new_keys)):
            if fingerprint not in old_keys:
                what = "added"
            elif fingerprint not in new_keys:
                what = "removed"
            elif old_keys[fingerprint] != new_keys[fingerprint]:
                what = "changed (validity)"
            else:
                continue
            changes.append(
                f"editors.toml: editor {editor_id!r} key {fingerprint} {what} since {base}"
            )
    if changes:
        changes.append("editors.toml changed: a maintainer decides (--allow-registry-changes)")
    return changes
