"""What a translator reads in `#.` and `#,`: the kind of text in a reader's words with the
tag after it, placeholders described by what a reader sees, and `no-c-format` where
gettext tools would take the text for a C format string (SPEC.md "Segments")."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.page.document import Rules, parse_html
from l10n.po.template import looks_like_c_format
from l10n.steps.extract import extract_template


def _comments(body: str) -> list[tuple[str, ...]]:
    page = f"<html><head><title>T</title></head><body>{body}</body></html>".encode()
    return [segment.comments for segment in parse_html(page, name="x").segments]


@pytest.mark.parametrize(
    ("body", "first"),
    [
        ("<h1>Big news</h1>", "headline (h1)"),
        ("<h2>More news</h2>", "subheading (h2)"),
        ("<p>Words</p>", "paragraph (p)"),
        ("<ul><li>Item</li></ul>", "list item (li)"),
        ("<figure><figcaption>A caption</figcaption></figure>", "caption (figcaption)"),
        ("<div>Loose words</div>", "text (div)"),
        ('<img src="a.jpg" alt="A map">', "image description (img alt)"),
        ('<a href="/x" title="More">x</a>', "tooltip (a title)"),
    ],
)
def test_role_is_the_kind_of_text_with_the_tag_after_it(body: str, first: str) -> None:
    assert _comments(body)[-1][0] == first


def test_meta_roles_say_where_the_text_is_shown() -> None:
    page = (
        b'<html><head><meta property="og:title" content="Shared headline">'
        b'<meta name="description" content="About the page"></head><body></body></html>'
    )
    found = [s.comments[0] for s in parse_html(page, name="x").segments]
    assert found == ["share title (meta og:title)", "page description (meta description)"]


def test_segment_role_keeps_the_tag_for_code_that_looks_for_headlines() -> None:
    page = b"<html><head><title>T</title></head><body><h1>Big news</h1></body></html>"
    assert [s.role for s in parse_html(page, name="x").segments] == ["title", "h1"]


def test_legend_describes_what_a_reader_sees() -> None:
    comments = _comments(
        '<p><span class="tagline">Local</span> and <span>plain</span> with'
        ' <a href="https://example.org/r">a link</a><img src="/m/c.png?w=3" alt="A chart">'
        ' <img src="/m/s.gif"> <b role="note">bold</b><br>end</p>'
    )[1]
    assert comments == (
        "paragraph (p)",
        '<1> = span "tagline"',
        "<2> = span, no visible formatting",
        "<3> = link to https://example.org/r",
        '<4/> = image: "A chart"',
        "<5/> = image with no description (s.gif)",
        '<6> = bold "note"',
        "<7/> = line break",
    )


def test_no_bare_tag_name_in_any_comment() -> None:
    page = Path(__file__).parent / "golden" / "extract" / "legends-and-formats" / "source.html"
    text = extract_template(page.read_bytes(), slug="x", rules=Rules())
    lines = [line[3:] for line in text.splitlines() if line.startswith("#. ")]
    bare = [line for line in lines if line.isalnum() or line.split(" = ")[-1].isalnum()]
    assert lines and not bare


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50% of voters", True),  # "% o" is a directive to printf
        ("%d and %s", True),
        ("100%% sure", True),
        ("Up 50%.", False),
        ("rose 1.7%, then 2% of it", False),  # "%," is not: xgettext gives up
        ("no percent at all", False),
    ],
)
def test_looks_like_c_format_as_xgettext_guesses(text: str, expected: bool) -> None:
    assert looks_like_c_format(text) is expected


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_looks_like_c_format_agrees_with_xgettext(tmp_path: Path) -> None:
    samples = [
        "Voters queued for 100% of the day.", "Up 50%.", "%d and %s", "100%% sure",
        "Turnout 50%</1> up", "a 100% sure thing", "50 %age", "rate of 5%/year",
        "0% Interest", "from 5%-10%", "20% more output", "yield 1.786%, down from 1.8% late",
    ]  # fmt: skip
    source = tmp_path / "t.c"
    source.write_text("".join(f'_("{text}");\n' for text in samples), encoding="utf-8")
    written = subprocess.run(
        ["xgettext", "-k_", "-o", "-", str(source)], capture_output=True, text=True, check=True
    ).stdout
    guessed = {entry.msgid: "c-format" in entry.flags for entry in polib.pofile(written)}
    assert {text: looks_like_c_format(text) for text in samples} == guessed


def test_templates_mark_no_c_format_and_pass_msgfmt(tmp_path: Path) -> None:
    page = b"<html><body><p>Turnout rose 50% of the way.</p><p>Up 50%.</p></body></html>"
    text = extract_template(page, slug="x", rules=Rules())
    assert '#, no-c-format\nmsgid "Turnout rose 50% of the way."' in text
    assert '#, no-c-format\nmsgid "Up 50%."' not in text
    if shutil.which("msgfmt"):
        (tmp_path / "x.pot").write_text(text, encoding="utf-8")
        checked = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / "x.pot")],
            capture_output=True,
            text=True,
        )
        assert (checked.returncode, checked.stderr) == (0, "")


def test_no_c_format_comes_before_no_wrap() -> None:
    page = b"<html><body><pre>Load  100% of the time</pre></body></html>"
    assert "#, no-c-format, no-wrap\n" in extract_template(page, slug="x", rules=Rules())
