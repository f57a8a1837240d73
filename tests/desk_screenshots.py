"""The README's pictures of the review desk (docs/img/desk-*.png), taken from the bundled
demo: the project copied to a temporary folder (one reviewed Chinese entry edited
afterwards, so that its review is stale), served as `l10n serve --editor … --key …`
serves it, and photographed by Debian's Chromium through Playwright.

    .venv/bin/python tests/desk_screenshots.py [OUT_DIR]     # default: docs/img

Not a test (no `test_` prefix): run by hand when the desk's look changes.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polib
from serve_project import free_port

from l10n.project import find_project
from l10n.serve.app import DeskSettings, create_app

REPOSITORY = Path(__file__).resolve().parent.parent
STALE = "Engineers faced summer ground temperatures"  # reviewed in the demo
LINKED = "The <1>Kyzylkum Sun-Link</1> project, located"


def _copy_demo(root: Path) -> Path:
    for name in ("source", "locales", "demo/keys"):
        shutil.copytree(REPOSITORY / name, root / name)
    for name in ("pyproject.toml", "editors.toml"):
        shutil.copy(REPOSITORY / name, root / name)
    for key in (root / "demo" / "keys").iterdir():
        key.chmod(0o600)
    path = root / "locales" / "zh_CN" / "solar-grid.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid.startswith(STALE))
    entry.msgstr = entry.msgstr.replace("工程人员", "施工人员")  # a translator's later edit
    catalog.save()
    return root


@contextmanager
def _serving(root: Path, editor: str, actor: str) -> Iterator[str]:
    import uvicorn

    port = free_port()
    settings = DeskSettings(find_project(root, explicit=True), "127.0.0.1", port,
                            editor=editor, key_path=root / "demo" / "keys" / editor,
                            actor=actor, translator=actor)  # fmt: skip
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _open(page: Any, url: str, msgid_start: str) -> None:
    """Open a desk and select the segment whose text starts so, from the segment list."""
    page.goto(url)
    page.wait_for_selector("body[data-ready='yes']")
    shown = msgid_start.replace("<1>", "").replace("</1>", "")  # as the list shows it
    page.locator("#segments li button", has_text=shown).first.click()
    page.wait_for_timeout(500)  # the preview scrolls to it


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="l10n-desk-shots-") as tmp:
        root = _copy_demo(Path(tmp))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            with _serving(root, "wangxx", "wangxx@example.org") as url:
                page.goto(url + "/")
                page.screenshot(path=str(out / "desk-list.png"))
                _open(page, url + "/zh_CN/solar-grid", LINKED)
                area = page.locator("#forms textarea").first
                area.fill(area.input_value().replace("</1>", ""))  # a chip left out
                page.wait_for_timeout(800)
                page.screenshot(path=str(out / "desk-segment.png"))
                _open(page, url + "/zh_CN/solar-grid", STALE)
                page.screenshot(path=str(out / "desk-stale.png"))
            with _serving(root, "rahimi", "m.rahimi@example.org") as url:
                _open(page, url + "/fa/solar-grid", LINKED)
                page.screenshot(path=str(out / "desk-rtl.png"))
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPOSITORY / "docs" / "img")
