"""The errors a user can fix, and the exit code each one ends the command with."""

__all__ = [
    "CatalogError",
    "CheckFailed",
    "ConfigError",
    "Interrupted",
    "L10nError",
    "LocaleError",
    "SourceError",
    "WorkerError",
    "WriteError",
    "file_error",
    "first_few",
]


class L10nError(Exception):
    """A problem the user can fix; str(error) says what is wrong and where."""

    exit_code = 1


class ConfigError(L10nError):
    """Missing or invalid configuration, or a path that escapes its folder."""


class SourceError(L10nError):
    """An article page that cannot be read, decoded or parsed completely."""


class CatalogError(L10nError):
    """A malformed PO or POT file."""


class LocaleError(L10nError):
    """A locale code Babel does not know."""


class WriteError(L10nError):
    """A file that cannot be written (permissions, a full disk, a folder in its place)."""


class WorkerError(L10nError):
    """A process working on some of the articles ended before it was done (killed, or
    out of memory): the work it took on is not done."""


class CheckFailed(L10nError):
    """Checks found errors, or `--check` found files out of date."""

    exit_code = 3


def first_few(names: list[str] | tuple[str, ...]) -> str:
    """Names as one line says them: the first three, and how many more.

    >>> first_few(["a", "b"]), first_few(["a", "b", "c", "d", "e"])
    ('a, b', 'a, b, c and 2 more')
    """
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def file_error(error: OSError, shown: str, *, doing: str = "cannot be written") -> L10nError:
    """A filesystem error as the one line a user reads: the path, then what failed
    (`site/fa/x.html: cannot be written (Permission denied)`)."""
    reason = error.strerror or type(error).__name__
    return WriteError(f"{shown}: {doing} ({reason})")


class Interrupted(Exception):
    """Ctrl+C during a step: what it had finished (its record) and what it had not."""

    exit_code = 130

    def __init__(self, done: object, left: tuple[str, ...]) -> None:
        super().__init__("interrupted")
        self.done = done
        self.left = left
