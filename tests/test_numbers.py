"""The number check on dates and times (`l10n/checks/numbers.py`): written in each
locale's own way, they are compared as dates (day, month, year) and times, not digits."""

# Translations in other scripts are the point of these tests.

from __future__ import annotations

import pytest

from l10n.checks.finding import Finding, Translation
from l10n.checks.numbers import number_difference
from l10n.checks.translation import check_translation


def _numbers(msgid: str, msgstr: str, locale: str) -> list[Finding]:
    entry = Translation(msgid=msgid, msgstr=msgstr, msgctxt=None, line=7, comments=())
    findings = check_translation(entry, locale=locale, path="x.po")
    return [finding for finding in findings if finding.code == "numbers"]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "locale"),
    [
        ("Updated 06.11.2023, 11.41", "Aktualisiert 06.11.2023, 11.41", "de"),
        ("Updated 06.11.2023, 11.41", "Обновлено 06.11.2023, 11.41", "ru"),
        ("Opened on March 16.", "3月16日开通。", "zh_CN"),
        ("Opened on March 16.", "۱۶ مارس افتتاح شد.", "fa"),
        ("Opened on 16 March 2024.", "Открыта 16 марта 2024 г.", "ru"),
        ("Opened on 16 March 2024.", "2024年3月16日开通。", "zh_CN"),
        ("Opened on 16 March 2024.", "در ۱۶ مارس ۲۰۲۴ افتتاح شد.", "fa"),
        ("Opened on March 16, 2024.", "Eröffnet am 16. März 2024.", "de"),
        ("Opened on March 16, 2024.", "Inaugurada el 16 de marzo de 2024.", "es"),
        ("Opened on Mar. 16.", "Открыта 16 мар.", "ru"),
        ("The 16th of March", "16-го марта", "ru"),
        ("Opened on 11/6/2023.", "Eröffnet am 6.11.2023.", "de"),
        ("Opened on 2024-03-16.", "Открыта 16.03.2024.", "ru"),
        ("Opened on 06.11.23.", "Открыта 6 ноября 2023 года.", "ru"),
        ("It opened in March 2024.", "Она открылась в марте 2024 года.", "ru"),
        ("It opened in March.", "它于3月开通。", "zh_CN"),
        ("It opened in March 2024.", "它于2024年3月开通。", "zh_CN"),
        ("At 3:15 pm on 11/6/2023.", "Am 6.11.2023 um 15:15.", "de"),
        ("Updated 11.41am GMT", "Aktualisiert 11.41 Uhr GMT", "de"),
        ("Updated 11.41am GMT", "格林尼治时间上午11点41分更新", "zh_CN"),
        ("Updated at 11:41", "Mis à jour à 11h41", "fr"),
        ("It may rain for 5 days in May.", "Может идти дождь 5 дней в мае.", "ru"),
        ("It grew 11.41 percent.", "Es wuchs um 11,41 Prozent.", "de"),
    ],
)
def test_dates_and_times_in_the_locales_own_way_do_not_warn(
    msgid: str, msgstr: str, locale: str
) -> None:
    assert _numbers(msgid, msgstr, locale) == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "locale", "difference"),
    [
        ("Opened on March 16.", "3月17日开通。", "zh_CN", (["March 16"], ["3月17日"])),
        ("Opened on March 16.", "4月16日开通。", "zh_CN", (["March 16"], ["4月16日"])),
        ("Opened on March 16.", "۱۷ مارس افتتاح شد.", "fa", (["March 16"], ["۱۷ مارس"])),
        ("Opened on 16 March 2024.", "Открыта 16 марта 2023 г.", "ru", None),
        ("Opened on 16 March 2024.", "Открыта 16 апреля 2024 г.", "ru", None),
        ("Opened on 11/6/2023.", "Eröffnet am 7.11.2023.", "de", None),
        ("Updated 06.11.2023, 11.41", "Aktualisiert 06.11.2023, 11.42", "de", None),
        ("At 3:15 pm.", "Um 16:15.", "de", (["3:15"], ["16:15"])),
        ("It opened in April.", "它于3月开通。", "zh_CN", ([], ["3月"])),
        ("It grew 11.41 percent.", "Es wuchs um 11.41 Prozent.", "de", None),
    ],
)
def test_dates_and_times_that_differ_still_warn(
    msgid: str, msgstr: str, locale: str, difference: tuple[list[str], list[str]] | None
) -> None:
    findings = _numbers(msgid, msgstr, locale)
    assert len(findings) == 1
    if difference is not None:
        assert number_difference(msgid, msgstr, locale=locale) == difference


def test_a_differing_date_is_named_as_written() -> None:
    (finding,) = _numbers("Opened on March 16.", "3月17日开通。", "zh_CN")
    assert finding.message == "numbers differ from the source: missing March 16; extra 3月17日"


def test_plain_numbers_are_compared_as_before() -> None:
    assert _numbers("A 1,200 MW plant.", "Станция на 1\u00a0200 МВт.", "ru") == []
    assert number_difference("A 1,200 MW plant.", "Станция на 1\u00a0300 МВт.", locale="ru") == (
        ["1200"],
        ["1300"],
    )
    assert _numbers("Trade passed 25 billion USD.", "贸易额超过250亿美元。", "zh_CN") == []
