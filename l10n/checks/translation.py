"""Checks on translations (SPEC.md "Checks and status"): placeholders, markup, bidi
controls, plurals, numbers, URLs, glossary, punctuation and length, as `Finding`s."""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import polib

from l10n.checks.finding import Finding, Severity, Translation
from l10n.checks.numbers import number_difference
from l10n.errors import CatalogError
from l10n.page.msgid import first_control_character
from l10n.page.placeholder import (
    PLACEHOLDER,
    Node,
    PlaceholderError,
    Single,
    decode,
    numbers,
    placeholders,
)

__all__ = ["check_catalog_entry", "check_translation", "read_glossary", "translation_of"]


def translation_of(entry: polib.POEntry) -> Translation:
    """The entry as a check record."""
    # Forms by index, a missing one empty: msgstr[0] and msgstr[5] are six forms, not two.
    last = max(entry.msgstr_plural, default=-1)
    plurals = tuple(entry.msgstr_plural.get(i, "") for i in range(int(last) + 1))
    return Translation(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        line=entry.linenum or 1,
        comments=tuple(entry.comment.split("\n")) if entry.comment else (),
        msgid_plural=entry.msgid_plural or None,
        msgstr_plural=plurals,
    )


_NO_GLOSSARY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class _Context:
    locale: str
    path: str
    line: int
    comments: tuple[str, ...]
    glossary: Mapping[str, str]

    @property
    def legend(self) -> Mapping[int, str]:
        """Placeholder number → what it stands for: read only when a finding needs it."""
        return _legend(self.comments)

    def error(self, code: str, message: str) -> Finding:
        return Finding(self.path, self.line, Severity.ERROR, code, message)

    def warning(self, code: str, message: str) -> Finding:
        return Finding(self.path, self.line, Severity.WARNING, code, message)


_Check = Callable[[str, str, _Context], Iterator[Finding]]


def check_translation(
    t: Translation, *, locale: str, path: str, glossary: Mapping[str, str] = _NO_GLOSSARY,
    nplurals: int | None = None, errors_only: bool = False,
) -> list[Finding]:  # fmt: skip
    """Every finding on one entry; an untranslated entry has none."""
    if errors_only and t.msgid_plural is None and _holds_no_error(t.msgid, t.msgstr):
        return []
    if glossary:
        return _find(t, locale, path, glossary, nplurals, errors_only)
    # The same text in the same locale gets the same findings wherever it is (a site's
    # navigation and footer repeat on every page): checked once, then located.
    found = _find_remembered(
        t.msgid, t.msgstr, t.comments, t.msgid_plural, t.msgstr_plural, locale, nplurals,
        errors_only,
    )  # fmt: skip
    return [Finding(path, t.line, severity, code, message) for severity, code, message in found]


def check_catalog_entry(
    entry: polib.POEntry, *, locale: str, path: str, nplurals: int | None = None,
    errors_only: bool = False,
) -> list[Finding]:  # fmt: skip
    """`check_translation` of a catalog's entry, the plain-text test made first: most
    entries pass it, and making their check record (`translation_of`) was a seventh of
    judging a catalog with checks, which a build and a report do for every entry."""
    if errors_only and not entry.msgid_plural and _holds_no_error(entry.msgid, entry.msgstr):
        return []
    return check_translation(
        translation_of(entry), locale=locale, path=path, nplurals=nplurals,
        errors_only=errors_only,
    )  # fmt: skip


def _holds_no_error(msgid: str, msgstr: str) -> bool:
    """Whether a singular translation is sure to pass every check that finds errors,
    tested at C speed: most are plain text (no placeholder on either side, no control
    character, no bidirectional control), and a build judges every entry of a page.

    >>> _holds_no_error("Solar grid", "太阳能电网"), _holds_no_error("<1>Go</1>", "<1>走</1>")
    (True, False)
    """
    return (
        "<" not in msgid  # _check_placeholders
        and "<" not in msgstr  # _check_placeholders, _check_markup
        and _BIDI_CONTROL.search(msgstr) is None  # _check_bidi
        and first_control_character(msgstr) is None  # _check_control_characters
    )


# 1,024: a site's repeated text (navigation, footer) stays in it; 8,192 held about 15 MiB
# of one-off long texts by the end of a 2,000-article build, for 8% more hits.
@functools.lru_cache(maxsize=1024)
def _find_remembered(
    msgid: str, msgstr: str, comments: tuple[str, ...], msgid_plural: str | None,
    msgstr_plural: tuple[str, ...], locale: str, nplurals: int | None, errors_only: bool,
) -> tuple[tuple[Severity, str, str], ...]:  # fmt: skip
    """The findings of a translation wherever it sits (path and line left out)."""
    t = Translation(msgid, msgstr, None, 0, comments, msgid_plural, msgstr_plural)
    found = _find(t, locale, "", _NO_GLOSSARY, nplurals, errors_only)
    return tuple((finding.severity, finding.code, finding.message) for finding in found)


def _find(
    t: Translation, locale: str, path: str, glossary: Mapping[str, str], nplurals: int | None,
    errors_only: bool,
) -> list[Finding]:  # fmt: skip
    pairs = [(t.msgid, t.msgstr)]
    if t.msgid_plural is not None and t.msgstr_plural:
        msgids = [t.msgid, *[t.msgid_plural] * (len(t.msgstr_plural) - 1)]
        pairs = list(zip(msgids, t.msgstr_plural, strict=True))
    if not any(msgstr for _, msgstr in pairs):
        return []
    context = _Context(locale, path, t.line, t.comments, glossary)
    findings = _check_plural_forms(t, nplurals, context)
    for msgid, msgstr in pairs:
        if msgstr:
            for check in _ERROR_CHECKS if errors_only else _CHECKS:
                findings.extend(check(msgid, msgstr, context))
    return findings


def _legend(comments: Iterable[str]) -> dict[int, str]:
    """Placeholder number → what it stands for, from the `#.` legend lines.

    >>> _legend(["p", '<3/> = "npm" (code, kept as is)', "<1> = bold"])
    {3: '"npm" (code, kept as is)', 1: 'bold'}
    """
    matches = (re.fullmatch(r"<([1-9][0-9]*)/?> = (.*)", line.strip()) for line in comments)
    return {int(match.group(1)): match.group(2) for match in matches if match}


_FORMATTING = frozenset((
    "bold", "strong importance", "italic", "emphasis", "underline", "struck-through text",
    "small print", "highlighted text",
))  # fmt: skip


def _check_plural_forms(t: Translation, nplurals: int | None, context: _Context) -> list[Finding]:
    if t.msgid_plural is None or nplurals is None or len(t.msgstr_plural) == nplurals:
        return []
    message = f"translation has {len(t.msgstr_plural)} plural forms, Plural-Forms says {nplurals}"
    return [context.error("plural-forms", message)]


def _kinds(nodes: Iterable[Node]) -> dict[int, str]:
    """Each placeholder number and how it is first written: "single" or "pair"."""
    found: dict[int, str] = {}
    for node in placeholders(nodes):
        found.setdefault(node.number, "single" if isinstance(node, Single) else "pair")
    return found


def _check_placeholders(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    if "<" not in msgid and "<" not in msgstr:
        return  # no placeholder on either side: nothing to compare
    try:
        source = decode(msgid)
    except PlaceholderError:
        return  # not a msgid this tool wrote; nothing to compare against
    try:
        target = decode(msgstr)
    except PlaceholderError as error:
        code = "placeholder-nesting" if "closes before" in str(error) else "placeholder-malformed"
        yield context.error(code, f"translation has broken placeholders: {error}")
        return
    if _same_tokens(msgid, msgstr):
        return  # every placeholder kept once, as it was written, and well nested
    source_kinds, target_kinds = _kinds(source), _kinds(target)
    counts = Counter(numbers(target))
    for number in sorted(source_kinds):
        kind, shown = source_kinds[number], _shown(number, source_kinds[number])
        if number in counts and target_kinds[number] == kind:
            continue  # kept as it was: the common case, no legend needed
        description = context.legend.get(number, "")
        if number not in counts:
            if kind == "pair" and description in _FORMATTING:
                message = f"translation drops formatting {shown} ({description})"
                yield context.warning("formatting-dropped", message)
            else:
                yield context.error("placeholder-missing", f"translation drops placeholder {shown}")
        elif target_kinds[number] != kind:
            if kind == "single" and description.endswith(("kept as is)", "(not translated)")):
                message = f"protected placeholder {shown} altered; it must stay a single {shown}"
                yield context.error("placeholder-protected", message)
            else:
                message = f"placeholder {shown} written as {_shown(number, target_kinds[number])}"
                yield context.error("placeholder-malformed", message)
    for number in sorted(counts):
        shown = _shown(number, target_kinds[number])
        if number not in source_kinds:
            yield context.error("placeholder-extra", f"translation adds placeholder {shown}")
        elif counts[number] > 1:
            yield context.error("placeholder-duplicate", f"translation repeats placeholder {shown}")


def _same_tokens(msgid: str, msgstr: str) -> bool:
    """Whether both texts hold the same placeholder tokens, each once (in any order):
    then, the translation having decoded, each number is kept with its kind, and nothing
    is missing, added or repeated. Tested on the tokens at C speed: most translations
    of a text with placeholders keep them all, and a build checks every one.

    >>> _same_tokens("<1>Go</1> <2/>", "<2/> <1>走</1>"), _same_tokens("<1/> <1/>", "<1/> <1/>")
    (True, False)
    """
    tokens = PLACEHOLDER.findall(msgid)  # (closing "/", number, single "/") each
    opened = [number for closing, number, _ in tokens if not closing]
    return len(set(opened)) == len(opened) and sorted(tokens) == sorted(PLACEHOLDER.findall(msgstr))


def _shown(number: int, kind: str) -> str:
    return f"<{number}/>" if kind == "single" else f"<{number}>"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Tag-shaped text: an HTML tag, comment or declaration, closed or not, or a number
#: placeholder written outside the grammar (`<01>`, `< 1>`, `<1 onclick=x>`).
_TAG_SHAPED = re.compile(
    r"<!--.*?(?:-->|$)|<[!?][A-Za-z][^<>]*>?|</?[A-Za-z][A-Za-z0-9:-]*(?=[\s/>]|$)[^<>]*>?"
    r"|<\s*/?\s*[0-9]+\s*/?\s*>|<[0-9]+\s[^<>]*>",
    re.DOTALL,
)


def _check_markup(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    if "<" not in msgstr:
        return  # everything tag-shaped starts with "<"
    allowed = set(_TAG_SHAPED.findall(PLACEHOLDER.sub(" ", msgid)))
    for found in _TAG_SHAPED.findall(PLACEHOLDER.sub(" ", msgstr)):
        if found not in allowed:
            shown = found if len(found) <= 40 else found[:37] + "..."
            code = "placeholder-malformed" if re.match(r"<\s*/?\s*[0-9]", found) else "markup"
            yield context.error(code, f"translation has markup not in the source: {shown}")


_EMBEDDINGS, _ISOLATES = frozenset("\u202a\u202b\u202d\u202e"), frozenset("\u2066\u2067\u2068")
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _bidi_balance(text: str) -> str | None:
    """What is wrong with the bidirectional controls of a text, or None.

    ZWNJ (U+200C) and ZWJ (U+200D) are joiners, not controls:

    >>> _bidi_balance("\\u0645\\u06cc\\u200c\\u062e\\u0648\\u0627\\u0647\\u0645")
    >>> _bidi_balance("\\u2067abc\\u2069")
    >>> _bidi_balance("\\u202babc")
    'U+202B is never closed'
    """
    if not _BIDI_CONTROL.search(text):
        return None  # most text holds none: found at C speed
    stack: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            stack.append(char)
        elif char == "\u202c":
            if not stack or stack[-1] not in _EMBEDDINGS:
                return "U+202C closes nothing"
            stack.pop()
        elif char == "\u2069":
            if not any(opened in _ISOLATES for opened in stack):
                return "U+2069 closes nothing"
            # A PDI also closes the embeddings opened inside its isolate.
            while stack.pop() not in _ISOLATES:
                pass
    return f"U+{ord(stack[-1]):04X} is never closed" if stack else None


def _check_bidi(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    problem = _bidi_balance(msgstr)
    if problem is not None:
        yield context.error("bidi", f"unbalanced bidirectional controls in translation: {problem}")


def _check_control_characters(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    """Control characters (NUL, escape, DEL…) are not text: extraction leaves them out of
    every msgid and the build refuses a translation holding one, so the check does too."""
    found = first_control_character(msgstr)
    if found:
        message = f"translation holds control character U+{ord(found):04X}"
        yield context.error("control-character", message)


_URL = re.compile(
    r"(?:https?://|www\.)[!#-&*-;=?-Z^-~]*[#-&*+\-/-9=@-Z^-~]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.ASCII,
)


def _check_numbers(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    def plain(text: str) -> str:
        return _URL.sub(" ", PLACEHOLDER.sub(" ", text))

    missing, extra = number_difference(plain(msgid), plain(msgstr), locale=context.locale)
    if missing or extra:
        yield context.warning("numbers", "numbers differ from the source" + _diff(missing, extra))


def _diff(missing: Sequence[str], extra: Sequence[str]) -> str:
    """`: missing …; extra …` for a message: `_diff(["a"], ["b"])` is `: missing a; extra b`."""
    parts = [
        f"{name} {', '.join(items)}"
        for name, items in (("missing", missing), ("extra", extra))
        if items
    ]
    return ": " + "; ".join(parts)


def _check_urls(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    source, target = set(_URL.findall(msgid)), set(_URL.findall(msgstr))
    if source != target:
        difference = _diff(sorted(source - target), sorted(target - source))
        yield context.warning("urls", "links or emails differ from the source" + difference)


def read_glossary(path: Path) -> dict[str, str]:
    """A glossary CSV: `source term,required translation` per row (empty: keep as is); a
    first row `source,translation` is a header, blank and `#` rows are skipped.

    Raises:
        CatalogError: the file is unreadable, or a row is not one term and one translation.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: cannot read glossary ({exc})") from exc
    glossary: dict[str, str] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        is_header = number == 1 and row[:1] in (["source"], ["term"], ["source term"])
        if is_header or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) > 2 or not row[0].strip():
            raise CatalogError(f"{path}:{number}: expected a source term and its translation")
        term = row[0].strip()
        if term in glossary:
            raise CatalogError(f"{path}:{number}: term {term!r} is listed twice")
        glossary[term] = row[1].strip() if len(row) == 2 else ""
    return glossary


def _check_glossary(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    for term, required in context.glossary.items():
        if not re.search(rf"(?<!\w){re.escape(term)}(?!\w)", msgid, re.IGNORECASE):
            continue
        expected = required or term
        if expected.casefold() not in msgstr.casefold():
            how = f"as {expected!r}" if required else "unchanged"
            yield context.warning("glossary", f"glossary term {term!r} not translated {how}")


def _check_identical(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    if msgstr == msgid and sum(char.isalpha() for char in PLACEHOLDER.sub("", msgid)) >= 2:
        yield context.warning("identical", "translation is identical to the source")


# Full-width and Arabic-script punctuation is the point here.
_END_CLASSES = {
    ".": ".", "。": ".", "．": ".", "۔": ".",
    "!": "!", "！": "!",
    "?": "?", "？": "?", "؟": "?",
    ":": ":", "：": ":", "…": "…",
}  # fmt: skip
_CLOSERS = "\"'”’»)）」』]】"
_CJK = ("zh", "ja", "yue")
_TRAILER = re.compile(r"(?:</?[1-9][0-9]*/?>|[\s\u200e\u200f\u202a-\u202e\u2066-\u2069])+$")


def _end_punctuation(text: str) -> tuple[str | None, str]:
    """The class of a text's final punctuation, and the character before it.

    >>> _end_punctuation('He said "go."</1>'), _end_punctuation("好。"), _end_punctuation("Wait...")
    (('.', 'o'), ('.', '好'), ('…', 't'))
    """
    text = _TRAILER.sub("", text).rstrip(_CLOSERS)
    if text.endswith(("...", "…")):
        return "…", text.rstrip(".…")[-1:]
    if text and text[-1] in _END_CLASSES:
        return _END_CLASSES[text[-1]], text[-2:-1]
    return None, text[-1:]


def _check_end_punctuation(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    source, _ = _end_punctuation(msgid)
    target, before = _end_punctuation(msgstr)
    if source != target:
        names = {None: "no punctuation", "…": "an ellipsis"}
        shown = [names.get(end, repr(end)) for end in (source, target)]
        yield context.warning(
            "end-punctuation", f"source ends with {shown[0]}, translation with {shown[1]}"
        )
    # Full-width is right for CJK, unless the text ends in Latin (`Inc.`, `U.S.`).
    elif (
        target not in (None, "…")
        and context.locale.startswith(_CJK)
        and _TRAILER.sub("", msgstr).rstrip(_CLOSERS)[-1:].isascii()
        and not before.isascii()
    ):
        yield context.warning("end-punctuation", "translation ends in ASCII punctuation")


def _check_whitespace(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    if msgid[:1].isspace() != msgstr[:1].isspace():
        yield context.warning("whitespace", "leading whitespace differs from the source")
    if msgid[-1:].isspace() != msgstr[-1:].isspace():
        yield context.warning("whitespace", "trailing whitespace differs from the source")


def _length_range(locale: str) -> tuple[float, float]:
    """The plausible len(msgstr)/len(msgid) range for a target locale.

    >>> _length_range("zh_CN"), _length_range("ru")
    ((0.15, 1.2), (0.4, 3.0))
    """
    return (0.15, 1.2) if locale.startswith(_CJK) else (0.4, 3.0)


def _check_length(msgid: str, msgstr: str, context: _Context) -> Iterator[Finding]:
    source, target = PLACEHOLDER.sub("", msgid).strip(), PLACEHOLDER.sub("", msgstr).strip()
    low, high = _length_range(context.locale)
    if len(source) >= 20 and not low <= len(target) / len(source) <= high:
        ratio = len(target) / len(source)
        yield context.warning("length", f"translation is {ratio:.2f} times as long as the source")


#: The checks that can find errors (what keeps a translation out of a page); the rest
#: only warn, so a build or the dashboard need not run them. `_holds_no_error` must know
#: what each of them looks for.
_ERROR_CHECKS: tuple[_Check, ...] = (
    _check_placeholders, _check_markup, _check_bidi, _check_control_characters,
)  # fmt: skip
_CHECKS: tuple[_Check, ...] = (
    _check_placeholders, _check_markup, _check_bidi, _check_control_characters,
    _check_numbers, _check_urls,
    _check_glossary, _check_identical, _check_end_punctuation, _check_whitespace, _check_length,
)  # fmt: skip
