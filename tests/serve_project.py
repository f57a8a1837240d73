"""A small project for the desk's tests: one article, Chinese and Persian catalogs, a
registered editor with a key; shared by test_serve.py and test_serve_browser.py."""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import polib
from conftest import make_project, run_cli

from l10n.project import find_project
from l10n.serve.app import DeskSettings, create_app

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid news</title></head>
<body>
<h1>Desert grid opens</h1>
<p>Read <a href="https://example.org/report">the report</a> today.</p>
<p>The plant feeds 300 homes.</p>
<p>Editor: Wang Xiaoxia</p>
</body></html>
"""
ZH = {
    "Grid news": "电网新闻",
    "Desert grid opens": "沙漠电网开通",
    "The plant feeds 300 homes.": "该电厂为300户家庭供电。",
}
EDITORS = """[editors.wangxx]
name = "王晓夏"
email = "wangxx@example.org"
locales = ["zh_CN"]
"""
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
# A 2×2 red PNG, the page's own picture in the tests of what the preview may load.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg=="
)
HOSTILE = '<img src=x onerror="alert(1)"></textarea><script>alert(2)</script><1>x</1><9/>'


def build_project(root: Path) -> Path:
    """Extract and merge the article; translate all but two Chinese entries."""
    config = 'locales = ["zh_CN", "fa"]\npolicy = "reviewed"\nthreshold = 0'
    make_project(root, config=config, pages={"grid": PAGE}, editors=EDITORS)
    assert run_cli("extract", "--project", str(root))[0] == 0
    assert run_cli("update", "--project", str(root))[0] == 0
    edit(root, ZH)
    return root


def catalog_path(root: Path, locale: str = "zh_CN") -> Path:
    return root / "locales" / locale / "grid.po"


def edit(root: Path, msgstrs: dict[str, str], locale: str = "zh_CN") -> None:
    """Change translations as another PO editor would (polib saves in its own layout)."""
    catalog = polib.pofile(str(catalog_path(root, locale)))
    for entry in catalog:
        if entry.msgid in msgstrs:
            entry.msgstr = msgstrs[entry.msgid]
    catalog.save()


def settings(root: Path, *, editor: str | None = "wangxx", port: int = 8000) -> DeskSettings:
    key = root / ".keys" / "wangxx" if editor else None
    return DeskSettings(
        find_project(root, explicit=True),
        "127.0.0.1",
        port,
        editor=editor,
        key_path=key,
        token="test-token",
        actor="wangxx@example.org",
        translator="Li Translator <li@example.org>",
        clock=lambda: NOW,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(root: Path, *, editor: str | None = "wangxx") -> Iterator[str]:
    """The desk served by uvicorn on a free loopback port, as `l10n serve` serves it;
    yields its URL."""
    import uvicorn

    port = free_port()
    app = create_app(settings(root, editor=editor, port=port))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def add_pictures(root: Path) -> None:
    """Give the page its own style sheet and picture in source/, and one from the network
    (which the preview must never fetch)."""
    path = root / "source" / "grid.html"
    page = path.read_text(encoding="utf-8")
    page = page.replace("<title>", '<link rel="stylesheet" href="css/site.css"><title>')
    page = page.replace(
        "<h1>", '<img id="own" src="img/grid.png" alt=""><img id="remote" '
        'src="https://example.org/tracker.png" alt=""><h1>'
    )  # fmt: skip
    path.write_text(page, encoding="utf-8")
    (root / "source" / "css").mkdir()
    (root / "source" / "css" / "site.css").write_text(
        "h1 { color: rgb(1, 2, 3); }\n", encoding="utf-8"
    )
    (root / "source" / "img").mkdir()
    (root / "source" / "img" / "grid.png").write_bytes(PNG)
