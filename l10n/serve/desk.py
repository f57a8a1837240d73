"""What the review desk shows and changes, without HTTP: one article in one locale read as
the steps read it (verdicts, the page as the build renders it, memory, history), and a
translator's save written through the same catalog code as the command line."""

from __future__ import annotations

import gettext
import hashlib
import json
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polib
from babel import Locale
from lxml import etree

from l10n.checks.finding import Finding
from l10n.checks.translation import check_translation, read_glossary, translation_of
from l10n.errors import CatalogError, L10nError
from l10n.locales import parse_locale
from l10n.page.document import AttributeValue, Document, TextRun, parse_html
from l10n.page.render import Variant, render_document
from l10n.po.catalog import TranslationMemory, read_catalog
from l10n.po.entry import clear_fuzzy, plural_count
from l10n.po.pofile import format_po
from l10n.project import Project, check_slug
from l10n.review.ledger import EntryKey, Event
from l10n.review.signoff import review_hash, reviewable
from l10n.review.verdict import Policy, Verdict, judge_entry
from l10n.steps.common import read_source, rules_of
from l10n.steps.publish import plan_variant
from l10n.steps.report import title_of
from l10n.steps.review import commit_catalog
from l10n.steps.status import Survey, start_survey

__all__ = [
    "ArticleDesk",
    "DeskEntry",
    "FileIdentity",
    "SaveOutcome",
    "article_inputs",
    "check_entry",
    "file_identity",
    "open_article",
    "save_entry",
    "source_asset",
    "valid_article",
]

_LEGEND = re.compile(r"<([1-9][0-9]*)(/?)> = (.*)")
#: Marks the preview copy of the page carries, never the built page.
SEGMENT_MARK = "data-l10n-seg"
STATE_MARK = "data-l10n-state"
#: The desk's outline styles, linked from the preview copy only.
PREVIEW_STYLE = "/static/preview.css"
# What the preview may load from source/: what a page shows, never a page or a script.
_ASSET_KINDS = ("image/", "font/", "audio/", "video/", "text/css")


@dataclass(frozen=True, slots=True)
class DeskEntry:
    """One segment of the article as the desk shows it; `verdict` is the one record of
    where it stands (state, stale, sign-offs); `findings` are every check's, warnings and
    glossary too, as `l10n check` and the live check while typing report them."""

    index: int
    verdict: Verdict
    msgid: str
    msgid_plural: str | None
    msgctxt: str | None
    previous_msgid: str | None
    legend: tuple[tuple[int, bool, str], ...]  # number, is single (<N/>), description
    notes: tuple[str, ...]  # the `#.` lines other than the legend
    translator_comment: str
    plural_categories: tuple[str, ...]  # CLDR category of each msgstr form
    suggestion: tuple[str, str] | None  # memory: msgstr, origin catalog
    history: tuple[Event, ...]
    findings: tuple[Finding, ...]
    version: str  # digest of everything the desk shows of the entry; a save names it

    @property
    def key(self) -> EntryKey:
        return self.verdict.key

    @property
    def shown_state(self) -> str:
        """The state as the desk colours it: the verdict's state, or `stale`."""
        return "stale" if self.verdict.is_stale else self.verdict.state.value


@dataclass(frozen=True, slots=True)
class ArticleDesk:
    """One article in one locale: its entries, the preview page and the catalog's path."""

    slug: str
    locale: str
    path: str
    title: str
    is_rtl: bool
    entries: tuple[DeskEntry, ...]
    preview: str
    glossary: Mapping[str, str]  # what the checks hold translations to
    nplurals: int | None  # from the catalog's Plural-Forms


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What a save did: written, or refused because the entry changed on disk (then
    `entry` is the fresh one to show)."""

    saved: bool
    message: str
    entry: DeskEntry | None


def valid_article(project: Project, locale: str, slug: str) -> bool:
    """Whether `locale`/`slug` name an article and locale of this project; a name that
    could leave its folder is never one."""
    if locale not in project.config.locales:
        return False
    try:
        parse_locale(locale)
        return project.source_path(check_slug(slug)).is_file()
    except L10nError:  # a bad name, or a page that is a symlink out of the project
        return False


#: What a file's content is told by while the desk runs: (inode, mtime, size) per file,
#: (-1, -1, -1) for one that cannot be read.
FileIdentity = tuple[tuple[int, int, int], ...]


def file_identity(*paths: Path) -> FileIdentity:
    """The (inode, mtime, size) of each file: every write of ours renames a new file into
    place (a new inode, as two writes can share an mtime tick), and a ledger only grows."""
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            found.append((-1, -1, -1))
        else:
            found.append((stat.st_ino, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def article_inputs(project: Project, locale: str, slug: str) -> FileIdentity:
    """What an article's desk is read from (`file_identity`): its page, its catalog or
    template, the locale's other catalogs (memory), ledger and the registry. The desk
    reads an article again only when this changes; a save always reads the disk again."""
    return file_identity(
        project.source_path(slug),
        project.template_path(slug),
        project.ledger_path(locale),
        project.editors_path,
        _glossary_path(project, locale),
        *sorted((project.locales_dir / locale).glob("*.po")),
    )


def open_article(
    project: Project, locale: str, slug: str, *, survey: Survey | None = None
) -> ArticleDesk:
    """Read the article's page and catalog (its template when not merged) and judge every
    entry, as `status` does.

    Raises:
        CatalogError: a malformed catalog, template or glossary (the message names file
            and line).
        SourceError: a page that cannot be read.
    """
    started = survey or start_survey(project, locales=[locale])
    facts = started.facts[locale]
    path = project.catalog_path(locale, slug)
    if not path.exists():
        path = project.template_path(slug)
        if not path.exists():
            raise CatalogError(f"{project.relative(path)}: no such template; run l10n extract")
    shown = project.relative(path)
    catalog = read_catalog(path, shown=shown)
    nplurals = plural_count(catalog)
    categories = _plural_categories(catalog, locale)
    memory = _memory(project, locale, slug)
    glossary_path = _glossary_path(project, locale)
    glossary = read_glossary(glossary_path) if glossary_path.is_file() else {}
    entries: list[DeskEntry] = []
    for entry in catalog:
        if entry.obsolete:
            continue
        verdict = judge_entry(
            entry, slug=slug, facts=facts, checks=True, warnings=True, path=shown,
            nplurals=nplurals,
        )  # fmt: skip
        # The verdict's findings are every check's but the glossary's (a verdict is judged
        # without one); checking again costs as much as the verdict, so only with one.
        findings = verdict.findings or ()
        if glossary:
            findings = tuple(check_translation(translation_of(entry), locale=locale, path=shown,
                                               glossary=glossary, nplurals=nplurals))  # fmt: skip
        entries.append(_desk_entry(
            len(entries), entry, verdict, categories, memory, facts.trail.events, locale,
            findings,
        ))  # fmt: skip
    source = read_source(project, slug)
    shown_source = project.relative(project.source_path(slug))
    document = parse_html(source, name=shown_source, rules=rules_of(project))
    preview = _preview(project, document, tuple(entries), locale, slug)
    language = Locale.parse(locale)
    return ArticleDesk(
        slug=slug,
        locale=locale,
        path=shown,
        title=title_of(document, slug),
        is_rtl=language.character_order == "right-to-left",
        entries=tuple(entries),
        preview=preview,
        glossary=glossary,
        nplurals=nplurals,
    )


def _desk_entry(
    index: int,
    entry: polib.POEntry,
    verdict: Verdict,
    categories: tuple[str, ...],
    memory: TranslationMemory,
    events: tuple[Event, ...] | list[Event],
    locale: str,
    findings: tuple[Finding, ...],
) -> DeskEntry:
    legend: list[tuple[int, bool, str]] = []
    notes: list[str] = []
    for line in entry.comment.split("\n") if entry.comment else ():
        found = _LEGEND.fullmatch(line.strip())
        if found:
            legend.append((int(found.group(1)), bool(found.group(2)), found.group(3)))
        elif line.strip():
            notes.append(line)
    remembered = (
        None if entry.msgid_plural else memory.recall(verdict.key[1:], besides=verdict.key[0])
    )
    suggestion = (remembered.msgstr, remembered.origin) if remembered is not None else None
    return DeskEntry(
        index=index,
        verdict=verdict,
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural or None,
        msgctxt=entry.msgctxt,
        previous_msgid=entry.previous_msgid or None,
        legend=tuple(legend),
        notes=tuple(notes),
        translator_comment=entry.tcomment or "",
        plural_categories=categories if entry.msgid_plural else (),
        suggestion=suggestion,
        history=tuple(event for event in events if event.key == verdict.key),
        findings=findings,
        version=entry_version(entry, locale=locale),
    )


def entry_version(entry: polib.POEntry, *, locale: str) -> str:
    """A digest of the entry as a translator sees it: its text (the review hash) and its
    flags and comments, so that a save is refused after any change made meanwhile (another
    tab's save, approval or rejection; Poedit toggling fuzzy), not only a new msgstr.
    Where it was extracted from (`#:`) is left out: `l10n update` moving lines is no
    reason to turn a save away."""
    shown = [review_hash(reviewable(entry, locale=locale)), sorted(entry.flags),
             entry.tcomment or "", entry.previous_msgid or ""]  # fmt: skip
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()[:32]


def _glossary_path(project: Project, locale: str) -> Path:
    return project.locales_dir / locale / "glossary.csv"


def _memory(project: Project, locale: str, slug: str) -> TranslationMemory:
    """The locale's other catalogs as translation memory; one that cannot be read is
    left out (the article list names it)."""
    memory = TranslationMemory()
    for other, path in project.existing_catalogs(locale, []):
        if other == slug:
            continue
        try:
            memory.add_catalog(read_catalog(path, shown=project.relative(path)), origin=other)
        except CatalogError:
            continue
    return memory


def _plural_categories(catalog: polib.POFile, locale: str) -> tuple[str, ...]:
    """The CLDR category of each plural form, found by asking the catalog's `Plural-Forms`
    and CLDR the same numbers (gettext numbers forms; CLDR names them).

    >>> catalog = polib.POFile(); catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    >>> _plural_categories(catalog, "en")
    ('one', 'other')
    """
    count = plural_count(catalog)
    header = catalog.metadata.get("Plural-Forms", "")
    found = re.search(r"plural\s*=\s*([^;]+)", header)
    if count is None or found is None:
        return ()
    try:
        form = gettext.c2py(found.group(1).strip())
        rule = Locale.parse(locale).plural_form
    except (ValueError, SyntaxError) as _error:
        return tuple(f"form {index}" for index in range(count))
    names: dict[int, str] = {}
    for number in [*range(0, 200), 1000, 1000000]:
        names.setdefault(form(number), rule(number))
    return tuple(names.get(index, f"form {index}") for index in range(count))


def _preview(
    project: Project, document: Document, entries: tuple[DeskEntry, ...], locale: str, slug: str
) -> str:
    """The page as `build --policy translated` renders it (so a translator sees what they
    saved), every segment's element marked with its entry number and state. Marks go on the
    preview copy only: the build never writes them."""
    config = project.config
    by_key = {entry.key[1:]: entry for entry in entries}
    for segment in document.segments:
        found = by_key.get((segment.msgctxt, segment.msgid))
        if found is None:
            continue
        location = segment.location
        element = location.container if isinstance(location, TextRun) else location.element
        if any(ancestor.tag == "head" for ancestor in element.iterancestors()) or (
            isinstance(location, AttributeValue) and element.tag == "meta"
        ):
            continue  # nothing a reader sees in the page; the segment list reaches it
        marks = element.get(SEGMENT_MARK)
        if marks is None:
            element.set(SEGMENT_MARK, str(found.index))
            element.set(STATE_MARK, found.shown_state)
        elif str(found.index) not in marks.split():
            element.set(SEGMENT_MARK, f"{marks} {found.index}")
    _link_preview_style(document)
    plan = plan_variant(
        document, (entry.verdict for entry in entries), policy=Policy.TRANSLATED, required={}
    )
    variant = Variant(
        locale=locale,
        source_locale=config.source_locale,
        slug=slug,
        published=(),
        # Not `base-url`: the preview shows the page's own files from source/, through
        # the desk, never from the site they would be published on.
        base_url="",
        url_prefix=f"../../{project.source_dir.name}/",
    )
    return render_document(document, plan.translations, variant).html


def _link_preview_style(document: Document) -> None:
    """Add the desk's outline styles to the preview copy's head, as an element of the tree
    (text spliced in at the first `</head>` could land in a comment or a script)."""
    root = document.tree.getroot()
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    etree.SubElement(head, "link", rel="stylesheet", href=PREVIEW_STYLE)


def source_asset(project: Project, name: str) -> tuple[Path, str] | None:
    """The file `source/<name>` and its media type, when the preview may load it: an
    image, style sheet, font or media file inside `source/` (no `..`, no hidden name, no
    symlink leading out of the folder). Anything else is None, shown as a 404.

    >>> from l10n.project import Project
    >>> source_asset(Project(Path("/nowhere")), "../editors.toml") is None
    True
    """
    parts = name.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") or "\\" in part or "\0" in part
           for part in parts):  # fmt: skip
        return None
    try:
        folder = project.inside(project.source_dir).resolve()
    except L10nError:  # source/ itself a symlink out of the project
        return None
    path = folder.joinpath(*parts).resolve()
    media_type = mimetypes.guess_type(parts[-1])[0] or ""
    if not (path.is_relative_to(folder) and path.is_file() and media_type.startswith(_ASSET_KINDS)):
        return None
    return path, media_type


def check_entry(desk: ArticleDesk, entry: DeskEntry, msgstrs: tuple[str, ...]) -> list[Finding]:
    """The checks `l10n check` runs, on a translation being typed (nothing is written)."""
    draft = polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural or "",
        comment="\n".join(
            [f"<{n}{'/' if single else ''}> = {text}" for n, single, text in entry.legend]
            + list(entry.notes)
        ),
        linenum=entry.verdict.line,
    )
    if entry.msgid_plural:
        draft.msgstr_plural = dict(enumerate(msgstrs))
    else:
        draft.msgstr = msgstrs[0] if msgstrs else ""
    return check_translation(
        translation_of(draft),
        locale=desk.locale,
        path=desk.path,
        glossary=desk.glossary,
        nplurals=desk.nplurals,
    )


def save_entry(
    project: Project,
    *,
    locale: str,
    slug: str,
    key: EntryKey,
    seen: str,
    msgstrs: tuple[str, ...],
    translator: str,
    now: datetime,
) -> SaveOutcome:
    """Write a translator's text into the catalog, under the locale's lock, as a PO
    editor saves: `fuzzy` and `#|` cleared, `Last-Translator` and `PO-Revision-Date` set,
    GNU layout, atomic. Refused when the entry's `entry_version` is no longer `seen`: it
    changed since the desk showed it (another tab, a PO editor, a `git pull`).

    Raises:
        CatalogError: the catalog is missing or malformed.
        WriteError: it cannot be written.
    """
    path = project.catalog_path(locale, slug)
    shown = project.relative(path)
    with project.locale_lock(locale):
        if not path.exists():
            raise CatalogError(f"{shown}: no catalog yet; run l10n update first")
        catalog = read_catalog(path, shown=shown)
        entry = next(
            (e for e in catalog if not e.obsolete and (e.msgctxt, e.msgid) == key[1:]), None
        )
        if entry is None:
            raise CatalogError(f"{shown}: no entry {key[2]!r} any more; reload the article")
        is_current = entry_version(entry, locale=locale) == seen
        if is_current:
            if entry.msgid_plural:
                entry.msgstr_plural = dict(enumerate(msgstrs))
            else:
                entry.msgstr = msgstrs[0] if msgstrs else ""
            clear_fuzzy(entry)
            catalog.metadata["Last-Translator"] = translator
            catalog.metadata["PO-Revision-Date"] = now.strftime("%Y-%m-%d %H:%M+0000")
            commit_catalog(path, format_po(catalog), ledger=project.ledger_path(locale), lines=[])
    if is_current:
        return SaveOutcome(True, f"{shown}:{entry.linenum}: saved", None)
    # Read the fresh entry outside the lock: other writers need not wait for the article.
    fresh = next((e for e in open_article(project, locale, slug).entries if e.key == key), None)
    message = (
        f"{shown}:{entry.linenum}: changed on disk since you opened it (another tab, "
        "another editor or a git pull); your text was not saved, the fresh text is shown"
    )
    return SaveOutcome(False, message, fresh)
