"""Which key signs an editor's review events, found as the README says: `--key PATH`,
else `$L10N_SIGNING_KEY`, else git's `user.signingkey` (a key file, or `key::` and a
public key the agent holds), else the first key in ssh-agent that `editors.toml` lists
for the editor. Key files sign in-process; agent keys through the agent's socket."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from l10n.errors import ConfigError
from l10n.project import Project
from l10n.review.agent import AgentError, agent_keys, agent_sign
from l10n.review.ledger import Event, signed_message
from l10n.review.registry import Editor
from l10n.review.sshsig import (
    PublicKey,
    SignatureError,
    armor,
    parse_public_key,
    sign_with_private_key,
    signed_data,
)
from l10n.steps.common import git_config

__all__ = ["Signer", "find_signer"]


@dataclass(frozen=True, slots=True)
class Signer:
    """A key that signs for one editor, and where it came from (for messages)."""

    public: PublicKey
    source: str
    _sign: Callable[[bytes], bytes]

    def sign(self, event: Event, *, locale: str) -> Event:
        """The event with its armored SSHSIG signature."""
        data = signed_data(signed_message(event, locale=locale))
        try:
            blob = self._sign(data)
        except AgentError as error:
            raise ConfigError(f"{self.source}: {error}") from error
        return replace(event, signature=armor(self.public, blob))


def find_signer(
    project: Project, editor: Editor, *, key_path: Path | None, now: datetime
) -> Signer:
    """The key that signs for `editor` now.

    Raises:
        ConfigError: no usable key, or one `editors.toml` does not list for the editor
            at this time; the message says where the key came from.
    """
    signer = _chosen_signer(project, editor, key_path)
    if editor.key_for(signer.public, now) is None:
        listed = (
            "is not valid now"
            if any(k.public.blob == signer.public.blob for k in editor.keys)
            else "is not one editors.toml lists"
        )
        raise ConfigError(
            f"{signer.source}: key {signer.public.fingerprint} {listed} for editor "
            f"{editor.id!r}; nothing was written"
        )
    return signer


def _chosen_signer(project: Project, editor: Editor, key_path: Path | None) -> Signer:
    if key_path is not None:
        return _file_signer(key_path, f"--key {key_path}")
    from_environment = os.environ.get("L10N_SIGNING_KEY", "")
    if from_environment:
        return _file_signer(Path(from_environment), f"L10N_SIGNING_KEY={from_environment}")
    configured = git_config(project, "user.signingkey")
    if configured:
        if configured.startswith("key::"):
            public = _public(configured.removeprefix("key::"), "git config user.signingkey")
            return _agent_signer(public, "git config user.signingkey")
        return _file_signer(Path(configured).expanduser(), f"git user.signingkey {configured}")
    held = agent_keys()
    for key in editor.keys:
        if key.public.blob in held:
            return _agent_signer(key.public, "ssh-agent")
    raise ConfigError(
        f"no signing key for editor {editor.id!r}: pass --key PATH, set L10N_SIGNING_KEY, "
        "set git's user.signingkey, or add the editor's registered key to ssh-agent; "
        "nothing was written"
    )


def _public(line: str, source: str) -> PublicKey:
    try:
        return parse_public_key(line)
    except SignatureError as error:
        raise ConfigError(f"{source}: {error}") from None


def _file_signer(path: Path, source: str) -> Signer:
    """A private key file (signed in-process), or a public key file whose private half
    the agent holds, as git accepts for user.signingkey."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{source}: cannot be read ({error.strerror})") from None
    text = data.decode("utf-8", errors="replace").strip()
    if not text.startswith("-----BEGIN"):
        return _agent_signer(_public(text, source), source)
    try:
        key = serialization.load_ssh_private_key(data, password=None)
    except TypeError:  # protected by a passphrase: its public half may be in the agent
        companion = path.with_name(path.name + ".pub")
        if companion.is_file():
            public = _public(companion.read_text(encoding="utf-8", errors="replace"), source)
            if public.blob in agent_keys():
                return _agent_signer(public, source)
        raise ConfigError(
            f"{source}: protected by a passphrase and not in ssh-agent; run ssh-add {path}"
        ) from None
    except (ValueError, UnsupportedAlgorithm) as error:
        raise ConfigError(f"{source}: not an OpenSSH private key ({error})") from None
    try:
        public, sign = sign_with_private_key(key)
    except SignatureError as error:
        raise ConfigError(f"{source}: {error}") from None
    return Signer(public, source, sign)


def _agent_signer(public: PublicKey, source: str) -> Signer:
    if public.blob not in agent_keys():
        raise ConfigError(f"{source}: ssh-agent does not hold key {public.fingerprint}")
    return Signer(public, source, lambda data: agent_sign(public.blob, data))
