"""Locales: validation with Babel, POSIX ⇄ BCP 47, and the CLDR words of dates."""

from __future__ import annotations

import difflib
import re
from functools import cache

from babel import Locale, UnknownLocaleError, localedata

from l10n.errors import LocaleError

__all__ = [
    "date_words",
    "parse_locale",
    "to_bcp47",
]

_POSIX = re.compile(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?")


def parse_locale(code: str) -> Locale:
    """The Babel locale of a POSIX code (`zh_CN`, `pt_BR`, `fa`).

    Raises:
        LocaleError: the code is not POSIX-shaped or Babel does not know it; the message
            names the closest known code.
    """
    if _POSIX.fullmatch(code) and localedata.exists(code):
        try:
            return Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            pass
    suggestion = difflib.get_close_matches(code.replace("-", "_"), localedata.locale_identifiers(), 1)
    hint = f" (did you mean {suggestion[0]}?)" if suggestion else ""
    raise LocaleError(f"unknown locale {code!r}{hint}")


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
