"""Code written as text (`l10n/page/code.py`) and `<textarea>` form data: never prose a
translator changes. A stretch of code is a protected placeholder; a text that is only
code, or a text box's content, is no segment; an honest translation passes the checks."""

from __future__ import annotations

import pytest

from l10n.checks.finding import Translation
from l10n.checks.translation import check_translation
from l10n.page.code import code_spans
from l10n.page.document import parse_html


def _msgids(body: str) -> list[str]:
    page = f"<!DOCTYPE html><html><body>{body}</body></html>"
    return [segment.msgid for segment in parse_html(page.encode(), name="x").segments]


def _code(text: str) -> list[str]:
    return [text[start:stop] for start, stop in code_spans(text)]


@pytest.mark.parametrize(
    "text",
    [
        '<iframe src="https://v.example.org/e/1" width="560" allowfullscreen></iframe>',
        ' <script async src="https://platform.example.org/widgets.js"></script>\n',
        '<blockquote class="tweet"><p lang="en">Grid opens</p>&mdash; Desk</blockquote> <script'
        ' src="w.js"></script>',
        "<!-- embed --><div class='x'>Watch</div>",
        "<lite-youtube videoid='42'></lite-youtube>",
        ".embed { position: relative; padding-bottom: 56.25%; }",
        "body{margin:0} @media (max-width: 600px) { .a { display: none } }",
        "@import url(a.css); .b { --gap: 4px; color: red; }",
    ],
)
def test_text_that_is_only_code_is_one_span(text: str) -> None:
    assert _code(text) == [text.strip()]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Use the <b> tag.", ["<b>"]),
        ('Paste <iframe src="x"></iframe> here.', ['<iframe src="x"></iframe>']),
        ("Write <em>a</em> or </em> and <br/> <hr> now", ["<em>", "</em>", "</em>", "<br/> <hr>"]),
        ('Nest <div id="x"><div>a</div> b</div> done', ['<div id="x"><div>a</div> b</div>']),
        ("Nest <div><div>a</div> b</div> done", ["<div><div>", "</div>", "</div>"]),
        ('an open <p class="a"> never closed, then text', ['<p class="a">']),
        ("films such as <i>Alien</i> and <i>2001</i>", ["<i>", "</i>", "<i>", "</i>"]),
        ("<p>We have direct evidence!</p>", ["<p>", "</p>"]),
        ("<script>var a = '<b>';</script> then", ["<script>var a = '<b>';</script>"]),
    ],
)
def test_tags_in_a_sentence_are_spans_of_their_own(text: str, code: list[str]) -> None:
    assert _code(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Dear <name>, press <Ctrl> and write to <press@example.org> or <https://a.org>.",
        "3 <5 and 6> 4, I <3 you, a -> b",
        "In math the set {x: x > 0} is positive.",
        "Hello {name}, see {}.",
        "No markup at all.",
        "An unclosed <b tag",
    ],
)
def test_prose_with_angle_brackets_and_braces_is_not_code(text: str) -> None:
    assert code_spans(text) == ()


def test_code_in_a_sentence_becomes_a_protected_placeholder() -> None:
    body = (
        "<p>Paste &lt;iframe src=&quot;https://v.example.org/e/1&quot;&gt;&lt;/iframe&gt; here.</p>"
    )
    page = f"<html><body>{body}</body></html>".encode()
    (segment,) = parse_html(page, name="x").segments
    assert segment.msgid == "Paste <1/> here."
    assert segment.comments == (
        "paragraph (p)",
        '<1/> = the code "<iframe src="https://v.example.org/e/1"></iframe>" (kept as is)',
    )
    assert segment.location.numbered == {1: '<iframe src="https://v.example.org/e/1"></iframe>'}


def test_long_code_is_shortened_in_the_legend() -> None:
    code = "&lt;iframe src=&quot;https://v.example.org/" + "e" * 80 + "&quot;&gt;&lt;/iframe&gt;"
    (segment,) = parse_html(f"<p>Paste {code} here.</p>".encode(), name="x").segments
    assert segment.comments[1].startswith('<1/> = the code "<iframe src="https://v.example')
    assert segment.comments[1].endswith('..." (kept as is)') and len(segment.comments[1]) < 100


@pytest.mark.parametrize(
    "body",
    [
        "<div>&lt;iframe src=x&gt;&lt;/iframe&gt;</div>",
        "<div>&lt;script&gt;var player = new Player();&lt;/script&gt;</div>",
        "<pre>&lt;script&gt;\n  var player = new Player();\n&lt;/script&gt;</pre>",
        "<p>.embed-container { position: relative; padding-bottom: 56.25%; }</p>",
        "<p><b>&lt;div class=&quot;a&quot;&gt;Hello world&lt;/div&gt;</b></p>",
    ],
)
def test_text_that_is_only_code_is_not_a_segment(body: str) -> None:
    assert _msgids(body) == []


def test_textarea_content_is_form_data_not_a_segment() -> None:
    body = (
        "<p>Embed this video: <textarea readonly>&lt;iframe src=x&gt;&lt;/iframe&gt;</textarea></p>"
        "<form><textarea>Write your comment here</textarea></form>"
        "<label>Your comment <textarea placeholder='Be kind' title='Comment box'"
        " aria-label='Comment'>Default words</textarea></label>"
        "<p>Before <textarea>inside</textarea> after.</p>"
        "<div translate='no'><textarea placeholder='Secret'>x</textarea></div>"
    )
    assert _msgids(body) == [
        "Embed this video:",
        "Your comment",
        "Comment box",
        "Be kind",
        "Comment",
        "Before <1/> after.",
    ]


def test_textarea_inside_a_sentence_is_a_protected_placeholder() -> None:
    page = b"<p>Before <textarea>inside</textarea> after.</p>"
    (segment,) = parse_html(page, name="x").segments
    assert segment.comments[1] == "<1/> = text box with its form data (textarea, kept as is)"
    element = segment.location.numbered[1]
    assert not isinstance(element, str) and element.tag == "textarea"


@pytest.mark.parametrize(
    ("body", "msgstr"),
    [
        (
            "<p>Paste &lt;iframe src=x title=&quot;Video&quot;&gt;&lt;/iframe&gt; here.</p>",
            "Вставьте <1/> сюда.",
        ),
        ("<p>Use the &lt;b&gt; tag.</p>", "Используйте тег <1/>."),
        ("<p>Embed: <textarea>&lt;iframe title=Video&gt;</textarea> now.</p>", "Вставьте: <1/>."),
    ],
)
def test_an_honest_translation_of_text_with_code_passes_the_checks(body: str, msgstr: str) -> None:
    (segment,) = parse_html(f"<html><body>{body}</body></html>".encode(), name="x").segments
    entry = Translation(segment.msgid, msgstr, None, 1, segment.comments)
    assert check_translation(entry, locale="ru", path="ru.po") == []
    changed = Translation(
        segment.msgid, msgstr.replace("<1/>", "<1>Видео</1>"), None, 1, segment.comments
    )
    assert [f.code for f in check_translation(changed, locale="ru", path="ru.po")] == [
        "placeholder-protected"
    ]


def test_an_attribute_that_is_only_code_is_not_a_segment() -> None:
    body = (
        '<img src="a.png" alt="&lt;iframe src=&quot;x&quot;&gt;&lt;/iframe&gt;">'
        '<img src="b.png" alt="&lt;p&gt;We have direct evidence!&lt;/p&gt;">'
    )
    assert _msgids(body) == ["<1/>We have direct evidence!<2/>"]
