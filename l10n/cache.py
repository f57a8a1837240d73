"""What l10n remembers between commands, so that a command run again on files that did
not change does not read them again: `.l10n/` at the project root, ignored by git (it
holds its own `.gitignore`), and never trusted over the files.

Every record is keyed by the SHA-256 of the files it was computed from and of the tool's
version, so a changed file, or another version of l10n, simply misses. A record that does
not parse is ignored and written afresh; deleting the folder changes no output, only the
time taken. `L10N_NO_CACHE=1` turns it off, so that cold figures can be measured and a
suspicious result checked. A folder that cannot be written means no cache, not an error.

Reading a file's digest costs reading the file; like git's index, a digest is reused
while the file's size, modification and change times and inode are the ones it was
computed for, unless the file was modified within a second of that (a write in the same
tick could leave the time unchanged: git's "racy clean" rule).

The folder is in the worktree, so a pull request could commit one: every record file is
sealed with an HMAC whose key lives outside the project, in the user's cache folder
(`$XDG_CACHE_HOME/l10n/cache-key`, made on first use, mode 0600). A record file made
anywhere else, or edited, does not verify and is ignored; so is a `.l10n` that is a
symlink (it could lead out of the project).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from l10n import __version__

__all__ = ["CACHE_FOLDER", "Cache"]

CACHE_FOLDER = ".l10n"
_FORMAT = f"l10n-cache/1 {__version__}"
_RACY_SECONDS = 1.0


class Cache:
    """The `.l10n/` folder of one project, for one command."""

    def __init__(self, root: Path, *, enabled: bool | None = None) -> None:
        self.folder = root / CACHE_FOLDER
        if enabled is None:
            enabled = os.environ.get("L10N_NO_CACHE", "") in ("", "0")
        self._key = _user_key() if enabled and not self.folder.is_symlink() else None
        self.enabled = self._key is not None
        self._stats: dict[str, list[Any]] = self.read("digests") if self.enabled else {}
        self._stats_changed = False

    def digest(self, path: Path) -> str:
        """The SHA-256 of a file's bytes; "absent" when there is no such file (a folder or
        an unreadable file is "unreadable": whoever reads it reports why)."""
        try:
            stat = path.stat()
        except OSError:
            return "absent"
        key = str(path)
        identity = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        known = self._stats.get(key)
        if known is not None and known[:4] == identity:
            return str(known[4])
        try:
            with path.open("rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError:
            return "unreadable"
        if self.enabled and time.time() - stat.st_mtime_ns / 1e9 > _RACY_SECONDS:
            self._stats[key] = [*identity, digest]
            self._stats_changed = True
        return digest

    def key(self, *parts: str) -> str:
        """One key for a record computed from these parts (digests, names)."""
        return hashlib.sha256("\0".join((_FORMAT, *parts)).encode("utf-8")).hexdigest()

    def read(self, name: str) -> dict[str, Any]:
        """A record file's mapping; empty when off, absent, corrupt or of another version."""
        if not self.enabled:
            return {}
        try:
            sealed = (self.folder / f"{name}.json").read_bytes()
        except OSError:
            return {}
        seal, _, body = sealed.partition(b"\n")
        if not hmac.compare_digest(seal, self._seal(body)):
            return {}  # made elsewhere, edited, or by another key: not ours to trust
        try:
            data = json.loads(body)
        except ValueError:
            return {}
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return {}
        records = data.get("records")
        return records if isinstance(records, dict) else {}

    def _seal(self, body: bytes) -> bytes:
        assert self._key is not None
        return hmac.new(self._key, body, hashlib.sha256).hexdigest().encode("ascii")

    def write(self, name: str, records: dict[str, Any]) -> None:
        """Replace a record file (atomically; nothing happens when the folder cannot be
        written)."""
        if not self.enabled:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists() and not ignore.is_symlink():  # never written through a link
                ignore.write_text("# l10n's cache (see l10n/cache.py): never committed\n*\n")
            body = json.dumps({"format": _FORMAT, "records": records}, ensure_ascii=False)
            data = body.encode("utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{name}.")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(self._seal(data) + b"\n" + data)
                os.replace(temporary, self.folder / f"{name}.json")
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)

    def save_digests(self) -> None:
        """Keep the file digests computed by this command for the next one."""
        if self._stats_changed:
            self.write("digests", self._stats)
            self._stats_changed = False


def _user_key() -> bytes | None:
    """This user's key for sealing cache records, made on first use; None (no cache)
    when it can be neither read nor made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "l10n" / "cache-key"
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(secrets.token_bytes(32))
        return path.read_bytes()
    except OSError:  # another command made it meanwhile, or nowhere to keep it
        with contextlib.suppress(OSError):
            key = path.read_bytes()
            if len(key) >= 32:
                return key
        return None
