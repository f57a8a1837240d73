"""The editors registry, `editors.toml`: who may review which locales, until when, and
the OpenSSH public keys that sign for each (the lines of git's `allowed_signers`, with its
`valid-after` / `valid-before` options)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError
from l10n.review.sshsig import NAMESPACE, PublicKey, SignatureError, parse_public_key

__all__ = ["Editor", "RegisteredKey", "allowed_signers", "parse_editors", "read_editors"]

_EDITOR_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


@dataclass(frozen=True, slots=True)
class RegisteredKey:
    """A public key that may sign for an editor, and when (a retired or compromised key
    gets `valid-before`: it stops counting then, and earlier sign-offs keep counting)."""

    public: PublicKey
    valid_after: datetime | None = None
    valid_before: datetime | None = None

    def valid_at(self, when: datetime) -> bool:
        return (self.valid_after is None or self.valid_after <= when) and (
            self.valid_before is None or when < self.valid_before
        )


@dataclass(frozen=True, slots=True)
class Editor:
    """One entry of `editors.toml`."""

    id: str
    name: str
    email: str
    locales: tuple[str, ...]
    until: date | None = None
    keys: tuple[RegisteredKey, ...] = ()

    def holds(self, locale: str, on: date) -> bool:
        """Whether this editor may review `locale` on that day."""
        return locale in self.locales and (self.until is None or on <= self.until)

    def key_for(self, public: PublicKey, when: datetime) -> RegisteredKey | None:
        """The registered key that made a signature at `when`, if it may sign then."""
        for key in self.keys:
            if key.public.blob == public.blob and key.valid_at(when):
                return key
        return None


def allowed_signers(editors: dict[str, Editor]) -> str:
    """The registry as an OpenSSH allowed-signers file, principal = editor id, so that
    `ssh-keygen -Y verify -f FILE -I wangxx -n l10n-review` checks a sign-off."""
    lines = []
    for editor in editors.values():
        for key in editor.keys:
            options = [f'namespaces="{NAMESPACE}"']
            if key.valid_after is not None:
                options.append(f'valid-after="{key.valid_after:%Y%m%d%H%M%S}Z"')
            if key.valid_before is not None:
                options.append(f'valid-before="{key.valid_before:%Y%m%d%H%M%S}Z"')
            lines.append(f"{editor.id} {','.join(options)} {key.public.line}")
    return "".join(f"{line}\n" for line in lines)


def read_editors(path: Path, *, required: bool = True) -> dict[str, Editor]:
    """The editors registry; with `required=False` a missing file is an empty registry.

    Raises:
        ConfigError: a missing (when required) or invalid file, a duplicated id, a bad field.
    """
    shown = path.name
    if not required and not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no editors registry; create it (see README)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{shown}: cannot be read ({error})") from error
    return parse_editors(text, shown=shown)


def parse_editors(text: str, *, shown: str) -> dict[str, Editor]:
    """The registry from the text of an `editors.toml`.

    Raises:
        ConfigError: invalid TOML, a duplicated id, a bad field or key.
    """
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # TOML refuses a table defined twice: the one way to write a duplicated id.
        detail = str(error)
        if "Cannot declare" in detail or "overwrite" in detail:
            raise ConfigError(f"{shown}: an editor id is defined twice ({detail})") from error
        raise ConfigError(f"{shown}: invalid TOML ({detail})") from error
    entries = table.get("editors", {})
    if not isinstance(entries, dict):
        raise ConfigError(f"{shown}: editors must be a table of [editors.ID] sections")
    editors: dict[str, Editor] = {}
    for editor_id, fields in entries.items():
        editors[editor_id] = _editor(editor_id, fields, shown, text)
    return editors


def _editor(editor_id: str, fields: Any, shown: str, text: str) -> Editor:
    where = f"{shown}: editors.{editor_id}"
    if not _EDITOR_ID.fullmatch(editor_id) or not isinstance(fields, dict):
        raise ConfigError(f"{where}: ids are letters, digits, '.', '_' and '-'")
    name, email, locales = fields.get("name"), fields.get("email", ""), fields.get("locales")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: name is required")
    if not isinstance(email, str):
        raise ConfigError(f"{where}: email must be a string")
    if not isinstance(locales, list) or not all(isinstance(code, str) for code in locales):
        raise ConfigError(f"{where}: locales must be a list of locale codes")
    until = fields.get("until")
    if isinstance(until, str):
        try:
            until = date.fromisoformat(until)
        except ValueError:
            raise ConfigError(f"{where}: until must be a date like 2027-06-30") from None
    if until is not None and (not isinstance(until, date) or isinstance(until, datetime)):
        raise ConfigError(f"{where}: until must be a date like 2027-06-30")
    keys = fields.get("keys", [])
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        raise ConfigError(f"{where}: keys must be a list of OpenSSH public key lines")
    return Editor(
        editor_id, name.strip(), email, tuple(locales), until,
        tuple(_key(key, f"{shown}:{_line_of(text, key)}: editors.{editor_id}") for key in keys),
    )  # fmt: skip


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle[:60])
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


_KEY_TYPES = ("ssh-", "ecdsa-", "sk-")


def _key(line: str, where: str) -> RegisteredKey:
    """One `keys` line: `[valid-after="…",valid-before="…"] ssh-ed25519 AAAA… [comment]`."""
    options: dict[str, str] = {}
    rest = line.strip()
    if rest and not rest.startswith(_KEY_TYPES):
        head, _, rest = rest.partition(" ")
        for option in head.split(","):
            name, _, value = option.partition("=")
            options[name.strip().lower()] = value.strip().strip('"')
    unknown = sorted(set(options) - {"valid-after", "valid-before", "namespaces"})
    if unknown:
        raise ConfigError(f"{where}: key option {unknown[0]!r} is not supported")
    if "namespaces" in options and NAMESPACE not in options["namespaces"].split(","):
        raise ConfigError(f"{where}: a key limited to other namespaces cannot sign reviews")
    try:
        public = parse_public_key(rest)
    except SignatureError as error:
        raise ConfigError(f"{where}: {error}") from None
    return RegisteredKey(
        public,
        _when(options.get("valid-after"), where),
        _when(options.get("valid-before"), where),
    )


def _when(value: str | None, where: str) -> datetime | None:
    """An allowed_signers time (`YYYYMMDD[HHMM[SS]][Z]`, always read as UTC) or a date."""
    if value is None:
        return None
    digits = value.removesuffix("Z").replace("-", "")
    for layout in ("%Y%m%d%H%M%S", "%Y%m%d%H%M", "%Y%m%d"):
        try:
            return datetime.strptime(digits, layout).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ConfigError(f"{where}: {value!r} is not a time like 20270101 or 2027-01-01")
