"""The pages in a real browser: headless Chromium renders the dashboard, a Chinese page,
a Persian page and a page with much fallback text; direction, language and overflow are
read from the computed layout, and screenshots are saved.

Marked `browser`: skipped when Chromium is absent, a failure when L10N_REQUIRE_BROWSER=1
(CI installs Debian's chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--allow-file-access-from-files", "--virtual-time-budget=3000",
]  # fmt: skip
# Appended to a copy of a page: measures it and writes the findings into the DOM.
_PROBE = """<script>
const report = {
  lang: document.documentElement.lang,
  direction: getComputedStyle(document.documentElement).direction,
  fallback: [...document.querySelectorAll('body [lang="en"]')].map(e => getComputedStyle(e).direction),
  overflowing: [...document.querySelectorAll('.bar, td, th, h1, h2, p')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.tagName + '.' + e.className),
  barsWithin: [...document.querySelectorAll('.bar')].every(bar =>
    [...bar.children].every(s => s.getBoundingClientRect().right <= bar.getBoundingClientRect().right + 1)),
};
const out = document.createElement('pre'); out.id = 'l10n-probe'; out.textContent = JSON.stringify(report);
document.body.appendChild(out);
</script>"""


def _chromium() -> str:
    found = (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )
    if found is None:
        if os.environ.get("L10N_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is not installed and L10N_REQUIRE_BROWSER=1")
        pytest.skip("Chromium is not installed")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project built into a temporary folder, with the translated policy and no
    threshold, so that a fallback-heavy Russian page exists beside the others."""
    project = tmp_path_factory.mktemp("demo")
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "editors.toml", project / "editors.toml")
    (project / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["zh_CN", "ru", "fa"]\npolicy = "translated"\nthreshold = 0\n',
        encoding="utf-8",
    )
    for command in (["build"], ["report"]):
        result = run_cli(*command, "--project", str(project))
        assert result.exit_code == 0, result.stderr
    return project / "site"


def _probe(page: Path, shots: Path) -> dict[str, object]:
    probed = page.with_name(f"probe-{page.name}")
    probed.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"), encoding="utf-8"
    )
    profile = shots / f"profile-{page.parent.name}-{page.stem}"
    dom = subprocess.run(
        [_chromium(), *_FLAGS, f"--user-data-dir={profile}", "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    subprocess.run(
        [_chromium(), *_FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1600",
         f"--screenshot={shots / f'{page.parent.name}-{page.stem}.png'}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    start = dom.index('<pre id="l10n-probe">') + len('<pre id="l10n-probe">')
    return json.loads(
        dom[start : dom.index("</pre>", start)].replace("&quot;", '"').replace("&amp;", "&")
    )  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def test_dashboard_bars_and_cells_do_not_overflow(site: Path, shots: Path) -> None:
    report = _probe(site / "index.html", shots)
    assert report["lang"] == "en" and report["direction"] == "ltr"
    assert report["overflowing"] == [] and report["barsWithin"] is True
    assert (shots / "site-index.png").stat().st_size > 10_000


def test_chinese_page_is_chinese(site: Path, shots: Path) -> None:
    report = _probe(site / "zh_CN" / "solar-grid.html", shots)
    assert (report["lang"], report["direction"]) == ("zh-CN", "ltr")


def test_persian_page_is_right_to_left_with_english_fallback_left_to_right(
    site: Path, shots: Path
) -> None:
    report = _probe(site / "fa" / "solar-grid.html", shots)
    assert (report["lang"], report["direction"]) == ("fa", "rtl")
    fallback = report["fallback"]
    assert isinstance(fallback, list) and fallback and set(fallback) == {"ltr"}


def test_fallback_heavy_page_marks_its_english_text(site: Path, shots: Path) -> None:
    report = _probe(site / "ru" / "river-survey.html", shots)
    assert (report["lang"], report["direction"]) == ("ru", "ltr")
    fallback = report["fallback"]
    assert isinstance(fallback, list) and len(fallback) >= 5
