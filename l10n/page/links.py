"""How a built page names itself and reaches the others: its head (charset, `hreflang`
links, `canonical`, `og:`, JSON-LD `inLanguage`, the reviewers) and its document-relative
URLs, moved so that they still resolve from the page's new folder."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from typing import TypeAlias
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from l10n.locales import to_bcp47

__all__ = ["UrlRewrite", "Variant", "json_ld_scripts", "rewrite_head", "url_rewrite"]

Element: TypeAlias = etree._Element

_URL_NAMES = frozenset(
    ("href", "src", "poster", "action", "cite", "data", "formaction", "background")
)
_IN_LANGUAGE = re.compile(r'("inLanguage"\s*:\s*)"(?:[^"\\]|\\.)*"')
_SRCSET_URL = re.compile(r"(^|,)(\s*)([^\s,][^\s]*)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ASCII_SPACE = "\t\n\f\r "
_CONTROL_OR_SPACE = re.compile("[\x00-\x20]")


@dataclass(frozen=True, slots=True)
class Variant:
    """Which page to write and how it names itself and its siblings."""

    locale: str  # POSIX; the source locale for the source-language page
    source_locale: str
    slug: str
    published: tuple[str, ...] = ()  # locales with a page, the source's included
    base_url: str = ""
    url_prefix: str = ""  # from the page's folder back to source/, e.g. "../../source/"
    reviewers: tuple[str, ...] = ()


def _variant_url(variant: Variant, locale: str) -> str:
    """Where the page of a locale lives, seen from this page (or absolute with base-url)."""
    relative = f"../{locale}/{variant.slug}.html"
    if variant.base_url:
        return urljoin(variant.base_url.rstrip("/") + "/", f"{locale}/{variant.slug}.html")
    return relative


def rewrite_head(root: Element, variant: Variant) -> None:
    """The head names the variant: one `<meta charset="utf-8">` first, `hreflang` links
    to every published variant and `x-default`, `canonical`, `og:url`, `og:locale` (and
    its alternates), the reviewers, and JSON-LD `inLanguage` anywhere in the page."""
    head = root.find("head")
    if head is None:
        head = root.makeelement("head", {})
        root.insert(0, head)
        head.tail = root.text
    for meta in head.findall("meta"):
        equiv = (meta.get("http-equiv") or "").lower()
        if meta.get("charset") is not None or equiv == "content-type":
            _remove(meta)
    for link in head.findall("link"):
        if (
            "alternate" in (link.get("rel") or "").lower().split()
            and link.get("hreflang") is not None
        ):
            _remove(link)
    charset = head.makeelement("meta", {"charset": "utf-8"})
    charset.tail = head.text
    head.text = "\n"
    head.insert(0, charset)
    added: list[Element] = []
    for locale in [*variant.published, "x-default"]:
        href = _variant_url(variant, variant.source_locale if locale == "x-default" else locale)
        hreflang = "x-default" if locale == "x-default" else to_bcp47(locale)
        added.append(
            head.makeelement("link", {"rel": "alternate", "hreflang": hreflang, "href": href})
        )
    own = _variant_url(variant, variant.locale)
    for link in head.findall("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            link.set("href", own)
    for meta in head.findall("meta"):
        kind = (meta.get("property") or meta.get("name") or "").lower()
        if kind == "og:url":
            meta.set("content", own)
        elif kind == "og:locale":
            meta.set("content", variant.locale)
        elif kind == "og:locale:alternate":
            _remove(meta)
    for locale in variant.published:
        if locale != variant.locale and head.find("meta[@property='og:locale']") is not None:
            added.append(
                head.makeelement("meta", {"property": "og:locale:alternate", "content": locale})
            )
    if variant.reviewers:
        added.append(
            head.makeelement(
                "meta", {"name": "l10n-reviewed-by", "content": ", ".join(variant.reviewers)}
            )
        )
    for element in added:
        element.tail = "\n"
        head.append(element)
    for script in json_ld_scripts(root):
        script.text = _with_language(script.text or "", to_bcp47(variant.locale))


def json_ld_scripts(root: Element) -> list[Element]:
    """The page's JSON-LD scripts holding text: the only scripts `rewrite_head` changes."""
    return [
        script
        for script in root.iter("script")
        if script.text and (script.get("type") or "").lower() == "application/ld+json"
    ]


def _with_language(text: str, language: str) -> str:
    """JSON-LD with every `inLanguage` naming the variant, the rest written as it was;
    unreadable JSON is left alone."""
    try:
        json.loads(text)
    except ValueError:
        return text
    return _IN_LANGUAGE.sub(lambda m: m.group(1) + json.dumps(language), text)


def _remove(element: Element) -> None:
    """Remove an element, keeping its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


@dataclass(frozen=True, slots=True)
class UrlRewrite:
    """Document-relative URLs as seen from the variant's folder (or absolute, with
    base-url), given to the serializer (`serialize_html(rewrite=…)`), which asks as it
    writes each attribute named here: the tree is not walked for it, nor changed."""

    variant: Variant
    names: frozenset[str] = _URL_NAMES | {"srcset"}

    def __call__(self, element: Element, name: str, value: str) -> str | None:
        # Asked for every URL of the page, nearly all of which are absolute, from the
        # root or a fragment: the value is looked at first, the element only if it moves.
        if name != "srcset" and not _is_document_relative(value):
            return None
        if element.tag == "link" and (
            element.get("hreflang") is not None  # ours
            or "canonical" in (element.get("rel") or "").lower().split()
        ):
            return None
        if name != "srcset":
            return _moved(value, self.variant)
        moved = _SRCSET_URL.sub(
            lambda m: (
                m.group(1)
                + m.group(2)
                + (
                    _moved(m.group(3), self.variant)
                    if _is_document_relative(m.group(3))
                    else m.group(3)
                )
            ),
            value,
        )
        return moved if moved != value else None


def url_rewrite(root: Element, variant: Variant) -> UrlRewrite | None:
    """What moves the page's URLs, or None when they stay as they are: in the source
    locale's page without a new folder, or a page whose `<base href>` says itself what
    its URLs are relative to."""
    if variant.locale == variant.source_locale and not variant.url_prefix:
        return None
    if root.find(".//base[@href]") is not None:
        return None
    return UrlRewrite(variant)


def _is_document_relative(url: str) -> bool:
    url = url.strip(_ASCII_SPACE)  # browsers strip ASCII whitespace only; U+00A0 is part of it
    if not url or url.startswith(("/", "#", "?")) or _SCHEME.match(url):
        return False
    # Without a control character or space, urlsplit finds a host only after "//", which
    # is ruled out above; with one, it strips or drops some, so ask it.
    return _CONTROL_OR_SPACE.search(url) is None or not urlsplit(url).netloc


def _moved(url: str, variant: Variant) -> str:
    """The URL as seen from the page's new folder (or absolute, with base-url).

    >>> moved = Variant("fa", "en", "x", url_prefix="../../source/")
    >>> _moved("../assets/site.css?v=2", moved), _moved("news/", moved)
    ('../../assets/site.css?v=2', '../../source/news/')
    """
    url = url.strip(_ASCII_SPACE)
    if variant.base_url:  # where the source pages live: a folder, slash or not
        return urljoin(variant.base_url.rstrip("/") + "/", url)
    if not variant.url_prefix:
        return url
    parts = urlsplit(url)
    joined = variant.url_prefix + parts.path
    path = posixpath.normpath(joined) + ("/" if joined.endswith("/") else "")
    return urlunsplit(("", "", path, parts.query, parts.fragment))
