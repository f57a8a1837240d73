"""`python -m l10n`."""

from l10n.cli import app

app()
