"""Locales: validation with Babel, POSIX ⇄ BCP 47, and the CLDR words of dates."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from functools import cache

from babel import Locale, UnknownLocaleError, localedata

from l10n.errors import LocaleError

__all__ = [
    "PSEUDO_LOCALE",
    "date_words",
    "parse_locale",
    "to_bcp47",
]

#: CLDR's pseudo-locale for accented English, used by `build --pseudo`.
PSEUDO_LOCALE = "en_XA"

_POSIX = re.compile(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?")


def parse_locale(code: str) -> Locale:
    """The Babel locale of a POSIX code (`zh_CN`, `pt_BR`, `fa`).

    Raises:
        LocaleError: the code is not POSIX-shaped or Babel does not know it; the message
            names the closest known code.
    """
    if code == PSEUDO_LOCALE:
        return Locale.parse("en")  # CLDR's accented pseudo-locale: English data
    locale = _known(code)
    if locale is not None:
        return locale
    suggestion = _closest(code)
    hint = f" (did you mean {suggestion}?)" if suggestion else ""
    raise LocaleError(f"unknown locale {code!r}{hint}")


def _known(code: str) -> Locale | None:
    if not _POSIX.fullmatch(code):
        return None
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None
    # Babel falls back silently (en_ZZ → en_US); only an exact language and territory count.
    parts = code.split("_")
    territory = parts[-1] if len(parts) > 1 and parts[-1].isupper() else None
    if locale.language != parts[0] or (territory and locale.territory != territory):
        return None
    return locale


def _closest(code: str) -> str | None:
    """A known locale the user probably meant: the POSIX form of a BCP 47 tag, a code
    one letter off (`zh_CM`), or a language written by its name in English, in itself or
    in any language CLDR names it in (`farsi`, `Deutsch`, `español` → `fa`, `de`, `es`).
    A name is never matched against codes: `farsi` is not `si`."""
    posix = _cased(code.replace("-", "_"))
    if posix != code and _known(posix):
        return posix
    if _CODE_SHAPED.fullmatch(posix):
        known = {_posix_form(identifier) for identifier in localedata.locale_identifiers()}
        language = posix.split("_")[0].lower()
        same_language = sorted(k for k in known if k.split("_")[0] == language)
        if same_language or len(language) <= 3:
            found = difflib.get_close_matches(posix, same_language or sorted(known), 1, 0.5)
            if found:
                return found[0]
    names = _language_names()
    wanted = _plain(code.replace("_", " ").replace("-", " "))
    if wanted in names:
        return _shown(names[wanted])
    close = difflib.get_close_matches(wanted, list(names), 1, cutoff=0.8)
    return _shown(names[close[0]]) if close else None


_CODE_SHAPED = re.compile(r"[A-Za-z]{2,3}(?:_[A-Za-z0-9]{2,4})*")


def _shown(code: str) -> str:
    """`fa (Persian)`: a code found by name, with its English name, so the user can
    tell it is the language they meant."""
    name = Locale.parse("en").languages.get(code)
    return f"{code} ({name})" if name else code


def _cased(code: str) -> str:
    """`pt_br` → `pt_BR`, `sr_latn` → `sr_Latn`: the case POSIX codes are written in."""
    first, *rest = code.split("_")
    return "_".join(
        [first.lower(), *(part.title() if len(part) == 4 else part.upper() for part in rest)]
    )


def _plain(text: str) -> str:
    """Case and accents folded: `Farsî` → `farsi`, `Español` → `espanol`."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


@cache
def _language_names() -> dict[str, str]:
    """Every language's name in every language CLDR has (folded) → its code; English
    names first, then each language's own name, then the rest. Loaded only when a
    locale is unknown (about a second)."""
    languages = sorted({identifier.split("_")[0] for identifier in localedata.locale_identifiers()})
    known = set(languages)
    names: dict[str, str] = {}

    def add(table: Mapping[str, str]) -> None:
        for language, name in table.items():
            if language in known:
                names.setdefault(_plain(name), language)

    add(Locale.parse("en").languages)
    tables: dict[str, Mapping[str, str]] = {}
    for language in languages:
        try:
            tables[language] = Locale.parse(language).languages
        except (UnknownLocaleError, ValueError):
            continue
        own = tables[language].get(language)
        if own:
            names.setdefault(_plain(own), language)
    for table in tables.values():
        add(table)
    return names


def _posix_form(identifier: str) -> str:
    """`zh_Hans_CN` → `zh_CN`: the form people write in paths and headers."""
    parts = identifier.split("_")
    return "_".join(part for part in parts if not (len(part) == 4 and part.istitle()))


def to_bcp47(code: str) -> str:
    """The BCP 47 tag HTML uses for a POSIX locale.

    >>> to_bcp47("zh_CN"), to_bcp47("sr_Latn_RS"), to_bcp47("fa")
    ('zh-CN', 'sr-Latn-RS', 'fa')
    """
    return code.replace("_", "-")


@cache
def date_words(code: str) -> frozenset[str]:
    """Lower-cased words that may appear in a written date or time in this locale:
    month and day names, AM/PM, eras (CLDR, through Babel).

    >>> {"september", "sep", "monday", "pm"} <= date_words("en")
    True
    """
    locale = parse_locale(code)
    names: set[str] = set()
    for table in (locale.months, locale.days):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names.update(table[context][width].values())
    names.update(locale.periods.values())
    names.update(locale.eras["abbreviated"].values())
    return frozenset(word.casefold() for name in names for word in re.findall(r"\w+", name))
