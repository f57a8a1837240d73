"""The errors a user can fix, and the exit code each one ends the command with."""

__all__ = [
    "CatalogError",
    "CheckFailed",
    "ConfigError",
    "L10nError",
    "LocaleError",
    "SourceError",
    "WriteError",
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


class CheckFailed(L10nError):
    """Checks found errors, or `--check` found files out of date."""

    exit_code = 3
