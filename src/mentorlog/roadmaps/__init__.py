"""Roadmaps: the built-in goal templates (TOML), read by `domain.roadmaps`."""
