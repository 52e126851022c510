"""Prompt templates (TOML) and the questionary helpers that ask for what flags did not give."""
