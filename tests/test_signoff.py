"""The review hash is the SHA-256 of the compact JSON that SPEC.md describes, for any
text, however it is put together."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from l10n.review.signoff import Reviewable, review_hash

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
