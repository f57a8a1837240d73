"""The review desk, `l10n serve`: a local web application over the steps."""
