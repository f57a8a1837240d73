"""The placeholder codec: encode/decode round trip and the errors of malformed text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.page.placeholder import (
    PLACEHOLDER,
    Node,
    Paired,
    PlaceholderError,
    Single,
    Text,
    decode,
    encode,
    numbers,
)

# Text never contains the grammar (extraction turns such text into a placeholder) and
# adjacent texts are merged, as decoding produces them.
_texts = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(
    lambda value: PLACEHOLDER.search(value) is None
)


def _normalised(nodes: list[Node]) -> tuple[Node, ...]:
    merged: list[Node] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].value + node.value)
        else:
            merged.append(node)
    return tuple(merged)


@st.composite
def _segments(draw: st.DrawFn, depth: int = 0) -> tuple[Node, ...]:
    nodes: list[Node] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(
            st.sampled_from(["text", "single", "paired"] if depth < 3 else ["text", "single"])
        )
        number = draw(st.integers(1, 30))
        if kind == "text":
            nodes.append(Text(draw(_texts)))
        elif kind == "single":
            nodes.append(Single(number))
        else:
            nodes.append(Paired(number, draw(_segments(depth + 1))))
    result = _normalised(nodes)
    # A text ending in "<1" followed by a placeholder could read as something else;
    # concatenation must not create the grammar across node boundaries.
    if PLACEHOLDER.findall(encode(result)) != PLACEHOLDER.findall("".join(_tags(result))):
        return ()
    return result


def _tags(nodes: tuple[Node, ...]) -> list[str]:
    found = []
    for node in nodes:
        if isinstance(node, Single):
            found.append(f"<{node.number}/>")
        elif isinstance(node, Paired):
            found.append(f"<{node.number}>")
            found.extend(_tags(node.children))
            found.append(f"</{node.number}>")
    return found


@given(_segments())
def test_decode_reverses_encode(nodes: tuple[Node, ...]) -> None:
    assert decode(encode(nodes)) == nodes


@given(_segments())
def test_encode_reverses_decode(nodes: tuple[Node, ...]) -> None:
    text = encode(nodes)
    assert encode(decode(text)) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<1>open", "<1> is never closed"),
        ("close</1>", "</1> has no opening <1>"),
        ("<1><2>x</1></2>", "</1> closes before </2>"),
        ("<1>a</1></1>", "</1> has no opening <1>"),
    ],
)
def test_malformed_placeholders_are_refused(text: str, message: str) -> None:
    with pytest.raises(PlaceholderError, match=message):
        decode(text)


def test_tag_shaped_text_outside_the_grammar_is_text() -> None:
    assert decode("<b>x</b> <01> <1 onclick=x>") == (Text("<b>x</b> <01> <1 onclick=x>"),)


def test_numbers_lists_repeats_in_document_order() -> None:
    assert numbers(decode("<1>a</1><1>b</1><2/>")) == [1, 1, 2]
