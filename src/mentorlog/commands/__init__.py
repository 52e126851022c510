"""One module per command group: parse arguments, call the journal or insights, render."""
