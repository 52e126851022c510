"""Letters: the built-in outreach message (TOML) that `prospect draft` fills in."""
