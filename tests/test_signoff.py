"""The review hash is the SHA-256 of the compact JSON that SPEC.md describes, for any
text, however it is put together."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from l10n.review.signoff import Reviewable, review_hash, review_lines

# Any text a catalog can hold, and the characters JSON escapes or that are easy to get
# wrong: controls, DEL, U+2028, quotes, backslashes.
TEXT = st.text(
    st.one_of(st.characters(codec="utf-8"), st.sampled_from('"\\/\x00\x1f\x7f\u2028\n\r\t'))
)


@given(TEXT, st.none() | TEXT, TEXT, st.none() | TEXT, st.lists(TEXT, max_size=3))
def test_the_review_hash_is_over_the_compact_json_array(
    locale: str, msgctxt: str | None, msgid: str, plural: str | None, msgstrs: list[str]
) -> None:
    payload = ["l10n-review/1", locale, msgctxt, msgid, plural, msgstrs]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    item = Reviewable(locale, msgctxt, msgid, plural, tuple(msgstrs))
    assert review_hash(item) == hashlib.sha256(text.encode("utf-8")).hexdigest()


REVIEW_LINE = st.builds(
    "{}reviewed: {}{} {} sha256:{}{}".format,
    st.sampled_from(["", " ", "\t"]),
    st.sampled_from(["wangxx", "Wang [wangxx]", "王 [wang.x-1]", "-x", "a b"]),
    st.sampled_from(["", " "]),
    st.sampled_from(["2026-11-27T10:00:00Z", "2026-11-27 10:00:00Z", "2026-11-27T10:00:00"]),
    st.sampled_from(["a" * 16, "0123456789abcdef", "A" * 16, "a" * 15, "a" * 17]),
    st.sampled_from(["", " ", "\r", "x"]),
)


@given(REVIEW_LINE | TEXT.filter(lambda text: "\n" not in text))
def test_a_comment_of_one_line_reads_as_in_a_longer_comment(line: str) -> None:
    alone = [(found, found.lines) for found in review_lines(line)]
    assert alone == [(found, found.lines) for found in review_lines(f"note\n{line}\nnote")]
