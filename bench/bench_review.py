"""Review at scale: signatures and the one-pass read-only steps.

In memory: the verdict's trail checking 10,000 signed ledger events (every signature
verified), beside the same events unsigned (nothing to verify). Whole commands, on a temp
project of the news pages × zh_CN, ru, fa with every msgstr pseudo-translated and every
entry approved by its locale's editor (signed, ed25519): `l10n review approve --all`,
`l10n status --format json` and `l10n report` (median of `repeats`), and `status` again
with the signatures stripped from the ledgers (the same step without signatures).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import project
from common import Page, log
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from l10n.review.ledger import Event, EventKind, Trail, line_digest, signed_message
from l10n.review.registry import Editor, RegisteredKey
from l10n.review.sshsig import armor, sign_with_private_key, signed_data

LOCALES = ["zh_CN", "ru", "fa"]
EVENTS = 10_000


def _events(count: int, *, signed: bool) -> tuple[list[Event], dict[str, Editor]]:
    public, sign = sign_with_private_key(Ed25519PrivateKey.generate())
    editor = Editor("wangxx", "王晓夏", "", ("zh_CN",), None, (RegisteredKey(public),))
    events, prev = [], None
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for number in range(count):
        event = Event(start + timedelta(seconds=number), EventKind.APPROVE, "wangxx", "a",
                      f"article-{number // 40}", None, f"Sentence {number}.", (f"句子{number}",),
                      "0" * 64, prev=prev)  # fmt: skip
        if signed:
            message = signed_data(signed_message(event, locale="zh_CN"))
            event = replace(event, signature=armor(public, sign(message)))
        prev = line_digest(event.to_json())
        events.append(replace(event, digest=prev))
    return events, {"wangxx": editor}


def _verify_all(events: list[Event], registry: dict[str, Editor]) -> float:
    start = time.perf_counter()
    trail = Trail(events, locale="zh_CN", registry=registry)
    for position in range(len(events)):
        trail.problem(position)
    return time.perf_counter() - start


def _median(root: Path, repeats: int, *args: str) -> tuple[float, int]:
    """Cold runs: without the cache (`.l10n/`), every signature is verified each time."""
    os.environ["L10N_NO_CACHE"] = "1"
    try:
        runs = [project.l10n(root, *args) for _ in range(repeats)]
    finally:
        del os.environ["L10N_NO_CACHE"]
    return statistics.median(r.seconds for r in runs), max(r.returncode for r in runs)


def _editors(root: Path) -> None:
    keys = root / "keys"
    keys.mkdir()
    blocks = []
    for locale in LOCALES:
        key = Ed25519PrivateKey.generate()
        (keys / locale).write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.OpenSSH,
                serialization.NoEncryption(),
            )
        )
        (keys / locale).chmod(0o600)
        public = key.public_key().public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
        )
        blocks.append(f'[editors.ed-{locale}]\nname = "Editor {locale}"\n'
                      f'locales = ["{locale}"]\nkeys = ["{public.decode()}"]\n')  # fmt: skip
    (root / "editors.toml").write_text("\n".join(blocks), encoding="utf-8")


def run(pages: list[Page], repeats: int) -> dict[str, Any]:
    log(f"review: verify {EVENTS} signed events in memory")
    signed, registry = _events(EVENTS, signed=True)
    unsigned, _ = _events(EVENTS, signed=False)
    memory = {"events": EVENTS, "signed_s": _verify_all(signed, registry),
              "unsigned_s": _verify_all(unsigned, registry)}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="l10n-bench-review-") as tmp:
        root = Path(tmp)
        project.create(root, pages, LOCALES)
        _editors(root)
        log(f"review: extract, update, fill {len(pages)} pages × {len(LOCALES)}")
        project.l10n(root, "extract", "-q")
        project.l10n(root, "update", "-q")
        catalogs = project.fill(root)
        approve = {}
        for locale in LOCALES:
            timed = project.l10n(root, "review", "approve", "--editor", f"ed-{locale}", "-l",
                                 locale, "--all", "--key", str(root / "keys" / locale))  # fmt: skip
            approve[locale] = (timed.seconds, timed.returncode)
        entries = sum(
            1 for path in (root / "locales").glob("*/reviews.jsonl")
            for _ in path.read_text(encoding="utf-8").splitlines()
        )  # fmt: skip
        log("review: status and report, signed")
        status_s, status_rc = _median(root, repeats, "status", "--format", "json")
        report_s, report_rc = _median(root, repeats, "report")
        verify_s, verify_rc = _median(root, 1, "review", "verify")
        for ledger in (root / "locales").glob("*/reviews.jsonl"):
            records = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines()]
            for record in records:
                record.pop("signature", None)
            ledger.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        log("review: status without signatures")
        unsigned_status_s, _ = _median(root, repeats, "status", "--format", "json")
        reviewed = json.loads(
            subprocess.run([str(project.L10N), "status", "--format", "json"], cwd=root,
                           capture_output=True, text=True, check=False).stdout or '{"articles":[]}'
        )  # fmt: skip
    return {
        "memory": memory,
        "pages": len(pages),
        "locales": LOCALES,
        "catalogs": catalogs,
        "events": entries,
        "approve_s": {locale: seconds for locale, (seconds, _) in approve.items()},
        "approve_rc": max(rc for _, rc in approve.values()),
        "status_s": status_s,
        "status_rc": status_rc,
        "report_s": report_s,
        "report_rc": report_rc,
        "verify_s": verify_s,
        "verify_rc": verify_rc,
        "status_unsigned_s": unsigned_status_s,
        "reviewed_after_strip": sum(a["reviewed"]["segments"] for a in reviewed["articles"]),
        "repeats": repeats,
    }


def render(result: dict[str, Any]) -> list[str]:
    memory = result["memory"]
    approve = ", ".join(f"{k} {v:.2f} s" for k, v in result["approve_s"].items())
    return [
        "",
        "## Review at scale: signatures, status and report (whole commands)",
        "",
        f"In memory: the trail checks {memory['events']:,} ledger events, every signature"
        f" verified (ed25519): {memory['signed_s']:.2f} s; the same events unsigned:"
        f" {memory['unsigned_s']:.2f} s. Whole commands (subprocesses, start-up included) on"
        f" a project of {result['pages']} news pages × {', '.join(result['locales'])}"
        f" ({result['catalogs']} catalogs), every entry pseudo-translated and approved by its"
        f" editor: {result['events']:,} signed events; `review approve --all` per locale:"
        f" {approve}.",
        "",
        "All cold (`L10N_NO_CACHE=1`): every signature verified by each command.",
        "",
        "| command | seconds (median) | exit |",
        "|---|--:|--:|",
        f"| `l10n status --format json`, signed ledgers | {result['status_s']:.2f} |"
        f" {result['status_rc']} |",
        f"| `l10n status --format json`, signatures stripped | {result['status_unsigned_s']:.2f}"
        " | 0 |",
        f"| `l10n report` (one pass: pages parsed once, checks) | {result['report_s']:.2f} |"
        f" {result['report_rc']} |",
        f"| `l10n review verify` | {result['verify_s']:.2f} | {result['verify_rc']} |",
        "",
        f"report / status: {result['report_s'] / result['status_s']:.2f} (goal: at most 1.5).",
    ]


if __name__ == "__main__":
    import sys

    from common import load_news

    quick = "--quick" in sys.argv
    outcome = run(load_news(), 1 if quick else 3)
    print(json.dumps(outcome, indent=1))
    print("\n".join(render(outcome)))
