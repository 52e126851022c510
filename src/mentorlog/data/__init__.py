"""The data layer: the journal file, its schema and history, one module per table."""
