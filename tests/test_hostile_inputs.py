"""Hostile and broken input: malformed catalogs, things that are not HTML, huge files,
deep nesting, XML entity tricks, symlinks and paths that try to escape, broken registries
and ledgers, bidi controls. Each ends in a one-line error naming the file (and line), or
in a safe result; never a traceback, never a write outside the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import run_cli

from l10n.page.document import parse_html
from l10n.page.render import Variant, render_document

BAD = Path(__file__).parent / "bad"
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid news</title></head>
<body>
<h1>Desert grid opens</h1>
<p>Read <a href="https://example.org/report">the report</a> now.</p>
<p>The plant feeds 300 homes.</p>
</body></html>
"""
CATALOG = "locales/zh_CN/grid.po"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["zh_CN", "fa"]\nthreshold = 0\n', encoding="utf-8"
    )
    (root / "source" / "grid.html").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(root)
    assert run_cli("extract")[0] == 0
    assert run_cli("update")[0] == 0
    return root


def _translate(path: Path, translations: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for msgid, msgstr in translations.items():
        before = f'msgid "{msgid}"\nmsgstr ""\n'
        assert before in text, msgid
        text = text.replace(before, f'msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    path.write_text(text, encoding="utf-8")


def _outside_listing(project: Path) -> list[str]:
    """Everything beside the project folder: nothing may appear there."""
    return sorted(
        str(p.relative_to(project.parent))
        for p in project.parent.rglob("*")
        if project not in p.parents and p != project
    )


# Malformed PO files -------------------------------------------------------------------

MALFORMED = [
    ("hostile-unclosed-quote.po", 18, "string not closed, or a bare quote inside it"),
    ("hostile-bare-quote.po", 19, "string not closed, or a bare quote inside it"),
    ("hostile-bad-escape.po", 19, "invalid control sequence"),
    ("hostile-msgid-without-msgstr.po", 18, "missing msgstr"),
    ("hostile-duplicate-msgid.po", 21, "duplicate message definition"),
    ("hostile-invalid-utf8.po", 19, "not valid UTF-8"),
]


@pytest.mark.parametrize(("name", "line", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
@pytest.mark.parametrize("command", ["update", "check"])
def test_malformed_catalog_is_one_line_with_its_line_and_left_as_is(
    project: Path, command: str, name: str, line: int, message: str
) -> None:
    catalog = project / CATALOG
    shutil.copyfile(BAD / name, catalog)
    before = catalog.read_bytes()
    code, _, stderr = run_cli(command, "--locale", "zh_CN")
    assert (code, stderr) == (1, f"error: {CATALOG}:{line}: {message}\n")
    assert catalog.read_bytes() == before


@pytest.mark.parametrize("name", ["hostile-empty.po", "hostile-header-only.po"])
def test_empty_or_header_only_catalog_is_an_empty_catalog_and_gets_merged(
    project: Path, name: str
) -> None:
    # gettext reads both as catalogs with no messages (msgmerge merges into them), so the
    # safe result is a merge, not an error.
    shutil.copyfile(BAD / name, project / CATALOG)
    code, stdout, _ = run_cli("update", "--locale", "zh_CN")
    assert (code, stdout) == (0, f"{CATALOG}: 4 new, 0 fuzzy, 0 obsolete\n")
    assert run_cli("check", "--locale", "zh_CN")[0] == 0


def test_plural_index_out_of_range_is_read_and_flagged_by_check(project: Path) -> None:
    # msgstr[0] and msgstr[5] under nplurals=1: reading does not crash, check counts two
    # forms against one and says so on the entry's line.
    catalog = project / CATALOG
    shutil.copyfile(BAD / "hostile-plural-index-5.po", catalog)
    code, stdout, _ = run_cli("check", "--locale", "zh_CN")
    assert code == 3
    # msgstr[5] makes six forms (indices 0 to 5), where Plural-Forms allows one.
    assert f"{CATALOG}:18: error: translation has 6 plural forms, Plural-Forms says 1" in stdout
    assert run_cli("update", "--locale", "zh_CN")[0] == 0


def test_plural_index_gap_is_flagged_when_the_count_happens_to_match(project: Path) -> None:
    catalog = project / "locales" / "fa" / "grid.po"
    text = catalog.read_text(encoding="utf-8")
    assert "nplurals=2;" in text
    text = text.replace(
        'msgid "Desert grid opens"\nmsgstr ""',
        'msgid "%d grid"\nmsgid_plural "%d grids"\nmsgstr[0] "یک شبکه"\nmsgstr[5] "شبکه‌ها"',
    )
    catalog.write_text(text, encoding="utf-8")
    code, stdout, _ = run_cli("check", "--locale", "fa")
    assert code == 3 and "plural" in stdout


@pytest.mark.parametrize("name", ["hostile-nul-byte.po", "hostile-nul-escape.po"])
def test_nul_in_a_msgstr_is_read(project: Path, name: str) -> None:
    # A raw NUL byte and the escape \000 both read as U+0000 inside the msgstr.
    shutil.copyfile(BAD / name, project / CATALOG)
    assert run_cli("update", "--locale", "zh_CN")[0] == 0


@pytest.mark.parametrize("name", ["hostile-nul-byte.po", "hostile-nul-escape.po"])
def test_nul_in_a_msgstr_is_a_check_error_and_the_build_falls_back(
    project: Path, name: str
) -> None:
    shutil.copyfile(BAD / name, project / CATALOG)
    assert run_cli("check", "--locale", "zh_CN")[0] == 3
    code, _, stderr = run_cli("build", "--locale", "zh_CN", "--policy", "translated")
    assert code == 0 and f"{CATALOG}:18: translation not used: translation holds control" in stderr


_READ_PO = textwrap.dedent(
    """
    import resource, sys, time
    from pathlib import Path
    from l10n.po.catalog import read_catalog
    from l10n.errors import L10nError
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        read_catalog(Path(sys.argv[1]), shown="long.po")
        outcome = "read"
    except L10nError as error:
        outcome = "refused " + str(error)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = round(time.perf_counter() - start, 1)
    print(outcome.splitlines()[0][:200], (peak - base) // 1024, seconds)
    """
)


def _read_long_line(tmp_path: Path, megabytes: int) -> tuple[str, float]:
    """Read a catalog whose one msgstr line is `megabytes` MB of ASCII, in a subprocess:
    (outcome, MB of peak RSS above the interpreter with l10n imported, per MB of line)."""
    good = (BAD.parent / "bad" / "hostile-header-only.po").read_text(encoding="utf-8")
    path = tmp_path / "long.po"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(good + '\nmsgid "Grid news"\nmsgstr "')
        chunk = "grid news " * 100_000  # 1 MB
        for _ in range(megabytes):
            stream.write(chunk)
        stream.write('"\n')
    done = subprocess.run(
        [sys.executable, "-c", _READ_PO, str(path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    words = done.stdout.split()
    outcome, grown = " ".join(words[:-2]), int(words[-2])
    print(f"\n{megabytes} MB PO line: {outcome}, {grown} MB above baseline, {words[-1]} s")
    return outcome, grown / megabytes


def test_very_long_po_line_is_read_with_memory_linear_in_its_length(tmp_path: Path) -> None:
    # Measured: ~120 MB of RSS per MB of line (8 MB line: ~1 GB, 50 MB: ~6.2 GB), so a
    # 2 GB line would need ~250 GB and is neither read nor refused cleanly. The bound
    # asserted here is what the reader does today, with margin, not what it should do.
    outcome, per_mb = _read_long_line(tmp_path, 8)
    assert outcome == "read"
    assert per_mb < 160


def test_very_long_po_line_is_read_in_memory_near_its_size(tmp_path: Path) -> None:
    outcome, per_mb = _read_long_line(tmp_path, 8)
    assert outcome == "read" and per_mb < 20


# Pages that are not HTML, huge, or deep -----------------------------------------------

_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415408d763f8ffff3f0005fe02fedccc59e70000000049454e44ae426082"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_PNG, "not text (binary data)"),
        (b'{"title": "Grid news", "body": ["a < b", "x & y"]}\n', "not HTML (no markup found)"),
        (b"Just some words.\nAnother line.\n", "not HTML (no markup found)"),
        (b"", "empty file"),
    ],
    ids=["png", "json", "plain-text", "empty"],
)
def test_page_that_is_not_html_is_one_line_and_nothing_is_written(
    project: Path, content: bytes, message: str
) -> None:
    (project / "source" / "junk.html").write_bytes(content)
    code, _, stderr = run_cli("extract", "junk")
    assert (code, stderr) == (1, f"error: source/junk.html: {message}\n")
    assert not (project / "locales" / "junk.pot").exists()


def test_20_mb_page_is_extracted_in_memory_linear_in_its_size(tmp_path: Path) -> None:
    # Measured: a 20 MB page (165,577 paragraphs) in 13 s, peak RSS 770 MB; 50 MB in 32 s,
    # 1,832 MB: about 62 MB of interpreter and 35 MB per MB of page. Bound asserted: 100 MB
    # and 40 MB per MB (20 MB keeps the test short; the slope is the same). There is no
    # size limit: a page is refused only when it is not HTML or libxml2 gives up on it.
    root = tmp_path / "big"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["zh_CN"]\n', encoding="utf-8")
    page = root / "source" / "big.html"
    with page.open("w", encoding="utf-8") as stream:
        stream.write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">')
        stream.write("<title>Big</title></head><body>\n")
        number = 0
        while stream.tell() < 20 * 2**20:
            stream.write(
                f'<p>Paragraph {number}: the <a href="https://example.org/{number}">grid</a> '
                "feeds <b>300</b> homes near the river and the hills.</p>\n"
            )
            number += 1
        stream.write("</body></html>\n")
    size_mb = page.stat().st_size / 2**20
    start = time.perf_counter()
    # wait4 gives this child's own peak RSS; RUSAGE_CHILDREN would be the largest of all
    # children this test process ever waited for.
    with (tmp_path / "stdout").open("w") as stdout, (tmp_path / "stderr").open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "l10n", "extract"], cwd=root, stdout=stdout, stderr=stderr
        )
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    peak_mb = usage.ru_maxrss / 1024
    out, err = (tmp_path / "stdout").read_text(), (tmp_path / "stderr").read_text()
    print(f"\n{size_mb:.0f} MB page: {out.strip()} in {seconds:.0f} s, peak RSS {peak_mb:.0f} MB")
    assert child.returncode == 0, err
    assert out == f"locales/big.pot: {number + 1} segments\n"
    assert peak_mb < 100 + 40 * size_mb


@pytest.mark.parametrize("tag", ["div", "span"])
def test_deeply_nested_page_is_refused_with_its_line(project: Path, tag: str) -> None:
    body = f"<{tag}>" * 400 + "Deep text" + f"</{tag}>" * 400
    (project / "source" / "deep.html").write_text(
        f"<html><body>\n{body}\n</body></html>\n", encoding="utf-8"
    )
    code, _, stderr = run_cli("extract", "deep")
    assert code == 1
    assert stderr.startswith("error: source/deep.html:2: Excessive depth in document")
    assert stderr.endswith("the page is refused\n") and stderr.count("\n") == 1
    assert not (project / "locales" / "deep.pot").exists()


_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Laughs &lol9;</title></head>
<body><p>Hello &lol9; world</p></body></html>
"""
_EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Leak &e;</title></head>
<body><p>Secret: &e; here</p></body></html>
"""


@pytest.mark.parametrize(
    ("page", "expanded"),
    [(_LAUGHS, "lollol"), (_EXTERNAL, "root:")],
    ids=["billion-laughs", "external-entity"],
)
def test_xml_entities_are_never_expanded_nor_fetched(
    project: Path, page: str, expanded: str
) -> None:
    (project / "source" / "xml.html").write_text(page, encoding="utf-8")
    start = time.perf_counter()
    code, stdout, _ = run_cli("extract", "xml")
    assert time.perf_counter() - start < 5
    assert (code, stdout) == (0, "locales/xml.pot: 2 segments\n")
    template = (project / "locales" / "xml.pot").read_text(encoding="utf-8")
    assert expanded not in template
    assert "&lol9;" in template or "&e;" in template  # kept as the text it is


# Symlinks and paths that try to escape ------------------------------------------------


def test_symlink_in_source_pointing_outside_is_refused(project: Path) -> None:
    outside = project.parent / "secret.html"
    outside.write_text("<p>secret words</p>", encoding="utf-8")
    (project / "source" / "leak.html").symlink_to(outside)
    code, _, stderr = run_cli("extract", "leak")
    assert code == 1
    assert stderr.startswith("error: source/leak.html: leads outside the project")
    assert stderr.count("\n") == 1
    assert not (project / "locales" / "leak.pot").exists()


def test_every_path_is_checked_though_its_folder_is_resolved_once(project: Path) -> None:
    """`Project.inside` resolves a folder once per command and the file every time: a
    file link out is refused after its folder was seen, a link that stays inside is
    taken, and `..` is resolved, not joined."""
    from l10n.errors import ConfigError
    from l10n.project import find_project

    found = find_project(project)
    folder = project / "locales" / "fa"
    assert found.inside(folder / "grid.po") == folder / "grid.po"
    (project.parent / "out.po").write_text("", encoding="utf-8")
    (folder / "out.po").symlink_to(project.parent / "out.po")
    with pytest.raises(ConfigError, match="leads outside the project"):
        found.inside(folder / "out.po")
    (folder / "in.po").symlink_to(folder / "grid.po")
    assert found.inside(folder / "in.po") == folder / "in.po"
    with pytest.raises(ConfigError, match="leads outside the project"):
        found.inside(folder / ".." / ".." / "..")


def test_symlinked_catalog_pointing_outside_is_never_followed(project: Path) -> None:
    # A committed link out of the project is refused, for reading too: its content never
    # reaches the catalogs, and the outside file stays as it was.
    catalog = project / "locales" / "fa" / "grid.po"
    outside = project.parent / "outside.po"
    outside.write_bytes(
        catalog.read_bytes().replace(
            b'msgid "Grid news"\nmsgstr ""', b'msgid "Grid news"\nmsgstr "\xd8\xae"'
        )
    )
    before = outside.read_bytes()
    catalog.unlink()
    catalog.symlink_to(outside)
    (project / "source" / "grid.html").write_text(PAGE.replace("300", "400"), encoding="utf-8")
    assert run_cli("extract")[0] == 0
    code, stdout, stderr = run_cli("update", "--locale", "fa")
    assert (code, stdout) == (1, "")
    assert stderr.startswith("error: locales/fa/grid.po: leads outside the project (")
    assert outside.read_bytes() == before
    assert catalog.is_symlink()


def test_written_files_follow_the_umask(project: Path) -> None:
    # Files are written through a private temporary file; the result must not stay 0600
    # (a web server reading site/ as another user would get 403).
    umask = os.umask(0)
    os.umask(umask)
    assert run_cli("build", "--locale", "zh_CN", "--policy", "translated")[0] == 0
    for path in ("locales/grid.pot", CATALOG, "site/zh_CN/grid.html"):
        assert (project / path).stat().st_mode & 0o777 == 0o666 & ~umask, path


@pytest.mark.parametrize("locale", ["../x", "/etc", "x/../../y", "..", "zh_CN/../../x"])
@pytest.mark.parametrize("command", ["update", "check", "build", "status"])
def test_locale_that_tries_to_escape_is_refused(project: Path, command: str, locale: str) -> None:
    before = _outside_listing(project)
    folders = sorted(p.name for p in (project / "locales").iterdir())
    code, stdout, stderr = run_cli(command, "--locale", locale)
    assert code == 1 and stderr.startswith(f"error: unknown locale {locale!r}")
    assert stderr.count("\n") == 1 and stdout == ""
    assert _outside_listing(project) == before
    assert sorted(p.name for p in (project / "locales").iterdir()) == folders


@pytest.mark.parametrize("slug", ["../x", "/etc", "x/../../y", "..", "zh_CN/../../x"])
@pytest.mark.parametrize("command", ["extract", "update", "check", "build"])
def test_slug_that_tries_to_escape_is_refused(project: Path, command: str, slug: str) -> None:
    before = _outside_listing(project)
    code, _, stderr = run_cli(command, slug)
    assert (code, stderr) == (
        1,
        f"error: slug {slug!r}: use letters, digits, '.', '_' and '-' only\n",
    )
    assert _outside_listing(project) == before


def test_url_ending_in_a_unicode_space_keeps_it() -> None:
    page = '<p><a href="a\u00a0">x</a> <a href="\u3000b">y</a></p>'.encode()
    variant = Variant(locale="zh_CN", source_locale="en", slug="x", url_prefix="")
    html = render_document(parse_html(page, name="x.html"), {}, variant).html
    links = parse_html(html.encode(), name="out.html").tree.getroot().iter("a")
    assert [link.get("href") for link in links] == ["a\u00a0", "\u3000b"]


# Registry and ledger ---------------------------------------------------------------

_EDITOR = '[editors.wangxx]\nname = "王晓夏"\nemail = "wangxx@example.org"\nlocales = ["zh_CN"]\n'


def test_editor_id_defined_twice_is_one_line(project: Path) -> None:
    (project / "editors.toml").write_text(
        _EDITOR + "\n" + _EDITOR.replace("王晓夏", "Wang"), encoding="utf-8"
    )
    for command in (["review", "verify"], ["update"], ["status", "--by-editor"]):
        code, _, stderr = run_cli(*command)
        assert code == 1, command
        assert stderr.startswith("error: editors.toml: an editor id is defined twice (")
        assert "line 6" in stderr and stderr.count("\n") == 1


def test_ledger_line_that_is_not_json_fails_verify_with_its_line(project: Path) -> None:
    (project / "editors.toml").write_text(_EDITOR, encoding="utf-8")
    ledger = project / "locales" / "zh_CN" / "reviews.jsonl"
    ledger.write_bytes(b'not json at all\n\n{"event": "approve"}\n\xff\xfe\n')
    code, stdout, _ = run_cli("review", "verify", "--locale", "zh_CN")
    assert code == 3
    lines = stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        "locales/zh_CN/reviews.jsonl:1",
        "locales/zh_CN/reviews.jsonl:3",
        "locales/zh_CN/reviews.jsonl:4",
    ]
    assert all("not a valid review event" in line for line in lines)
    assert run_cli("status", "--locale", "zh_CN")[0] == 0  # readers skip the bad lines


# Bidirectional controls and joiners ----------------------------------------------------


def test_unbalanced_bidi_override_is_a_check_error_and_the_build_falls_back(project: Path) -> None:
    _translate(
        project / CATALOG, {"Grid news": "\u202e电网新闻", "Desert grid opens": "沙漠电网开通"}
    )
    code, stdout, _ = run_cli("check", "--locale", "zh_CN")
    assert code == 3
    assert f"{CATALOG}:18: error: unbalanced bidirectional controls" in stdout
    code, stdout, stderr = run_cli("build", "--locale", "zh_CN", "--policy", "translated")
    assert code == 0
    assert (
        f"{CATALOG}:18: translation not used: unbalanced bidirectional controls" in stdout + stderr
    )
    page = (project / "site" / "zh_CN" / "grid.html").read_text(encoding="utf-8")
    assert "\u202e" not in page and "<title>Grid news</title>" in page
    assert "沙漠电网开通" in page


def test_persian_zwnj_survives_update_and_build_untouched(project: Path) -> None:
    headline = "شبکه\u200cی برق بیابان\u200cها باز شد"
    title = "اخبار\u200cشبکه"
    catalog = project / "locales" / "fa" / "grid.po"
    _translate(catalog, {"Grid news": title, "Desert grid opens": headline})
    before = catalog.read_bytes()
    assert run_cli("update", "--locale", "fa")[0] == 0
    assert catalog.read_bytes() == before
    assert run_cli("check", "--locale", "fa")[0] == 0
    code, _, _ = run_cli("build", "--locale", "fa", "--policy", "translated")
    assert code == 0
    page = (project / "site" / "fa" / "grid.html").read_text(encoding="utf-8")
    assert f">{headline}</h1>" in page and f"<title>{title}</title>" in page
