"""Pure values and rules: no I/O, tested alone."""
