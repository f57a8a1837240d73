"""The project: its configuration (`[tool.l10n]`) and the paths of everything it holds."""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError, WriteError

__all__ = [
    "Config",
    "Project",
    "Staged",
    "commit_staged",
    "discard_staged",
    "find_project",
    "replacing",
    "stage_bytes",
    "write_bytes",
    "write_text",
]

_POLICIES = ("reviewed", "translated")
# A slug names one file in source/ and one in each locale folder: nothing that could
# climb out of them, hide as a dotfile or mean different files on different systems.
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


@dataclass(frozen=True, slots=True)
class Config:
    """The `[tool.l10n]` table, with SPEC.md's defaults."""

    source_locale: str = "en"
    locales: tuple[str, ...] = ()
    policy: str = "reviewed"
    threshold: int = 80
    required: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    base_url: str = ""


@dataclass(frozen=True, slots=True)
class Project:
    """A content repository: where its configuration was found and its folders."""

    root: Path
    config: Config = field(default_factory=Config)
    config_file: Path | None = None
    # Resolved once: `inside` runs for every path a command touches (thousands on a big
    # project), and resolving the root each time was a twentieth of an `update`.
    _resolved_root: Path = field(init=False, repr=False, compare=False)
    # The folders `inside` has resolved, each once per command: resolving every folder of
    # every path again (an lstat per folder, in Python) was a tenth of a cold `status`.
    _resolved_folders: dict[Path, Path] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_resolved_root", self.root.resolve())
        object.__setattr__(self, "_resolved_folders", {})

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def locales_dir(self) -> Path:
        return self.inside(self.root / "locales")

    @property
    def site_dir(self) -> Path:
        return self.inside(self.root / "site")

    def inside(self, path: Path) -> Path:
        """The path itself, once sure that no symlink on the way leads out of the project
        (a committed `locales/ru -> /home/…` must not make a command write there). The
        paths below build on `self.root / "locales"`, not on `locales_dir`: resolving the
        whole path checks every folder on the way, so checking `locales/` first as well
        only resolved it twice.

        Raises:
            ConfigError: the path resolves outside the project.
        """
        resolved = self._resolved(path)
        if not resolved.is_relative_to(self._resolved_root):
            raise ConfigError(f"{self.relative(path)}: leads outside the project ({resolved})")
        return path

    def _resolved(self, path: Path) -> Path:
        """`path.resolve()`, its folder resolved once per command: the folders this tool
        works in do not turn into symlinks while it runs, and the file itself is looked
        at every time."""
        if path.name in ("", ".", "..") or os.path.islink(path):
            return path.resolve()
        folders = self._resolved_folders
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        return folder / path.name

    def page_path(self, locale: str, slug: str) -> Path:
        """`site/<locale>/<slug>.html`, a built page."""
        return self.inside(self.root / "site" / locale / f"{check_slug(slug)}.html")

    def source_path(self, slug: str) -> Path:
        return self.inside(self.source_dir / f"{check_slug(slug)}.html")

    def template_path(self, slug: str) -> Path:
        return self.inside(self.root / "locales" / f"{check_slug(slug)}.pot")

    def misnamed_sources(self) -> list[ConfigError]:
        """Pages in `source/` whose name cannot be a slug: reported, and the others still
        go through."""
        if not self.source_dir.is_dir():
            return []
        return [
            ConfigError(
                f"{self.relative(path)}: name it with letters, digits, '.', '_' and '-' only"
            )
            for path in sorted(self.source_dir.glob("*.html"))
            if not _is_slug(path.stem)
        ]

    def catalog_path(self, locale: str, slug: str) -> Path:
        """`locales/<locale>/<slug>.po`; the locale must already be validated."""
        return self.inside(self.root / "locales" / locale / f"{check_slug(slug)}.po")

    def ledger_path(self, locale: str) -> Path:
        """`locales/<locale>/reviews.jsonl`, the locale's append-only review ledger."""
        return self.inside(self.root / "locales" / locale / "reviews.jsonl")

    @property
    def editors_path(self) -> Path:
        return self.inside(self.root / "editors.toml")

    @contextmanager
    def locale_lock(self, locale: str, *, timeout: float = 60) -> Iterator[None]:
        """Hold the locale's lock around a read-modify-write of its catalogs and ledger,
        so that two commands on one locale at once cannot lose each other's writes."""
        from filelock import FileLock, Timeout  # only the commands that write need it

        folder = self.inside(self.root / "locales" / locale)
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder / ".l10n.lock", timeout=timeout)
        try:
            lock.acquire()
        except Timeout:
            held = f"another l10n command has held the lock for {timeout:.0f} s"
            raise ConfigError(f"{self.relative(folder)}: {held}") from None
        except OSError as error:  # a lock file that is a symlink, a read-only folder
            where = self.relative(folder / ".l10n.lock")
            raise WriteError(f"{where}: cannot be locked ({error.strerror})") from error
        try:
            yield
        finally:
            lock.release()

    def existing_catalogs(self, locale: str, slugs: list[str]) -> Iterator[tuple[str, Path]]:
        """(slug, path) of each article's catalog in the locale that exists, in slug order."""
        for slug in self.slugs(slugs):
            path = self.catalog_path(locale, slug)
            if path.exists():
                yield slug, path

    def relative(self, path: Path) -> str:
        """The path as users see it in messages and `#:` references."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def slugs(self, requested: list[str] | None = None) -> list[str]:
        """The requested slugs, checked, or every article in `source/`, sorted.

        Raises:
            ConfigError: no `source/` folder, a bad slug, or a slug with no article.
        """
        if not self.source_dir.is_dir():
            raise ConfigError(f"{self.relative(self.source_dir)}: no such folder")
        if not requested:
            stems = sorted(path.stem for path in self.source_dir.glob("*.html"))
            return [stem for stem in stems if _is_slug(stem)]
        for slug in requested:
            path = self.source_path(slug)
            if not path.is_file():
                raise ConfigError(f"{self.relative(path)}: no such article")
        return list(dict.fromkeys(requested))


def _is_slug(name: str) -> bool:
    return bool(_SLUG.fullmatch(name)) and ".." not in name


def check_slug(slug: str) -> str:
    """The slug itself, or ConfigError if it could escape its folder.

    >>> check_slug("solar-grid")
    'solar-grid'
    >>> check_slug("../etc/passwd")
    Traceback (most recent call last):
    ...
    l10n.errors.ConfigError: slug '../etc/passwd': use letters, digits, '.', '_' and '-' only
    """
    if not _is_slug(slug):
        raise ConfigError(f"slug {slug!r}: use letters, digits, '.', '_' and '-' only")
    return slug


def find_project(start: Path, *, explicit: bool = False) -> Project:
    """The project holding `start`: the nearest folder up with `l10n.toml` or a
    `pyproject.toml` that has `[tool.l10n]`, as ruff and black find theirs.

    With `explicit` (from `--project DIR`) only `start` itself is considered.

    Raises:
        ConfigError: no configuration found, or one that is invalid.
    """
    start = start.resolve()
    candidates = [start] if explicit else [start, *start.parents]
    for folder in candidates:
        dedicated = folder / "l10n.toml"
        if dedicated.is_file():
            return Project(folder, _parse_config(_read_toml(dedicated), dedicated), dedicated)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("l10n")
            if table is not None:
                return Project(folder, _parse_config(table, pyproject), pyproject)
    where = start if explicit else f"{start} or any folder above it"
    raise ConfigError(
        f"{where}: no l10n.toml or pyproject.toml with [tool.l10n]; create one (see README)"
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML ({error})") from error


def _parse_config(table: dict[str, Any], path: Path) -> Config:
    known = {
        "source-locale", "locales", "policy", "threshold", "required", "exclude", "scope",
        "base-url",
    }  # fmt: skip
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} in l10n configuration")

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{path}: {key} must be a list of strings")
        return tuple(value)

    def string(key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise ConfigError(f"{path}: {key} must be a string")
        return value

    policy = string("policy", "reviewed")
    if policy not in _POLICIES:
        raise ConfigError(f"{path}: policy must be one of {', '.join(_POLICIES)}")
    threshold = table.get("threshold", 80)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 0 <= threshold <= 100:
        raise ConfigError(f"{path}: threshold must be a whole number from 0 to 100")
    return Config(
        source_locale=string("source-locale", "en"),
        locales=strings("locales"),
        policy=policy,
        threshold=threshold,
        required=strings("required"),
        exclude=strings("exclude"),
        scope=strings("scope"),
        base_url=string("base-url", ""),
    )


def write_text(path: Path, text: str) -> bool:
    """Write UTF-8 text atomically (temporary file beside it, then rename).

    Returns False without touching the file when it already holds exactly this text.
    """
    return write_bytes(path, text.encode("utf-8"))


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes(path: Path, data: bytes) -> bool:
    """Write bytes atomically; False, and the file untouched, when they are already there.

    Raises:
        WriteError: the file or its folder cannot be written.
    """
    with replacing(path, data) as changes:
        return changes


@contextmanager
def replacing(path: Path, data: bytes) -> Iterator[bool]:
    """Stage `data` in a flushed temporary file beside `path`, and rename it into place
    when the block ends without an error; an error inside the block leaves the file as it
    was. Yields whether the file changes. What must happen only if the file can be
    written (a ledger append) goes inside the block.

    Raises:
        WriteError: the file or its folder cannot be written.
    """
    if _holds(path, data):
        yield False
        return
    temporary = _write_temporary(path, data, sync=True)
    try:
        yield True
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    try:
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise WriteError(f"{path}: cannot be written ({error.strerror})") from error


@dataclass(frozen=True, slots=True)
class Staged:
    """A file's new content, written to a temporary file beside it, not yet in place."""

    path: Path
    temporary: str


def stage_bytes(path: Path, data: bytes) -> Staged | None:
    """Write `data` to a temporary file beside `path`, unsynced: `commit_staged` makes
    many of them durable at once and renames them into place. None when the file
    already holds exactly these bytes (nothing is written).

    Raises:
        WriteError: the file or its folder cannot be written.
    """
    if _holds(path, data):
        return None
    return Staged(path, _write_temporary(path, data, sync=False))


def commit_staged(staged: Sequence[Staged]) -> dict[Path, WriteError]:
    """Put staged files in place durably with few syncs: every temporary file is synced
    (one `syncfs` per file system where Linux has it, else an fsync each), then each is
    renamed over its target, then each folder is fsynced once, so that a power cut
    leaves every file old or new and the renames are on disk when this returns. Returns
    the files that could not be put in place, with why; the others are in place. A
    Ctrl+C meanwhile is raised once every file is in place: a batch is never left half
    renamed, with files reported written that are not."""
    with _interrupts_after():
        return _commit(staged)


def _commit(staged: Sequence[Staged]) -> dict[Path, WriteError]:
    failed: dict[Path, WriteError] = {}
    try:
        _sync_all([item.temporary for item in staged])
    except OSError as error:
        discard_staged(staged)
        return {item.path: WriteError(f"{item.path}: cannot be written ({error.strerror})")
                for item in staged}  # fmt: skip
    folders: dict[Path, None] = {}
    for item in staged:
        try:
            os.replace(item.temporary, item.path)
        except OSError as error:
            Path(item.temporary).unlink(missing_ok=True)
            failed[item.path] = WriteError(f"{item.path}: cannot be written ({error.strerror})")
        else:
            folders[item.path.parent] = None
    for folder in folders:
        try:
            handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            continue  # a folder that cannot be opened cannot be synced: the files are in it
        try:
            os.fsync(handle)
        except OSError:
            pass  # some file systems refuse fsync on a folder; the renames are done
        finally:
            os.close(handle)
    return failed


@contextmanager
def _interrupts_after() -> Iterator[None]:
    """Ctrl+C held back until the block is done, then raised (in the main thread, the
    one signals reach; elsewhere the block runs as it is)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        # None: a handler set outside Python; Python's own then, which raises this.
        signal.signal(
            signal.SIGINT, previous if previous is not None else signal.default_int_handler
        )
    if caught:
        raise KeyboardInterrupt


def discard_staged(staged: Sequence[Staged]) -> None:
    """Remove the temporary files of writes that will not be committed."""
    for item in staged:
        Path(item.temporary).unlink(missing_ok=True)


def discard_strays(paths: Iterable[Path]) -> None:
    """Remove the temporary files this command's processes may have left beside these
    files, staged by a worker that ended before it could say so (killed mid-article).
    Another command's are left alone: they are its unfinished writes."""
    import glob  # here: only a command whose worker died needs it

    for path in paths:
        pattern = f".{glob.escape(path.name)}.{_COMMAND}-*.tmp"
        for temporary in path.parent.glob(pattern):
            temporary.unlink(missing_ok=True)


#: This command's process, in the name of every temporary file it (or a worker it
#: forked, which inherits this) writes: `discard_strays` removes only its own.
_COMMAND = os.getpid()


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file already holds exactly `data`."""
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False
    except OSError as error:
        raise WriteError(f"{path}: cannot be read ({error.strerror})") from error


def _write_temporary(path: Path, data: bytes, *, sync: bool) -> str:
    # Imported here: it imports random, and a start that writes nothing has no use for it.
    import tempfile

    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.{_COMMAND}-", suffix=".tmp", dir=path.parent
        )
        # mkstemp makes the file private (0600); the result keeps the target's mode, or
        # gets what a plain open() would give, so a web server can still read site/.
        os.fchmod(handle, _mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise WriteError(f"{path}: cannot be written ({error.strerror})") from error
    return temporary


def _sync_all(paths: Sequence[str]) -> None:
    """Make the data of these files durable: one syncfs(2) per file system on Linux (the
    cost of one fsync, for any number of files), an fsync each elsewhere."""
    if not paths:
        return
    syncfs = _syncfs()
    devices: dict[int, str] = {}
    for path in paths:
        devices.setdefault(os.stat(path).st_dev, path)
    if syncfs is not None:
        for path in devices.values():
            handle = os.open(path, os.O_RDONLY)
            try:
                if syncfs(handle) == 0:
                    continue
            finally:
                os.close(handle)
            break  # syncfs failed: fall back to fsync, file by file
        else:
            return
    for path in paths:
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _syncfs() -> Callable[[int], int] | None:
    """libc's syncfs(2), or None where there is none (not Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only here: a build's commit, not every command's start

    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function
