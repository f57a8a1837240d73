"""Review at scale, in memory: the verdict's trail checking 10,000 signed ledger events
(every signature verified), beside the same events unsigned (nothing to verify).

The whole commands on a signed project (approve, status, report, verify, status with the
signatures stripped) are rows of `bench_commands`, on its one corpus project; the editors
and keys of that project are made here (`_editors`).
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from common import log
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


def run(repeats: int) -> dict[str, Any]:
    log(f"review: verify {EVENTS} signed events in memory")
    signed, registry = _events(EVENTS, signed=True)
    unsigned, _ = _events(EVENTS, signed=False)
    signed_s = min(_verify_all(signed, registry) for _ in range(repeats))
    unsigned_s = min(_verify_all(unsigned, registry) for _ in range(repeats))
    return {"events": EVENTS, "signed_s": signed_s, "unsigned_s": unsigned_s, "repeats": repeats}


def render(result: dict[str, Any]) -> list[str]:
    return [
        "",
        "## Review at scale: checking signatures in memory",
        "",
        f"The trail checks {result['events']:,} ledger events, every signature verified"
        f" (ed25519): {result['signed_s']:.2f} s; the same events unsigned:"
        f" {result['unsigned_s']:.2f} s (best of {result['repeats']}). The whole commands on"
        " a signed project are in the table above.",
    ]


if __name__ == "__main__":
    import sys

    outcome = run(1 if "--quick" in sys.argv else 3)
    print(json.dumps(outcome, indent=1))
    print("\n".join(render(outcome)))
