"""Sync: the journal on every machine, through a folder a sync tool keeps the same, or a git repository."""
