"""Review by editor: the registry of editors, the review line in a catalog entry, the
signed ledger of events, and the one verdict on an entry that every step reads."""
