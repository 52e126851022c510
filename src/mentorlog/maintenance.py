"""Kept so that `mentorlog.maintenance` still imports: backups live in `mentorlog.backups`, the check-up in
`mentorlog.doctor` (each was too big to share one file)."""

from __future__ import annotations

from mentorlog.backups import COUNTED_TABLES, Backup, backup, verify_copy
from mentorlog.doctor import SEARCH_COMPARE, Check, Diagnosis, diagnose, rebuild_search_index, repair

__all__ = ["COUNTED_TABLES", "SEARCH_COMPARE", "Backup", "Check", "Diagnosis", "backup", "diagnose",
           "rebuild_search_index", "repair", "verify_copy"]
