"""What the segment walk must know about a page's elements before it starts: which hold
translatable attributes, notes or contexts, which are protected (`translate="no"` and
its kin), which hold blocks (and so are containers), and what `exclude` and `scope`
select. Found in one pass, so that the walk reads attributes only where there is
something to read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from l10n.errors import ConfigError
from l10n.page.model import PHRASING, SKIPPED, Element

__all__ = [
    "BUTTON_TYPES",
    "CONTEXT_ATTRIBUTES",
    "META_NAMES",
    "NOTE_ATTRIBUTES",
    "TRANSLATED_ANYWHERE",
    "Marks",
    "mark_elements",
    "select",
    "with_ancestors",
]

#: Attributes translated wherever they appear (SPEC.md rule 3); `meta`, `value` and
#: `abbr` have conditions of their own.
TRANSLATED_ANYWHERE = ("alt", "title", "placeholder", "aria-label", "label")
BUTTON_TYPES = frozenset({"button", "submit", "reset"})
META_NAMES = frozenset(
    "description keywords og:title og:description og:site_name og:image:alt "
    "twitter:title twitter:description twitter:image:alt".split()
)
CONTEXT_ATTRIBUTES = ("data-l10n-context", "data-translate-context")
NOTE_ATTRIBUTES = ("data-l10n-note", "its-loc-note", "data-translate-comment")

_MARKING = frozenset(CONTEXT_ATTRIBUTES + NOTE_ATTRIBUTES)
_TRANSLATABLE = frozenset((*TRANSLATED_ANYWHERE, "value", "abbr", "content"))
_PROTECTING = frozenset(["data-translate-ignore", "translate", "class"])
#: Every attribute name the survey looks at: most attributes of a page (`href`, `id`,
#: `style`, `data-…`) are none of them, and leave after one set look-up.
_SURVEYED = _MARKING | _TRANSLATABLE | _PROTECTING
_SURVEYED_BUT_CLASS = _SURVEYED - {"class"}
#: Elements that do not make their ancestors containers.
_NOT_BLOCKS = PHRASING | SKIPPED


@dataclass(frozen=True, slots=True)
class Marks:
    """Sets of elements, by what the walk does with them."""

    protected: set[Element]
    annotated: set[Element]
    #: Each element with an attribute that may be translated, and the names of those it
    #: has (`value`, `abbr` and `content` among them: the walk tests their conditions).
    translatable: dict[Element, list[str]]
    #: Every element the walk treats as a block (a container): an element neither
    #: phrasing nor skipped, and a phrasing element holding such an element.
    blocks: set[Element]
    #: The `<!-- translate:off -->` and `<!-- translate:on -->` comments, and which.
    directives: dict[Element, str]
    #: Every node of the tree, in document order. Held while the walk runs: lxml makes
    #: a Python object for a node each time one is asked for unless one is alive, and
    #: making them again for the walk cost a sixth of it.
    nodes: list[Element]


def mark_elements(root: Element) -> Marks:
    """Elements whose attributes matter, elements that are blocks, and directives, in
    one pass. (A Python loop: libxml2's XPath with these predicates measured three times
    slower.)"""
    marks = Marks(set(), set(), {}, set(), {}, list(root.iter()))
    translatable, annotated, protected = marks.translatable, marks.annotated, marks.protected
    blocks = marks.blocks
    holding_blocks: set[Element] = set()  # the ancestors of blocks
    surveyed = _SURVEYED
    for element in marks.nodes:
        tag = element.tag
        if tag.__class__ is not str:  # comments and processing instructions
            state = _directive(element)
            if state:
                marks.directives[element] = state
            continue
        names = element.keys()
        if names:
            # Two tests in C for most elements: no surveyed name, or only `class`.
            if _SURVEYED_BUT_CLASS.isdisjoint(names):
                if "class" in names:
                    value = element.get("class") or ""
                    if "notranslate" in value and _is_notranslate(value):  # most: not in it
                        protected.add(element)
            else:
                for name in names:
                    if name not in surveyed:
                        continue
                    if name in _TRANSLATABLE:
                        translatable.setdefault(element, []).append(name)
                    elif name in _MARKING:
                        annotated.add(element)
                    elif _is_protecting(element, name):
                        protected.add(element)
        if tag in _NOT_BLOCKS:
            continue
        blocks.add(element)
        # Its ancestors hold a block; the phrasing ones among them are blocks too (the
        # others are blocks already, or skipped: moved whole as a placeholder).
        parent = element.getparent()
        while parent is not None and parent not in holding_blocks:
            holding_blocks.add(parent)
            if parent.tag in PHRASING:
                blocks.add(parent)
            parent = parent.getparent()
    return marks


def _directive(node: Element) -> str | None:
    """The state a `<!-- translate:off -->` or `<!-- translate:on -->` comment sets
    ("off" or "on"), None for any other node."""
    if not isinstance(node, etree._Comment):
        return None
    text = (node.text or "").strip().lower()
    return text[10:] if text in ("translate:off", "translate:on") else None


def _is_protecting(element: Element, name: str) -> bool:
    """Whether this attribute of the element protects it (`translate="no"`,
    `class="notranslate"`, `data-translate-ignore`)."""
    if name == "data-translate-ignore":
        return True
    value = element.get(name) or ""
    if name == "translate":
        return value.strip().lower() == "no"
    return _is_notranslate(value)


def _is_notranslate(class_value: str) -> bool:
    """Whether a `class` attribute names `notranslate`."""
    return "notranslate" in class_value and "notranslate" in class_value.split()


def select(root: Element, selectors: Sequence[str]) -> set[Element]:
    """The elements matching any of the CSS selectors.

    Raises:
        ConfigError: a selector is not valid CSS.
    """
    if not selectors:
        return set()
    from lxml.cssselect import CSSSelector, SelectorError  # only for projects with selectors

    found: set[Element] = set()
    for selector in selectors:
        try:
            matches = CSSSelector(selector, translator="html")(root)
            if isinstance(matches, list):
                found.update(m for m in matches if isinstance(m, etree._Element))
        except SelectorError as error:
            raise ConfigError(f"selector {selector!r}: not valid CSS ({error})") from error
    return found


def with_ancestors(elements: Iterable[Element]) -> set[Element]:
    """The elements and all their ancestors."""
    found: set[Element] = set()
    for element in elements:
        current: Element | None = element
        while current is not None and current not in found:
            found.add(current)
            current = current.getparent()
    return found
