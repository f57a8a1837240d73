"""Locales: validation with Babel, POSIX ⇄ BCP 47, and the CLDR words of dates."""

from __future__ import annotations

import difflib
import re
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
    posix = code.replace("-", "_")
    if posix != code and _known(posix):
        return posix
    known = {_posix_form(identifier) for identifier in localedata.locale_identifiers()}
    language = posix.split("_")[0].lower()
    same_language = sorted(k for k in known if k.split("_")[0] == language)
    found = difflib.get_close_matches(posix, same_language or sorted(known), 1, cutoff=0.5)
    return found[0] if found else None


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
