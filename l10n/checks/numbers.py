"""Numbers, dates and times of a text as values, so that the number check compares what a
reader understands rather than digits: digit grouping and magnitudes of the locale
(`1 200,5 млн`, `250亿`), any script's digits (`۱۶`), and dates and times in each
locale's own way (`06.11.2023, 11.41`, `March 16` = `3月16日` = `16 марта`)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from babel import UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

__all__ = ["number_difference"]

_MAGNITUDES: dict[str, int] = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9,
    "тыс": 10**3, "тысяч": 10**3, "тысячи": 10**3, "тысяча": 10**3,
    "млн": 10**6, "миллион": 10**6, "миллиона": 10**6, "миллионов": 10**6,
    "млрд": 10**9, "миллиард": 10**9, "миллиарда": 10**9, "миллиардов": 10**9,
    "трлн": 10**12, "триллион": 10**12, "триллиона": 10**12, "триллионов": 10**12,
    "هزار": 10**3, "میلیون": 10**6, "میلیارد": 10**9, "هزارمیلیارد": 10**12,
    "万亿": 10**12, "萬億": 10**12, "千万": 10**7, "千萬": 10**7, "百万": 10**6, "百萬": 10**6,
    "亿": 10**8, "億": 10**8, "万": 10**4, "萬": 10**4,
}  # fmt: skip
_WORD_MAGNITUDE = "|".join(sorted((w for w in _MAGNITUDES if w < "\u4e00"), key=len, reverse=True))
_CJK_MAGNITUDE = "|".join(sorted((w for w in _MAGNITUDES if w >= "\u4e00"), key=len, reverse=True))
_SPACES = frozenset(" \u00a0\u202f\u2009")

#: (kind, day or hour, month or minute, year or second): a date's or time's value.
_Reading = tuple[str, int | None, int | None, int | None]


@dataclass(frozen=True, slots=True)
class _Moment:
    """A date or time found in a text: how it is written, what it may mean (`1/2/2024`
    may be either day first or month first), and the numbers written in it."""

    shown: str
    readings: frozenset[_Reading]
    written: tuple[Decimal, ...]


def number_difference(source: str, target: str, *, locale: str) -> tuple[list[str], list[str]]:
    """The numbers, dates and times of `source` (English conventions) missing from
    `target` (written in `locale`), and those `target` adds, as shown to the reader.

    >>> number_difference("On March 16, 2024 at 11:41", "2024年3月16日11时41分", locale="zh_CN")
    ([], [])
    >>> number_difference("On March 16", "3月17日", locale="zh_CN")
    (['March 16'], ['3月17日'])
    """
    source_moments, source_numbers = _values(source, "en")
    target_moments, target_numbers = _values(target, locale)
    missing_moments = _unmatched(source_moments, target_moments)
    extra_moments = _unmatched(target_moments, source_moments)
    # A date one side writes in a way not recognised (an inflected month name) still
    # counts if the numbers written in it are on the other side.
    missing_moments = _not_written(missing_moments, target_numbers)
    extra_moments = _not_written(extra_moments, source_numbers)
    missing = [
        f"{value.normalize():f}" for value in sorted((source_numbers - target_numbers).elements())
    ]
    extra = [
        f"{value.normalize():f}" for value in sorted((target_numbers - source_numbers).elements())
    ]
    return (
        [moment.shown for moment in missing_moments] + missing,
        [moment.shown for moment in extra_moments] + extra,
    )


def _unmatched(moments: list[_Moment], others: list[_Moment]) -> list[_Moment]:
    """The moments with no counterpart of the same meaning among `others`."""
    left = list(others)
    unmatched: list[_Moment] = []
    for moment in moments:
        match = next((other for other in left if other.readings & moment.readings), None)
        if match is None:
            unmatched.append(moment)
        else:
            left.remove(match)
    return unmatched


def _not_written(moments: list[_Moment], numbers: Counter[Decimal]) -> list[_Moment]:
    """The moments whose written numbers are not all among `numbers`; those that are
    are taken out of `numbers`."""
    kept: list[_Moment] = []
    for moment in moments:
        needed = Counter(moment.written)
        if needed - numbers:
            kept.append(moment)
            continue
        for value, count in needed.items():
            numbers[value] -= count
            if not numbers[value]:
                del numbers[value]
    return kept


def _values(text: str, locale: str) -> tuple[list[_Moment], Counter[Decimal]]:
    """The dates and times of a text, and the numbers outside them."""
    digits = _ascii_digits(text)  # one character for one: offsets still point into text
    moments: list[_Moment] = []
    blanked = list(digits)
    for start, stop, readings, written in _moments(digits, locale):
        if any(blanked[i] == "\0" for i in range(start, stop)):
            continue  # inside a date or time already found
        moments.append(_Moment(" ".join(text[start:stop].split()), readings, written))
        blanked[start:stop] = "\0" * (stop - start)
    if not _DIGIT.search(digits):
        return moments, Counter()
    return moments, _number_values("".join(blanked).replace("\0", " "), locale)


_Found = tuple[int, int, frozenset[_Reading], tuple[Decimal, ...]]
_DIGIT = re.compile("[0-9]")

_DAY = r"(?<![\d.,])(3[01]|[12]\d|0?[1-9])"
_YEAR = r"(\d{4}|\d{2})(?![\d]|[.,/-]\d)"
_NUMERIC_DATES = (
    # 2024-03-16, 2024/3/16, 2024. 03. 16.: year first
    re.compile(r"(?<![\d.,/-])(\d{4})([-/.]) ?(\d{1,2})\2 ?(\d{1,2})(?![\d]|[.,/-]\d)"),
    # 16.03.2024, 16. 3. 24: day first
    re.compile(rf"{_DAY}\. ?(1[0-2]|0?[1-9])\. ?{_YEAR}"),
    # 3/16/2024 or 16/3/2024, 16-03-2024: either first
    re.compile(r"(?<![\d.,/-])(\d{1,2})([/-])(\d{1,2})\2" + _YEAR),
)
_CJK_DATE = re.compile(
    r"(?<![\d.,])(?:(\d{4}|\d{2})\s*[年년]\s*)?(?<![\d.,])(1[0-2]|0?[1-9])\s*[月월]"
    r"(?:\s*(3[01]|[12]\d|0?[1-9])\s*[日号號일])?"
)
_TIME = re.compile(
    r"(?<![\d.,:])([01]?\d|2[0-4])"
    r"(?::([0-5]\d)(?::([0-5]\d))?|\s?h\s?([0-5]\d)|\.([0-5]\d)(?=\s?(?:[ap]\.?m\b|uhr|hrs?\b|h\b)))"
    r"(?![\d])"
    r"|([01]?\d|2[0-4])\s*[时時点點시]\s*([0-5]?\d)\s*[分분]",
    re.IGNORECASE,
)
#: A time right after a date may be written `11.41`, as German and Russian pages do.
_TIME_AFTER_DATE = re.compile(
    r"(?:,?\s*(?:um|at|à|a las|às|alle|в|om|kl\.|o|-|–)?\s*)([01]?\d|2[0-4])[.:h]([0-5]\d)(?![\d])"
)


def _moments(text: str, locale: str) -> Iterator[_Found]:
    """Every date and time of a text (ASCII digits), in no particular order; the caller
    keeps the first of overlapping ones, so the longest forms come first."""
    if not _DIGIT.search(text):
        yield from _named_dates(text, locale)  # only a month alone: `in March` = `3月`
        return
    dates: list[_Found] = []
    for pattern in _NUMERIC_DATES:
        for match in pattern.finditer(text):
            dates.extend(_numeric_date(match))
    dates.extend(_named_dates(text, locale))
    for match in _CJK_DATE.finditer(text):
        year, month, day = match.groups()
        written = tuple(Decimal(v) for v in (year, month, day) if v)
        dates.append((*match.span(), _date(day, month, year), written))
    yield from dates
    for _, stop, *_ in dates:
        after = _TIME_AFTER_DATE.match(text, stop)
        if after:
            hour, minute = after.groups()
            yield after.start(1), after.end(), _time(hour, minute, None), _decimals(hour, minute)
    for match in _TIME.finditer(text):
        hour, minute, second, french, dotted, cjk_hour, cjk_minute = match.groups()
        hour, minute = hour or cjk_hour, minute or french or dotted or cjk_minute
        yield *match.span(), _time(hour, minute, second), _decimals(hour, minute, second)


def _numeric_date(match: re.Match[str]) -> Iterator[_Found]:
    groups = match.groups()
    if len(groups) == 4 and len(groups[0]) == 4:  # year first
        year, _, month, day = groups
        readings = _date(day, month, year)
    elif len(groups) == 3:  # day first, dotted
        day, month, year = groups
        readings = _date(day, month, year)
    else:
        first, _, second, year = groups
        readings = _date(first, second, year) | _date(second, first, year)
    if readings:
        written = _decimals(*(g for g in groups if g and g.isdigit()))
        yield *match.span(), readings, written


def _date(day: str | None, month: str | int | None, year: str | None) -> frozenset[_Reading]:
    """The reading of a date, or none when it cannot be one (a 13th month)."""
    d, m = int(day) if day else None, int(month) if month else None
    if (d is not None and not 1 <= d <= 31) or (m is not None and not 1 <= m <= 12):
        return frozenset()
    return frozenset({("date", d, m, int(year) % 100 if year else None)})


def _time(hour: str, minute: str, second: str | None) -> frozenset[_Reading]:
    """A time's reading on a 12-hour dial: `3:15 pm` is `15:15` and `下午3点15分`."""
    return frozenset({("time", int(hour) % 12, int(minute), int(second) if second else None)})


def _decimals(*values: str | None) -> tuple[Decimal, ...]:
    return tuple(Decimal(value) for value in values if value)


@cache
def _month_numbers(locale: str) -> dict[str, int]:
    """Month names of English and of a locale (wide and abbreviated, in both grammatical
    contexts: `марта` and `март`), case-folded, to their number. Names written with
    digits or CJK characters (`3月`) are left to the CJK pattern."""
    names: dict[str, int] = {}
    for code in dict.fromkeys(("en", locale)):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    months = get_month_names(width, context, code)
                except (UnknownLocaleError, ValueError):
                    continue
                for number, name in months.items():
                    name = name.casefold().rstrip(".")
                    if len(name) >= 3 and not any(_is_digit_or_cjk(c) for c in name):
                        names.setdefault(name, int(number))
    names.setdefault("sept", 9)
    return names


def _is_digit_or_cjk(char: str) -> bool:
    return char.isdigit() or "\u3000" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"


_WORD = re.compile(r"[^\W\d_]+")
#: Around a month name: `16 `, `16. `, `16 de `, `16th of `, `16-го ` before it; ` 16`,
#: ` 16th` after it; then `, 2024` or ` de 2024`.
_DAY_BEFORE = re.compile(
    r"(?<![\d.,])(3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|e|º|\.|-?го)?\s*(?:de\s+|of\s+)?\Z"
)
_DAY_AFTER = re.compile(r"\.?\s*(3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d.,]\d|\d)")
_YEAR_AFTER = re.compile(r"\.?,?\s*(?:de\s+)?(\d{4})(?!\d)")


def _named_dates(text: str, locale: str) -> Iterator[_Found]:
    """Dates written with a month name: `16 March 2024`, `16. März`, `16 de marzo de
    2024`, `16-го марта`, `March 16, 2024`, `March 2024`, and the month alone."""
    names = _month_numbers(locale)
    for word in _WORD.finditer(text):
        month = names.get(word.group().casefold())
        if month is None:
            continue
        start, stop = word.span()
        day: str | None = None
        before = _DAY_BEFORE.search(text, max(0, start - 16), start)
        if before:
            day, start = before.group(1), before.start()
        elif after := _DAY_AFTER.match(text, stop):
            day, stop = after.group(1), after.end()
        year = _YEAR_AFTER.match(text, stop)
        if year:
            stop = year.end()
        digits = _decimals(day, year.group(1) if year else None)
        yield start, stop, _date(day, month, year.group(1) if year else None), digits


@cache
def _number_pattern(locale: str) -> re.Pattern[str]:
    try:
        group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    except (UnknownLocaleError, ValueError):  # unknown: the checks run with English symbols
        group, decimal = ",", "."
    groups, decimals = {group, "\u066c"}, {decimal, "\u066b"}
    if group in _SPACES:
        groups |= _SPACES
    if decimal != ",":
        groups.add(",")
    groups -= decimals
    if "." not in groups:
        decimals.add(".")  # versions and decimals copied from the source
    group_class = "[" + re.escape("".join(sorted(groups))) + "]"
    decimal_class = "[" + re.escape("".join(sorted(decimals))) + "]"
    return re.compile(
        rf"(?<![0-9])([0-9]{{1,3}}(?:{group_class}[0-9]{{3}})+(?![0-9])|[0-9]+)"
        rf"(?:{decimal_class}([0-9]+))?"
        rf"(?:\s?-?\s?({_WORD_MAGNITUDE})(?![^\W\d_])|({_CJK_MAGNITUDE})(?![米克瓦焦卡]))?",
        re.IGNORECASE,
    )


def _ascii_digits(text: str) -> str:
    """Any script's decimal digits as ASCII ones.

    >>> _ascii_digits("\\u06f1\\u06f2\\u06f0\\u06f0 \\u0663\\u0664 \\uff19")
    '1200 34 9'
    """
    if text.isascii():
        return text
    return re.sub(r"\d", lambda match: str(unicodedata.decimal(match.group())), text)


def _number_values(text: str, locale: str) -> Counter[Decimal]:
    """The numbers of a text (ASCII digits) as values, magnitudes applied.

    >>> sorted(_number_values("25 billion, 1,200 MW, 30%", "en")) == [30, 1200, 25 * 10**9]
    True
    >>> sorted(_number_values("250亿美元 120万", "zh_CN")) == [1200000, 25000000000]
    True
    >>> _number_values("1\\u00a0200,5 млн", "ru") == Counter([Decimal("1200500000")])
    True
    """
    values: Counter[Decimal] = Counter()
    for match in _number_pattern(locale).finditer(text):
        whole, fraction, word, cjk = match.groups()
        digits = re.sub(r"[^0-9]", "", whole) + (f".{fraction}" if fraction else "")
        try:
            value = Decimal(digits)
        except InvalidOperation:
            continue
        magnitude = word or cjk
        if magnitude:
            value *= _MAGNITUDES[magnitude.lower()]
        values[value] += 1
    return values
