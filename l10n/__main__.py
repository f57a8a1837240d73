"""`python -m l10n`."""

from l10n.cli.main import run

run()
