"""The review desk's server time on an article of about 200 segments, beside `l10n build`
for that one article.

A temp project holds one synthetic article (a headline and 199 paragraphs, each with a
link) in zh_CN, every msgstr pseudo-translated. Timed in process through Starlette's
TestClient (server time, no browser, no network): opening the desk cold (the shell, the
preview and the entries: one read of the article), opening it again unchanged, a live
check, and saving one entry (which reads the article again for the fresh entry). Beside
it `l10n build` of that article: in process (`build_site`, a first build) and as a
whole command (subprocess, start-up included). Medians of `repeats`.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib
import project
from common import log
from starlette.testclient import TestClient

from l10n.page.pseudo import pseudo_translate
from l10n.project import find_project
from l10n.review.verdict import Policy
from l10n.serve.app import DeskSettings, create_app
from l10n.steps.build import build_site

PARAGRAPHS = 199


def _article(rng: random.Random) -> bytes:
    words = project._WORDS
    body = "\n".join(
        f"<p>{' '.join(rng.choice(words) for _ in range(14)).capitalize()} "
        f"<a href='/story/{n}'>{rng.choice(words)} {rng.choice(words)}</a> in {1990 + n}.</p>"
        for n in range(PARAGRAPHS)
    )
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Long read</title>"
        f"</head><body><h1>Council budget for the river survey</h1>\n{body}\n</body></html>"
    )
    return page.encode()


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _post(client: TestClient, action: str, body: dict[str, Any]) -> float:
    start = time.perf_counter()
    response = client.post(
        f"/zh_CN/long-read/{action}", json=body, headers={"X-L10n-Token": "bench"}
    )
    seconds = time.perf_counter() - start
    assert response.status_code == 200, response.text  # a refusal is not a save
    return seconds


def run(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="l10n-bench-desk-") as tmp:
        root = Path(tmp)
        project.create(root, [("long-read", _article(random.Random(17)))], ["zh_CN"])
        project.l10n(root, "extract", "-q")
        project.l10n(root, "update", "-q")
        path = root / "locales" / "zh_CN" / "long-read.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = pseudo_translate(entry.msgid)
        catalog.save()
        segments = len(catalog)
        log(f"desk: {segments} segments")
        found = find_project(root, explicit=True)
        cold, warm, check, save, build, command = [], [], [], [], [], []
        for number in range(repeats):
            client = TestClient(
                create_app(DeskSettings(found, "127.0.0.1", 8000, token="bench")),
                base_url="http://127.0.0.1:8000",
            )

            def open_desk(client: TestClient = client) -> Any:
                for path in ("", "/preview"):
                    assert client.get(f"/zh_CN/long-read{path}").status_code == 200
                return client.get("/zh_CN/long-read/entries.json")

            cold.append(_timed(open_desk))
            warm.append(_timed(open_desk))
            entry = open_desk().json()["entries"][10]
            body = {key: entry[key] for key in ("msgctxt", "msgid", "version")}
            text = entry["msgstrs"][0]
            check.append(_post(client, "check", {**body, "msgstrs": [text + "?"]}))
            save.append(_post(client, "save", {**body, "msgstrs": [f"{text} {number}"]}))
            for site in (root / "site").glob("**/*"):
                if site.is_file():
                    site.unlink()
            build.append(_timed(lambda: build_site(
                found, ["long-read"], locales=["zh_CN"], policy=Policy.TRANSLATED
            )))  # fmt: skip
            (root / "site" / ".l10n-build.json").unlink(missing_ok=True)
            command.append(project.l10n(root, "build", "-q", "long-read").seconds)
    median = statistics.median
    return {
        "segments": segments,
        "repeats": repeats,
        "open_cold_s": median(cold),
        "open_warm_s": median(warm),
        "check_s": median(check),
        "save_s": median(save),
        "build_in_process_s": median(build),
        "build_command_s": median(command),
    }


def render(result: dict[str, Any]) -> list[str]:
    return [
        "",
        "## The review desk (`l10n serve`), server time",
        "",
        f"One synthetic article of {result['segments']} segments in zh_CN, every entry"
        " pseudo-translated; requests through Starlette's TestClient (server time, no"
        f" browser), median of {result['repeats']}. Opening the desk is three requests (shell,"
        " preview, entries) and one read of the article.",
        "",
        "| what | seconds |",
        "|---|--:|",
        f"| open the desk, cold | {result['open_cold_s']:.3f} |",
        f"| open it again, nothing changed | {result['open_warm_s']:.3f} |",
        f"| live check of one entry | {result['check_s']:.3f} |",
        f"| save one entry (and read the article again) | {result['save_s']:.3f} |",
        f"| `build_site` of that article, in process | {result['build_in_process_s']:.3f} |",
        f"| `l10n build` of that article, whole command | {result['build_command_s']:.3f} |",
    ]


if __name__ == "__main__":
    import json
    import sys

    outcome = run(1 if "--quick" in sys.argv else 3)
    print(json.dumps(outcome, indent=1))
    print("\n".join(render(outcome)))
