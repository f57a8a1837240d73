"""The review desk over HTTP (Starlette's TestClient): the rules every request obeys
(token, Host, paths, escaping), saves and sign-offs writing what the command line writes,
and bad input shown without stopping the rest of the desk."""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polib
import pytest
from conftest import run_cli
from serve_project import (
    HOSTILE,
    PNG,
    add_pictures,
    build_project,
    catalog_path,
    edit,
    serving,
    settings,
)
from starlette.testclient import TestClient

from l10n.po.pofile import format_po
from l10n.project import find_project
from l10n.serve import app as desk_app
from l10n.serve.app import create_app
from l10n.serve.desk import source_asset

BASE = "http://127.0.0.1:8000"
TOKEN = {"X-L10n-Token": "test-token"}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.delenv("L10N_SIGNING_KEY", raising=False)
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    return build_project(tmp_path)


def _client(project: Path, **options: Any) -> TestClient:
    return TestClient(create_app(settings(project, **options)), base_url=BASE)


def _entry(client: TestClient, msgid: str, locale: str = "zh_CN") -> dict[str, Any]:
    data = client.get(f"/{locale}/grid/entries.json").json()
    return next(e for e in data["entries"] if e["msgid"] == msgid)


def _post(client: TestClient, action: str, entry: dict[str, Any], **body: Any) -> Any:
    payload = {key: entry[key] for key in ("msgctxt", "msgid", "digest", "version")} | body
    return client.post(f"/zh_CN/grid/{action}", json=payload, headers=TOKEN)


LINK = "Read <1>the report</1> today."


def test_the_list_shows_each_article_and_locale_with_figures_and_a_link(project: Path) -> None:
    page = _client(project).get("/")
    assert page.status_code == 200
    assert "href='/zh_CN/grid'" in page.text and "href='/fa/grid'" in page.text
    assert "Desert grid opens" in page.text and "published" in page.text


def test_the_list_judges_again_only_what_changed_and_shows_what_a_fresh_desk_shows(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = project / "source"
    (source / "dam.html").write_bytes((source / "grid.html").read_bytes())
    for command in ("extract", "update"):
        assert run_cli(command, "--project", str(project))[0] == 0
    parsed: list[str] = []
    real = desk_app.parse_html

    def counted(data: bytes, *, name: str, **options: Any) -> Any:
        parsed.append(name)
        return real(data, name=name, **options)

    monkeypatch.setattr(desk_app, "parse_html", counted)
    client = _client(project)

    def visit() -> tuple[str, list[str]]:
        parsed.clear()
        page = client.get("/")
        assert page.status_code == 200
        ours = sorted(parsed)
        assert page.text == _client(project).get("/").text  # as a desk started now
        return page.text, ours

    first, pages = visit()
    assert pages == ["source/dam.html", "source/grid.html"]
    assert visit() == (first, [])
    edit(project, {"Editor: Wang Xiaoxia": "编辑：王晓夏"})
    changed, pages = visit()
    assert pages == ["source/grid.html"] and changed != first
    entry = _entry(client, LINK)
    saved = _post(client, "save", entry, msgstrs=["今天阅读<1>报告</1>。"]).json()["entry"]
    assert _post(client, "approve", saved).status_code == 200
    approved, pages = visit()
    assert pages == ["source/dam.html", "source/grid.html"]  # the zh_CN ledger grew
    assert approved != changed


def test_the_desk_carries_the_token_and_a_sandboxed_preview_without_scripts(project: Path) -> None:
    client = _client(project)
    desk = client.get("/zh_CN/grid")
    assert desk.status_code == 200
    assert "content='test-token'" in desk.text
    assert "sandbox='allow-same-origin'" in desk.text and "allow-scripts" not in desk.text
    preview = client.get("/zh_CN/grid/preview")
    policy = preview.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "sandbox allow-same-origin" in policy
    assert 'data-l10n-state="untranslated"' in preview.text  # the link sentence
    assert 'data-l10n-state="reviewed"' not in preview.text
    assert "沙漠电网开通" in preview.text  # translated, shown as the build renders it


@pytest.mark.parametrize(
    "path",
    ["/xx/grid", "/de/grid", "/zh_CN/nothing", "/zh_CN/..%2F..%2Fetc", "/..%2Fsource/grid",
     "/zh_CN/grid%2F..", "/zh_CN/.hidden/preview", "/zh_CN/nothing/entries.json"],
)  # fmt: skip
def test_an_unknown_article_or_locale_or_a_path_out_of_the_project_is_a_404(
    project: Path, path: str
) -> None:
    page = _client(project).get(path)
    assert page.status_code == 404
    assert "<h1>404</h1>" in page.text


def test_a_change_without_the_token_is_refused_and_writes_nothing(project: Path) -> None:
    client = _client(project)
    entry = _entry(client, LINK)
    before = catalog_path(project).read_bytes()
    body = {"msgid": entry["msgid"], "version": entry["version"], "msgstrs": ["x"]}
    for action in ("save", "approve", "reject", "check"):
        assert client.post(f"/zh_CN/grid/{action}", json=body).status_code == 403
        wrong = {"X-L10n-Token": "guess"}
        assert client.post(f"/zh_CN/grid/{action}", json=body, headers=wrong).status_code == 403
    assert catalog_path(project).read_bytes() == before


def test_a_cross_site_origin_is_refused_even_with_the_token(project: Path) -> None:
    client = _client(project)
    entry = _entry(client, LINK)
    headers = {**TOKEN, "Origin": "http://evil.example"}
    body = {"msgid": entry["msgid"], "version": entry["version"], "msgstrs": ["x"]}
    assert client.post("/zh_CN/grid/save", json=body, headers=headers).status_code == 403


@pytest.mark.parametrize("host", ["evil.example:8000", "127.0.0.1:9999", "127.0.0.1.nip.io:8000"])
def test_a_foreign_host_header_is_refused(project: Path, host: str) -> None:
    client = TestClient(create_app(settings(project)), base_url=f"http://{host}")
    assert client.get("/").status_code == 421
    assert client.post("/zh_CN/grid/save", json={}, headers=TOKEN).status_code == 421
    assert _client(project).get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_save_writes_the_catalog_as_the_command_line_does(project: Path) -> None:
    client = _client(project, editor=None)
    entry = _entry(client, LINK)
    assert entry["shown_state"] == "untranslated"
    assert [item["label"] for item in entry["legend"]] == ["link to https://example.org/report"]
    response = _post(client, "save", entry, msgstrs=["今天阅读<1>报告</1>。"])
    assert response.status_code == 200, response.text
    assert response.json()["entry"]["shown_state"] == "translated"
    text = catalog_path(project).read_text(encoding="utf-8")
    catalog = polib.pofile(text)
    assert catalog.find(LINK).msgstr == "今天阅读<1>报告</1>。"
    assert catalog.metadata["Last-Translator"] == "Li Translator <li@example.org>"
    assert catalog.metadata["PO-Revision-Date"] == "2026-12-01 09:30+0000"
    assert format_po(catalog) == text  # GNU layout, as every command writes it
    assert run_cli("check", "--project", str(project), "-l", "zh_CN")[0] == 0


def test_save_clears_fuzzy_as_a_translators_edit_does(project: Path) -> None:
    catalog = polib.pofile(str(catalog_path(project)))
    entry = catalog.find("Desert grid opens")
    entry.flags.append("fuzzy")
    entry.previous_msgid = "Desert grid planned"
    catalog.save()
    client = _client(project, editor=None)
    shown = _entry(client, "Desert grid opens")
    assert shown["fuzzy"] and shown["previous_msgid"] == "Desert grid planned"
    assert _post(client, "save", shown, msgstrs=["沙漠电网开通了"]).status_code == 200
    saved = polib.pofile(str(catalog_path(project))).find("Desert grid opens")
    assert "fuzzy" not in saved.flags and saved.previous_msgid is None


def test_save_and_approve_publish_under_the_reviewed_policy_and_verify(project: Path) -> None:
    client = _client(project)
    entry = _entry(client, LINK)
    saved = _post(client, "save", entry, msgstrs=["今天阅读<1>报告</1>。"]).json()["entry"]
    approved = _post(client, "approve", saved)
    assert approved.status_code == 200, approved.text
    assert approved.json()["entry"]["shown_state"] == "reviewed"
    history = approved.json()["entry"]["history"]
    assert [(e["event"], e["editor"], e["signed"]) for e in history] == [
        ("approve", "wangxx", True)
    ]
    code, stdout, stderr = run_cli("review", "verify", "--project", str(project))
    assert code == 0, stdout + stderr
    code, _, stderr = run_cli("build", "--project", str(project), "--policy", "reviewed")
    assert code == 0, stderr
    page = (project / "site" / "zh_CN" / "grid.html").read_text(encoding="utf-8")
    assert '今天阅读<a href="https://example.org/report">报告</a>。' in page


def test_reject_sends_it_back_fuzzy_with_the_note(project: Path) -> None:
    client = _client(project)
    entry = _entry(client, "The plant feeds 300 homes.")
    response = _post(client, "reject", entry, note="数字要核对")
    assert response.status_code == 200, response.text
    assert response.json()["entry"]["shown_state"] == "rejected"
    saved = polib.pofile(str(catalog_path(project))).find("The plant feeds 300 homes.")
    assert "fuzzy" in saved.flags and "数字要核对" in saved.tcomment
    assert run_cli("review", "verify", "--project", str(project))[0] == 0


def test_a_save_is_refused_when_the_catalog_changed_on_disk(project: Path) -> None:
    client = _client(project)
    entry = _entry(client, "Desert grid opens")
    edit(project, {"Desert grid opens": "沙漠电网今天开通"})  # Poedit, or a git pull
    response = _post(client, "save", entry, msgstrs=["我的版本"])
    assert response.status_code == 409
    assert "changed on disk" in response.json()["error"]
    assert response.json()["entry"]["msgstrs"] == ["沙漠电网今天开通"]  # the fresh text
    assert polib.pofile(str(catalog_path(project))).find("Desert grid opens").msgstr == (
        "沙漠电网今天开通"
    )
    assert _post(client, "approve", entry).status_code == 409  # nor signed as shown


def test_a_translator_without_an_editor_or_a_key_can_save_but_not_sign(project: Path) -> None:
    entry = _entry(_client(project), "Desert grid opens")
    for client in (_client(project, editor=None),):
        refused = _post(client, "approve", entry)
        assert refused.status_code == 403 and "--editor" in refused.json()["error"]
    (project / ".keys" / "wangxx").unlink()
    keyless = _client(project)
    assert "content='no'" in keyless.get("/zh_CN/grid").text
    refused = _post(keyless, "approve", entry)
    assert refused.status_code == 403 and "cannot sign" in refused.json()["error"]
    assert "reviewed:" not in catalog_path(project).read_text(encoding="utf-8")
    assert _post(keyless, "save", entry, msgstrs=["沙漠电网开通啦"]).status_code == 200


def test_an_entry_with_a_check_error_cannot_be_approved(project: Path) -> None:
    client = _client(project)
    entry = _entry(client, LINK)
    saved = _post(client, "save", entry, msgstrs=["今天阅读报告。"]).json()["entry"]
    assert any(f["severity"] == "error" for f in saved["findings"])
    refused = _post(client, "approve", saved)
    assert refused.status_code == 409 and "cannot approve" in refused.json()["error"]


def test_live_checks_report_findings_without_writing(project: Path) -> None:
    client = _client(project)
    entry = _entry(client, LINK)
    before = catalog_path(project).read_bytes()
    found = _post(client, "check", entry, msgstrs=["今天阅读<2>报告</2>。"]).json()["findings"]
    assert any("<1>" in f["message"] for f in found) and any("<2>" in f["message"] for f in found)
    assert _post(client, "check", entry, msgstrs=["今天阅读<1>报告</1>。"]).json()["findings"] == []
    assert catalog_path(project).read_bytes() == before


def test_a_hostile_translation_is_text_in_the_desk_and_the_preview(project: Path) -> None:
    edit(project, {"Editor: Wang Xiaoxia": HOSTILE, "Grid news": "电网 & 新闻 <3"})
    client = _client(project)
    for path in ("/", "/zh_CN/grid", "/zh_CN/grid/preview"):
        page = client.get(path)
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
    preview = client.get("/zh_CN/grid/preview").text
    assert "<title>电网 &amp; 新闻 &lt;3</title>" in preview  # escaped text, not markup
    assert 'lang="en">Editor: Wang Xiaoxia</p>' in preview  # check errors: the source stays
    entry = _entry(client, "Editor: Wang Xiaoxia")
    assert entry["msgstrs"] == [HOSTILE]  # JSON data, which desk.js shows with textContent
    assert client.get("/zh_CN/grid/entries.json").headers["content-type"] == "application/json"


def test_a_stale_review_shows_as_stale(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("L10N_SIGNING_KEY", str(project / ".keys" / "wangxx"))
    approve = ("review", "approve", "--project", str(project), "--editor", "wangxx", "-l", "zh_CN")
    assert run_cli(*approve, "--all")[0] == 0
    client = _client(project)
    assert _entry(client, "Desert grid opens")["shown_state"] == "reviewed"
    edit(project, {"Desert grid opens": "沙漠电网开通（改）"})
    stale = _entry(client, "Desert grid opens")
    assert stale["shown_state"] == "stale" and stale["stale"]
    assert stale["sign_offs"][0]["standing"] == "stale"
    assert 'data-l10n-state="stale"' in client.get("/zh_CN/grid/preview").text


def test_plural_entries_show_every_form_with_its_cldr_category(project: Path) -> None:
    path = catalog_path(project, "fa")
    catalog = polib.pofile(str(path))
    catalog.append(
        polib.POEntry(msgid="%d home", msgid_plural="%d homes", msgstr_plural={0: "", 1: ""})
    )
    catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    catalog.save()
    entry = _entry(_client(project), "%d home", locale="fa")
    assert entry["plural_categories"] == ["one", "other"]
    assert "dir='rtl'" not in _client(project).get("/fa/grid").text  # the frame has its own
    assert "content='rtl'" in _client(project).get("/fa/grid").text


def test_a_malformed_catalog_names_file_and_line_and_the_rest_keeps_working(
    project: Path,
) -> None:
    path = catalog_path(project)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    client = _client(project)
    desk = client.get("/zh_CN/grid")
    assert desk.status_code == 422 and "locales/zh_CN/grid.po:" in desk.text
    listing = client.get("/")
    assert listing.status_code == 200 and "locales/zh_CN/grid.po:" in listing.text
    assert client.get("/fa/grid").status_code == 200  # the other locale is untouched


def test_a_malformed_page_is_an_error_on_the_list_not_a_crash(project: Path) -> None:
    (project / "source" / "grid.html").write_bytes(b"\x00\x01\x02 not text \xff\xfe")
    listing = _client(project).get("/")
    assert listing.status_code == 200 and "source/grid.html" in listing.text


def test_serve_with_a_port_in_use_is_one_line_and_exit_1(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, _, stderr = run_cli("serve", "--project", str(project), "--port", str(port))
    assert code == 1
    assert stderr.strip().count("\n") == 0 and f"127.0.0.1:{port}: cannot listen" in stderr


def test_serve_with_an_unknown_editor_is_one_line_and_exit_1(project: Path) -> None:
    code, _, stderr = run_cli("serve", "--project", str(project), "--editor", "nobody")
    assert code == 1 and "unknown editor 'nobody'" in stderr


def test_save_before_the_catalog_is_merged_says_to_run_update(project: Path) -> None:
    catalog_path(project, "fa").unlink()
    client = _client(project)
    entry = _entry(client, "Desert grid opens", locale="fa")  # from the template
    body = {"msgid": entry["msgid"], "version": entry["version"], "msgstrs": ["شبکه"]}
    refused = client.post("/fa/grid/save", json=body, headers=TOKEN)
    assert refused.status_code == 409 and "run l10n update" in refused.json()["error"]
    assert not catalog_path(project, "fa").exists()


def test_memory_suggests_the_translation_from_another_article(project: Path) -> None:
    other = "<!DOCTYPE html><html lang='en'><body><h1>Another story</h1><p>Editor: Wang Xiaoxia</p></body></html>"
    (project / "source" / "other.html").write_text(other, encoding="utf-8")
    assert run_cli("extract", "--project", str(project))[0] == 0
    assert run_cli("update", "--project", str(project))[0] == 0
    catalog = polib.pofile(str(project / "locales" / "zh_CN" / "other.po"))
    catalog.find("Editor: Wang Xiaoxia").msgstr = "编辑：王晓夏"
    catalog.save()
    entry = _entry(_client(project), "Editor: Wang Xiaoxia")
    assert entry["suggestion"] == ["编辑：王晓夏", "other"]
    assert entry["msgstrs"] == [""]  # a suggestion, not a translation


def test_the_preview_loads_the_pages_own_files_from_source_and_nothing_remote(
    project: Path,
) -> None:
    add_pictures(project)
    client = _client(project)
    preview = client.get("/zh_CN/grid/preview")
    # From /zh_CN/grid/preview these are /source/…, as the built page reaches source/.
    assert 'src="../../source/img/grid.png"' in preview.text
    assert 'href="../../source/css/site.css"' in preview.text
    policy = preview.headers["content-security-policy"]
    assert "img-src 'self' data:" in policy and "font-src 'self' data:" in policy
    assert "http" not in policy and "script-src" not in policy  # no host, no script
    picture = client.get("/source/img/grid.png")
    assert picture.status_code == 200 and picture.content == PNG
    assert picture.headers["content-type"] == "image/png"
    assert "sandbox" in picture.headers["content-security-policy"]
    sheet = client.get("/source/css/site.css")
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/css")


def test_the_preview_takes_the_pages_files_from_source_even_with_a_base_url(
    project: Path,
) -> None:
    add_pictures(project)
    config = project / "pyproject.toml"
    text = config.read_text(encoding="utf-8") + 'base-url = "https://news.example/en/"\n'
    config.write_text(text, encoding="utf-8")
    preview = _client(project).get("/zh_CN/grid/preview").text
    assert 'src="../../source/img/grid.png"' in preview and "news.example/en/img" not in preview


def test_only_pictures_styles_fonts_and_media_inside_source_are_served(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    add_pictures(project)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    source = project / "source"
    (source / ".hidden.png").write_bytes(PNG)
    (project / "outside.png").write_bytes(PNG)  # in the project, not in source/
    (source / "outside.png").symlink_to(project / "outside.png")
    (elsewhere / "far.css").write_text("secret", encoding="utf-8")  # outside the project
    (source / "far.css").symlink_to(elsewhere / "far.css")
    (source / "script.js").write_text("alert(1)", encoding="utf-8")
    found = find_project(project, explicit=True)
    assert source_asset(found, "img/grid.png") == (
        (source / "img" / "grid.png").resolve(),
        "image/png",
    )
    for name in ["grid.html", "../editors.toml", "img/../../editors.toml", "img/./grid.png",
                 ".hidden.png", "outside.png", "far.css", "script.js", "img", "img/missing.png",
                 "img\\..\\..\\editors.toml", "", "img//grid.png"]:  # fmt: skip
        assert source_asset(found, name) is None, name
    client = _client(project)
    for path in ["/source/grid.html", "/source/%2E%2E/editors.toml", "/source/outside.png",
                 "/source/far.css", "/source/script.js", "/source/.hidden.png",
                 "/source/img/%2e%2e/%2e%2e/editors.toml"]:  # fmt: skip
        page = client.get(path)
        assert page.status_code == 404, path
        assert "wangxx@example.org" not in page.text and "secret" not in page.text


def test_two_reads_at_once_are_served_at_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each read of an article waits for the other: served one at a time (a handler
    # holding the event loop), the first would wait for ever and the barrier break.
    both = threading.Barrier(2, timeout=10)
    real = desk_app.open_article

    def meeting(*args: Any, **options: Any) -> Any:
        both.wait()
        return real(*args, **options)

    monkeypatch.setattr(desk_app, "open_article", meeting)
    with serving(project) as url, ThreadPoolExecutor(2) as pool:
        paths = ["/zh_CN/grid/entries.json", "/fa/grid/entries.json"]
        answers = list(pool.map(lambda path: _fetch(url + path), paths))
    assert [len(answer["entries"]) for answer in answers] == [5, 5]


def test_two_saves_at_once_on_one_catalog_both_land(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    both = threading.Barrier(2, timeout=10)
    real = desk_app.save_entry

    def meeting(*args: Any, **options: Any) -> Any:
        both.wait()  # both saves are under way; the locale's lock takes them in turn
        return real(*args, **options)

    monkeypatch.setattr(desk_app, "save_entry", meeting)
    texts = {
        "The plant feeds 300 homes.": "电厂供电300户。",
        "Editor: Wang Xiaoxia": "编辑：王晓夏",
    }
    with serving(project) as url, ThreadPoolExecutor(2) as pool:
        shown = {e["msgid"]: e for e in _fetch(url + "/zh_CN/grid/entries.json")["entries"]}

        def save(msgid: str) -> Any:
            entry = shown[msgid]
            body = {"msgid": msgid, "version": entry["version"], "msgstrs": [texts[msgid]]}
            return _fetch(url + "/zh_CN/grid/save", body)

        answers = list(pool.map(save, texts))
    assert all("saved" in answer["message"] for answer in answers)
    catalog = polib.pofile(str(catalog_path(project)))
    assert {msgid: catalog.find(msgid).msgstr for msgid in texts} == texts


def _fetch(url: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **TOKEN}
    with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=30) as got:
        return json.load(got)


def test_a_save_from_a_stale_tab_is_refused_with_the_fresh_text(project: Path) -> None:
    client = _client(project)
    first_tab = _entry(client, "Desert grid opens")
    second_tab = _entry(client, "Desert grid opens")
    assert _post(client, "save", first_tab, msgstrs=["沙漠电网今日开通"]).status_code == 200
    refused = _post(client, "save", second_tab, msgstrs=["第二个标签的版本"])
    assert refused.status_code == 409 and "another tab" in refused.json()["error"]
    assert refused.json()["entry"]["msgstrs"] == ["沙漠电网今日开通"]
    assert polib.pofile(str(catalog_path(project))).find("Desert grid opens").msgstr == (
        "沙漠电网今日开通"
    )
    # Shown the fresh text, the second tab may save over it on purpose.
    again = _post(client, "save", refused.json()["entry"], msgstrs=["第二个标签的版本"])
    assert again.status_code == 200


def test_a_stale_tab_can_neither_save_over_a_sign_off_nor_sign_a_text_it_did_not_see(
    project: Path,
) -> None:
    client = _client(project)
    shown = _entry(client, "Desert grid opens")
    assert _post(client, "approve", shown).status_code == 200  # in another tab
    refused = _post(client, "save", shown, msgstrs=["沙漠电网开通"])  # the same text
    assert refused.status_code == 409 and refused.json()["entry"]["shown_state"] == "reviewed"
    shown = _entry(client, "The plant feeds 300 homes.")
    assert _post(client, "save", shown, msgstrs=["电厂为300户供电。"]).status_code == 200
    refused = _post(client, "approve", shown)  # approving what it showed before the save
    assert refused.status_code == 409 and "changed since you saw it" in refused.json()["error"]
    assert refused.json()["entry"]["msgstrs"] == ["电厂为300户供电。"]


def test_a_malformed_page_shows_on_its_desk_and_the_other_articles_work(project: Path) -> None:
    other = "<!DOCTYPE html><html lang='en'><body><h1>Another story</h1></body></html>"
    (project / "source" / "other.html").write_text(other, encoding="utf-8")
    assert run_cli("extract", "--project", str(project))[0] == 0
    assert run_cli("update", "--project", str(project))[0] == 0
    (project / "source" / "grid.html").write_bytes(b"\x00\x01\x02 not text \xff\xfe")
    client = _client(project)
    desk = client.get("/zh_CN/grid")
    assert desk.status_code == 422 and "source/grid.html: not text" in desk.text
    assert client.get("/zh_CN/grid/entries.json").json()["error"].startswith("source/grid.html")
    assert client.get("/zh_CN/other").status_code == 200
    assert client.get("/zh_CN/other/preview").status_code == 200
    assert "Another story" in client.get("/").text


def test_a_malformed_registry_is_an_error_page_naming_file_and_line(project: Path) -> None:
    (project / "editors.toml").write_text("[editors.wangxx\n", encoding="utf-8")
    client = _client(project, editor=None)
    for path in ("/", "/zh_CN/grid"):
        page = client.get(path)
        assert page.status_code == 422 and "editors.toml: invalid TOML" in page.text
        assert "line 1" in page.text
    (project / "editors.toml").write_text("", encoding="utf-8")
    assert client.get("/").status_code == 200  # fixed on disk, served again


def test_a_change_to_an_unknown_article_is_a_404(project: Path) -> None:
    refused = _client(project).post("/zh_CN/nothing/save", json={}, headers=TOKEN)
    assert refused.status_code == 404 and "no article 'nothing'" in refused.json()["error"]


def test_every_response_carries_the_security_headers(project: Path) -> None:
    client = _client(project)
    foreign = TestClient(create_app(settings(project)), base_url="http://evil.example:8000")
    for response in (client.get("/"), client.get("/nowhere"), client.get("/static/desk.js"),
                     foreign.get("/")):  # fmt: skip
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("host", "answered"),
    [("127.0.0.1", {"127.0.0.1:8000", "[::1]:8000", "localhost:8000"}),
     ("::1", {"127.0.0.1:8000", "[::1]:8000", "localhost:8000"}),
     ("0.0.0.0", {"0.0.0.0:8000", "127.0.0.1:8000", "[::1]:8000", "localhost:8000"}),
     ("192.168.1.5", {"192.168.1.5:8000"})],
)  # fmt: skip
def test_the_host_headers_answered_are_the_served_one_and_the_loopback_names(
    project: Path, host: str, answered: set[str]
) -> None:
    assert dataclasses.replace(settings(project), host=host).allowed_hosts == answered


def test_the_desk_shows_every_finding_of_l10n_check_on_opening_and_while_typing(
    project: Path,
) -> None:
    glossary = project / "locales" / "zh_CN" / "glossary.csv"
    glossary.write_text("source,translation\nDesert grid,沙漠电网\n", encoding="utf-8")
    edit(project, {"Desert grid opens": "荒漠电网开通"})
    client = _client(project)
    shown = _entry(client, "Desert grid opens")
    assert [f["code"] for f in shown["findings"]] == ["glossary"]  # a warning, as check says
    code, stdout, _ = run_cli("check", "--project", str(project), "-l", "zh_CN")
    assert code == 0 and "glossary" in stdout  # the same finding, from the command line
    typed = _post(client, "check", shown, msgstrs=["荒漠电网开通了"]).json()["findings"]
    assert [f["code"] for f in typed] == ["glossary"]
    assert _post(client, "check", shown, msgstrs=["沙漠电网开通"]).json()["findings"] == []


def test_a_warning_shows_on_opening_as_well_as_while_typing(project: Path) -> None:
    edit(project, {"The plant feeds 300 homes.": "该电厂为400户家庭供电。"})
    client = _client(project)
    shown = _entry(client, "The plant feeds 300 homes.")
    typed = _post(client, "check", shown, msgstrs=shown["msgstrs"]).json()["findings"]
    assert [f["severity"] for f in shown["findings"]] == ["warning"]  # the number differs
    assert shown["findings"] == typed
