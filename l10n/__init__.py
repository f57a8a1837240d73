"""l10n: article HTML to gettext catalogs, reviewed by editors, back to localized HTML."""

__version__ = "0.1.0"
