"""The placeholder codec: a segment's inline markup ⇄ text with `<N>`, `</N>`, `<N/>`.

A segment is a sequence of nodes: plain `Text`, `Paired` placeholders that wrap other
nodes (an inline element with content) and `Single` placeholders (an empty element, a
protected one, or source text that merely looks like a placeholder). Tag names and
attributes never enter the text: the document keeps them, keyed by number, and the
legend tells the translator what each number stands for.

The grammar is exactly `<N>`, `</N>` and `<N/>` with N a positive decimal number written
without leading zeros. Anything else that looks like a tag is ordinary text here; the
checks decide whether a translation may contain it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

__all__ = [
    "PLACEHOLDER",
    "Node",
    "Paired",
    "PlaceholderError",
    "Single",
    "Text",
    "decode",
    "encode",
    "format_legend",
    "numbers",
    "placeholders",
]

#: One placeholder token; group 1 is "/" for a closing tag, group 2 the number,
#: group 3 "/" for a single placeholder.
PLACEHOLDER = re.compile(r"<(/?)([1-9][0-9]*)(/?)>")


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text, already free of anything matching the placeholder grammar."""

    value: str


@dataclass(frozen=True, slots=True)
class Single:
    """`<N/>`: an element the translator moves but cannot change."""

    number: int


@dataclass(frozen=True, slots=True)
class Paired:
    """`<N>…</N>`: an inline element whose content is translated."""

    number: int
    children: tuple[Node, ...]


Node = Text | Single | Paired


class PlaceholderError(ValueError):
    """Text that does not follow the placeholder grammar (unclosed, mis-nested, ...)."""


def encode(nodes: Iterable[Node]) -> str:
    """Write nodes as placeholder text.

    >>> encode([Text("Read "), Paired(1, (Text("the guide"),)), Text("."), Single(2)])
    'Read <1>the guide</1>.<2/>'
    """
    return "".join(_encode_parts(nodes))


def _encode_parts(nodes: Iterable[Node]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, Text):
            yield node.value
        elif isinstance(node, Single):
            yield f"<{node.number}/>"
        else:
            yield f"<{node.number}>"
            yield from _encode_parts(node.children)
            yield f"</{node.number}>"


# Remembered: a build decodes the same text in the checks and again to render it, and
# each locale decodes the same msgids; the nodes are immutable, so they can be shared.
# Within an article is what counts: a larger memo only grows with the project.
@functools.lru_cache(maxsize=1024)
def decode(text: str) -> tuple[Node, ...]:
    """Read placeholder text back into nodes.

    Raises PlaceholderError when a pair is unclosed, closed twice or mis-nested; it does
    not know which numbers the source has (the checks compare that).

    >>> decode("Read <1>the <2/>guide</1>.")
    (Text(value='Read '), Paired(number=1, children=(Text(value='the '), Single(number=2), \
Text(value='guide'))), Text(value='.'))
    >>> decode("<1>open")
    Traceback (most recent call last):
    ...
    l10n.page.placeholder.PlaceholderError: <1> is never closed
    """
    # A stack of (number, children so far); the bottom is the segment itself. The split
    # gives the text before the first token, then for each token its three groups and
    # the text after it: no match object per token, and every translation is read.
    parts = PLACEHOLDER.split(text)
    stack: list[tuple[int, list[Node]]] = [(0, [])]
    if parts[0]:
        stack[0][1].append(Text(parts[0]))
    for index in range(1, len(parts), 4):
        closing, digits, single, after = parts[index : index + 4]
        number = int(digits)
        if closing and single:
            raise PlaceholderError(f"<{closing}{digits}{single}> is not a placeholder")
        if single:
            stack[-1][1].append(Single(number))
        elif not closing:
            stack.append((number, []))
        elif stack[-1][0] != number:
            if any(open_number == number for open_number, _ in stack[1:]):
                raise PlaceholderError(f"</{number}> closes before </{stack[-1][0]}>")
            raise PlaceholderError(f"</{number}> has no opening <{number}>")
        else:
            opened, children = stack.pop()
            stack[-1][1].append(Paired(opened, tuple(children)))
        if after:
            stack[-1][1].append(Text(after))
    if len(stack) > 1:
        raise PlaceholderError(f"<{stack[-1][0]}> is never closed")
    return tuple(stack[0][1])


def numbers(nodes: Iterable[Node]) -> list[int]:
    """Every placeholder number in document order, repeats included.

    >>> numbers(decode("<2>a<1/></2> <2/>"))
    [2, 1, 2]
    """
    found: list[int] = []
    for node in nodes:
        if isinstance(node, Single):
            found.append(node.number)
        elif isinstance(node, Paired):
            found.append(node.number)
            found.extend(numbers(node.children))
    return found


def placeholders(nodes: Iterable[Node]) -> list[Single | Paired]:
    """Every placeholder node in document order, nested ones included.

    >>> [n.number for n in placeholders(decode("<2>a<1/></2> <3/>"))]
    [2, 1, 3]
    """
    return list(_walk(nodes))


def format_legend(descriptions: Mapping[int, str], nodes: Iterable[Node]) -> list[str]:
    """One `#.` line per placeholder, in the order the source has them.

    >>> format_legend({1: "link to https://example.org", 2: "line break"},
    ...               decode("See <1>this</1><2/>"))
    ['<1> = link to https://example.org', '<2/> = line break']
    """
    lines = []
    for node in _walk(nodes):
        shown = f"<{node.number}/>" if isinstance(node, Single) else f"<{node.number}>"
        lines.append(f"{shown} = {descriptions[node.number]}")
    return lines


def _walk(nodes: Iterable[Node]) -> Iterator[Single | Paired]:
    for node in nodes:
        if isinstance(node, Single):
            yield node
        elif isinstance(node, Paired):
            yield node
            yield from _walk(node.children)
