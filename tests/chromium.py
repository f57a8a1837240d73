"""The element tree Chromium's HTML parser builds from a file, read over the DevTools
protocol (`--remote-debugging-pipe`: JSON messages on file descriptors 3 and 4, so no
WebSocket client is needed).

Scripts are disabled (`Emulation.setScriptExecutionDisabled` before each navigation, and
`--blink-settings=scriptEnabled=false`), so the DOM is the parser's tree; the network is
off, so a page's external resources are never fetched. `--dump-dom` cannot be used with
scripts disabled: headless Chromium reads the DOM for it with a script, and prints nothing.

Used by tests/test_browser_tree.py (a sample of corpus pages) and bench/bench_tree.py
(all of them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["Chromium", "find_chromium", "structure"]

_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--blink-settings=scriptEnabled=false",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-pipe",
]  # fmt: skip

Structure = list[tuple[int, str]]


def find_chromium() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


class Chromium:
    """One headless browser for many pages: `structure_of(path)` per page."""

    def __init__(self, executable: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="l10n-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        os.set_inheritable(to_browser_read, True)
        os.set_inheritable(from_browser_write, True)

        def place_pipes() -> None:  # the protocol's fixed descriptors: 3 in, 4 out
            read, write = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(read, 3)
            os.dup2(write, 4)

        self._process = subprocess.Popen(
            [executable, *_FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=place_pipes,
            pass_fds=(3, 4),
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self._call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self._call("Page.enable", session=True)
        self._call("Page.setLifecycleEventsEnabled", session=True, enabled=True)
        self._call("Network.enable", session=True)
        self._call(
            "Network.emulateNetworkConditions",
            session=True,
            offline=True,
            latency=0,
            downloadThroughput=-1,
            uploadThroughput=-1,
        )
        self._call("Emulation.setScriptExecutionDisabled", session=True, value=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._send("Browser.close", {})
            self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    def structure_of(self, path: Path) -> Structure:
        """`(depth, tag)` of every element under `<body>` (or `<frameset>`), in tree
        order, depth 0 being the body itself."""
        loader = self._call("Page.navigate", session=True, url=path.resolve().as_uri())["loaderId"]
        self._wait_for_load(loader)
        document = self._call("DOM.getDocument", session=True, depth=-1)["root"]
        return structure(document)

    # Protocol -------------------------------------------------------------------

    def _send(self, method: str, params: dict[str, Any], *, session: bool = False) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _call(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        wanted = self._send(method, params, session=session)
        for message in self._messages():
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})  # type: ignore[no-any-return]
        raise RuntimeError("chromium closed the pipe")  # pragma: no cover

    def _wait_for_load(self, loader: str) -> None:
        """Until this navigation's load event (not an earlier one's, still in the pipe)."""
        for message in self._messages():
            params = message.get("params", {})
            if (
                message.get("method") == "Page.lifecycleEvent"
                and params.get("name") == "load"
                and params.get("loaderId") == loader
            ):
                return

    def _messages(self) -> Iterator[dict[str, Any]]:
        import select

        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                yield json.loads(raw)
            ready, _, _ = select.select([self._from_browser], [], [], self.timeout)
            if not ready:
                raise TimeoutError(f"chromium said nothing for {self.timeout} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk


def structure(document: dict[str, Any]) -> Structure:
    """The `(depth, tag)` list of a DevTools DOM node tree, from its body down."""
    found: Structure = []

    def walk(node: dict[str, Any], depth: int) -> None:
        if node.get("nodeType") != 1:
            return
        found.append((depth, str(node["localName"])))
        for child in node.get("children", ()):
            walk(child, depth + 1)
        content = node.get("templateContent")
        if content:
            for child in content.get("children", ()):
                walk(child, depth + 1)

    def find_body(node: dict[str, Any]) -> dict[str, Any] | None:
        if node.get("nodeType") == 1 and node.get("localName") in ("body", "frameset"):
            return node
        for child in node.get("children", ()):
            body = find_body(child)
            if body is not None:
                return body
        return None

    body = find_body(document)
    if body is not None:
        walk(body, 0)
    return found


def require_browser(reason: str) -> None:
    """Skip for want of a browser; fail instead under L10N_REQUIRE_BROWSER=1 (CI)."""
    import pytest

    if os.environ.get("L10N_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} and L10N_REQUIRE_BROWSER=1")
    pytest.skip(reason)


@contextmanager
def playwright_chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (nothing downloaded; --no-sandbox as root)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        require_browser("Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_browser("Playwright is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()
