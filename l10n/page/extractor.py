"""The walk over a parsed tree that finds the segments (SPEC.md "Segments"): containers
and runs of inline content, translatable attributes, protected and excluded content,
notes and contexts from the page, dates that are data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeAlias

from l10n.locales import date_words
from l10n.page.marks import (
    BUTTON_TYPES,
    CONTEXT_ATTRIBUTES,
    META_NAMES,
    NOTE_ATTRIBUTES,
    TRANSLATED_ANYWHERE,
    mark_elements,
    select,
    with_ancestors,
)
from l10n.page.model import (
    PROTECTED_TAGS,
    SKIPPED,
    Element,
    Rules,
    Segment,
    has_letter,
    new_attribute_value,
    new_segment,
    new_text_run,
)
from l10n.page.msgid import (
    MsgidBuilder,
    collapse_whitespace,
    describe_element,
    strip_control_characters,
)
from l10n.page.roles import attribute_words, meta_words, role_words, skipped_words

__all__ = ["Extractor"]

_TextSink: TypeAlias = Callable[[str], None]

#: Inline elements that are pure layout: at the edge of a run they stay outside it.
_EDGE_LAYOUT = frozenset(["br", "wbr", "img", "textarea"]) | SKIPPED
_WORD = re.compile(r"[^\W\d_]+")
_ZONE = re.compile(r"(?:UTC|GMT|Z|[A-Z]{1,4}T)")
_SPACE = " \t\n\f\r"  # ASCII whitespace, what a browser collapses
#: The order in which an element's attributes translated anywhere become segments.
_ANYWHERE_ORDER = {name: order for order, name in enumerate(TRANSLATED_ANYWHERE)}


@dataclass(slots=True)
class _Context:
    """What a container passes down to the segments inside it."""

    msgctxt: str | None = None
    note: str | None = None
    preformatted: bool = False


class Extractor:
    """One walk over a page in document order, yielding its segments."""

    def __init__(self, root: Element, rules: Rules) -> None:
        self.root = root
        self.date_words = date_words(rules.source_locale)
        self.excluded = select(root, rules.exclude)
        self.scope = select(root, rules.scope) if rules.scope else None
        marks = mark_elements(root)
        self.nodes = marks.nodes  # kept alive for the walk (see Marks.nodes)
        self.blocks = marks.blocks
        self.directives = marks.directives
        self.protected = marks.protected | self.excluded
        self.annotated = marks.annotated
        #: Elements that may change the context their content gets: those with notes or
        #: contexts, and `pre` (a set test per container, instead of reading its tag).
        self.context_changing = marks.annotated.union(root.iter("pre"))
        self.with_attributes = marks.translatable
        #: Elements with attributes to translate, and their ancestors.
        self.attribute_holders = with_ancestors(marks.translatable)
        #: The role and `#.` line of each (tag, attribute) met so far.
        self.attribute_roles: dict[tuple[str, str], tuple[str, str]] = {}
        self.translate_off = False  # inside <!-- translate:off --> … <!-- translate:on -->
        # Segments are appended here as the walk finds them: cheaper than generators
        # passing each one up through every level of nesting.
        self.found: list[Segment] = []
        self.dates: list[Element] = []

    def segments(self) -> list[Segment]:
        if self._is_protected(self.root):
            return self.found  # <html translate="no">: nothing on the page is translated
        if self.scope is None:
            self._container(self.root, _Context())
            return self.found
        for element in self.nodes:
            if element not in self.scope:
                continue
            ancestors = list(element.iterancestors())
            if any(a in self.scope for a in ancestors):
                continue  # walked with the outer match
            if any(self._is_protected(e) for e in (element, *ancestors)):
                continue  # scope does not reach into excluded or translate="no" content
            self._container(element, self._inherited(element))
        return self.found

    def untranslated(self) -> list[Element]:
        """Excluded elements holding letters and, under `scope`, the elements outside it
        whose own text holds letters."""
        found = [e for e in self.excluded if has_letter("".join(str(t) for t in e.itertext()))]
        if self.scope is not None:
            inside: set[Element] = set()
            for match in self.scope:
                inside.update(match.iter())
            for element in self.nodes:
                if element in inside or not isinstance(element.tag, str) or element.tag in SKIPPED:
                    continue
                own = (element.text or "") + "".join(child.tail or "" for child in element)
                if has_letter(own) and not any(a in inside for a in element.iterancestors()):
                    found.append(element)
        return found

    def _inherited(self, element: Element) -> _Context:
        context = _Context()
        for ancestor in reversed(list(element.iterancestors())):
            context = self._descend(ancestor, context)
        return context

    def _descend(self, element: Element, context: _Context) -> _Context:
        if element not in self.annotated and (context.preformatted or element.tag != "pre"):
            return context
        msgctxt = _first_attribute(element, CONTEXT_ATTRIBUTES)
        note = _first_attribute(element, NOTE_ATTRIBUTES)
        preformatted = context.preformatted or element.tag == "pre"
        if msgctxt is None and note is None and preformatted == context.preformatted:
            return context
        return _Context(msgctxt or context.msgctxt, note or context.note, preformatted)

    # Containers -------------------------------------------------------------------

    def _container(
        self,
        container: Element,
        context: _Context,
        children: list[Element] | None = None,
        text: str | None = None,
    ) -> None:
        """Walk a block: its runs and the blocks in it. `children` and `text` are the
        container's, when the caller has read them already (None: not read, or none):
        lxml makes each anew at every read, and most blocks are read by their parent."""
        if container in self.context_changing:
            context = self._descend(container, context)
        if not self.translate_off and container in self.with_attributes:
            self.found.extend(self._attributes(container, context))
        # Runs are positions in this list, their texts read from it: libxml2 finds a
        # child by walking a linked list, which would make a page of 100,000 paragraphs
        # quadratic.
        if children is None:
            children = _children(container)
        start = 0  # where the current run starts
        blocks, directives, run = self.blocks, self.directives, self._run
        protected, with_attributes = self.protected, self.with_attributes
        # (Whitespace tested in place in this loop: it runs for every child of every block.)
        for index, child in enumerate(children):
            if child not in blocks:  # inline, skipped or a comment: part of the run
                if directives and child in directives:
                    leading = children[start - 1].tail if start else container.text
                    run(container, children, start, index, context, leading)
                    self.translate_off = directives[child] == "off"
                    start = index + 1
                continue
            # A block ends the current run, if the run holds a child or text. The text
            # before it is read only now: inline children carry the run on.
            if start < index:
                leading = children[start - 1].tail if start else container.text
                run(container, children, start, index, context, leading)
            else:
                before = children[index - 1].tail if index else container.text
                if before and before.strip(_SPACE):
                    run(container, children, start, index, context, before)
            start = index + 1
            if child.tag in PROTECTED_TAGS or child in protected:
                if self.translate_off and self._holds_directive_on(child):
                    self.translate_off = False  # protected blocks are never walked into
                continue
            if self.translate_off and not self._holds_directive_on(child):
                continue
            inside = _children(child)
            if inside or child in with_attributes:
                self._container(child, context, inside)
            else:  # an empty block (a `<meta>`, a spacer) has nothing in it to translate
                inner = child.text
                if inner and inner.strip(_SPACE):
                    self._container(child, context, inside, inner)
        stop = len(children)
        if start < stop:
            leading = children[start - 1].tail if start else container.text
            run(container, children, start, stop, context, leading)
        else:
            if not children:
                text = text if text is not None else container.text
            last = children[-1].tail if children else text
            if last and last.strip(_SPACE):
                run(container, children, start, stop, context, last)

    def _holds_directive_on(self, element: Element) -> bool:
        directives = self.directives
        return any(directives.get(node) == "on" for node in element.iter())

    def _is_protected(self, element: Element) -> bool:
        tag = element.tag
        return tag in PROTECTED_TAGS or tag in SKIPPED or element in self.protected

    # Attributes -------------------------------------------------------------------

    def _attributes(self, element: Element, context: _Context) -> list[Segment]:
        # The names the survey found: asking the element for each name it may have cost
        # more than the rest of this.
        present = self.with_attributes.get(element)
        if present is None:
            return []
        found: list[Segment] = []
        tag = element.tag
        names = [name for name in present if name in _ANYWHERE_ORDER]
        if len(names) > 1:
            names.sort(key=_ANYWHERE_ORDER.__getitem__)
        is_button = tag == "input" and (element.get("type") or "").lower() in BUTTON_TYPES
        if is_button and "value" in present:
            names.append("value")
        if tag == "th" and "abbr" in present:
            names.append("abbr")
        if tag == "meta" and "content" in present:
            kind = (element.get("name") or element.get("property") or "").lower()
            if kind in META_NAMES:
                role, words = f"meta {kind}", meta_words(kind)
                self._attribute(element, "content", role, words, context, found)
        roles = self.attribute_roles
        for name in names:
            role_and_words = roles.get((tag, name))
            if role_and_words is None:
                role_and_words = roles[tag, name] = (f"{tag} {name}", attribute_words(tag, name))
            self._attribute(element, name, *role_and_words, context, found)
        return found

    def _attribute(
        self,
        element: Element,
        name: str,
        role: str,
        words: str,
        context: _Context,
        found: list[Segment],
    ) -> None:
        """Add the segment of one attribute to `found`, if its value holds words."""
        value = element.get(name, "")
        if not has_letter(value):
            return
        msgid = _text_alone(value)
        numbered: dict[int, Element | str] = {}
        legend: list[str] = []
        if msgid is None:
            tokens = MsgidBuilder()
            tokens.text(collapse_whitespace(value))
            if not has_letter(tokens.plain_text()):
                return  # only code written as text
            msgid, legend = tokens.finish(trim=True)
            numbered = tokens.numbered
        # Text alone keeps every letter of the value (only whitespace and control
        # characters go), so it needs no second look.
        comments = [words, *legend]
        if context.note:
            comments.append(context.note)
        found.append(
            new_segment(
                msgid=msgid,
                msgctxt=context.msgctxt,
                line=_source_line(element),
                role=role,
                comments=tuple(comments),
                preformatted=False,
                location=new_attribute_value(element, name, numbered),
            )
        )

    # Runs ---------------------------------------------------------------------------

    def _run(
        self,
        container: Element,
        children: list[Element],
        start: int,
        stop: int,
        context: _Context,
        leading: str | None,
    ) -> None:
        """The segment of a run, and those of the attributes in it; `leading` is the
        text before `children[start]`."""
        # Most runs are the whitespace between two blocks: leave them at once.
        if self.translate_off:
            return
        if start >= stop and (
            not leading
            or not leading.strip(_SPACE)
            or self._text_only(container, children, start, leading, context)
        ):
            return
        # Attributes of inline elements are segments of their own, after the run.
        holders = self.attribute_holders
        attribute_segments = (
            [
                segment
                for child in children[start:stop]
                if child in holders
                for segment in self._inline_attributes(child, context)
            ]
            if container in holders  # an ancestor of every holder: most are not
            else []
        )
        wrappers: list[Element] = []
        if not context.preformatted:
            container, children, start, stop, leading = self._peel(
                container, children, start, stop, leading, wrappers
            )
        alone = None
        if start >= stop and not context.preformatted:  # text alone, once peeled (a menu item)
            alone = _text_alone(leading or "")
        if alone is None:
            tokens = MsgidBuilder()
            notes = self._fill(
                tokens, container, children, start, stop, leading, context.preformatted
            )
            msgid, legend = tokens.finish(trim=not context.preformatted)
            numbered = tokens.numbered
        else:
            msgid, legend, notes, numbered = alone, [], [], {}
        if has_letter(msgid):  # placeholders hold no letters: the same as in the text alone
            # A run peeled into is inline, never a `pre`: only its notes and context count.
            inner = context
            if wrappers and container in self.annotated:
                inner = self._descend(container, context)
            role = str(container.tag) if not wrappers else str(wrappers[0].tag)
            comments = [role_words(role)]
            if wrappers:  # described only now: most runs peeled into have no letter
                for wrapper in wrappers[1:]:
                    comments.append(f"whole text: {describe_element(wrapper)}")
            comments.extend(legend)
            if inner.note or notes:  # rare: most runs have no note
                comments.extend(dict.fromkeys(n for n in (inner.note, *notes) if n))
            self.found.append(
                new_segment(
                    msgid=msgid,
                    msgctxt=inner.msgctxt,
                    line=_line_of(container, children, start, leading),
                    role=role,
                    comments=tuple(comments),
                    preformatted=context.preformatted,
                    location=new_text_run(container, start, stop, numbered),
                )
            )
        self.found.extend(attribute_segments)

    def _inline_attributes(self, element: Element, context: _Context) -> list[Segment]:
        if element.tag == "textarea" and element not in self.protected:
            return self._attributes(element, context)
        if not isinstance(element.tag, str) or self._is_protected(element):
            return []
        found = self._attributes(element, context)
        if len(element):
            holders = self.attribute_holders
            for child in _children(element):
                if child in holders:
                    found.extend(self._inline_attributes(child, context))
        return found

    def _text_only(
        self,
        container: Element,
        children: list[Element],
        start: int,
        leading: str,
        context: _Context,
    ) -> bool:
        """A run of text alone (most of them), the way `_run` makes it, without its
        machinery; False when the text needs that (code or placeholder look-alikes)."""
        preformatted = context.preformatted
        value = strip_control_characters(leading if preformatted else collapse_whitespace(leading))
        if "<" in value or "{" in value:
            return False
        if not preformatted:
            value = (value[1:] if value.startswith(" ") else value).rstrip(" ")
        if has_letter(value):
            tag = str(container.tag)
            words = role_words(tag)
            self.found.append(
                new_segment(
                    msgid=value,
                    msgctxt=context.msgctxt,
                    line=_line_of(container, children, start, leading),
                    role=tag,
                    comments=(words, context.note) if context.note else (words,),
                    preformatted=preformatted,
                    location=new_text_run(container, start, start, {}),
                )
            )
        return True

    def _peel(
        self,
        container: Element,
        children: list[Element],
        start: int,
        stop: int,
        before: str | None,
        wrappers: list[Element],
    ) -> tuple[Element, list[Element], int, int, str | None]:
        """Leave layout at the run's edges (a leading image, a trailing `<br>`) outside
        the segment, and step into an inline element that wraps the whole run (a menu
        item's link), so the translator sees words rather than placeholders. `wrappers`
        gets the container and each element stepped into; `before` is the text before
        the run's first child, and comes back with the run."""
        protected = self.protected
        while start < stop:
            kept = None  # the first child found not to be layout: most runs have one child
            while start < stop and (not before or not before.strip(_SPACE)):
                if not _is_layout(children[start], protected):
                    kept = children[start]
                    break
                before = children[start].tail
                start += 1
            while start < stop:
                last = children[stop - 1]
                if last is kept:
                    break
                tail = last.tail
                if (tail and tail.strip(_SPACE)) or not _is_layout(last, protected):
                    break
                stop -= 1
            if stop - start != 1:
                break
            only = children[start]
            tag = only.tag
            tail = only.tail
            if (
                (before and before.strip(_SPACE))
                or (tail and tail.strip(_SPACE))
                or tag.__class__ is not str
                or tag in SKIPPED
                or tag in PROTECTED_TAGS
                or only in protected
                or (tag == "time" and self._is_date(only))
            ):
                break
            inner_text = only.text
            if not inner_text and len(only) == 0:
                break
            if not wrappers:
                wrappers.append(container)
            wrappers.append(only)
            container, children = only, _children(only)
            start, stop = 0, len(children)
            before = inner_text
        return container, children, start, stop, before

    def _fill(
        self,
        tokens: MsgidBuilder,
        container: Element,
        children: list[Element],
        start: int,
        stop: int,
        leading: str | None,
        preformatted: bool,
    ) -> list[str]:
        """Add the run's text and placeholders to `tokens`; return notes found on it.
        `leading` is the text before `children[start]`."""
        notes: list[str] = []
        text = tokens.text if preformatted else tokens.collapsed_text
        if leading:
            text(leading)
        inline = self._inline
        for index in range(start, stop):
            child = children[index]
            if child.tag.__class__ is str:  # comments inside a sentence are not words
                inline(tokens, child, text, notes)
            tail = child.tail
            if tail:
                text(tail)
        return notes

    def _inline(
        self, tokens: MsgidBuilder, element: Element, text: _TextSink, notes: list[str]
    ) -> None:
        """One inline element (not a comment) of a run, and what it holds."""
        if element in self.annotated:
            note = _first_attribute(element, NOTE_ATTRIBUTES)
            if note:
                notes.append(note)
        tag = element.tag
        if tag == "time" and self._is_date(element):
            self.dates.append(element)
            tokens.single(element, self._describe_single(element))
            return
        if tag in PROTECTED_TAGS or tag in SKIPPED or element in self.protected:
            tokens.single(element, self._describe_single(element))
            return
        value = element.text
        if not value and len(element) == 0:
            tokens.single(element, describe_element(element))
            return
        tokens.open(element, describe_element(element))
        if value:
            text(value)
        for child in _children(element):
            if child.tag.__class__ is str:
                self._inline(tokens, child, text, notes)
            tail = child.tail
            if tail:
                text(tail)
        tokens.close()

    def _describe_single(self, element: Element) -> str:
        if element.tag in SKIPPED:
            words = skipped_words(str(element.tag))
            return f"{words} ({element.tag}, not translated)"
        if element.tag == "textarea":
            return "text box with its form data (textarea, kept as is)"
        shown = collapse_whitespace("".join(str(t) for t in element.itertext())).strip()
        shown = strip_control_characters(shown)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        if self._is_date(element):
            return f'date "{shown}", written in each language from {element.get("datetime")}'
        return f'"{shown}" ({element.tag}, kept as is)'

    def _is_date(self, element: Element) -> bool:
        """A `<time datetime>` whose text is only a date or time: data, not words."""
        if element.tag != "time" or not element.get("datetime") or len(element):
            return False
        value = element.text or ""
        if not value.strip():
            return False
        return all(
            word.casefold() in self.date_words or _ZONE.fullmatch(word)
            for word in _WORD.findall(value)
        )


def _text_alone(value: str) -> str | None:
    """The msgid of text with no element in it, as `MsgidBuilder` makes it (whitespace
    collapsed and trimmed, control characters left out), without its machinery; None
    when the text needs it (code or placeholder look-alikes).

    >>> _text_alone("  Read \\n the  guide "), _text_alone("a <1> b")
    ('Read the guide', None)
    """
    value = strip_control_characters(collapse_whitespace(value))
    if "<" in value or "{" in value:
        return None
    return (value[1:] if value.startswith(" ") else value).rstrip(" ")


def _is_layout(element: Element, protected: set[Element]) -> bool:
    """Whether an inline element at a run's edge is layout the segment leaves outside:
    a line break, an image, a comment, something skipped, or an empty element."""
    tag = element.tag
    if tag.__class__ is not str:
        return True  # a comment or processing instruction
    if tag in _EDGE_LAYOUT:
        return True
    return (
        not element.text
        and len(element) == 0
        and tag not in PROTECTED_TAGS
        and element not in protected
    )


def _children(element: Element) -> list[Element]:
    """The element's children (comments among them), as a list lxml makes in C: a loop
    over the element (`list(element)`, `for child in element`) cost several times more."""
    return element[:]  # type: ignore[index,return-value]  # lxml-stubs know int indexes only


def _first_attribute(element: Element, names: Iterable[str]) -> str | None:
    for name in names:
        value = element.get(name)
        if value:
            return strip_control_characters(collapse_whitespace(value)).strip()
    return None


def _line_of(container: Element, children: list[Element], start: int, leading: str | None) -> int:
    """The source line where a run's first letter is, as near as libxml2 tells;
    `leading` is the text before `children[start]`."""
    leading = leading or ""
    stripped = leading.lstrip()  # (the start only: a long text is not copied twice)
    if stripped:
        before = leading.count("\n", 0, len(leading) - len(stripped))
        if start == 0:
            return _source_line(container) + before
        if start < len(children) and _source_line(children[start], 0):
            return max(1, _source_line(children[start]) - leading.count("\n") + before)
        return _source_line(children[start - 1], _source_line(container)) + before
    if start < len(children):
        line = children[start].sourceline
        if isinstance(line, int) and line > 0:
            return line
    return _source_line(container)


def _source_line(element: Element, default: int = 1) -> int:
    """libxml2's line for the element's start tag (its stubs type it loosely)."""
    line = element.sourceline
    return line if isinstance(line, int) and line > 0 else default
