"""The editors registry, `editors.toml`: who may review which locales, until when."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError

__all__ = ["Editor", "read_editors"]

_EDITOR_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


@dataclass(frozen=True, slots=True)
class Editor:
    """One entry of `editors.toml`."""

    id: str
    name: str
    email: str
    locales: tuple[str, ...]
    until: date | None = None

    def holds(self, locale: str, on: date) -> bool:
        """Whether this editor may review `locale` on that day."""
        return locale in self.locales and (self.until is None or on <= self.until)


def read_editors(path: Path, *, required: bool = True) -> dict[str, Editor]:
    """The editors registry; with `required=False` a missing file is an empty registry.

    Raises:
        ConfigError: a missing (when required) or invalid file, a duplicated id, a bad field.
    """
    shown = path.name
    if not required and not path.exists():
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no editors registry; create it (see README)") from None
    except tomllib.TOMLDecodeError as error:
        # TOML refuses a table defined twice: the one way to write a duplicated id.
        detail = str(error)
        if "Cannot declare" in detail or "overwrite" in detail:
            raise ConfigError(f"{shown}: an editor id is defined twice ({detail})") from error
        raise ConfigError(f"{shown}: invalid TOML ({detail})") from error
    editors: dict[str, Editor] = {}
    for editor_id, fields in table.get("editors", {}).items():
        editors[editor_id] = _editor(editor_id, fields, shown)
    return editors


def _editor(editor_id: str, fields: Any, shown: str) -> Editor:
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
    if until is not None and not isinstance(until, date):
        raise ConfigError(f"{where}: until must be a date like 2027-06-30")
    return Editor(editor_id, name.strip(), email, tuple(locales), until)
