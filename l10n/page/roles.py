"""The words a translator reads about a segment (SPEC.md "Segments": the role in a
reader's words, the source's tag after it): what kind of text a container holds, what
each translatable attribute is, and what a skipped element is."""

from __future__ import annotations

__all__ = ["attribute_words", "meta_words", "role_words", "skipped_words"]

#: The kind of text an element holds, in a reader's words (SPEC.md "Segments": the role,
#: with the source's tag after it: `headline (h1)`). Anything else is "text".
_ROLES = {
    "title": "page title", "h1": "headline", "h2": "subheading", "h3": "subheading",
    "h4": "subheading", "h5": "subheading", "h6": "subheading", "p": "paragraph",
    "li": "list item", "dt": "term", "dd": "definition", "figcaption": "caption",
    "caption": "table caption", "td": "table cell", "th": "table heading",
    "blockquote": "quotation", "pre": "preformatted text", "address": "contact details",
    "button": "button", "label": "form label", "legend": "form section title",
    "option": "choice in a list", "optgroup": "group of choices", "summary": "summary",
    "a": "link", "nav": "navigation", "header": "header", "footer": "footer",
    "aside": "side note", "figure": "figure", "noscript": "text shown without JavaScript",
    "form": "form text", "time": "date or time", "marquee": "scrolling text",
    "dialog": "dialog", "details": "details", "hgroup": "heading group", "menu": "menu",
}  # fmt: skip
#: What each translatable attribute is to a reader, by attribute (and element).
_ATTRIBUTE_ROLES = {
    "alt": "image description", "title": "tooltip", "placeholder": "hint in an empty field",
    "aria-label": "label read aloud", "label": "label", "value": "button text",
    "abbr": "short heading", ("abbr", "title"): "abbreviation written out",
    ("acronym", "title"): "abbreviation written out", ("area", "alt"): "image area description",
    ("option", "label"): "choice in a list", ("optgroup", "label"): "group of choices",
    ("track", "label"): "subtitle track name", ("input", "alt"): "image button description",
}  # fmt: skip
_SKIPPED_WORDS = {
    "script": "program code", "style": "style rules", "svg": "drawing", "math": "formula",
    "iframe": "embedded page", "template": "template", "noembed": "fallback for embeds",
    "noframes": "fallback for frames", "xmp": "example text", "plaintext": "plain text",
}  # fmt: skip
_META_ROLES = {
    "description": "page description", "keywords": "search keywords",
    "og:title": "share title", "og:description": "share description",
    "og:site_name": "site name", "og:image:alt": "share image description",
    "twitter:title": "share title", "twitter:description": "share description",
    "twitter:image:alt": "share image description",
}  # fmt: skip


#: The `#.` line of each tag `_ROLES` names, made once: one is asked for every segment.
_ROLE_LINES = {tag: f"{words} ({tag})" for tag, words in _ROLES.items()}


def role_words(tag: str) -> str:
    """The `#.` line naming a segment's kind of text, tag after it.

    >>> role_words("h1"), role_words("div")
    ('headline (h1)', 'text (div)')
    """
    return _ROLE_LINES.get(tag) or f"text ({tag})"


def attribute_words(tag: str, name: str) -> str:
    """The `#.` line naming an attribute segment.

    >>> attribute_words("img", "alt"), attribute_words("area", "alt")
    ('image description (img alt)', 'image area description (area alt)')
    """
    words = _ATTRIBUTE_ROLES.get((tag, name)) or _ATTRIBUTE_ROLES[name]
    return f"{words} ({tag} {name})"


def meta_words(kind: str) -> str:
    """The `#.` line naming the `content` of a `<meta>` by its name or property.

    >>> meta_words("og:title")
    'share title (meta og:title)'
    """
    return f"{_META_ROLES[kind]} (meta {kind})"


def skipped_words(tag: str) -> str:
    """What a skipped element (a script, a drawing) is to a reader.

    >>> skipped_words("svg")
    'drawing'
    """
    return _SKIPPED_WORDS.get(tag, "content")
